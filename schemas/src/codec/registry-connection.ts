import { trimEndOf } from '../text-trim';
export interface RegistryConnection {
  /** The compatibility base URL without credentials or trailing slash. */
  readonly host: string;
  readonly auth?: { readonly username: string; readonly password: string };
}

/**
 * Credentials written into the registry URL (`https://user:pass@host/…`) become basic auth, not part of
 * every request URL (fetch refuses such URLs, and error texts name the URL).
 */
export function registryConnection(url: string): RegistryConnection {
  const parsed = new URL(url);
  const { username, password } = parsed;
  parsed.username = '';
  parsed.password = '';
  const host = trimEndOf(parsed.href, '/');
  return username === ''
    ? { host }
    : { host, auth: { username: decodeURIComponent(username), password: decodeURIComponent(password) } };
}
