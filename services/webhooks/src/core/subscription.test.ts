import { deadLetterTopicOf, endpointProblem, parseSubscription } from './subscription';

const valid = {
  v: 1,
  id: 'e08000012-care-hub',
  laCode: 'E08000012',
  url: 'https://hooks.liverpool.example/homefirst',
  secret: `whsec_${Buffer.alloc(32, 7).toString('base64')}`,
  state: 'active',
  maxAttempts: 12,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};

describe('subscription record', () => {
  it('reads a valid record', () => {
    const parsed = parseSubscription(JSON.stringify(valid));
    expect(parsed).toEqual({ ok: true, subscription: valid });
  });

  it.each([
    ['an unknown version', { ...valid, v: 2 }, /^v:/],
    ['an LA code that is not one', { ...valid, laCode: 'Liverpool' }, /^laCode:/],
    ['a secret not in whsec_ form', { ...valid, secret: 'hunter2' }, /^secret:.*whsec_/],
    ['an unknown state', { ...valid, state: 'deleted' }, /^state:/],
    ['zero attempts', { ...valid, maxAttempts: 0 }, /^maxAttempts:/],
  ])('refuses %s, naming the field and never echoing the secret', (_what, record, reason) => {
    const parsed = parseSubscription(JSON.stringify(record));
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.reason).toMatch(reason);
      expect(parsed.reason).not.toContain(valid.secret);
    }
  });

  it('refuses text that is not JSON', () => {
    expect(parseSubscription('{')).toEqual({ ok: false, reason: 'not JSON' });
  });

  it('names the dead-letter topic of a subscription under the prefix', () => {
    expect(deadLetterTopicOf('', 'abc')).toBe('homefirst.webhooks.abc.dlq.v1');
    expect(deadLetterTopicOf('t1.', 'abc')).toBe('t1.homefirst.webhooks.abc.dlq.v1');
  });
});

describe('endpoint policy', () => {
  it('takes https; plain http only to loopback and only when allowed', () => {
    expect(endpointProblem('https://hooks.example/x', false)).toBeUndefined();
    expect(endpointProblem('http://hooks.example/x', false)).toBe('https is required');
    expect(endpointProblem('http://127.0.0.1:8123/x', false)).toBe('https is required');
    expect(endpointProblem('http://127.0.0.1:8123/x', true)).toBeUndefined();
    expect(endpointProblem('http://localhost/x', true)).toBeUndefined();
    expect(endpointProblem('http://10.0.0.1/x', true)).toBe('https, or http to a loopback address');
  });

  it('refuses credentials in the URL and text that is not a URL', () => {
    expect(endpointProblem('https://user:pw@hooks.example/x', false)).toBe(
      'credentials in the URL are not allowed',
    );
    expect(endpointProblem('not a url', false)).toBe('not a URL');
  });
});
