import { decodeCouncilRecord, type CouncilRecord } from '../record/council-record';
import { margaretJourney } from '../testing/corpus';
import { orderFieldOf, orderFlags, orderVerdict, relatedOrderFields } from './order';

const now = new Date('2025-07-01T00:00:00Z');
const record = (input: object): CouncilRecord => {
  const decoded = decodeCouncilRecord(input, now);
  if (!decoded.ok) throw new Error(JSON.stringify(decoded.issues));
  return decoded.record;
};
const [referral, , completed, requested, , , sourced] = margaretJourney;

describe('suspicious order', () => {
  it('keys package steps by package and referral steps by referral', () => {
    expect(orderFieldOf(record(requested))).toBe('package_requested@SA-55012');
    expect(orderFieldOf(record(referral))).toBe('referral_received');
    expect(relatedOrderFields(record(sourced))).toEqual(
      expect.arrayContaining([
        'referral_received',
        'package_requested@SA-55012',
        'provider_offered@SA-55012',
        'package_started@SA-55012',
      ]),
    );
  });

  it('flags a step dated before a step it depends on', () => {
    const early = record({ ...completed, occurredAt: '2025-01-05T00:00:00Z' });
    expect(orderFlags(early, new Map([['referral_received', Date.parse('2025-01-06T09:30:00Z')]]))).toEqual([
      'ASSESSMENT_COMPLETED_BEFORE_REFERRAL_RECEIVED',
    ]);
  });

  it('flags a prerequisite that arrives dated after what depends on it', () => {
    expect(
      orderFlags(
        record(requested),
        new Map([['package_sourced@SA-55012', Date.parse('2025-01-01T00:00:00Z')]]),
      ),
    ).toEqual(['PACKAGE_SOURCED_BEFORE_PACKAGE_REQUESTED']);
  });

  it('does not flag steps in order, or steps of another package', () => {
    expect(
      orderFlags(
        record(sourced),
        new Map([['package_requested@SA-55012', Date.parse('2025-01-07T13:00:00Z')]]),
      ),
    ).toEqual([]);
    expect(
      orderFlags(record(sourced), new Map([['package_requested@OTHER', Date.parse('2025-02-01T00:00:00Z')]])),
    ).toEqual([]);
  });
});

describe('which orderings are refused beyond the tolerance', () => {
  const day = 86_400_000;
  it('refuses a package started days before its request, but only flags a decline before any offer', () => {
    const started = record({ ...sourced, event: 'package_started', serviceType: 'home_care' });
    const requestedLater = new Map([['package_requested@SA-55012', started.occurredAt.getTime() + 3 * day]]);
    expect(orderVerdict(started, requestedLater, day).kind).toBe('refused');
    const declined = record({ ...sourced, event: 'provider_declined' });
    const offeredLater = new Map([['provider_offered@SA-55012', declined.occurredAt.getTime() + 5 * day]]);
    expect(orderVerdict(declined, offeredLater, day)).toMatchObject({
      kind: 'ok',
      flags: [{ name: 'PROVIDER_DECLINED_BEFORE_PROVIDER_OFFERED', quality: { code: 'STEP_OUT_OF_ORDER' } }],
    });
  });
});
