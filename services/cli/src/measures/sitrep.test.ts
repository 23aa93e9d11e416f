import { execFile } from 'node:child_process';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { downloadSitrep, parseSitrepOptions } from './sitrep';

// `homefirst measures sitrep` downloads GET /api/v1/measures/sitrep with the caller's bearer token: against a
// real HTTP server standing in for the API (the API's own route is tested on Redis in services/api).

const CSV = 'Period,Level,Region,ICB,Org Code,Org Name,Metric,Metric Type,Metric Group,Value\r\n';
const cli = join(__dirname, '..', '..', 'bin', 'homefirst.js');

describe('parseSitrepOptions', () => {
  const env = { HOMEFIRST_API_TOKEN: 't0k', HOMEFIRST_API_PORT: '9090' };

  it('given dates and a token in the environment, then a CSV request to the local API', () => {
    expect(parseSitrepOptions({ from: '2025-03-01', to: '2025-03-31' }, env)).toEqual({
      apiUrl: 'http://localhost:9090',
      token: 't0k',
      from: '2025-03-01',
      to: '2025-03-31',
      format: 'csv',
    });
  });

  it.each([
    [{ from: '2025-02-30', to: '2025-03-31' }, env, /--from/],
    [{ from: '2025-03-01', to: '31/03/2025' }, env, /--to/],
    [{ from: '2025-03-10', to: '2025-03-01' }, env, /before --from/],
    [{ from: '2025-03-01', to: '2025-03-31', format: 'xlsx' }, env, /--format/],
    [{ from: '2025-03-01', to: '2025-03-31' }, {}, /bearer token/],
  ])('given %j, then one clear error', (opts, environment, message) => {
    expect(() => parseSitrepOptions(opts, environment)).toThrow(message);
  });
});

describe('downloadSitrep over HTTP', () => {
  let server: Server;
  let base = '';
  const seen: { url?: string; authorization?: string }[] = [];

  beforeAll(async () => {
    server = createServer((req: IncomingMessage, res) => {
      seen.push({ url: req.url ?? '', authorization: req.headers.authorization ?? '' });
      if (req.headers.authorization !== 'Bearer good') {
        res.writeHead(401, { 'content-type': 'application/problem+json' });
        res.end(JSON.stringify({ title: 'Unauthorized', detail: 'missing or invalid bearer token' }));
        return;
      }
      res.writeHead(200, { 'content-type': 'text/csv; charset=utf-8' });
      res.end(CSV);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`; // listening on TCP: an AddressInfo
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('given a token, then it asks for the range as CSV with the bearer token and returns the body', async () => {
    const text = await downloadSitrep({
      apiUrl: base,
      token: 'good',
      from: '2025-03-01',
      to: '2025-03-31',
      format: 'csv',
    });
    expect(text).toBe(CSV);
    expect(seen.at(-1)).toEqual({
      url: '/api/v1/measures/sitrep?from=2025-03-01&to=2025-03-31&format=csv',
      authorization: 'Bearer good',
    });
  });

  it("given a refused token, then an error with the API's status and problem", async () => {
    await expect(
      downloadSitrep({ apiUrl: base, token: 'bad', from: '2025-03-01', to: '2025-03-31', format: 'csv' }),
    ).rejects.toThrow('the API answered 401: Unauthorized: missing or invalid bearer token');
  });

  it('given the built CLI with --out, then the file holds what the API served', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sitrep-'));
    const out = join(dir, 'sitrep.csv');
    await promisify(execFile)(
      process.execPath,
      [cli, 'measures', 'sitrep', '--from', '2025-03-01', '--to', '2025-03-02', '--api', base, '--out', out],
      { env: { ...process.env, HOMEFIRST_API_TOKEN: 'good' } },
    );
    expect(await readFile(out, 'utf8')).toBe(CSV);
    expect(seen.at(-1)?.url).toBe('/api/v1/measures/sitrep?from=2025-03-01&to=2025-03-02&format=csv');
  });
});
