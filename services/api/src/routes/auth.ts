import { ForbiddenError, UnauthenticatedError } from '@homefirst/runtime';
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { LoginTransaction } from '../auth/oidc-client';
import type { SignIn } from '../auth/sign-in';
import { ProblemSchema } from '../problem';

/** A login that is not completed within this long must start again. */
const LOGIN_TTL_MS = 10 * 60_000;
const LOGIN = 'homefirst-login';

const LoginQuery = Type.Object({ returnTo: Type.Optional(Type.String({ maxLength: 512 })) });
const CallbackQuery = Type.Object(
  {
    code: Type.Optional(Type.String({ maxLength: 2048 })),
    state: Type.Optional(Type.String({ maxLength: 512 })),
    error: Type.Optional(Type.String({ maxLength: 256 })),
  },
  { additionalProperties: true },
);
const SessionView = Type.Object({
  subject: Type.String(),
  role: Type.String(),
  org: Type.Union([Type.String(), Type.Null()]),
});

/** Only a path on this site (no scheme, no `//host`), so sign-in cannot be used as an open redirect. */
const safeReturnTo = (path: string | undefined): string =>
  path !== undefined && /^\/(?![/\\])[\w\-./?=&%#]*$/.test(path) ? path : '/board';

/**
 * Whether a state-changing request comes from this site: by Fetch Metadata (`Sec-Fetch-Site`, sent by
 * current browsers), else by `Origin`. An `Origin: null` passes the second test: browsers send it for
 * same-origin form posts from pages with `Referrer-Policy: no-referrer` (as the board's).
 */
function fromThisSite(headers: FastifyRequest['headers']): boolean {
  const site = headers['sec-fetch-site'];
  if (typeof site === 'string') return site === 'same-origin' || site === 'none';
  const origin = headers.origin;
  if (origin === undefined || origin === 'null') return true;
  return URL.canParse(origin) && new URL(origin).host === headers.host;
}

const noStore = (reply: FastifyReply): FastifyReply =>
  reply.header('Cache-Control', 'no-store').header('Referrer-Policy', 'no-referrer');

/**
 * Sign-in for people: the API is the OpenID Connect client and keeps every token on the server side.
 * GET /auth/login → the issuer; GET /auth/callback ← the issuer, sets the session cookie; POST
 * /auth/logout clears it (and ends the issuer's session where it can); GET /auth/session says who is signed in.
 */
export function registerAuthRoutes(app: FastifyInstance, options: SignIn): void {
  const { client, sealer, sessions, cookies, config } = options;

  app.get<{ Querystring: Static<typeof LoginQuery> }>(
    '/auth/login',
    { schema: { hide: true, querystring: LoginQuery } },
    async (request, reply) => {
      const { url, transaction } = await client.begin(safeReturnTo(request.query.returnTo));
      const sealed = await sealer.seal({ ...transaction }, LOGIN_TTL_MS, LOGIN);
      return noStore(reply)
        .setCookie(cookies.login, sealed, cookies.options('lax', LOGIN_TTL_MS))
        .redirect(url.href, 302);
    },
  );

  app.get<{ Querystring: Static<typeof CallbackQuery> }>(
    '/auth/callback',
    { schema: { hide: true, querystring: CallbackQuery } },
    async (request, reply) => {
      const sealed = request.cookies[cookies.login];
      noStore(reply).clearCookie(cookies.login, { path: '/' });
      if (sealed === undefined)
        throw new UnauthenticatedError(
          'sign-in not in progress or started in another browser: start again at /auth/login',
        );
      const opened = await sealer.open(sealed, LOGIN, 'sign-in');
      const transaction: LoginTransaction = {
        state: String(opened.state),
        nonce: String(opened.nonce),
        codeVerifier: String(opened.codeVerifier),
        returnTo: safeReturnTo(typeof opened.returnTo === 'string' ? opened.returnTo : undefined),
      };
      // The URL the issuer redirected to, as registered (the API may sit behind a proxy).
      const callbackUrl = new URL(config.redirectUri);
      callbackUrl.search = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
      const principal = await client.complete(callbackUrl, transaction);
      request.log.info({ subject: principal.subject, role: principal.role, org: principal.org }, 'signed in');
      return reply
        .setCookie(cookies.session, await sessions.seal(principal), cookies.options('strict', sessions.ttlMs))
        .redirect(transaction.returnTo, 303);
    },
  );

  // The board's sign-out is a plain HTML form: accept its (empty) urlencoded body, on this route only.
  void app.register((scope, _opts, done) => {
    scope.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: 1024 },
      (_request, _body, parsed) => parsed(null, {}),
    );
    scope.post('/auth/logout', { schema: { hide: true } }, async (request, reply) => {
      if (!fromThisSite(request.headers)) throw new ForbiddenError('sign-out must come from this site');
      noStore(reply).clearCookie(cookies.session, { path: '/' });
      const endSession = await client.endSessionUrl().catch(() => null);
      return reply.redirect(endSession?.href ?? '/board', 303);
    });
    done();
  });

  app.get(
    '/auth/session',
    {
      schema: {
        // A browser helper for the board, outside the bearer-token API the OpenAPI document describes.
        hide: true,
        summary: 'Who is signed in with the session cookie (401 when nobody is)',
        response: { 200: SessionView, 401: ProblemSchema },
      },
    },
    async (request, reply) => {
      const cookie = request.cookies[cookies.session];
      if (cookie === undefined) throw new UnauthenticatedError('not signed in: sign in at /auth/login');
      const principal = await sessions.open(cookie);
      return noStore(reply).send({ subject: principal.subject, role: principal.role, org: principal.org });
    },
  );
}
