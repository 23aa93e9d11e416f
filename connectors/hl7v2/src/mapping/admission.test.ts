import { onTheWire } from '../testing/corpus';
import { given } from '../testing/scenario';

// PatientAdmitted's contract v3 fields, given / when / then on the corpus A01 (PID-7 1938-02-14, PV1-14 19,
// admitted 2025-01-06 09:25 GMT), each case an edit of that message.

/** Sends the corpus message `file` with the first `from` replaced by `to`, into a hub with no history. */
const sentEdited = (file: string, from: string, to: string) =>
  given().when(onTheWire(file).replace(from, to));

describe('A01 admit: age band and usual place of residence (contract v3)', () => {
  const admittedWith = async (from: string, to: string) =>
    (await sentEdited('a01-emergency-admission.hl7', from, to)).events[0]?.payload;
  const birth = '||19380214|F';
  const admitSource = '||||19|||C3456789';

  it.each([
    // admitted 2025-01-06 (GMT)
    ['19600106', 'AGE_65_TO_74'], // 65th birthday on the day of admission
    ['19600107', 'AGE_18_TO_64'], // 65 the day after
    ['200701061200', 'AGE_18_TO_64'], // 18 that day, with a time of birth
    ['20070107', 'AGE_0_TO_17'],
    ['19400106', 'AGE_85_AND_OVER'],
  ])('given PID-7 %s, when admitted, then ageBandAtAdmission is %s', async (dob, band) => {
    expect(await admittedWith(birth, `||${dob}|F`)).toMatchObject({ ageBandAtAdmission: band });
  });

  it.each(['', '1938', '193802', '19380230', 'UNKNOWN', '20260101'])(
    'given PID-7 %p (empty, partial, not a date, after the admission), then no band and the admission is still accepted',
    async (dob) => {
      const result = await sentEdited('a01-emergency-admission.hl7', birth, `||${dob}|F`);
      expect(result.ack.code).toBe('AA');
      expect(result.events[0]?.payload).toMatchObject({ ageBandAtAdmission: null });
    },
  );

  it('never puts the date of birth on an event', async () => {
    const result = await given().when(onTheWire('a01-emergency-admission.hl7'));
    const text = JSON.stringify(result.events);
    expect(text).not.toContain('1938');
    expect(text).not.toContain('19380214');
  });

  it.each([
    ['54', 'CARE_HOME', '54'],
    ['85', 'CARE_HOME', '85'],
    ['40', 'PENAL_ESTABLISHMENT', '40'],
    ['29', 'TEMPORARY_RESIDENCE', '29'],
    ['51', 'UNKNOWN', '51'],
    ['7', null, null], // HL7 table 0023 (emergency room): not an NHS code
    ['119', null, null], // never a slice of a longer value
    ['019', 'PRIVATE_RESIDENCE', '19'], // zero-padded, as some PAS exports write it
    ['', null, null],
  ])(
    'given PV1-14 %p, then usualPlaceOfResidence %p and admissionSourceCode %p',
    async (code, residence, kept) => {
      expect(await admittedWith(admitSource, `||||${code}|||C3456789`)).toMatchObject({
        usualPlaceOfResidence: residence,
        admissionSourceCode: kept,
      });
    },
  );
});
