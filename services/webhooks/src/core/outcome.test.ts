import { outcomeOfStatus, reasonOf } from './outcome';

describe('attempt outcome', () => {
  it('counts only 2xx as delivered (redirects are not followed)', () => {
    expect(outcomeOfStatus(200).kind).toBe('delivered');
    expect(outcomeOfStatus(204).kind).toBe('delivered');
    expect(outcomeOfStatus(301).kind).toBe('rejected');
    expect(outcomeOfStatus(410).kind).toBe('rejected');
    expect(outcomeOfStatus(503).kind).toBe('rejected');
  });

  it('gives a reason made of a status or a failure class only', () => {
    expect(reasonOf({ kind: 'rejected', status: 503 })).toBe('HTTP 503');
    expect(reasonOf({ kind: 'timeout' })).toBe('timeout');
    expect(reasonOf({ kind: 'unreachable', code: 'ECONNREFUSED' })).toBe('unreachable ECONNREFUSED');
  });
});
