import { binomial, zScore } from '../model/expectations';
import { demoCorpus } from '../testing/corpus';

const { simulation, plan } = demoCorpus();
const feed = simulation.parameters.feed;
const facts = simulation.facts.length;
const within = (count: number, share: number, n: number): void => {
  expect(Math.abs(zScore(count / n, binomial(share, n)))).toBeLessThan(4);
};

describe('feed plan', () => {
  it('delivers every fact exactly once in its clean form, in send order', () => {
    const clean = plan.deliveries.filter((d) => d.dirt !== 'duplicate' && d.dirt !== 'malformed');
    expect(clean.length).toBe(facts);
    expect(new Set(clean.map((d) => d.fact.id)).size).toBe(facts);
    expect(clean.every((d) => d.messageId === d.fact.id)).toBe(true);
    expect(
      plan.deliveries.every(
        (d, i) => d.seq === i && (i === 0 || d.sendAt >= (plan.deliveries[i - 1]?.sendAt ?? d.sendAt)),
      ),
    ).toBe(true);
  });

  it('adds the dirt of real feeds at the rates of the parameters: ~1% resent, ~2% late, ~0.2% malformed', () => {
    within(plan.counts.duplicates, feed.duplicateShare, facts);
    within(plan.counts.late, feed.lateShare, facts);
    within(plan.counts.malformed, feed.malformedShare, facts);
    expect(plan.counts.outOfOrder).toBeGreaterThan(0);
    expect(plan.counts.outOfOrder).toBeLessThanOrEqual(plan.counts.late);
  });

  it('resends a duplicate with the id of its original, after it; sends a late message after it happened', () => {
    const firstSent = new Map<string, number>();
    for (const d of plan.deliveries)
      if (d.dirt !== 'duplicate' && !firstSent.has(d.messageId)) firstSent.set(d.messageId, d.seq);
    const duplicates = plan.deliveries.filter((d) => d.dirt === 'duplicate');
    expect(duplicates.every((d) => (firstSent.get(d.messageId) ?? Infinity) < d.seq)).toBe(true);
    expect(plan.deliveries.filter((d) => d.dirt === 'late').every((d) => d.sendAt > d.fact.at)).toBe(true);
    // Nothing is left waiting after the span: the dirt that would go later goes at the end.
    expect(plan.deliveries.every((d) => d.sendAt <= simulation.end)).toBe(true);
  });

  it('sends each malformed message under its own id before the corrected one', () => {
    const malformed = plan.deliveries.filter((d) => d.dirt === 'malformed');
    expect(malformed.length).toBe(plan.counts.malformed);
    for (const bad of malformed) {
      expect(bad.messageId).toBe(`${bad.fact.id}M`);
      const corrected = plan.deliveries.find((d) => d.dirt === 'corrected' && d.fact.id === bad.fact.id);
      expect(corrected?.seq).toBeGreaterThan(bad.seq);
    }
  });

  it('splits the trust feed by person, ~70% HL7 v2 and ~30% FHIR, and sends council facts to the council', () => {
    const channelOfPerson = new Map<number, string>();
    for (const d of plan.deliveries) {
      if (d.fact.side === 'council') expect(d.channel).toBe('COUNCIL');
      else {
        const seen = channelOfPerson.get(d.fact.person.index);
        expect(seen === undefined || seen === d.channel).toBe(true);
        channelOfPerson.set(d.fact.person.index, d.channel);
      }
    }
    const people = channelOfPerson.size;
    within([...channelOfPerson.values()].filter((c) => c === 'HL7V2').length, feed.hl7v2Share, people);
  });
});
