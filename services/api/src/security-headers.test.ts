import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import helmet from 'helmet';
import { headersSetBy } from './server';

type Middleware = Parameters<typeof headersSetBy>[0];

/** What a middleware sets on a real response (node's own ServerResponse), by lower-case name. */
function onRealResponse(middleware: Middleware): Record<string, unknown> {
  const req = new IncomingMessage(new Socket());
  const res = new ServerResponse(req);
  res.setHeader('X-Powered-By', 'something');
  let done = false;
  middleware(req, res, () => {
    done = true;
  });
  expect(done).toBe(true);
  return { ...res.getHeaders() };
}

describe('headersSetBy', () => {
  it('given helmet with fixed directives, then it gives exactly the headers helmet sets on a real response', () => {
    const middleware = helmet({
      contentSecurityPolicy: {
        directives: { defaultSrc: ["'self'"], formAction: ["'self'", 'https://idp.example'] },
      },
    });
    const recorded = Object.fromEntries(
      headersSetBy(middleware).map(([name, value]) => [name.toLowerCase(), value]),
    );
    expect(recorded).toEqual(onRealResponse(middleware));
    expect(recorded['content-security-policy']).toContain('form-action');
    expect(Object.keys(recorded)).toContain('strict-transport-security');
    expect(Object.keys(recorded)).not.toContain('x-powered-by');
  });

  it('given a middleware that fails, then it throws at once', () => {
    expect(() => headersSetBy((_req, _res, next) => next(new Error('bad option')))).toThrow('bad option');
  });

  it('given a middleware that finishes later, then it throws: its headers may depend on the request', () => {
    expect(() => headersSetBy((_req, _res, next) => setImmediate(next))).toThrow('did not finish at once');
  });

  it('given a middleware that reaches for more of the response than its headers, then it throws', () => {
    expect(() =>
      headersSetBy((_req, res, next) => {
        res.end();
        next();
      }),
    ).toThrow();
  });
});
