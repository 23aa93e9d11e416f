import type { z } from 'zod';
import {
  brokerList,
  duration,
  entries,
  flag,
  groupId,
  groupSessionTimeout,
  integer,
  list,
  number,
  oneOf,
  port,
  secret,
  url,
} from './blocks';

/** The single issue message a block gives for `text`, or the parsed value. */
function parse<T>(schema: z.ZodType<T>, text: string): { value: T } | { problem: string } {
  const result = schema.safeParse(text);
  return result.success ? { value: result.data } : { problem: result.error.issues[0]?.message ?? '' };
}

describe('config building blocks', () => {
  it('integer: digits within bounds', () => {
    expect(parse(integer(1, 10), '7')).toEqual({ value: 7 });
    expect(parse(integer(1, 10), '0')).toEqual({ problem: 'must be an integer from 1 to 10 (got "0")' });
    expect(parse(integer(1, 10), '2.5')).toEqual({ problem: 'must be an integer from 1 to 10 (got "2.5")' });
    expect(parse(integer(1, 10), '')).toEqual({ problem: 'must be an integer from 1 to 10 (got "")' });
  });

  it('port: 0 to 65535; blank is an error, never port 0', () => {
    expect(parse(port(), '8080')).toEqual({ value: 8080 });
    expect(parse(port(), '0')).toEqual({ value: 0 });
    expect(parse(port(), '')).toEqual({
      problem: 'must be an integer from 0 to 65535 (0 = choose a free port) (got "")',
    });
    expect(parse(port(), '65536')).toMatchObject({ problem: expect.stringContaining('65535') as unknown });
    expect(parse(port(1), '0')).toEqual({ problem: 'must be an integer from 1 to 65535 (got "0")' });
  });

  it('number: decimals unless whole, with what it counts', () => {
    expect(parse(number('(hours)', 0, 48), '7.5')).toEqual({ value: 7.5 });
    expect(parse(number('(hours)', 0, 48, true), '7.5')).toEqual({
      problem: 'must be an integer (hours) from 0 to 48 (got "7.5")',
    });
    expect(parse(number('(hours)', 0, 48), 'x')).toEqual({
      problem: 'must be a number (hours) from 0 to 48 (got "x")',
    });
  });

  it('groupSessionTimeout and groupId: the consumer group settings every member shares', () => {
    expect(groupSessionTimeout().parse(undefined)).toBe(30_000);
    expect(parse(groupSessionTimeout(), '45000')).toEqual({ value: 45_000 });
    expect(parse(groupSessionTimeout(), '1000')).toEqual({
      problem: 'must be an integer (consumer group session timeout) from 6000 to 300000 (got "1000")',
    });
    expect(groupId('homefirst-x').parse(undefined)).toBe('homefirst-x');
    expect(parse(groupId('homefirst-x'), '')).toMatchObject({ problem: expect.any(String) as unknown });
  });

  it('flag: yes/no words in any case, naming the allowed ones', () => {
    expect(parse(flag(), 'YES')).toEqual({ value: true });
    expect(parse(flag(), ' 0 ')).toEqual({ value: false });
    expect(parse(flag(), 'maybe')).toEqual({
      problem: 'must be one of true, 1, yes, false, 0, no (got "maybe")',
    });
  });

  it('oneOf: lists the allowed values', () => {
    expect(parse(oneOf(['a', 'b']), 'c')).toEqual({ problem: 'must be one of a, b (got "c")' });
  });

  it('list: trimmed, empties dropped', () => {
    expect(parse(list(), ' a, b ,,c ')).toEqual({ value: ['a', 'b', 'c'] });
  });

  it('url: only the given protocols', () => {
    expect(parse(url(['redis:', 'rediss:']), 'rediss://r:6380')).toEqual({ value: 'rediss://r:6380' });
    expect(parse(url(['redis:']), 'http://r')).toEqual({
      problem: 'must be a URL starting with redis:// (got "http://r")',
    });
  });

  it('secret: says its length, never its value', () => {
    const result = parse(secret(32), 'hunter2-short');
    expect(result).toEqual({ problem: 'must be at least 32 characters (got 13)' });
    expect(JSON.stringify(result)).not.toContain('hunter2');
  });

  it('duration: ms, s, m, h or plain seconds', () => {
    expect(parse(duration(), '500ms')).toEqual({ value: 500 });
    expect(parse(duration(), '90')).toEqual({ value: 90_000 });
    expect(parse(duration(), '5m')).toEqual({ value: 300_000 });
    expect(parse(duration(), '1h')).toEqual({ value: 3_600_000 });
    expect(parse(duration(), 'soon')).toEqual({
      problem: 'must be a duration such as 30s, 5m or 1h (got "soon")',
    });
  });

  it('brokerList: host:port pairs', () => {
    expect(parse(brokerList(), 'k0:9092, k1:9093')).toEqual({ value: ['k0:9092', 'k1:9093'] });
    expect(parse(brokerList(), 'k0')).toEqual({
      problem: 'must be a comma-separated list of host:port (got "k0")',
    });
  });

  it('entries: KEY<separator>VALUE items, numbered from 1, split at the first separator', () => {
    expect(parse(entries('='), ' RXN = https://a/b=c ,, bad ')).toEqual({
      value: [
        { position: 1, key: 'RXN', value: 'https://a/b=c', text: 'RXN = https://a/b=c' },
        { position: 2, key: '', value: '', text: 'bad' },
      ],
    });
  });
});
