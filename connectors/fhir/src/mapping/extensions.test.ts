import {
  DEFAULT_EXTENSION_URLS,
  HUB_EXTENSION,
  readDischargePathway,
  readExpectedDischargeDate,
} from './extensions';

const other = { url: 'https://example.org/other', valueCode: 'P3' };

describe('readExpectedDischargeDate', () => {
  const urls = DEFAULT_EXTENSION_URLS.expectedDischargeDate;
  const url = HUB_EXTENSION.expectedDischargeDate;

  it('reads the last extension with the URL, a valueDateTime by its London day', () => {
    const extensions = [
      { url, valueDate: '2025-01-05' },
      other,
      { url, valueDateTime: '2025-07-06T23:30:00Z' },
    ];
    expect(readExpectedDischargeDate(extensions, urls, 'Encounter')).toEqual({
      value: '2025-07-07',
      issues: [],
    });
  });

  it('is null without the extension, and an issue at the extension when it has no value', () => {
    expect(readExpectedDischargeDate([other], urls, 'Encounter')).toEqual({ value: null, issues: [] });
    expect(readExpectedDischargeDate(undefined, urls, 'Encounter')).toEqual({ value: null, issues: [] });
    expect(readExpectedDischargeDate([other, { url }], urls, 'Encounter')).toEqual({
      value: null,
      issues: [{ path: 'Encounter.extension[1].valueDate', message: 'is required', type: 'required' }],
    });
  });
});

describe('readDischargePathway', () => {
  const urls = DEFAULT_EXTENSION_URLS.dischargePathway;
  const url = HUB_EXTENSION.dischargePathway;

  it('reads the last pathway code, in either case', () => {
    expect(
      readDischargePathway(
        [
          { url, valueCode: 'P1' },
          { url, valueCode: 'p2' },
        ],
        urls,
        'Encounter',
      ),
    ).toEqual({ value: 'P2', issues: [] });
  });

  it('is null without the extension, and an issue at the extension for a code that is not a pathway', () => {
    expect(readDischargePathway([other], urls, 'Encounter')).toEqual({ value: null, issues: [] });
    expect(readDischargePathway([{ url, valueCode: 'P9' }], urls, 'Encounter.hospitalization')).toEqual({
      value: null,
      issues: [
        {
          path: 'Encounter.hospitalization.extension[0].valueCode',
          message: 'must be P0, P1, P2 or P3',
          type: 'code-invalid',
        },
      ],
    });
  });
});
