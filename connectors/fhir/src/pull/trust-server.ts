import { UnavailableError, describeError } from '@homefirst/runtime';
import { targetOf } from '../fhir/references';

/**
 * A trust's FHIR server, read with fhir-kit-client: Encounter searches by `_lastUpdated` (pull mode) and
 * single reads (id-only Subscription notifications). fhir-kit-client is an ES module only, so it is loaded
 * with a dynamic import when first needed.
 */

export interface SearchPage {
  /** `entry.resource` of the page: Encounters, and the Patients `_include`d with them. */
  readonly resources: readonly unknown[];
  /** The server's time of the search (Bundle.meta.lastUpdated), when it says. */
  readonly serverTime: string | undefined;
}

export interface TrustServer {
  /** `Encounter?_lastUpdated=ge<since>&_sort=_lastUpdated&_include=Encounter:subject&_count=<n>`, page by page (Bundle `next` links). */
  searchEncountersSince(since: string | null, pageSize: number): AsyncGenerator<SearchPage>;
  /** An Encounter and, when its subject is a reference on the same server, that Patient. */
  readEncounter(id: string): Promise<{ readonly encounter: unknown; readonly patient: unknown }>;
}

interface FhirBundleLike {
  readonly resourceType: string;
  readonly meta?: { readonly lastUpdated?: string };
  readonly link?: Array<{ relation: string; url: string }>;
  readonly entry?: ReadonlyArray<{ readonly resource?: unknown }>;
}

const unavailable = (what: string, err: unknown): UnavailableError =>
  new UnavailableError(`The trust FHIR server failed to ${what}: ${describeError(err)}`, {
    dependency: 'trust-fhir-server',
    cause: err,
  });

const asBundle = (value: unknown): FhirBundleLike => {
  const bundle = value as FhirBundleLike; // checked just below
  if (typeof bundle !== 'object' || bundle === null || bundle.resourceType !== 'Bundle')
    throw new Error('the search did not answer a Bundle');
  return bundle;
};

export async function connectTrustServer(options: {
  readonly baseUrl: string;
  readonly bearerToken?: string | undefined;
}): Promise<TrustServer> {
  const { Client } = await import('fhir-kit-client');
  const client = new Client({
    baseUrl: options.baseUrl,
    ...(options.bearerToken !== undefined && { bearerToken: options.bearerToken }),
    customHeaders: { accept: 'application/fhir+json' },
  });
  return {
    async *searchEncountersSince(since, pageSize) {
      const searchParams: Record<string, string | number> = {
        _sort: '_lastUpdated',
        _count: pageSize,
        _include: 'Encounter:subject',
      };
      if (since !== null) searchParams._lastUpdated = `ge${since}`;
      let page: FhirBundleLike;
      try {
        page = asBundle(await client.search({ resourceType: 'Encounter', searchParams }));
      } catch (err) {
        throw unavailable('search Encounters', err);
      }
      for (;;) {
        yield {
          resources: (page.entry ?? []).flatMap((e) => (e.resource === undefined ? [] : [e.resource])),
          serverTime: page.meta?.lastUpdated,
        };
        if (!page.link?.some((l) => l.relation === 'next')) return;
        try {
          // nextPage wants a FhirResource with links: a search page is one.
          page = asBundle(await client.nextPage({ bundle: { ...page, link: page.link } }));
        } catch (err) {
          throw unavailable('page through Encounters', err);
        }
      }
    },
    async readEncounter(id) {
      let encounter: { subject?: { reference?: string } };
      try {
        encounter = (await client.read({ resourceType: 'Encounter', id })) as typeof encounter;
      } catch (err) {
        throw unavailable(`read Encounter/${id}`, err);
      }
      const ref = encounter.subject?.reference;
      const target = ref === undefined ? null : targetOf(ref);
      if (target?.type !== 'Patient') return { encounter, patient: undefined };
      try {
        return { encounter, patient: await client.read({ resourceType: 'Patient', id: target.id }) };
      } catch (err) {
        throw unavailable(`read the Patient of Encounter/${id}`, err);
      }
    },
  };
}
