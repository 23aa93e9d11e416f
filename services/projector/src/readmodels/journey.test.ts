import { PersonStory, testNhsNumber } from '../testing/corpus';
import { given } from '../testing/spec';

// Journeys: per person, both streams in order, and days away from home.

const person = (n: number): PersonStory => new PersonStory(testNhsNumber(200 + n));

describe('journeys', () => {
  it('given hospital and council events, then the journey holds both streams in event-time order, without NHS numbers in lines', () => {
    const p = person(0);
    const { journeys } = given(
      p.discharged('2025-03-05T10:00:00Z'),
      p.referred('2025-03-03T12:00:00Z'),
      p.admitted('2025-03-01T10:00:00Z'),
      p.ready('2025-03-03T09:00:00Z'),
      p.reablementStarted('2025-03-05T15:00:00Z'),
    ).at('2025-03-06T09:00:00Z');
    const journey = journeys[0];
    expect(journey?.events.map((e) => [e.stream, e.type])).toEqual([
      ['hospital', 'PatientAdmitted'],
      ['hospital', 'DischargeReadyDeclared'],
      ['council', 'ReferralReceived'],
      ['hospital', 'PatientDischarged'],
      ['council', 'ReablementStarted'],
    ]);
    expect(journey?.nhsNumber).toBe(p.nhsNumber);
    expect(JSON.stringify(journey?.events)).not.toContain(p.nhsNumber);
    expect(journey?.events[0]?.summary).toBe('Admitted to REM01 WARD 7Y B4 (inpatient), spell ' + p.spellId);
  });

  it('given a discharge home, then days away from home run from admission to discharge', () => {
    const p = person(1);
    const { journeys } = given(
      p.admitted('2025-03-01T10:00:00Z'),
      p.discharged('2025-03-05T22:00:00Z', 'P0'),
    ).at('2025-04-01T00:00:00Z');
    expect(journeys[0]?.daysAwayFromHome).toBe(4.5);
    expect(journeys[0]?.awayPeriods[0]).toMatchObject({ endedBy: 'HOME', includesIntermediateCare: false });
  });

  it('given a discharge into a bed-based intermediate-care stay, then the days away include the stay until home', () => {
    const p = person(2);
    const { journeys } = given(
      p.admitted('2025-03-01T10:00:00Z'),
      p.ready('2025-03-03T10:00:00Z', { pathway: 'P2' }),
      p.referred('2025-03-03T11:00:00Z', 'P2'),
      p.discharged('2025-03-05T10:00:00Z', 'P2', 'DD56_CARE_HOME_WITHOUT_NURSING'),
      p.reablementStarted('2025-03-05T12:00:00Z', 'BED_BASED'),
      p.reablementEnded('2025-03-19T10:00:00Z', 'NO_ONGOING_SUPPORT'),
    ).at('2025-04-01T00:00:00Z');
    expect(journeys[0]?.daysAwayFromHome).toBe(18);
    expect(journeys[0]?.awayPeriods[0]).toMatchObject({
      to: '2025-03-19T10:00:00.000Z',
      endedBy: 'HOME',
      includesIntermediateCare: true,
    });
  });

  it('given a person still in hospital, then days away count to now', () => {
    const p = person(3);
    const { journeys } = given(p.admitted('2025-03-01T10:00:00Z')).at('2025-03-03T22:00:00Z');
    expect(journeys[0]?.daysAwayFromHome).toBe(2.5);
  });

  it('given two stays, then days away add up and a care-home discharge ends a period', () => {
    const p = person(4);
    const second = new PersonStory(p.nhsNumber, { spellId: 'V-SECOND' });
    const { journeys } = given(
      p.admitted('2025-03-01T10:00:00Z'),
      p.discharged('2025-03-02T10:00:00Z', 'P0'),
      second.admitted('2025-04-01T10:00:00Z'),
      second.discharged('2025-04-04T10:00:00Z', 'P3', 'DD55_CARE_HOME_WITH_NURSING'),
    ).at('2025-05-01T00:00:00Z');
    expect(journeys[0]?.daysAwayFromHome).toBe(4);
    expect(journeys[0]?.awayPeriods.map((period) => period.endedBy)).toEqual(['HOME', 'CARE_HOME']);
  });
});
