import { onTheWire } from '../testing/corpus';
import { given } from '../testing/scenario';

// Times of one message in order (schemas time/ordering.ts): the discharge, the death and the discharge
// readiness follow the admission (PV1-44). Reversed within the clock-skew tolerance (5 minutes by default):
// accepted as sent, every event flagged CLOCK_SKEW; beyond it: AE naming the fields and the gap.

const ADMITTED = '20250106092500';
const discharge = (dischargedAt: string): string =>
  onTheWire('a03-discharge-home.hl7').replace(`${ADMITTED}|20250110151500`, `${ADMITTED}|${dischargedAt}`);

describe('a discharge before its own admission', () => {
  it('given PV1-45 52 s before PV1-44 (a real trust message), then accepted with a CLOCK_SKEW flag', async () => {
    const hub = given();
    const result = await hub.when(discharge('20250106092408'));
    expect(result.ack.code).toBe('AA');
    const [event] = result.events;
    expect(event?.type).toBe('PatientDischarged');
    expect(event?.dataQuality).toEqual([
      {
        code: 'CLOCK_SKEW',
        fields: ['PV1-45 (discharge date/time)', 'PV1-44 (admit date/time)'],
        detail:
          'PV1-45 (discharge date/time) is 52 s before PV1-44 (admit date/time), within the 5 min allowed for clock differences',
      },
    ]);
  });

  it('given PV1-45 a day before PV1-44, then AE at PV1-45 naming the rule, not the times, and nothing written', async () => {
    const hub = given();
    const result = await hub.when(discharge('20250105092500'));
    expect(result.ack.code).toBe('AE');
    expect(result.ack.text).toContain('PV1-45 (discharge date/time) is 24 h before PV1-44');
    expect(result.ack.text).not.toMatch(/2025/);
    expect(result.ack.error).toMatchObject({ location: { segment: 'PV1', field: 45 } });
    expect(hub.hospitalEvents()).toEqual([]);
  });

  it('given a tolerance of 0, then even the 52 s reversal is refused', async () => {
    const hub = given({ settings: { clockSkewToleranceMs: 0 } });
    expect((await hub.when(discharge('20250106092408'))).ack.code).toBe('AE');
  });

  it('given times in order, then no flag', async () => {
    const [event] = (await given().when(discharge('20250110151500'))).events;
    expect(event?.dataQuality).toBeUndefined();
  });
});

describe('a readiness declared before the admission', () => {
  it('given a ZDR readiness time two days before PV1-44, then AE at the readiness segment', async () => {
    const message = onTheWire('a08-discharge-ready-zdr.hl7')
      .replace(/^(PV1\|.*)$/m, `$1${'|'.repeat(25)}${ADMITTED}`)
      .replace('ZDR|202501080800', 'ZDR|202501040800');
    const result = await given().when(message);
    expect(result.ack.code).toBe('AE');
    expect(result.ack.text).toContain('discharge ready');
    expect(result.ack.error).toMatchObject({ location: { segment: 'ZDR', field: 1 } });
  });
});
