import { z } from 'zod';
import { openHeld, sealHeld } from './held-envelope';

const payload = z.object({ hl7: z.string() });

describe('held envelope', () => {
  it('opens an item of its owner, tells another owner apart and calls the rest unreadable', () => {
    expect(openHeld('hl7v2', payload, sealHeld('hl7v2', { hl7: 'MSH' }))).toEqual({
      kind: 'ours',
      payload: { hl7: 'MSH' },
    });
    expect(openHeld('hl7v2', payload, sealHeld('fhir', { unit: {} }))).toEqual({
      kind: 'foreign',
      owner: 'fhir',
    });
    expect(openHeld('hl7v2', payload, 'not json')).toEqual({ kind: 'unreadable', problem: 'not JSON' });
    expect(openHeld('hl7v2', payload, '{"v":2,"owner":"hl7v2","payload":{}}').kind).toBe('unreadable');
    expect(openHeld('hl7v2', payload, sealHeld('hl7v2', { hl7: 7 }))).toMatchObject({
      kind: 'unreadable',
      problem: expect.stringMatching(/^payload: hl7/) as unknown,
    });
  });

  it('reads the layouts written before the envelope: FHIR {owner, format} and HL7 {v, hl7}', () => {
    const fhirBefore = JSON.stringify({ owner: 'fhir', format: 1, system: 's', correlationId: 'c' });
    expect(openHeld('fhir', z.object({ system: z.string() }), fhirBefore)).toEqual({
      kind: 'ours',
      payload: { system: 's' },
    });
    expect(openHeld('hl7v2', payload, fhirBefore)).toEqual({ kind: 'foreign', owner: 'fhir' });
    const hl7Before = JSON.stringify({ v: 1, rawEventId: 'r', hl7: 'MSH' });
    expect(openHeld('hl7v2', payload, hl7Before)).toEqual({ kind: 'ours', payload: { hl7: 'MSH' } });
    expect(openHeld('fhir', payload, hl7Before)).toEqual({ kind: 'foreign', owner: 'hl7v2' });
  });
});
