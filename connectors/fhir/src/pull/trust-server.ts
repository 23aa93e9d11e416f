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
  /**
   * An Encounter and, when its subject is a reference on the same server, that Patient. Throws
   * TrustResourceGoneError when the server answers 404/410 for either, UnavailableError for other failures.
   */
  readEncounter(id: string): Promise<{ readonly encounter: unknown; readonly patient: unknown }>;
}

interface FhirBundleLike {
  readonly resourceType: string;
  readonly meta?: { readonly lastUpdated?: string };
  readonly link?: Array<{ relation: string; url: string }>;
  readonly entry?: ReadonlyArray<{ readonly resource?: unknown }>;
}

/**
 * The trust's server answered that a resource it was asked for does not exist (404 Not Found) or was
 * deleted (410 Gone): a permanent answer, not an outage — reading again will not find it.
 */
export class TrustResourceGoneError extends Error {
  constructor(
    /** What was read: `Encounter` or `Patient` (the id is not repeated in error texts). */
    readonly resourceType: 'Encounter' | 'Patient',
    readonly status: 404 | 410,
  ) {
    super(`The trust FHIR server has no such ${resourceType} (HTTP ${status})`);
  }
}

/** 404 or 410 from fhir-kit-client's error (`response.status`), else null. */
const goneStatus = (err: unknown): 404 | 410 | null => {
  const status = (err as { response?: { status?: unknown } } | null)?.response?.status;
  return status === 404 || status === 410 ? status : null;
};

/** The error a failed read is: gone (404/410) or the server unavailable (anything else). */
const readFailure = (resourceType: 'Encounter' | 'Patient', what: string, err: unknown): Error => {
  const gone = goneStatus(err);
  return gone === null ? unavailable(what, err) : new TrustResourceGoneError(resourceType, gone);
};

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
        throw readFailure('Encounter', `read Encounter/${id}`, err);
      }
      const ref = encounter.subject?.reference;
      const target = ref === undefined ? null : targetOf(ref);
      if (target?.type !== 'Patient') return { encounter, patient: undefined };
      try {
        return { encounter, patient: await client.read({ resourceType: 'Patient', id: target.id }) };
      } catch (err) {
        throw readFailure('Patient', `read the Patient of Encounter/${id}`, err);
      }
    },
  };
}
