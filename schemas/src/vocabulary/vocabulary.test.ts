import { reablementOutcome } from '../avro/council';
import { KNOWN_REABLEMENT_OUTCOMES } from './reablement-outcome';
import { delayReason } from '../avro/common';
import { dischargeDestination } from '../avro/hospital-vocabulary';
import type { DelayReason, DischargeDestination } from '../generated/events';
import { delayAttributionOf } from './delay-attribution';
import { CRITERIA_TO_RESIDE, codeOfCriterionToReside, criterionToResideOfCode } from './criterion-to-reside';
import {
  codeOfDischargeDestination,
  dischargeDestinationOfCode,
  readDischargeDestinationCode,
} from './discharge-destination';

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
    ['179', 'DD99_NOT_KNOWN'],
    ['X79', 'DD99_NOT_KNOWN'],
  ])('maps %p to %s', (code, symbol) => {
    expect(dischargeDestinationOfCode(code)).toBe(symbol);
  });

  it.each(['179', 'X79', '7', '19.0', '1 9', '0079', '', '79\u0000', '８５', -79, 7.9, 179])(
    'never reinterprets the malformed code %p (no slice of it is read)',
    (code) => {
      expect(readDischargeDestinationCode(code)).toBeNull();
      expect(dischargeDestinationOfCode(code)).toBe('DD99_NOT_KNOWN');
    },
  );

  it.each([
    ['79', 'DD79_DIED'],
    ['079', 'DD79_DIED'],
    [' 54 ', 'DD54_NHS_CARE_HOME'],
    [5, 'DD99_NOT_KNOWN'],
    ['77', 'DD99_NOT_KNOWN'],
  ])('reads the well-formed code %p as %s', (code, symbol) => {
    expect(readDischargeDestinationCode(code)).toBe(symbol);
  });

  it.each(dischargeDestination.symbols)('round-trips %s through its code', (symbol) => {
    expect(dischargeDestinationOfCode(codeOfDischargeDestination(symbol as DischargeDestination))).toBe(
      symbol,
    );
  });
});

describe('criteria to reside', () => {
  it.each([
    ['01', 'CTR01_CRITICAL_CARE'],
    ['04', 'CTR04_NEWS_ABOVE_3'],
    ['10', 'CTR10_THORAX_ABDOMEN_PELVIS_SURGERY_WITHIN_72H'],
    ['12', 'CTR12_OTHER_OR_NOT_RECORDED'],
  ])('maps code %s to %s', (code, criterion) => {
    expect(criterionToResideOfCode(code)).toBe(criterion);
  });

  it.each(['4', '13', '00', '', 'constructor', 'CTR01'])('knows no criterion %j', (code) => {
    expect(criterionToResideOfCode(code)).toBeUndefined();
  });

  it('lists all twelve in code order and round-trips each through its code', () => {
    expect(CRITERIA_TO_RESIDE.map(codeOfCriterionToReside)).toEqual(
      Array.from({ length: 12 }, (_, i) => String(i + 1).padStart(2, '0')),
    );
    for (const criterion of CRITERIA_TO_RESIDE)
      expect(criterionToResideOfCode(codeOfCriterionToReside(criterion))).toBe(criterion);
  });
});

describe('known reablement outcomes', () => {
  it('are the contract symbols but UNKNOWN, in order', () => {
    expect(KNOWN_REABLEMENT_OUTCOMES).toEqual(
      reablementOutcome.symbols.filter((symbol) => symbol !== 'UNKNOWN'),
    );
    expect(KNOWN_REABLEMENT_OUTCOMES).not.toContain('UNKNOWN');
    expect(KNOWN_REABLEMENT_OUTCOMES).toContain('LONG_TERM_SUPPORT');
  });
});
