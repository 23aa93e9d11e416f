import { corpus, parse } from '../testing/corpus';
import { deserializeHeld, isOurs, serializeHeld } from './held';

describe('held Encounters', () => {
  it('survive the round trip through Redis text with their dates intact', () => {
    const [unit] = parse(corpus('encounter-discharged')).units;
    if (!unit) throw new Error('corpus has no unit');
    const held = {
      unit,
      system: 'fhir-rest',
      correlationId: 'c-1',
      receivedAt: new Date('2025-01-11T15:51:00Z'),
    };
    expect(deserializeHeld(serializeHeld(held))).toEqual(held);
  });

  it('are told apart from items another connector holds in a shared index', () => {
    expect(isOurs('{"format":1,"segments":"MSH|^~\\&|PAS"}')).toBe(false);
    expect(isOurs('not json')).toBe(false);
    expect(() => deserializeHeld('{"format":1}')).toThrow(/not a held Encounter/);
  });
});
