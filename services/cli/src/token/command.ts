import { randomUUID } from 'node:crypto';
import { DEVELOPMENT_API_TOKEN_SECRET } from '@homefirst/runtime';
import { Option, type Command } from 'commander';
import { SignJWT } from 'jose';

export interface DevTokenRequest {
  readonly role: 'trust' | 'council' | 'analyst' | 'admin';
  readonly org?: string;
  readonly subject?: string;
  readonly ttlSeconds?: number;
}

/**
 * A development bearer token for the local API: HS256 with HOMEFIRST_API_TOKEN_SECRET (or the development
 * secret), issuer/audience as the API expects. Production deployments verify tokens from their identity
 * provider's JWKS instead (HOMEFIRST_API_JWKS_URL) and never see these.
 */
export async function issueDevToken(
  req: DevTokenRequest,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string> {
  if ((req.role === 'trust' || req.role === 'council') && (req.org === undefined || req.org === '')) {
    throw new Error(
      `a ${req.role} token needs --org (${req.role === 'trust' ? 'an ODS code, e.g. RHF' : 'an ONS local authority code, e.g. E08000012'})`,
    );
  }
  const secret = env.HOMEFIRST_API_TOKEN_SECRET ?? DEVELOPMENT_API_TOKEN_SECRET;
  return new SignJWT({ role: req.role, ...(req.org ? { org: req.org } : {}) })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(req.subject ?? `dev-${req.role}-${randomUUID().slice(0, 8)}`)
    .setIssuer(env.HOMEFIRST_API_TOKEN_ISSUER ?? 'homefirst-dev')
    .setAudience(env.HOMEFIRST_API_TOKEN_AUDIENCE ?? 'homefirst-api')
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + (req.ttlSeconds ?? 12 * 3600))
    .sign(new TextEncoder().encode(secret));
}

export function registerTokenCommand(program: Command): void {
  program
    .command('token')
    .description('issue a development bearer token for the local API and board')
    .addOption(
      new Option('--role <role>', 'what the holder may see')
        .choices(['trust', 'council', 'analyst', 'admin'])
        .default('admin'),
    )
    .option('--org <code>', 'ODS code (trust) or ONS local authority code (council)')
    .option('--sub <id>', 'token subject (a user or system id)')
    .option('--ttl <hours>', 'hours until it expires', '12')
    .action(async (opts: { role: DevTokenRequest['role']; org?: string; sub?: string; ttl: string }) => {
      const ttl = Number(opts.ttl);
      if (!Number.isFinite(ttl) || ttl <= 0)
        throw new Error(`--ttl must be a positive number of hours (got ${opts.ttl})`);
      const token = await issueDevToken({
        role: opts.role,
        ...(opts.org !== undefined && { org: opts.org }),
        ...(opts.sub !== undefined && { subject: opts.sub }),
        ttlSeconds: Math.round(ttl * 3600),
      });
      console.log(token);
    });
}
