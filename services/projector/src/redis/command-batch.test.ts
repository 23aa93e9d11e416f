import { batchCommands } from './command-batch';

describe('batchCommands', () => {
  it('folds commands of one key into one, removals first, sets into one MSET, and keeps the rest', () => {
    expect(
      batchCommands([
        ['ZADD', 'q', 1, 'a'],
        ['HSET', 'e', 'a', '{}'],
        ['ZREM', 'q:site:x', 'a'],
        ['SET', 'person:a', '{"v":1}'],
        ['ZADD', 'q', 2, 'b'],
        ['HSET', 'e', 'b', '[]'],
        ['ZREM', 'q:site:x', 'b'],
        ['SET', 'person:b', '{"v":1}'],
        ['DEL', 'journey:c'],
        ['HINCRBY', 'kpi:nctr', 'f', 1],
      ]),
    ).toEqual([
      ['ZREM', 'q:site:x', 'a', 'b'],
      ['DEL', 'journey:c'],
      ['ZADD', 'q', 1, 'a', 2, 'b'],
      ['HSET', 'e', 'a', '{}', 'b', '[]'],
      ['MSET', 'person:a', '{"v":1}', 'person:b', '{"v":1}'],
      ['HINCRBY', 'kpi:nctr', 'f', 1],
    ]);
  });
});
