import { hospitalSamples } from '../testing/sample-events';
import { PATHWAYS, PROJECTED_EVENT_TYPES, QUEUE_REASONS } from './vocabulary';

describe('stored read-model vocabularies', () => {
  it('take pathways and event types from the contract, without the Unknown fallback', () => {
    expect(PATHWAYS).toContain('P1');
    expect(PROJECTED_EVENT_TYPES).toEqual(expect.arrayContaining(['PatientAdmitted', 'ReferralReceived']));
    expect(PROJECTED_EVENT_TYPES).not.toContain('Unknown');
    expect(PROJECTED_EVENT_TYPES).toEqual(expect.arrayContaining(Object.keys(hospitalSamples)));
  });

  it('add the two hub-only queue reasons to the sitrep reasons', () => {
    expect(QUEUE_REASONS).toEqual(expect.arrayContaining(['AWAITING_ASSESSMENT', 'AWAITING_PACKAGE_START']));
    expect(new Set(QUEUE_REASONS).size).toBe(QUEUE_REASONS.length);
  });
});
