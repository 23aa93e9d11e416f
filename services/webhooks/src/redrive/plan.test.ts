import type { DeadLetterRecord } from '../delivery/records';
import { markKeyOf, planRedrive, type RedriveMark, type StoredLetter } from './plan';

const letter = (
  webhookId: string,
  partition: number,
  offset: number,
  body: string | null = '{}',
): StoredLetter => ({
  letter: {
    v: 1,
    subscriptionId: 'sefton-a',
    laCode: 'E08000014',
    webhookId,
    topic: 'homefirst.feed.E08000014.v1',
    partition,
    offset: String(offset * 10),
    attempts: 3,
    reason: 'HTTP 500',
    deadAt: `2026-12-05T07:00:0${offset}.000Z`,
    body,
  } satisfies DeadLetterRecord,
  partition,
  offset: String(offset),
  key: `person-${partition}`,
});

const markOf = (stored: StoredLetter): [string, RedriveMark] => [
  markKeyOf(stored.letter),
  {
    v: 1,
    subscriptionId: stored.letter.subscriptionId,
    webhookId: stored.letter.webhookId,
    deadAt: stored.letter.deadAt,
    redrivenAt: '2026-12-05T07:30:00.000Z',
    actor: 'ops',
  },
];

const ids = (letters: readonly StoredLetter[]): string[] => letters.map((s) => s.letter.webhookId);

describe('planRedrive: which dead letters a redrive sends', () => {
  const a = letter('a', 1, 2);
  const b = letter('b', 0, 5);
  const c = letter('c', 1, 1);
  const d = letter('d', 0, 7, null);

  it('--all sends every letter not redriven yet, per partition in the order they failed', () => {
    const plan = planRedrive([a, b, c, d], new Map([markOf(b)]), { all: true, webhookIds: [], again: false });
    expect(ids(plan.send)).toEqual(['c', 'a']);
    expect(plan.skipped).toEqual([
      { webhookId: 'b', reason: 'already-redriven', mark: markOf(b)[1] },
      { webhookId: 'd', reason: 'undecodable' },
    ]);
  });

  it('never redrives a redriven letter twice by accident: --again only for letters named', () => {
    const marks = new Map([markOf(a)]);
    expect(ids(planRedrive([a, c], marks, { all: true, webhookIds: [], again: true }).send)).toEqual(['c']);
    expect(ids(planRedrive([a, c], marks, { all: false, webhookIds: ['a'], again: false }).send)).toEqual([]);
    expect(ids(planRedrive([a, c], marks, { all: false, webhookIds: ['a'], again: true }).send)).toEqual([
      'a',
    ]);
  });

  it('names the ids asked for that are not dead letters of this subscription', () => {
    const plan = planRedrive([a], new Map(), { all: false, webhookIds: ['a', 'zz'], again: false });
    expect(ids(plan.send)).toEqual(['a']);
    expect(plan.skipped).toEqual([{ webhookId: 'zz', reason: 'not-found' }]);
  });

  it('treats a second dead letter of the same webhook (after a replay) as another letter', () => {
    const again = { ...a, offset: '9', letter: { ...a.letter, deadAt: '2026-12-05T08:00:00.000Z' } };
    const plan = planRedrive([a, again], new Map([markOf(a)]), { all: true, webhookIds: [], again: false });
    expect(plan.send).toEqual([again]);
  });
});
