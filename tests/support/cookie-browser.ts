/**
 * A minimal browser for HTTP-level sign-in tests: a cookie jar (by host name, as browsers share cookies
 * across ports; Max-Age=0 or a past Expires deletes) and redirects followed by hand, so a test sees every
 * hop. Enough for the OIDC code flow against the real identity provider; not a general cookie library.
 */
export interface Hop {
  readonly url: string;
  readonly status: number;
  readonly setCookies: readonly string[];
}

export class CookieBrowser {
  private readonly jar = new Map<string, Map<string, string>>();
  readonly hops: Hop[] = [];

  cookie(url: string, name: string): string | undefined {
    return this.jar.get(new URL(url).hostname)?.get(name);
  }

  setCookie(url: string, name: string, value: string): void {
    const host = new URL(url).hostname;
    const cookies = this.jar.get(host) ?? new Map<string, string>();
    cookies.set(name, value);
    this.jar.set(host, cookies);
  }

  /** One request with the jar's cookies; Set-Cookie headers go into the jar. No redirects followed. */
  async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const host = new URL(url).hostname;
    const cookies = [...(this.jar.get(host) ?? new Map<string, string>())]
      .map(([name, value]) => `${name}=${value}`)
      .join('; ');
    const headers = new Headers(init.headers);
    if (cookies !== '') headers.set('Cookie', cookies);
    const response = await fetch(url, { ...init, headers, redirect: 'manual' });
    const setCookies = response.headers.getSetCookie();
    for (const line of setCookies) this.store(host, line);
    this.hops.push({ url, status: response.status, setCookies });
    return response;
  }

  /** A request and every redirect after it (303, and 302 after a POST, become GET), up to `limit`. */
  async navigate(
    url: string,
    init: RequestInit = {},
    limit = 12,
  ): Promise<{ url: string; response: Response }> {
    let current = url;
    let request = init;
    for (let i = 0; i < limit; i++) {
      const response = await this.fetch(current, request);
      const location = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || location === null)
        return { url: current, response };
      await response.arrayBuffer();
      current = new URL(location, current).href;
      if (
        response.status === 303 ||
        ((response.status === 301 || response.status === 302) && request.method === 'POST')
      )
        request = {};
    }
    throw new Error(`more than ${limit} redirects from ${url}`);
  }

  private store(host: string, line: string): void {
    const [pair = '', ...attributes] = line.split(';');
    const at = pair.indexOf('=');
    if (at <= 0) return;
    const name = pair.slice(0, at).trim();
    const value = pair.slice(at + 1).trim();
    const attribute = (key: string) =>
      attributes
        .map((a) => a.trim())
        .find((a) => a.toLowerCase().startsWith(`${key}=`))
        ?.slice(key.length + 1);
    const maxAge = attribute('max-age');
    const expires = attribute('expires');
    const gone =
      (maxAge !== undefined && Number(maxAge) <= 0) ||
      (expires !== undefined && Date.parse(expires) <= Date.now()) ||
      value === '';
    const cookies = this.jar.get(host) ?? new Map<string, string>();
    if (gone) cookies.delete(name);
    else cookies.set(name, value);
    this.jar.set(host, cookies);
  }
}
