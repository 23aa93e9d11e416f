import { openHeld, sealHeld } from '@homefirst/runtime';
import { corpus, parse } from '../testing/corpus';
import { FHIR_HELD_OWNER, heldEncounterSchema } from './held';

describe('held Encounters', () => {
  const [unit] = parse(corpus('encounter-discharged')).units;
  if (!unit) throw new Error('corpus has no unit');
  const held = {
    unit,
    system: 'fhir-rest',
    correlationId: 'c-1',
    receivedAt: new Date('2025-01-11T15:51:00Z'),
  };

  it('survive the round trip through Redis text with their dates intact', () => {
    expect(openHeld(FHIR_HELD_OWNER, heldEncounterSchema, sealHeld(FHIR_HELD_OWNER, held))).toEqual({
      kind: 'ours',
      payload: held,
    });
  });

  it('written before the held envelope, are still read', () => {
    const before = JSON.stringify({ owner: 'fhir', format: 1, ...held });
    expect(openHeld(FHIR_HELD_OWNER, heldEncounterSchema, before)).toEqual({ kind: 'ours', payload: held });
  });

  it('are told apart from items another connector holds in a shared index, and from unreadable ones', () => {
    expect(openHeld(FHIR_HELD_OWNER, heldEncounterSchema, sealHeld('hl7v2', { hl7: 'MSH' })).kind).toBe(
      'foreign',
    );
    expect(openHeld(FHIR_HELD_OWNER, heldEncounterSchema, 'not json').kind).toBe('unreadable');
    expect(openHeld(FHIR_HELD_OWNER, heldEncounterSchema, '{"format":1}').kind).toBe('unreadable');
    expect(
      openHeld(FHIR_HELD_OWNER, heldEncounterSchema, sealHeld(FHIR_HELD_OWNER, { ...held, unit: {} })).kind,
    ).toBe('unreadable');
  });
});
