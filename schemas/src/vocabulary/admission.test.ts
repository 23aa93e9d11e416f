import { ageBand, usualPlaceOfResidence } from '../avro/hospital-vocabulary';
import {
  admissionSourceCodeOf,
  ageBandAtAdmission,
  ageBandOfAge,
  ageInWholeYears,
  usualPlaceOfResidenceOfAdmissionSource,
} from './admission';

describe('age in whole years', () => {
  it.each([
    ['1960-06-15', '2025-06-14', 64],
    ['1960-06-15', '2025-06-15', 65],
    ['1960-06-15', '2025-12-31', 65],
    ['1960-12-31', '2026-01-01', 65],
    // a 29 February birthday comes on 1 March in a year without one
    ['1960-02-29', '2025-02-28', 64],
    ['1960-02-29', '2025-03-01', 65],
    ['1960-02-29', '2024-02-29', 64],
    ['2025-01-01', '2025-01-01', 0],
  ])('given a birth on %s, on %s the person is %i', (born, day, age) => {
    expect(ageInWholeYears(born, day)).toBe(age);
  });

  it('is null for a day before the birth', () => {
    expect(ageInWholeYears('2025-06-02', '2025-06-01')).toBeNull();
  });
});

describe('age bands', () => {
  it.each([
    [0, 'AGE_0_TO_17'],
    [17, 'AGE_0_TO_17'],
    [18, 'AGE_18_TO_64'],
    [64, 'AGE_18_TO_64'],
    [65, 'AGE_65_TO_74'],
    [74, 'AGE_65_TO_74'],
    [75, 'AGE_75_TO_84'],
    [84, 'AGE_75_TO_84'],
    [85, 'AGE_85_AND_OVER'],
    [112, 'AGE_85_AND_OVER'],
  ])('puts age %i in %s, a symbol of the contract', (age, band) => {
    expect(ageBandOfAge(age)).toBe(band);
    expect(ageBand.symbols).toContain(band);
  });

  it('takes the UK calendar day of the admission: 23:30 UTC in summer is the next day in London', () => {
    // given a person whose 65th birthday is 2025-07-01
    // when admitted at 2025-06-30T23:30Z (00:30 BST on 1 July)
    // then they are 65 at admission
    expect(ageBandAtAdmission('1960-07-01', new Date('2025-06-30T23:30:00Z'))).toBe('AGE_65_TO_74');
    expect(ageBandAtAdmission('1960-07-01', new Date('2025-06-30T22:30:00Z'))).toBe('AGE_18_TO_64');
    // in winter London is on UTC
    expect(ageBandAtAdmission('1960-01-15', new Date('2025-01-14T23:30:00Z'))).toBe('AGE_18_TO_64');
  });

  it.each(['1960-02-30', '1960-13-01', '1960', '1960-06', '', '15/06/1960', '2026-01-01'])(
    'gives no band for the unusable date of birth %p (never a guess)',
    (born) => {
      expect(ageBandAtAdmission(born, new Date('2025-06-01T10:00:00Z'))).toBeNull();
    },
  );
});

describe('usual place of residence from the source of admission code', () => {
  it.each([
    ['19', 'PRIVATE_RESIDENCE'],
    ['29', 'TEMPORARY_RESIDENCE'],
    ['54', 'CARE_HOME'],
    ['65', 'CARE_HOME'],
    ['85', 'CARE_HOME'],
    ['40', 'PENAL_ESTABLISHMENT'],
    ['39', 'PENAL_ESTABLISHMENT'],
    ['66', 'OTHER'],
    ['51', 'UNKNOWN'],
    ['88', 'UNKNOWN'],
    ['99', 'UNKNOWN'],
    ['77', 'UNKNOWN'],
    ['019', 'PRIVATE_RESIDENCE'],
    [' 54 ', 'CARE_HOME'],
  ])('maps %p to %s, a symbol of the contract', (code, residence) => {
    expect(usualPlaceOfResidenceOfAdmissionSource(code)).toBe(residence);
    expect(usualPlaceOfResidence.symbols).toContain(residence);
  });

  it.each(['119', '5', 'X54', '54.0', '5 4', '', '０19', '1954'])(
    'reads nothing from the malformed code %p (no slice of it)',
    (code) => {
      expect(admissionSourceCodeOf(code)).toBeNull();
      expect(usualPlaceOfResidenceOfAdmissionSource(code)).toBeNull();
    },
  );
});
