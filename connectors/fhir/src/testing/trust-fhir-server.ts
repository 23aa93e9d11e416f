import { setTimeout as sleep } from 'node:timers/promises';
import Fastify, { type FastifyInstance } from 'fastify';

/**
 * A small FHIR server playing a trust's EPR in tests: Encounter search by `_lastUpdated` (ge/gt), sorted,
 * `_include=Encounter:subject`, paged with absolute `next` links; reads of Encounter and Patient. It is a
 * real HTTP server the connector talks to with fhir-kit-client, holding a corpus the test controls.
 */

export interface StoredResource {
  readonly resourceType: 'Encounter' | 'Patient';
  readonly id: string;
  readonly meta?: { readonly versionId?: string; readonly lastUpdated?: string };
  readonly subject?: { readonly reference?: string };
  readonly [element: string]: unknown;
}

export interface TrustFhirServer {
  readonly baseUrl: string;
  /** Adds or replaces (new version) resources. */
  put(...resources: StoredResource[]): void;
  /** Every search the connector made, as its query string. */
  readonly searches: string[];
  /** How long each search waits before it answers from now on (`pageDelayMs` at the start). */
  setPageDelay(ms: number): void;
  close(): Promise<void>;
}

export async function startTrustFhirServer(
  options: { readonly pageDelayMs?: number } = {},
): Promise<TrustFhirServer> {
  const store = new Map<string, StoredResource>();
  const searches: string[] = [];
  let pageDelayMs = options.pageDelayMs ?? 0;
  const app: FastifyInstance = Fastify({ logger: false });
  let baseUrl = '';

  const bundle = (type: string, entry: unknown[], link: unknown[] = []) => ({
    resourceType: 'Bundle',
    type,
    meta: { lastUpdated: new Date().toISOString() },
    link,
    entry,
  });

  app.get<{ Querystring: Record<string, string | undefined> }>('/fhir/Encounter', async (request, reply) => {
    const query = request.query;
    searches.push(new URLSearchParams(query as Record<string, string>).toString());
    if (pageDelayMs > 0) await sleep(pageDelayMs);
    const since = query._lastUpdated;
    const [op, at] = since === undefined ? [null, null] : [since.slice(0, 2), Date.parse(since.slice(2))];
    const matches = [...store.values()]
      .filter((r) => r.resourceType === 'Encounter')
      .filter((r) => {
        if (at === null) return true;
        const t = Date.parse(r.meta?.lastUpdated ?? '');
        return op === 'gt' ? t > at : t >= at;
      })
      .sort(
        (a, b) =>
          Date.parse(a.meta?.lastUpdated ?? '') - Date.parse(b.meta?.lastUpdated ?? '') ||
          a.id.localeCompare(b.id),
      );
    const count = Number(query._count ?? 50);
    const offset = Number(query._offset ?? 0);
    const page = matches.slice(offset, offset + count);
    const included =
      query._include === 'Encounter:subject'
        ? [...new Set(page.map((e) => e.subject?.reference).filter((r): r is string => r !== undefined))]
            .map((ref) => store.get(ref))
            .filter((r): r is StoredResource => r !== undefined)
        : [];
    const next = new URLSearchParams({
      ...(query as Record<string, string>),
      _offset: String(offset + count),
    });
    return reply.type('application/fhir+json').send(
      bundle(
        'searchset',
        [
          ...page.map((resource) => ({
            fullUrl: `${baseUrl}/Encounter/${resource.id}`,
            resource,
            search: { mode: 'match' },
          })),
          ...included.map((resource) => ({
            fullUrl: `${baseUrl}/Patient/${resource.id}`,
            resource,
            search: { mode: 'include' },
          })),
        ],
        offset + count < matches.length
          ? [{ relation: 'next', url: `${baseUrl}/Encounter?${next.toString()}` }]
          : [],
      ),
    );
  });

  app.get<{ Params: { type: string; id: string } }>('/fhir/:type/:id', async (request, reply) => {
    const resource = store.get(`${request.params.type}/${request.params.id}`);
    if (!resource)
      return reply
        .code(404)
        .send({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'not-found' }] });
    return reply.type('application/fhir+json').send(resource);
  });

  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  baseUrl = `${address}/fhir`;
  return {
    baseUrl,
    searches,
    setPageDelay(ms) {
      pageDelayMs = ms;
    },
    put(...resources) {
      for (const resource of resources) store.set(`${resource.resourceType}/${resource.id}`, resource);
    },
    close: () => app.close(),
  };
}
