import { Type, type Schema } from 'avsc';
import { delayReason } from '../avro/common';
import { hospitalTopic } from '../catalogue/topics';
import { releasedVersions } from '../evolution/released';
import type { DelayReason } from '../generated/events';
import { INTERNAL_DELAY_REASONS } from '../read-models/view-common';
import { delayAttributionOf } from './delay-attribution';
import {
  CURRENT_DELAY_REASONS,
  TABLE5_TO_CURRENT,
  currentDelayReasonOf,
  delayFamilyOf,
  hospitalProcessCodes,
  parseTable5ReasonMap,
} from './delay-family';
import {
  HUB_DELAY_REASON_CODES,
  hubDelayReasonOfCode,
  parseLocalDelayReasonCodes,
} from './delay-local-codes';

// The current acute discharge sitrep (from 27 May 2024) groups delay reasons in five families
// (https://www.england.nhs.uk/statistics/statistical-work-areas/discharge-delays/); docs/delay-reasons.md.

const ALL = delayReason.symbols as readonly DelayReason[];

describe('the delay-reason families', () => {
  it.each(ALL.filter((code) => code !== 'UNKNOWN'))(
    'places %s in a family through a current reason',
    (code) => {
      expect(delayFamilyOf(code)).not.toBe('UNKNOWN');
    },
  );

  it('given UNKNOWN, then it has no family', () => {
    expect(delayFamilyOf('UNKNOWN')).toBe('UNKNOWN');
    expect(currentDelayReasonOf('UNKNOWN')).toBe('UNKNOWN');
  });

  it('lists every current reason once, and maps only older codes to current ones', () => {
    const codes = CURRENT_DELAY_REASONS.map((r) => r.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const [from, to] of Object.entries(TABLE5_TO_CURRENT)) {
      expect(codes).not.toContain(from);
      expect(codes).toContain(to);
    }
  });

  it.each([
    ['AWAITING_P2_BED', 'P2_BED_NOT_AVAILABLE', 'CAPACITY'],
    ['AWAITING_THERAPY_DECISION', 'AWAITING_THERAPY_REVIEW_FOR_SUPPORTED_DISCHARGE', 'HOSPITAL_PROCESS'],
    [
      'AWAITING_TRANSFER_HUB_CONFIRMATION',
      'AWAITING_CONFIRMATION_OF_CARE_NEEDS_AND_PATHWAY',
      'CARE_TRANSFER_HUB_PROCESS',
    ],
    ['PERSON_OR_FAMILY_DISAGREES', 'PATIENT_OR_FAMILY_CHOICE', 'WELLBEING_CONCERNS'],
    ['AWAITING_EQUIPMENT_OR_ADAPTATIONS', 'AWAITING_EQUIPMENT_OR_ADAPTATIONS', 'INTERFACE_PROCESS'],
  ] as const)('given the Table 5 code %s, then it counts as %s in %s', (code, current, family) => {
    expect(currentDelayReasonOf(code)).toBe(current);
    expect(delayFamilyOf(code)).toBe(family);
  });

  it('given a deployment override, then the older code counts its way', () => {
    const overrides = new Map<DelayReason, DelayReason>([
      ['AWAITING_DIAGNOSTIC_TEST', 'AWAITING_DISCHARGE_LETTER'],
    ]);
    expect(currentDelayReasonOf('AWAITING_DIAGNOSTIC_TEST', overrides)).toBe('AWAITING_DISCHARGE_LETTER');
    // A current reason is never overridden: it is itself.
    expect(currentDelayReasonOf('P2_BED_NOT_AVAILABLE', overrides)).toBe('P2_BED_NOT_AVAILABLE');
  });
});

describe('internal delays and attribution agree with the families', () => {
  it('counts as internal by default exactly the Hospital process codes, each attributed to the NHS', () => {
    expect([...INTERNAL_DELAY_REASONS].sort()).toEqual(hospitalProcessCodes().sort());
    for (const code of hospitalProcessCodes()) expect(delayAttributionOf(code)).toBe('NHS');
  });

  it('includes the new hospital-process codes and the Table 5 ones that count under them', () => {
    expect(INTERNAL_DELAY_REASONS).toEqual(
      expect.arrayContaining([
        'AWAITING_DISCHARGE_LETTER',
        'AWAITING_MEDICAL_REVIEW_OR_DECISION_TO_DISCHARGE',
        'AWAITING_THERAPY_REVIEW_FOR_SUPPORTED_DISCHARGE',
        'AWAITING_DIAGNOSTIC_TEST',
        'AWAITING_TRANSPORT',
      ]),
    );
    expect(INTERNAL_DELAY_REASONS).not.toContain('P2_BED_NOT_AVAILABLE');
  });
});

describe('parseTable5ReasonMap (HOMEFIRST_TABLE5_REASON_MAP)', () => {
  it('given OLD=CURRENT pairs, then it maps them', () => {
    const { map, problems } = parseTable5ReasonMap(
      'awaiting_diagnostic_test = AWAITING_DISCHARGE_LETTER, NO_PLAN=AWAITING_FUNDING_DECISION',
      ALL,
    );
    expect(problems).toEqual([]);
    expect([...map]).toEqual([
      ['AWAITING_DIAGNOSTIC_TEST', 'AWAITING_DISCHARGE_LETTER'],
      ['NO_PLAN', 'AWAITING_FUNDING_DECISION'],
    ]);
  });

  it.each([
    ['P2_BED_NOT_AVAILABLE=P2_BED_ARRANGEMENTS_UNDERWAY', 'the left side must be a Table 5'],
    ['AWAITING_GODOT=P2_BED_NOT_AVAILABLE', 'the left side must be a Table 5'],
    ['AWAITING_P2_BED=AWAITING_P3_CARE_HOME_BED', 'the right side must be a reason of the current'],
    ['AWAITING_P2_BED', 'the right side must be'],
  ])('given %s, then it names the problem', (text, problem) => {
    expect(parseTable5ReasonMap(text, ALL).problems[0]).toContain(problem);
  });
});

describe('trust-local delay-reason codes', () => {
  it('given LOCAL=HUB pairs, then a local code reads as its hub code, before any hub code it spells', () => {
    const { map, problems } = parseLocalDelayReasonCodes(
      '07=AWAITING_P2_BED, mffd-ot = awaiting therapy decision, NO_PLAN=UNKNOWN_X',
    );
    expect(problems).toEqual(['entry 3: UNKNOWN_X is not a delay reason of the hub (docs/delay-reasons.md)']);
    expect(hubDelayReasonOfCode('07', map)).toBe('AWAITING_P2_BED');
    expect(hubDelayReasonOfCode(' MFFD-OT ', map)).toBe('AWAITING_THERAPY_DECISION');
    expect(hubDelayReasonOfCode('awaiting p2 bed', map)).toBe('AWAITING_P2_BED');
    expect(hubDelayReasonOfCode('P2_BED_NOT_AVAILABLE')).toBe('P2_BED_NOT_AVAILABLE');
    expect(hubDelayReasonOfCode('08', map)).toBeUndefined();
    expect(hubDelayReasonOfCode('UNKNOWN')).toBeUndefined();
  });

  it.each([
    ['07', 'entry 1 must be LOCAL=HUB_CODE'],
    ['=AWAITING_P2_BED', 'entry 1 must be LOCAL=HUB_CODE'],
    ['07=AWAITING_P2_BED,07=NO_PLAN', 'entry 2: local code 07 is mapped twice'],
    ['07=UNKNOWN', 'entry 1: UNKNOWN is not a delay reason of the hub'],
  ])('given %s, then it names the problem', (text, problem) => {
    expect(parseLocalDelayReasonCodes(text).problems[0]).toContain(problem);
  });

  it('accepts every hub code but UNKNOWN', () => {
    expect(HUB_DELAY_REASON_CODES).toHaveLength(ALL.length - 1);
  });
});

describe('old readers of the hospital events', () => {
  /** The DelayReason enum of a released hospital-events schema. */
  const enumOf = (schema: object): Schema => {
    let found: Schema | undefined;
    JSON.stringify(schema, (_key, value: unknown) => {
      const node = value as { type?: unknown; name?: unknown } | null;
      if (found === undefined && node?.type === 'enum' && node.name === 'DelayReason') found = node as Schema;
      return value;
    });
    if (found === undefined) throw new Error('no DelayReason enum in the released schema');
    return found;
  };

  it('given a current-return code written with the new schema, when a reader of the last release before it reads it, then UNKNOWN (the enum default), not a failure', () => {
    const released = releasedVersions(hospitalTopic.valueSubject);
    const before = released.find((r) => !JSON.stringify(r.schema).includes('P2_BED_NOT_AVAILABLE'));
    const after = released.find((r) => JSON.stringify(r.schema).includes('P2_BED_NOT_AVAILABLE'));
    if (before === undefined || after === undefined)
      throw new Error('expected releases before and after the change');
    const writer = Type.forSchema(enumOf(after.schema));
    const reader = Type.forSchema(enumOf(before.schema));
    const resolver = reader.createResolver(writer);
    expect(reader.fromBuffer(writer.toBuffer('P2_BED_NOT_AVAILABLE'), resolver)).toBe('UNKNOWN');
    expect(reader.fromBuffer(writer.toBuffer('AWAITING_P2_BED'), resolver)).toBe('AWAITING_P2_BED');
  });
});
