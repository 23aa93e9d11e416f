import { COUNCIL, PersonStory, TRUST, testNhsNumber } from '../testing/corpus';
import type { ProjectedEvent } from './journal';
import { compareEntries, toJournalEntry } from './journal';
import { foldFacts } from './facts';

// The fold composes one evolve per stream: given a person's events (in any arrival order), then facts.

const foldOf = (...events: ProjectedEvent[]) => foldFacts(events.map(toJournalEntry).sort(compareEntries));
const at = (iso: string): number => Date.parse(iso);

describe('foldFacts', () => {
  it('given both streams interleaved, then spells hold the hospital side and referrals the council side', () => {
    const p = new PersonStory(testNhsNumber(900));
    const facts = foldOf(
      p.referred('2025-03-03T10:00:00Z'),
      p.admitted('2025-03-01T10:00:00Z'),
      p.packageRequested('2025-03-03T12:00:00Z'),
      p.ready('2025-03-03T09:00:00Z'),
      p.sourced('2025-03-04T08:00:00Z', '2025-03-06'),
      p.discharged('2025-03-06T10:00:00Z'),
    );
    expect(facts.spells).toHaveLength(1);
    expect(facts.spells[0]).toMatchObject({
      trustCode: TRUST,
      admittedAt: at('2025-03-01T10:00:00Z'),
      status: 'DISCHARGED',
      dischargedAt: at('2025-03-06T10:00:00Z'),
    });
    expect(facts.spells[0]?.episodes).toEqual([
      expect.objectContaining({
        readyAt: at('2025-03-03T09:00:00Z'),
        endedAt: at('2025-03-06T10:00:00Z'),
        ending: 'DISCHARGED',
      }),
    ]);
    expect(facts.referrals).toHaveLength(1);
    expect(facts.referrals[0]).toMatchObject({ councilCode: COUNCIL, pathway: 'P1' });
    expect(facts.referrals[0]?.packages).toEqual([
      expect.objectContaining({
        requestedAt: at('2025-03-03T12:00:00Z'),
        sourcedAt: at('2025-03-04T08:00:00Z'),
        plannedStartDate: '2025-03-06',
      }),
    ]);
    expect(facts.diedAt).toBeNull();
  });

  it('given a brokerage event before its request, then the package counts as requested from that event', () => {
    const p = new PersonStory(testNhsNumber(901));
    const facts = foldOf(
      p.providerOffered('2025-03-04T08:00:00Z'),
      p.providerDeclined('2025-03-04T09:00:00Z'),
    );
    expect(facts.referrals[0]?.packages).toEqual([
      expect.objectContaining({ requestedAt: at('2025-03-04T08:00:00Z'), offers: 1, declines: 1 }),
    ]);
  });

  it('given a death in hospital, then the spell, its open episode and the person all record it', () => {
    const p = new PersonStory(testNhsNumber(902));
    const died = '2025-03-05T02:00:00Z';
    const facts = foldOf(p.died(died), p.ready('2025-03-03T09:00:00Z'), p.admitted('2025-03-01T10:00:00Z'));
    expect(facts.diedAt).toBe(at(died));
    expect(facts.spells[0]).toMatchObject({ status: 'DIED', diedAt: at(died) });
    expect(facts.spells[0]?.episodes[0]).toMatchObject({
      ending: 'DIED',
      endedAt: at(died),
    });
  });
});
