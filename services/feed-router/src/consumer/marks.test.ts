import type { KafkaMessage } from 'kafkajs';
import { markRecord, roleOfMarkKey, RoutedMarks } from './marks';

const at = (...offsets: number[]): KafkaMessage[] =>
  offsets.map((offset) => ({ offset: String(offset) }) as KafkaMessage);
const offsetsOf = (messages: readonly KafkaMessage[]): number[] => messages.map((m) => Number(m.offset));

describe('routing marks', () => {
  it('round-trips a mark through its state topic record, apart from person keys', () => {
    const record = markRecord('council', 4, '1234');
    expect(record).toEqual({ key: '@routed/council', value: Buffer.from('1234'), partition: 4 });
    expect(roleOfMarkKey(String(record.key))).toBe('council');
    expect(roleOfMarkKey('@routed/hospital')).toBe('hospital');
    // Person keys are base64url digests (22 characters, no '@').
    expect(roleOfMarkKey('hSmHqf4nwIf-8yLupbRrkw')).toBeUndefined();
    expect(roleOfMarkKey('@routed/other')).toBeUndefined();
  });

  it('skips records below the mark of their own input partition only, and counts them', () => {
    const counts = { skipped: 0 };
    const marks = new RoutedMarks(counts);
    marks.set('council', 1, Buffer.from('12'));
    expect(offsetsOf(marks.unrouted('council', 1, at(8, 9, 10)))).toEqual([]);
    expect(offsetsOf(marks.unrouted('council', 1, at(11, 12, 13)))).toEqual([12, 13]);
    expect(offsetsOf(marks.unrouted('hospital', 1, at(3, 4)))).toEqual([3, 4]);
    expect(offsetsOf(marks.unrouted('council', 2, at(0, 1)))).toEqual([0, 1]);
    expect(counts.skipped).toBe(4);
  });

  it('once a batch starts at or past the mark, lets every later batch through', () => {
    const marks = new RoutedMarks({ skipped: 0 });
    marks.set('hospital', 0, Buffer.from('5'));
    expect(offsetsOf(marks.unrouted('hospital', 0, at(5, 6)))).toEqual([5, 6]);
    // A seek back (a later rejoin) restores the marks first: without one, nothing is filtered.
    expect(offsetsOf(marks.unrouted('hospital', 0, at(0, 1)))).toEqual([0, 1]);
  });

  it('keeps the latest mark read for a partition and forgets all on clear', () => {
    const marks = new RoutedMarks({ skipped: 0 });
    marks.set('council', 0, Buffer.from('3'));
    marks.set('council', 0, Buffer.from('7'));
    expect(offsetsOf(marks.unrouted('council', 0, at(5, 6, 7)))).toEqual([7]);
    marks.set('council', 0, Buffer.from('7'));
    marks.clear();
    expect(offsetsOf(marks.unrouted('council', 0, at(5, 6, 7)))).toEqual([5, 6, 7]);
  });

  it('refuses a mark that is not an offset', () => {
    const marks = new RoutedMarks({ skipped: 0 });
    expect(() => marks.set('council', 3, Buffer.from('{"stays":[]}'))).toThrow(
      'routing mark of council partition 3 is not an offset',
    );
  });
});
