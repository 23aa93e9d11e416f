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
});
