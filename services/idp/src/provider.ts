import { generateKeyPairSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Logger } from '@homefirst/runtime';
import Provider, { type Configuration } from 'oidc-provider';
import type { IdpConfig } from './config';
import { loginPage } from './login-page';
import { devUserNamed } from './users';

/** The claims the hub's API maps (its default claim mapping: `role` and `org`), under the `homefirst` scope. */
const HOMEFIRST_SCOPE = 'homefirst';

const sameText = (a: string, b: string): boolean => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

async function formBody(req: IncomingMessage): Promise<URLSearchParams> {
  let text = '';
  for await (const chunk of req) {
    text += String(chunk);
    if (text.length > 8192) throw new Error('form too large');
  }
  return new URLSearchParams(text);
}

/**
 * Pages of our own: no script, no frames. `form-action` must also allow the client's origins, because
 * browsers check it on every redirect after the form is posted, and the last one goes to the client's
 * redirect URI.
 */
const sendHtml = (res: ServerResponse, status: number, html: string, config: IdpConfig): void => {
  const clientOrigins = [...new Set(config.client.redirectUris.map((uri) => new URL(uri).origin))];
  res.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Cache-Control': 'no-store',
    'Content-Security-Policy': `default-src 'none'; form-action 'self' ${clientOrigins.join(' ')}; frame-ancestors 'none'`,
  });
  res.end(html);
};

/**
 * oidc-provider configured as the hub's development issuer: one confidential client (the API, a
 * backend-for-frontend) with authorization code + PKCE (S256) only, a signing key made at start-up, users
 * from users.ts, and the `role` / `org` claims in the ID token. Consent is implied for this first-party
 * client. Keys and sessions live in memory: restarting signs everybody out.
 */
export function createProvider(config: IdpConfig): Provider {
  const signingKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
  const configuration: Configuration = {
    clients: [
      {
        client_id: config.client.id,
        client_secret: config.client.secret,
        redirect_uris: [...config.client.redirectUris],
        post_logout_redirect_uris: [...config.client.postLogoutRedirectUris],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    jwks: { keys: [{ ...signingKey, kid: randomBytes(8).toString('hex'), alg: 'RS256', use: 'sig' }] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    responseTypes: ['code'],
    pkce: { required: () => true },
    scopes: ['openid', 'profile', HOMEFIRST_SCOPE],
    claims: { openid: ['sub'], profile: ['name'], [HOMEFIRST_SCOPE]: ['role', 'org'] },
    // The hub's claims in the ID token itself, as CIS2 and Entra put theirs.
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: false }, rpInitiatedLogout: { enabled: true } },
    ttl: {
      AccessToken: 600,
      AuthorizationCode: 60,
      IdToken: 600,
      Interaction: 600,
      Session: 8 * 3600,
      Grant: 8 * 3600,
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    findAccount: (_ctx, id) => {
      const user = devUserNamed(config.users, id);
      if (user === undefined) return undefined;
      return {
        accountId: user.username,
        claims: () => ({
          sub: user.username,
          name: user.name,
          role: user.role,
          ...(user.org !== undefined && { org: user.org }),
        }),
      };
    },
    // First-party client: every requested scope is granted without a consent screen.
    loadExistingGrant: async (ctx) => {
      const session = ctx.oidc.session;
      const client = ctx.oidc.client;
      if (session?.accountId === undefined || client === undefined) return undefined;
      const grantId = session.grantIdFor(client.clientId);
      const existing = grantId === undefined ? undefined : await ctx.oidc.provider.Grant.find(grantId);
      if (existing !== undefined) return existing;
      const grant = new ctx.oidc.provider.Grant({ clientId: client.clientId, accountId: session.accountId });
      grant.addOIDCScope(`openid profile ${HOMEFIRST_SCOPE}`);
      await grant.save();
      return grant;
    },
  };
  return new Provider(config.issuer, configuration);
}

/** The login interaction: GET shows the form, POST checks the user and password and finishes it. */
async function interaction(
  provider: Provider,
  config: IdpConfig,
  logger: Logger,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const details = await provider.interactionDetails(req, res);
  const login = req.method === 'POST' && req.url?.endsWith('/login') === true;
  if (!login) return sendHtml(res, 200, loginPage(details.uid, config.users), config);
  const form = await formBody(req);
  const user = devUserNamed(config.users, form.get('username') ?? '');
  if (user === undefined || !sameText(form.get('password') ?? '', config.password)) {
    logger.info('sign-in refused: unknown user or wrong password');
    return sendHtml(
      res,
      401,
      loginPage(details.uid, config.users, 'Unknown user or wrong password.'),
      config,
    );
  }
  logger.info({ user: user.username, role: user.role }, 'signed in');
  await provider.interactionFinished(
    req,
    res,
    { login: { accountId: user.username } },
    { mergeWithLastSubmission: false },
  );
}

/** The IdP's HTTP server: /healthz, the login interaction, and everything else oidc-provider answers. */
export function createIdpServer(config: IdpConfig, logger: Logger): Server {
  const provider = createProvider(config);
  provider.on('server_error', (_ctx, err) => logger.error({ err }, 'identity provider error'));
  const oidc = provider.callback();
  return createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (path === '/healthz') {
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"status":"ok"}');
      return;
    }
    if (/^\/interaction\/[\w-]+(\/login)?$/.test(path)) {
      interaction(provider, config, logger, req, res).catch((err: unknown) => {
        logger.warn({ err }, 'sign-in interaction failed');
        if (!res.headersSent)
          sendHtml(
            res,
            400,
            '<!doctype html><title>Sign-in failed</title><p>This sign-in has expired or is invalid. Start again from the board.</p>',
            config,
          );
      });
      return;
    }
    void oidc(req, res);
  });
}
