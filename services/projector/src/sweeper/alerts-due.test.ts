import { PersonStory, testNhsNumber } from '../testing/corpus';
import { given } from '../testing/spec';
import { alertsDue } from './alerts-due';

// Which 48-hour alerts are due, for the sweeper: pure, deterministic ids.

describe('48-hour alerts due', () => {
  const p = new PersonStory(testNhsNumber(500));
  const q = new PersonStory(testNhsNumber(501));
  const { snapshot } = given(
    p.admitted('2025-03-01T10:00:00Z'),
    p.ready('2025-03-03T09:00:00Z', {
      pathway: 'P1',
      delay: { reason: 'AWAITING_P1_NEW_PACKAGE', attribution: 'SOCIAL_CARE' },
    }),
    q.admitted('2025-03-01T10:00:00Z'),
    q.ready('2025-03-03T09:00:00Z'),
    q.discharged('2025-03-04T09:00:00Z'),
  );
  const config = { atRiskHours: 12 };

  it('given an open episode inside the at-risk window, then one at-risk alert with the episode facts', () => {
    const alerts = alertsDue(snapshot.episodes, new Date('2025-03-04T22:00:00Z'), config);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      type: 'DischargeDeadlineAtRisk',
      personKey: p.personKey,
      occurredAt: new Date('2025-03-04T21:00:00Z'),
      source: { channel: 'HUB', orgCode: 'REM' },
      payload: {
        spellId: p.spellId,
        orgCode: 'REM',
        readyAt: new Date('2025-03-03T09:00:00Z'),
        deadlineAt: new Date('2025-03-05T09:00:00Z'),
        pathway: 'P1',
        location: { site: 'REM01', ward: 'WARD 7Y' },
        delay: { reason: 'AWAITING_P1_NEW_PACKAGE', attribution: 'SOCIAL_CARE' },
      },
    });
    expect(JSON.stringify(alerts)).not.toContain(p.nhsNumber);
  });

  it('given the deadline passed, then only the breach, at the deadline', () => {
    const alerts = alertsDue(snapshot.episodes, new Date('2025-03-06T09:00:00Z'), config);
    expect(alerts.map((a) => [a.type, a.occurredAt.toISOString()])).toEqual([
      ['DischargeDeadlineBreached', '2025-03-05T09:00:00.000Z'],
    ]);
  });

  it('gives the same eventId whenever and by whomever it is computed', () => {
    const early = alertsDue(snapshot.episodes, new Date('2025-03-06T09:00:00Z'), config);
    const late = alertsDue(snapshot.episodes, new Date('2025-03-09T09:00:00Z'), config);
    expect(late[0]?.eventId).toBe(early[0]?.eventId);
  });

  it('given a time well before the deadline, then nothing is due', () => {
    expect(alertsDue(snapshot.episodes, new Date('2025-03-03T12:00:00Z'), config)).toEqual([]);
  });
});
