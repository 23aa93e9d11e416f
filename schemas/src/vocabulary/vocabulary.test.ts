import { delayReason } from '../avro/common';
import { dischargeDestination } from '../avro/hospital-vocabulary';
import type { DelayReason, DischargeDestination } from '../generated/events';
import { delayAttributionOf } from './delay-attribution';
import { codeOfDischargeDestination, dischargeDestinationOfCode } from './discharge-destination';

describe('delay attribution', () => {
  it.each(delayReason.symbols)('attributes %s', (reason) => {
    expect(['NHS', 'SOCIAL_CARE', 'BOTH', 'UNKNOWN']).toContain(delayAttributionOf(reason as DelayReason));
  });

  it('attributes a care-home bed wait to social care and a medicines wait to the NHS', () => {
    expect(delayAttributionOf('AWAITING_P3_CARE_HOME_BED')).toBe('SOCIAL_CARE');
    expect(delayAttributionOf('AWAITING_MEDICINES_TO_TAKE_HOME')).toBe('NHS');
  });
});

describe('discharge destination codes', () => {
  it.each([
    ['19', 'DD19_USUAL_PLACE_OF_RESIDENCE'],
    [79, 'DD79_DIED'],
    ['054', 'DD54_NHS_CARE_HOME'],
    ['56', 'DD56_CARE_HOME_WITHOUT_NURSING'],
    ['77', 'DD99_NOT_KNOWN'],
    ['', 'DD99_NOT_KNOWN'],
  ])('maps %p to %s', (code, symbol) => {
    expect(dischargeDestinationOfCode(code)).toBe(symbol);
  });

  it.each(dischargeDestination.symbols)('round-trips %s through its code', (symbol) => {
    expect(dischargeDestinationOfCode(codeOfDischargeDestination(symbol as DischargeDestination))).toBe(
      symbol,
    );
  });
});
