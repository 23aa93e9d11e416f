import type { IncomingMessage, ServerResponse } from 'node:http';
import cookie from '@fastify/cookie';
import helmet from 'helmet';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import { problem, type Logger } from '@homefirst/runtime';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyRequest } from 'fastify';
import type { Principal } from './auth/principal';
import type { SessionCodec } from './auth/session';
import type { TokenVerifier } from './auth/verify';
import { replyWithProblem, sendProblem } from './problem';

/**
 * The headers a connect-style middleware sets on a response, found by running it once on a stand-in that only
 * records them. For a middleware whose headers depend on its options alone (helmet with fixed directives, as
 * here); throws if it fails or does anything else with the response.
 */
export function headersSetBy(
  middleware: (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void,
): readonly (readonly [string, string | number | readonly string[]])[] {
  const headers = new Map<string, string | number | readonly string[]>();
  const recorder = {
    setHeader: (name: string, value: string | number | readonly string[]) => {
      headers.set(name, value);
    },
    removeHeader: (name: string) => {
      headers.delete(name);
    },
  };
  let finished = false;
  // Only setHeader and removeHeader are there: a middleware reaching for anything else throws here, at start-up.
  middleware({} as IncomingMessage, recorder as unknown as ServerResponse, (err) => {
    if (err !== undefined) throw err instanceof Error ? err : new Error('the middleware failed');
    finished = true;
  });
  if (!finished) throw new Error('the middleware did not finish at once: its headers are not fixed');
  return [...headers];
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the authentication hook on every /api route. */
    principal?: Principal;
  }
}

export interface ServerOptions {
  readonly logger: Logger;
  readonly verifyToken: TokenVerifier;
  /**
   * Sign-in sessions (OpenID Connect), when configured: the cookie's name, how to open it, and the
   * issuer's origin (the board's sign-out form is redirected there, which its CSP must allow).
   */
  readonly sessions?: {
    readonly cookieName: string;
    readonly codec: SessionCodec;
    readonly issuerOrigin: string;
  };
  readonly rateLimitPerMinute: number;
  readonly version?: string;
}

/**
 * A request as its log line shows it: the path without the query string, which can hold an authorization
 * code and state (/auth/callback) or filters.
 */
function requestForLog(request: {
  method?: string;
  url?: string;
  host?: string;
  ip?: string;
}): Record<string, unknown> {
  return {
    method: request.method,
    url: (request.url ?? '').split('?')[0],
    host: request.host,
    remoteAddress: request.ip,
  };
}

/** The principal of an authenticated request (the /api hook guarantees one). */
export function principalOf(request: FastifyRequest): Principal {
  if (request.principal === undefined) throw new Error('route is not behind the authentication hook');
  return request.principal;
}

/**
 * The HTTP shell: security headers, rate limit per caller, authentication on everything under /api (a
 * bearer token, or else the signed-in person's session cookie), problem+json errors, and an OpenAPI 3 document built from the route schemas (/openapi.json).
 * Routes are added by the caller (routes/*.ts) before `ready()`.
 */
export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  const app = Fastify({
    // pino's Logger is a FastifyBaseLogger; widening it keeps the instance's default logger type.
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- needed by tsc (Fastify's generic inference), not by lint
    loggerInstance: options.logger.child({}, { serializers: { req: requestForLog } }) as FastifyBaseLogger,
    bodyLimit: 64 * 1024,
    // Identifiers live in paths (personKey, never an NHS number); query strings are not logged.
    requestIdHeader: 'x-correlation-id',
    genReqId: () => crypto.randomUUID(),
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: false } },
  });
  app.setErrorHandler((err, request, reply) => sendProblem(err, request, reply));
  app.setNotFoundHandler((request, reply) =>
    replyWithProblem(
      reply,
      problem(404, 'NOT_FOUND', `no route ${request.method} ${request.url.split('?')[0] ?? ''}`),
    ),
  );

  // Security headers (helmet). Their values follow from the options alone, so they are worked out once and each
  // response gets them set directly: helmet's middleware runs a dozen functions per request for the same result.
  const securityHeaders = headersSetBy(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          connectSrc: ["'self'"],
          formAction: ["'self'", ...(options.sessions === undefined ? [] : [options.sessions.issuerOrigin])],
        },
      },
    }),
  );
  app.addHook('onRequest', (_request, reply, done) => {
    // On the raw response, as helmet sets them, so a hijacked reply (the event stream) has them too.
    for (const [name, value] of securityHeaders) reply.raw.setHeader(name, value);
    done();
  });
  await app.register(cookie);
  const sessions = options.sessions;
  const sessionOf = (request: FastifyRequest): string | undefined =>
    sessions === undefined ? undefined : request.cookies[sessions.cookieName];
  await app.register(rateLimit, {
    max: options.rateLimitPerMinute,
    timeWindow: '1 minute',
    // Per caller when authenticated, else per address.
    keyGenerator: (request) => request.headers.authorization ?? sessionOf(request) ?? request.ip,
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Homefirst Hub query API',
        version: options.version ?? '0.1.0',
        description:
          'Read models of the hub — delayed-transfer queue, 48-hour discharge tracker, journeys and flow KPIs — for discharge hubs and council teams. Every /api call needs a bearer token or a signed-in session cookie from /auth/login (roles trust, council, analyst, admin; org scope by ODS or LA code).',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
      security: [{ bearer: [] }],
    },
  });

  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith('/api/')) return;
    // A bearer token (machine clients) wins; a browser without one uses its session.
    const session = request.headers.authorization === undefined ? sessionOf(request) : undefined;
    request.principal =
      session !== undefined && sessions !== undefined
        ? await sessions.codec.open(session)
        : await options.verifyToken(request.headers.authorization);
  });

  app.get('/openapi.json', { schema: { hide: true } }, () => Promise.resolve(app.swagger()));
  app.get('/healthz', { schema: { hide: true } }, () => Promise.resolve({ status: 'ok' }));
  return app;
}
