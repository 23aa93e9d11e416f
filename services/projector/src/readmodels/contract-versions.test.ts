import {
  EventCodec,
  InMemoryRegistry,
  councilTopic,
  hospitalTopic,
  releasedVersions,
  writerOfReleased,
  type HospitalEvent,
} from '@homefirst/schemas';
import type { ProjectedEvent } from '../person/journal';
import { isHospitalEvent } from '../testing/corpus';
import { population } from '../testing/population';
import { given } from '../testing/spec';

// Contract evolution, end to end through the read models: the same history, written by producers of each
// released version of the hospital and council streams and read back through the codec (as a replay of
// years-old topics would), projects to the same figures. The admission facts (hospital v4) and council fields
// (council v3) are absent here (as in older events, where this build reads them as null), so every version
// must give the v1 figures exactly.

const history = population({
  seed: 16,
  persons: 120,
  start: new Date('2025-03-03T00:00:00Z'),
  spreadHours: 24 * 10,
});
const NOW = '2025-03-20T12:00:00Z';

/** The releases of both streams (the hospital stream has one more: v3 added the current delay reasons). */
const HOSPITAL_RELEASES = releasedVersions(hospitalTopic.valueSubject).map((r) => r.version);
const COUNCIL_LATEST = Math.max(...releasedVersions(councilTopic.valueSubject).map((r) => r.version));

/**
 * The history as a consumer of this build reads it after producers of hospital release `version` (and the
 * council release of the same number, or the council's latest when it has no such release) wrote it.
 */
async function writtenWith(version: number): Promise<ProjectedEvent[]> {
  const registry = new InMemoryRegistry();
  const writeHospital = await writerOfReleased('homefirst.hospital.events.v1', version, registry);
  const writeCouncil = await writerOfReleased(
    'homefirst.council.events.v1',
    Math.min(version, COUNCIL_LATEST),
    registry,
  );
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

  it('covers every hospital release', () => {
    expect(HOSPITAL_RELEASES).toEqual([1, 2, 3, 4]);
  });

  it.each(HOSPITAL_RELEASES)(
    'given the history written by v%i producers and decoded by this build, then the same snapshot and figures',
    async (version) => {
      const replayed = given(await writtenWith(version));
      expect(replayed.snapshot).toEqual(built.snapshot);
      expect(replayed.at(NOW)).toEqual(built.at(NOW));
    },
  );

  it('given v1 events, then this build reads the admission facts as null (not absent from the payload)', async () => {
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
