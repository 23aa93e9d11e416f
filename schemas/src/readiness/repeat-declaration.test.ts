import {
  NOT_READY,
  isRepeatDeclaration,
  stepReadiness,
  type ReadinessDeclaration,
  type ReadinessStep,
  type SpellReadiness,
} from './repeat-declaration';

// "An A08 that repeats the same DRD is not a new declaration" (issue 16, item 9b): the rule both the journey
// and the council feeds follow (repeat-declaration.ts says it in full).

const declared = (over: Partial<ReadinessDeclaration> = {}): ReadinessStep => ({
  kind: 'declared',
  declaration: {
    dischargeReadyDate: '2025-03-01',
    dischargeReadyAt: null,
    proposedPathway: 'P1',
    delay: { reason: 'AWAITING_P1_NEW_PACKAGE', attribution: 'SOCIAL_CARE' },
    ...over,
  },
});

/** given(steps).then(repeat flags): whether each step was a repeat. */
const repeats = (...steps: ReadinessStep[]): boolean[] => {
  let spell: SpellReadiness = NOT_READY;
  return steps.map((step) => {
    const next = stepReadiness(spell, step);
    spell = next.spell;
    return next.repeat;
  });
};

describe('a repeated readiness declaration', () => {
  it('given a declaration, when the PAS sends the same again (an A08), then it is a repeat, however often', () => {
    expect(repeats(declared(), declared(), declared())).toEqual([false, true, true]);
  });

  it('given a declaration, when the DRD, the NCTR time, the pathway, the reason or its attribution changes, then it is a change', () => {
    expect(repeats(declared(), declared({ dischargeReadyDate: '2025-03-02' }))).toEqual([false, false]);
    expect(repeats(declared(), declared({ dischargeReadyAt: Date.parse('2025-03-01T09:00:00Z') }))).toEqual([
      false,
      false,
    ]);
    expect(repeats(declared(), declared({ proposedPathway: 'P2' }))).toEqual([false, false]);
    expect(
      repeats(declared(), declared({ delay: { reason: 'AWAITING_TRANSPORT', attribution: 'NHS' } })),
    ).toEqual([false, false]);
    expect(
      repeats(declared(), declared({ delay: { reason: 'AWAITING_P1_NEW_PACKAGE', attribution: 'BOTH' } })),
    ).toEqual([false, false]);
  });

  it('given a reason in force, when a declaration gives none (or UNKNOWN), then it repeats: the reason stays', () => {
    const unknown = declared({ delay: { reason: 'UNKNOWN', attribution: 'UNKNOWN' } });
    expect(repeats(declared(), declared({ delay: null }), unknown, declared())).toEqual([
      false,
      true,
      true,
      true,
    ]);
  });

  it('given no reason in force, when a reason is first given, then it is a change', () => {
    expect(repeats(declared({ delay: null }), declared())).toEqual([false, false]);
  });

  it('given the patient met the criteria again (withdrawn), then the same DRD sent next is not a repeat', () => {
    expect(repeats(declared(), { kind: 'withdrawn' }, declared())).toEqual([false, false, false]);
  });

  it('given a discharge, then a declaration is new; given the discharge cancelled, then the declaration before it is in force again', () => {
    expect(repeats(declared(), { kind: 'discharged' }, declared())).toEqual([false, false, false]);
    expect(repeats(declared(), { kind: 'discharged' }, { kind: 'discharge-cancelled' }, declared())).toEqual([
      false,
      false,
      false,
      true,
    ]);
  });

  it('given nothing in force, then nothing is a repeat', () => {
    expect(isRepeatDeclaration(null, (declared() as { declaration: ReadinessDeclaration }).declaration)).toBe(
      false,
    );
  });
});
