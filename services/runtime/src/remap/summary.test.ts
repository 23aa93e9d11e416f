import { countEvent, emptySummary, formatRemapSummary } from './summary';

describe('the remap summary', () => {
  it('counts events by type and verdict and prints a table with totals', () => {
    const summary = emptySummary('hl7v2', false);
    countEvent(summary, 'PatientAdmitted', 'new');
    countEvent(summary, 'PatientAdmitted', 'unchanged');
    countEvent(summary, 'PatientDischarged', 'changed');
    countEvent(summary, 'PatientDischarged', 'repeated');
    Object.assign(summary, { rawRecords: 4, mapped: 3, refused: 1, published: 2, indexedEvents: 7 });
    summary.refusals.HL7_TEST_NUMBER = 1;
    expect(summary.byType).toEqual({
      PatientAdmitted: { new: 1, changed: 0, unchanged: 1, repeated: 0 },
      PatientDischarged: { new: 0, changed: 1, unchanged: 0, repeated: 1 },
    });
    const lines = formatRemapSummary(summary).split('\n');
    expect(lines[0]).toMatch(/^event type\s+new\s+changed\s+unchanged\s+repeated$/);
    expect(lines[3]).toMatch(/^total\s+1\s+1\s+1\s+1$/);
    expect(lines).toContain(
      'hl7v2: 4 raw records — 3 mapped, 0 held (person still unknown), 1 refused (HL7_TEST_NUMBER 1); 7 events already on the topic',
    );
    expect(lines).toContain('published 2 events (new + changed)');
  });

  it('says that a dry run published nothing and what it would have', () => {
    const summary = emptySummary('council', true);
    countEvent(summary, 'ReferralReceived', 'new');
    expect(formatRemapSummary(summary)).toContain('dry run: nothing published (1 events would be)');
  });
});
