import { PersonStory, testNhsNumber } from '../testing/corpus';
import { given } from '../testing/spec';
import { finalPeriodStart } from '../person/hospital-facts';

// The DRD the long-delay cohort counts from is the start of the *final* period of not meeting the criteria
// to reside: "if the patient meets the criteria again, the DRD moves" (NHS England, "Discharge ready date:
// guidance, examples and FAQs"). A PAS often re-sends the first DRD on the A08s after a withdrawal; the hub
// then moves it to the day the patient last met the criteria (the earliest the final period can start, as
// the 48-hour clock already did).

const person = (n: number): PersonStory => new PersonStory(testNhsNumber(700 + n));

describe('the DRD of the final period of not meeting the criteria', () => {
  it('given ready on 1 March, withdrawn on 10 March, re-declared on 12 March with the old DRD, then the DRD is 10 March and the person is not in the 21+ cohort on 22 March', () => {
    const p = person(0);
    const { snapshot } = given(
      p.admitted('2025-02-25T10:00:00Z'),
      p.ready('2025-03-01T09:00:00Z', { drd: '2025-03-01', readyAt: null }),
      p.withdrawn('2025-03-10T15:00:00Z'),
      p.ready('2025-03-12T11:00:00Z', { drd: '2025-03-01', readyAt: null }),
    );
    const { queue } = given(
      p.admitted('2025-02-25T10:00:00Z'),
      p.ready('2025-03-01T09:00:00Z', { drd: '2025-03-01', readyAt: null }),
      p.withdrawn('2025-03-10T15:00:00Z'),
      p.ready('2025-03-12T11:00:00Z', { drd: '2025-03-01', readyAt: null }),
    ).at('2025-03-22T12:00:00Z');
    expect(queue.items[0]).toMatchObject({
      dischargeReadyDate: '2025-03-10',
      readySince: '2025-03-10T15:00:00.000Z',
      excessBedDays: 12,
      longDelay: false,
    });
    expect(queue.longDelayCount).toBe(0);
    // The tracker's episodes: the withdrawn one keeps its DRD, the open one has the moved DRD.
    expect(snapshot.episodes.map((e) => [e.dischargeReadyDate, e.ending])).toEqual([
      ['2025-03-01', 'WITHDRAWN'],
      ['2025-03-10', null],
    ]);
  });

  it('given the re-sent old DRD arrives as a correction of the open episode, then it is moved too', () => {
    const p = person(1);
    const { queue } = given(
      p.admitted('2025-02-25T10:00:00Z'),
      p.ready('2025-03-01T09:00:00Z', { drd: '2025-03-01', readyAt: null }),
      p.withdrawn('2025-03-10T15:00:00Z'),
      p.ready('2025-03-11T09:00:00Z', { drd: '2025-03-11', readyAt: null }),
      p.ready('2025-03-12T11:00:00Z', { drd: '2025-03-01', readyAt: null }),
    ).at('2025-03-22T12:00:00Z');
    expect(queue.items[0]).toMatchObject({ dischargeReadyDate: '2025-03-10', excessBedDays: 12 });
  });

  it('given a new DRD after the withdrawal, then it is kept as sent', () => {
    const p = person(2);
    const { queue } = given(
      p.admitted('2025-02-25T10:00:00Z'),
      p.ready('2025-03-01T09:00:00Z', { drd: '2025-03-01', readyAt: null }),
      p.withdrawn('2025-03-10T15:00:00Z'),
      p.ready('2025-03-12T11:00:00Z', { drd: '2025-03-11', readyAt: null }),
    ).at('2025-04-01T12:00:00Z');
    expect(queue.items[0]).toMatchObject({
      dischargeReadyDate: '2025-03-11',
      readySince: '2025-03-11T00:00:00.000Z',
      excessBedDays: 21,
      longDelay: true,
    });
  });

  it('given never withdrawn, then a back-dated DRD is kept: 21 days from 1 March is in the cohort on 22 March', () => {
    const p = person(3);
    const { queue } = given(
      p.admitted('2025-02-25T10:00:00Z'),
      p.ready('2025-03-04T11:00:00Z', { drd: '2025-03-01', readyAt: null }),
    ).at('2025-03-22T12:00:00Z');
    expect(queue.items[0]).toMatchObject({ dischargeReadyDate: '2025-03-01', longDelay: true });
    expect(queue.longDelayCount).toBe(1);
  });

  it('given a withdrawal late on a BST evening, then the moved DRD is its London date', () => {
    const withdrawnAt = Date.parse('2025-06-10T23:30:00Z'); // 00:30 on 11 June in London
    expect(finalPeriodStart(Date.parse('2025-06-01T00:00:00Z'), '2025-06-01', withdrawnAt)).toEqual({
      readyAt: withdrawnAt,
      dischargeReadyDate: '2025-06-11',
    });
  });
});
