import { createHash, timingSafeEqual } from 'node:crypto';
import { TOKEN_REQUIRED, UnauthenticatedError } from '../errors';

/**
 * Trust credentials: each trust gets its own bearer token (HOMEFIRST_FHIR_TOKENS=ODS:token,…), which
 * both authenticates the call and says which trust sent it — the ODS code on every event comes from the
 * token, never from the message. Tokens are compared as SHA-256 digests in constant time.
 */
export class TrustTokens {
  private readonly digests: ReadonlyArray<{ readonly digest: Buffer; readonly ods: string }>;

  constructor(tokens: ReadonlyMap<string, string>) {
    this.digests = [...tokens].map(([token, ods]) => ({ digest: digest(token), ods }));
  }

  /** The ODS code of the trust an `Authorization` header belongs to; throws UnauthenticatedError (401). */
  trustOf(authorization: string | undefined): string {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    if (!match?.[1]) throw new UnauthenticatedError(TOKEN_REQUIRED);
    const presented = digest(match[1]);
    let ods: string | undefined;
    for (const entry of this.digests) if (timingSafeEqual(entry.digest, presented)) ods = entry.ods;
    if (ods === undefined) throw new UnauthenticatedError('The bearer token is not one the hub issued');
    return ods;
  }
}

const digest = (token: string): Buffer => createHash('sha256').update(token, 'utf8').digest();
