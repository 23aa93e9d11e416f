import { ParsedCache } from './parsed-cache';

describe('ParsedCache', () => {
  const counting = () => {
    const calls: string[] = [];
    const cache = new ParsedCache((text: string, field: string) => {
      calls.push(field);
      return { field, value: JSON.parse(text) as unknown };
    }, 3);
    return { cache, calls };
  };

  it('given the same stored text twice, when read, then it is parsed once and the same value answered', () => {
    const { cache, calls } = counting();
    const [first] = cache.values(['a'], ['{"n":1}']);
    const [again] = cache.values(['a'], ['{"n":1}']);
    expect(again).toBe(first);
    expect(calls).toEqual(['a']);
  });

  it('given a changed text for the same field, when read, then the new text is parsed (never the old value)', () => {
    const { cache } = counting();
    cache.values(['a'], ['{"n":1}']);
    expect(cache.values(['a'], ['{"n":2}'])).toEqual([{ field: 'a', value: { n: 2 } }]);
  });

  it('given nulls among the texts (fields no longer stored), when read, then they are left out, order kept', () => {
    const { cache } = counting();
    expect(cache.values(['a', 'b', 'c'], ['{"n":1}', null, '{"n":3}']).map((v) => v.field)).toEqual([
      'a',
      'c',
    ]);
  });

  it('given more distinct texts than it holds, when read, then it empties and stays bounded, answers stay right', () => {
    const { cache, calls } = counting();
    const texts = ['1', '2', '3', '4', '5'];
    expect(cache.values(texts, texts).map((v) => v.value)).toEqual([1, 2, 3, 4, 5]);
    expect(cache.size).toBeLessThanOrEqual(3);
    expect(cache.values(['5'], ['5'])).toEqual([{ field: '5', value: 5 }]);
    expect(calls).toHaveLength(5);
  });

  it('given a text the parser refuses, when read, then the error reaches the caller and nothing is remembered', () => {
    const cache = new ParsedCache((text: string) => {
      if (text === 'bad') throw new Error('unreadable');
      return text;
    });
    expect(() => cache.values(['x'], ['bad'])).toThrow('unreadable');
    expect(cache.size).toBe(0);
  });

  it('given texts as bytes, when read again unchanged, then parsed once; changed bytes are parsed afresh', () => {
    const { cache, calls } = counting();
    const [first] = cache.values(['a'], [Buffer.from('{"n":1}')]);
    expect(cache.values(['a'], [Buffer.from('{"n":1}')])[0]).toBe(first);
    expect(cache.values(['a'], [Buffer.from('{"n":2}')])).toEqual([{ field: 'a', value: { n: 2 } }]);
    expect(calls).toEqual(['a', 'a']);
  });

  it('given bytes that are a view of a buffer later reused, then what it kept is its own copy', () => {
    const { cache } = counting();
    const socketBuffer = Buffer.from('{"n":1}');
    cache.values(['a'], [socketBuffer]);
    socketBuffer.write('{"n":9}'); // the connection's buffer filled again with other bytes
    expect(cache.values(['a'], [Buffer.from('{"n":1}')])).toEqual([{ field: 'a', value: { n: 1 } }]);
    expect(cache.values(['a'], [Buffer.from('{"n":9}')])).toEqual([{ field: 'a', value: { n: 9 } }]);
  });
});
