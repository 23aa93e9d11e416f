import { NHS_NUMBER_POLICY_ISSUED_ONLY } from '@homefirst/schemas';
import { parseSubmission } from '../fhir/parse';
import { outcomeOf } from '../outcome/operation-outcome';
import { corpus, PARSE_OPTIONS } from '../testing/corpus';

// The corpus uses 999 test numbers: accepted by default (development, the demo), refused when the hub is
// configured for issued numbers only (HOMEFIRST_ACCEPT_TEST_NHS_NUMBERS=false, or NODE_ENV=production).
describe('NHS number policy at the FHIR edge', () => {
  it('accepts a test number by default', () => {
    expect(() =>
      parseSubmission(corpus('encounter-admitted'), { kind: 'base' }, PARSE_OPTIONS),
    ).not.toThrow();
  });

  it('refuses a test number when only issued numbers are accepted, naming the rule, not the number', () => {
    let refusal: ReturnType<typeof outcomeOf> | undefined;
    try {
      parseSubmission(
        corpus('encounter-admitted'),
        { kind: 'base' },
        { ...PARSE_OPTIONS, nhsNumbers: NHS_NUMBER_POLICY_ISSUED_ONLY },
      );
    } catch (err) {
      refusal = outcomeOf(err);
    }
    expect(refusal?.status).toBe(422);
    const text = JSON.stringify(refusal?.outcome);
    expect(text).toContain('is a test number (999 range)');
    expect(text).not.toMatch(/999\d{7}/);
  });
});
