import { requestsOf } from './requests';

describe('requestsOf: a transaction in produce requests under the size limit', () => {
  it('keeps small transactions in one request and splits large ones, order kept', () => {
    const message = (kb: number, key: string) => ({ key, value: Buffer.alloc(kb * 1024) });
    expect(requestsOf([{ topic: 'a', messages: [message(1, '1')] }])).toHaveLength(1);
    const big = requestsOf([
      { topic: 'a', messages: [message(300, '1'), message(300, '2')] },
      { topic: 'b', messages: [message(100, '3'), message(600, '4')] },
    ]);
    expect(big.map((request) => request.map((t) => [t.topic, t.messages.map((m) => m.key)]))).toEqual([
      [['a', ['1']]],
      [
        ['a', ['2']],
        ['b', ['3']],
      ],
      [['b', ['4']]],
    ]);
    expect(requestsOf([])).toEqual([]);
  });

  it('puts at most 500 records in a request, however small (requests of up to 100,000 routed no faster)', () => {
    const messages = Array.from({ length: 1_201 }, (_, i) => ({ key: String(i), value: Buffer.alloc(10) }));
    const requests = requestsOf([
      { topic: 'a', messages: messages.slice(0, 700) },
      { topic: 'b', messages: messages.slice(700) },
    ]);
    const sizes = requests.map((request) => request.reduce((n, t) => n + t.messages.length, 0));
    expect(sizes).toEqual([500, 500, 201]);
    expect(requests.flat().flatMap((t) => t.messages.map((m) => m.key))).toEqual(messages.map((m) => m.key));
    expect(requests[1]?.map((t) => t.topic)).toEqual(['a', 'b']);
  });
});
