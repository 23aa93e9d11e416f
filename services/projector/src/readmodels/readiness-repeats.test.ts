import type { ProjectedEvent } from '../person/journal';
import { PersonStory, testNhsNumber } from '../testing/corpus';
import { given } from '../testing/spec';

// The journey shows a repeated readiness declaration (the PAS re-sending the same DRD on every A08) as a
// repeat, not as a new declaration; a change is shown as one (the rule: @homefirst/schemas
// readiness/repeat-declaration.ts). The queue and the tracker were already idempotent: they stay so.

const person = (n: number): PersonStory => new PersonStory(testNhsNumber(800 + n));
const NOW = '2025-03-10T12:00:00Z';
const P1_PACKAGE = { reason: 'AWAITING_P1_NEW_PACKAGE', attribution: 'SOCIAL_CARE' } as const;

const readinessLines = (events: readonly ProjectedEvent[]) =>
  (given(events).at(NOW).journeys[0]?.events ?? [])
    .filter((e) => e.type === 'DischargeReadyDeclared')
    .map((e) => e.summary);

describe('journey: repeated readiness declarations', () => {
  it('given a declaration re-sent twice unchanged, then one declaration and two repeats', () => {
    const p = person(0);
    const same = { drd: '2025-03-03', readyAt: null, delay: P1_PACKAGE };
    expect(
      readinessLines([
        p.admitted('2025-03-01T10:00:00Z'),
        p.ready('2025-03-03T09:00:00Z', same),
        p.ready('2025-03-03T15:00:00Z', same),
        p.ready('2025-03-04T09:00:00Z', same),
      ]),
    ).toEqual([
      'Ready for discharge from 2025-03-03, pathway P1, waiting: AWAITING_P1_NEW_PACKAGE (SOCIAL_CARE)',
      'Still ready for discharge from 2025-03-03: declaration repeated, nothing changed',
      'Still ready for discharge from 2025-03-03: declaration repeated, nothing changed',
    ]);
  });

  it('given a corrected DRD, then it reads as a declaration (a change), not a repeat', () => {
    const p = person(1);
    expect(
      readinessLines([
        p.admitted('2025-03-01T10:00:00Z'),
        p.ready('2025-03-03T09:00:00Z', { drd: '2025-03-03', readyAt: null }),
        p.ready('2025-03-04T09:00:00Z', { drd: '2025-03-02', readyAt: null }),
      ]),
    ).toEqual([
      'Ready for discharge from 2025-03-03, pathway P1',
      'Ready for discharge from 2025-03-02, pathway P1',
    ]);
  });

  it('given the patient met the criteria again, then the same DRD re-sent afterwards is a new declaration', () => {
    const p = person(2);
    const same = { drd: '2025-03-03', readyAt: null };
    expect(
      readinessLines([
        p.admitted('2025-03-01T10:00:00Z'),
        p.ready('2025-03-03T09:00:00Z', same),
        p.withdrawn('2025-03-04T09:00:00Z'),
        p.ready('2025-03-05T09:00:00Z', same),
      ]),
    ).toEqual([
      'Ready for discharge from 2025-03-03, pathway P1',
      'Ready for discharge from 2025-03-03, pathway P1',
    ]);
  });

  it('given the repeat arrives before the declaration it repeats, then the journey still reads declaration then repeat', () => {
    const p = person(3);
    const same = { drd: '2025-03-03', readyAt: null };
    const admitted = p.admitted('2025-03-01T10:00:00Z');
    const first = p.ready('2025-03-03T09:00:00Z', same);
    const repeat = p.ready('2025-03-04T09:00:00Z', same);
    expect(readinessLines([admitted, repeat, first])).toEqual(readinessLines([admitted, first, repeat]));
    expect(readinessLines([admitted, repeat, first])[1]).toMatch(/repeated, nothing changed$/);
  });

  it('given repeats, then the queue and the 48-hour tracker are as with the first declaration alone', () => {
    const p = person(4);
    const same = { drd: '2025-03-03', readyAt: '2025-03-03T09:00:00Z', delay: P1_PACKAGE };
    const once = [p.admitted('2025-03-01T10:00:00Z'), p.ready('2025-03-03T09:00:00Z', same)];
    const { queue, tracker } = given(once).at(NOW);
    const repeated = given(once, [
      p.ready('2025-03-04T09:00:00Z', same),
      p.ready('2025-03-05T09:00:00Z', same),
    ]).at(NOW);
    expect(repeated.queue).toEqual(queue);
    expect(repeated.tracker.episodes).toEqual(tracker.episodes);
  });
});
