import { DEVELOPMENT_API_TOKEN_SECRET, createLogger } from '@homefirst/runtime';
import type { FastifyInstance } from 'fastify';
import { createTokenVerifier } from '../auth/verify';
import type { ReadModelReader } from '../reader';
import { registerReadRoutes, type ReadRoutesOptions } from '../routes/read-models';
import { registerStreamRoute } from '../routes/stream';
import { buildServer } from '../server';

export interface TestApiOptions extends Partial<Omit<ReadRoutesOptions, 'reader'>> {
  /** Names its logger. */
  readonly name: string;
  readonly reader: ReadModelReader;
  /** Also the live event stream (`/api/v1/stream`). */
  readonly stream?: boolean;
}

/**
 * The API as stack tests use it over HTTP: the read routes (and the stream when asked) on `reader`, bearer
 * tokens of the development secret (`testApiToken`), no audit, on a free loopback port. Close `app` after.
 * (Over HTTP, not light-my-request's inject, which is ESM-only under jest.)
 */
export async function startTestApi(options: TestApiOptions): Promise<{ app: FastifyInstance; base: string }> {
  const { name, reader, stream, ...routes } = options;
  const app = await buildServer({
    logger: createLogger({ name, level: 'warn' }),
    verifyToken: createTokenVerifier({
      kind: 'secret',
      secret: DEVELOPMENT_API_TOKEN_SECRET,
      issuer: 'homefirst-dev',
      audience: 'homefirst-api',
    }),
    rateLimitPerMinute: 10_000,
  });
  registerReadRoutes(app, { audit: () => Promise.resolve(), maxPageSize: 200, ...routes, reader });
  if (stream === true) registerStreamRoute(app, reader);
  return { app, base: await app.listen({ port: 0, host: '127.0.0.1' }) };
}
