import { Hl7Message } from '@medplum/core';
import { isValidNhsNumber } from '@homefirst/schemas';
import type { HospitalFact } from '../model/facts';
import { cityDefaults } from '../model/parameters';
import { demoCorpus } from '../testing/corpus';
import { renderHl7, truncateHl7 } from './hl7v2';
import { breakCheckDigit } from './wire';

const corpus = demoCorpus();
const hl7 = corpus.messages.filter(({ delivery }) => delivery.channel === 'HL7V2');
const clean = hl7.filter(({ delivery }) => delivery.malformation === null);
const DTM = /^\d{14}[+-]\d{4}$/;

/** The first hospital fact of a kind in the corpus, rendered and parsed. */
function given<K extends HospitalFact['kind']>(
  kind: K,
  where: (fact: Extract<HospitalFact, { kind: K }>) => boolean = () => true,
) {
  const fact = corpus.simulation.facts.find(
    (candidate): candidate is Extract<HospitalFact, { kind: K }> =>
      candidate.side === 'hospital' &&
      candidate.kind === kind &&
      where(candidate as Extract<HospitalFact, { kind: K }>),
  );
  if (fact === undefined) throw new Error(`the corpus has no ${kind}`);
  const text = renderHl7(fact, 'MSG0001', cityDefaults);
  return { fact, text, message: Hl7Message.parse(text) };
}

describe('HL7 v2 ADT renderer', () => {
  it('renders a corpus whose every message parses (Medplum Hl7Message) with a complete header, patient and visit', () => {
    expect(clean.length).toBeGreaterThan(1000);
    const problems: string[] = [];
    for (const { delivery, message } of clean) {
      const parsed = Hl7Message.parse(message.body);
      const msh = parsed.getSegment('MSH');
      const pid = parsed.getSegment('PID');
      const pv1 = parsed.getSegment('PV1');
      const check = (ok: boolean, what: string): void => {
        if (!ok) problems.push(`${delivery.messageId}: ${what}`);
      };
      check(msh?.getComponent(9, 1) === 'ADT', 'MSH-9.1 is ADT');
      check(msh?.getField(10).toString() === delivery.messageId, 'MSH-10 is the message id');
      check(
        msh?.getField(4).toString() === 'RHF' && msh.getField(12).toString() === '2.4',
        'MSH-4 ODS, MSH-12 2.4',
      );
      check(DTM.test(msh?.getField(7).toString() ?? ''), 'MSH-7 is a DTM with offset');
      check(
        parsed.getSegment('EVN')?.getField(1).toString() === msh?.getComponent(9, 2),
        'EVN-1 is the trigger',
      );
      check(
        pid?.getComponent(3, 4, undefined, 0) === 'NHS' && pid.getComponent(3, 5, undefined, 0) === 'NH',
        'PID-3 NHS^NH',
      );
      check(isValidNhsNumber(pid?.getComponent(3, 1, undefined, 0) ?? ''), 'PID-3.1 is a valid NHS number');
      check(pid?.getComponent(3, 5, undefined, 1) === 'MR', 'PID-3 second repetition is the MRN');
      check(pv1?.getComponent(19, 1) === delivery.fact.journeyId, 'PV1-19 is the spell');
      check(pv1?.getField(2).toString() === 'I', 'PV1-2 is I');
      check(DTM.test(pv1?.getField(44).toString() ?? ''), 'PV1-44 admit time');
    }
    expect(problems).toEqual([]);
  });

  it('given a readiness declaration, when rendered, then A08 carries ZDR-1 ready time, ZDR-2 R, ZDR-3 pathway, ZDR-4 reason', () => {
    const { fact, message } = given('ReadyDeclared', (f) => f.delayReason !== null);
    expect(message.getSegment('MSH')?.getComponent(9, 2)).toBe('A08');
    const zdr = message.getSegment('ZDR');
    expect(zdr?.getField(1).toString()).toMatch(DTM);
    expect(zdr?.getField(1).toString().slice(0, 8)).toBe(fact.dischargeReadyDate.replaceAll('-', ''));
    expect(zdr?.getField(2).toString()).toBe('R');
    expect(zdr?.getField(3).toString()).toBe(fact.proposedPathway.slice(1));
    expect(zdr?.getField(4).toString()).toBe(fact.delayReason);
  });

  it('given readiness withdrawn, then ZDR-2 is W and ZDR-5 the two-digit criterion to reside', () => {
    const { fact, message } = given('ReadinessWithdrawn');
    const zdr = message.getSegment('ZDR');
    expect(zdr?.getField(2).toString()).toBe('W');
    expect(zdr?.getField(5).toString()).toBe(fact.criterion.slice(3, 5));
  });

  it('given a transfer, then A02 has the new location in PV1-3 (ward^room^bed^site) and the old one in PV1-6', () => {
    const { fact, message } = given('Transferred');
    const pv1 = message.getSegment('PV1');
    expect(message.getSegment('MSH')?.getComponent(9, 2)).toBe('A02');
    expect(pv1?.getComponent(3, 1)).toBe(fact.spell.location.ward);
    expect(pv1?.getComponent(3, 4)).toBe(fact.spell.location.site);
    expect(pv1?.getComponent(6, 1)).toBe(fact.from.ward);
  });

  it('given a discharge home on P1, then A03 has method 1 in PV1-36, destination 19 in PV1-37, PV1-45 and ZDR-3 1', () => {
    const { message } = given('Discharged', (f) => f.actualPathway === 'P1');
    const pv1 = message.getSegment('PV1');
    expect(pv1?.getField(36).toString()).toBe('1');
    expect(pv1?.getField(37).toString()).toBe('19');
    expect(pv1?.getField(45).toString()).toMatch(DTM);
    expect(message.getSegment('ZDR')?.getField(3).toString()).toBe('1');
    expect(message.getSegment('PV2')).toBeUndefined();
  });

  it('given a death in hospital, then A03 has PID-29 time of death, PID-30 Y, method 4 and destination 79', () => {
    const corpusDeath = corpus.simulation.facts.some((f) => f.kind === 'Discharged' && f.died);
    const { message } = corpusDeath
      ? given('Discharged', (f) => f.died)
      : (() => {
          const base = given('Discharged');
          const fact = {
            ...base.fact,
            died: true,
            destinationCode: '79',
            dischargeMethodCode: '4',
            actualPathway: 'UNKNOWN' as const,
          };
          return { message: Hl7Message.parse(renderHl7(fact, 'MSG0002', cityDefaults)) };
        })();
    const pid = message.getSegment('PID');
    expect(pid?.getField(29).toString()).toMatch(DTM);
    expect(pid?.getField(30).toString()).toBe('Y');
    expect(message.getSegment('PV1')?.getField(36).toString()).toBe('4');
    expect(message.getSegment('PV1')?.getField(37).toString()).toBe('79');
  });

  it('writes local time with its offset: GMT before the clocks change on 30 March 2025, BST after', () => {
    const offsets = new Set(
      clean.map(({ message }) => /\|(\d{14})([+-]\d{4})\|\|ADT/.exec(message.body)?.[2]),
    );
    expect(offsets).toEqual(new Set(['+0000', '+0100']));
  });

  it('given a malformed copy, then it is broken the way the plan says: a failing check digit, or cut off inside PID', () => {
    const { fact, text } = given('Admitted');
    const badNumber = renderHl7(fact, 'MSG0003', cityDefaults, {
      nhsNumberOverride: breakCheckDigit(fact.person.nhsNumber),
    });
    const pid = Hl7Message.parse(badNumber).getSegment('PID');
    expect(isValidNhsNumber(pid?.getComponent(3, 1, undefined, 0) ?? '')).toBe(false);
    const truncated = truncateHl7(text);
    expect(truncated.split('\r').at(-1)).toMatch(/^PID\|1\|\|999\d{3}$/);
    expect(Hl7Message.parse(truncated).getSegment('PV1')).toBeUndefined();
  });
});
