import { EventCodec, InMemoryRegistry, writerOfReleased, type HospitalEvent } from '@homefirst/schemas';
import type { ProjectedEvent } from '../person/journal';
import { isHospitalEvent } from '../testing/corpus';
import { population } from '../testing/population';
import { given } from '../testing/spec';

// Contract evolution, end to end through the read models: the same history, written by producers of each
// released version of the hospital and council streams and read back through the codec (as a replay of
// years-old topics would), projects to the same figures. The v3 fields are absent here (as in v1 and v2
// events, where this build reads them as null), so every version must give the v1 figures exactly.

const history = population({
  seed: 16,
  persons: 120,
  start: new Date('2025-03-03T00:00:00Z'),
  spreadHours: 24 * 10,
});
const NOW = '2025-03-20T12:00:00Z';

/** The history as a consumer of this build reads it after producers of `version` wrote it. */
async function writtenWith(version: number): Promise<ProjectedEvent[]> {
  const registry = new InMemoryRegistry();
  const writeHospital = await writerOfReleased('homefirst.hospital.events.v1', version, registry);
  const writeCouncil = await writerOfReleased('homefirst.council.events.v1', version, registry);
  const codec = new EventCodec({ registry });
  const read: ProjectedEvent[] = [];
  for (const event of history) {
    read.push(
      isHospitalEvent(event)
        ? await codec.decode('homefirst.hospital.events.v1', writeHospital(event))
        : await codec.decode('homefirst.council.events.v1', writeCouncil(event)),
    );
  }
  return read;
}

describe('read models across contract versions', () => {
  const built = given(history);

  it('given a history with figures in every read model (the comparison below is not of empty models)', () => {
    const { kpis, queue, journeys } = built.at(NOW);
    expect(kpis.dischargesByPathway.total).toBeGreaterThan(50);
    expect(queue.total).toBeGreaterThan(0);
    expect(journeys.length).toBe(120);
    expect(history.some((e) => e.type === 'ReferralReceived')).toBe(true);
  });

  it.each([1, 2, 3])(
    'given the history written by v%i producers and decoded by this build, then the same snapshot and figures',
    async (version) => {
      const replayed = given(await writtenWith(version));
      expect(replayed.snapshot).toEqual(built.snapshot);
      expect(replayed.at(NOW)).toEqual(built.at(NOW));
    },
  );

  it('given v1 events, then this build reads the v3 fields as null (not absent from the payload)', async () => {
    const [admitted] = (await writtenWith(1)).filter(
      (e): e is Extract<HospitalEvent, { type: 'PatientAdmitted' }> => e.type === 'PatientAdmitted',
    );
    expect(admitted?.payload).toMatchObject({
      ageBandAtAdmission: null,
      usualPlaceOfResidence: null,
      admissionSourceCode: null,
    });
  });
});
