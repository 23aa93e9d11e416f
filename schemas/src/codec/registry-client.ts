import {
  IncompatibleSchemaError,
  RegistryRequestError,
  RegistryUnavailableError,
  UnknownSchemaIdError,
} from '../errors';
import { registryConnection } from './registry-connection';

export type CompatibilityLevel =
  'BACKWARD' | 'BACKWARD_TRANSITIVE' | 'FORWARD' | 'FORWARD_TRANSITIVE' | 'FULL' | 'FULL_TRANSITIVE' | 'NONE';

/** What the codec needs from a schema registry. Errors are ContractErrors (see errors.ts). */
export interface RegistryClient {
  readonly url: string;
  /** Registers (or finds, if already registered) the schema under the subject; returns its global id. */
  register(subject: string, schema: string): Promise<number>;
  /** Global id of a schema already registered under the subject, without registering it. */
  lookup(subject: string, schema: string): Promise<number>;
  /** The schema text of a global id. UnknownSchemaIdError when the registry has no such id. */
  schemaById(id: number): Promise<string>;
  setCompatibility(subject: string, level: CompatibilityLevel): Promise<void>;
  compatibility(subject: string): Promise<CompatibilityLevel | null>;
}

/** The HTTP client: the codec's RegistryClient plus a readiness probe. */
export interface RegistryHttpClient extends RegistryClient {
  /** Lists the subjects (GET /subjects): resolves when the registry answers 2xx, throws a ContractError otherwise. */
  ping(signal?: AbortSignal): Promise<void>;
}

export interface RegistryClientOptions {
  /**
   * Base URL of the Confluent-compatible API, e.g. http://127.0.0.1:18081/apis/ccompat/v7. Credentials in
   * it (`https://user:pass@host/…`) are sent as basic auth unless `auth` is given.
   */
  readonly url: string;
  /** Per-request deadline; a slow registry counts as unavailable. Default 5000 ms. */
  readonly timeoutMs?: number;
  readonly auth?: { readonly username: string; readonly password: string };
  /** For tests. */
  readonly fetch?: typeof fetch;
}

const CONTENT_TYPE = 'application/vnd.schemaregistry.v1+json';

interface Failure {
  readonly status: number;
  readonly errorCode: number | null;
  readonly message: string;
}

/**
 * A small client for the Confluent-compatible registry REST API (Confluent Schema Registry, Apicurio
 * ccompat, Karapace), on Node's fetch. Network errors, timeouts, 5xx and 429 become the retriable
 * RegistryUnavailableError; everything else is a non-retriable ContractError.
 */
export const createRegistryClient = (options: RegistryClientOptions): RegistryHttpClient => {
  const { host: base, auth: urlAuth } = registryConnection(options.url);
  const auth = options.auth ?? urlAuth;
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 5000;
  const headers: Record<string, string> = { Accept: CONTENT_TYPE, 'Content-Type': CONTENT_TYPE };
  if (auth) {
    headers.Authorization = `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`;
  }

  const call = async <T>(
    operation: string,
    method: string,
    path: string,
    body: unknown,
    onFailure: (f: Failure) => Error | null,
    signal?: AbortSignal,
  ): Promise<T> => {
    let response: Response;
    let text: string;
    try {
      response = await doFetch(`${base}${path}`, {
        method,
        headers,
        signal: signal
          ? AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)])
          : AbortSignal.timeout(timeoutMs),
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      text = await response.text();
    } catch (cause) {
      throw new RegistryUnavailableError(operation, cause);
    }
    if (response.ok) return (text ? JSON.parse(text) : {}) as T;
    if (response.status >= 500 || response.status === 429 || response.status === 408) {
      throw new RegistryUnavailableError(
        operation,
        new Error(`HTTP ${response.status}: ${text.slice(0, 300)}`),
      );
    }
    const failure = parseFailure(response.status, text);
    throw onFailure(failure) ?? new RegistryRequestError(failure.status, operation, failure.message);
  };

  const subjectPath = (subject: string): string => encodeURIComponent(subject);

  return {
    url: base,
    async ping(signal) {
      await call('list subjects', 'GET', '/subjects', undefined, () => null, signal);
    },
    async register(subject, schema) {
      const { id } = await call<{ id: number }>(
        `register a schema under ${subject}`,
        'POST',
        `/subjects/${subjectPath(subject)}/versions`,
        { schema },
        (f) => (f.status === 409 ? new IncompatibleSchemaError(subject, f.message) : null),
      );
      return id;
    },
    async lookup(subject, schema) {
      const { id } = await call<{ id: number }>(
        `look up a schema under ${subject}`,
        'POST',
        `/subjects/${subjectPath(subject)}`,
        { schema },
        () => null,
      );
      return id;
    },
    async schemaById(id) {
      const { schema } = await call<{ schema: string }>(
        `fetch schema id ${id}`,
        'GET',
        `/schemas/ids/${id}`,
        undefined,
        (f) => (f.status === 404 ? new UnknownSchemaIdError(id, base, new Error(f.message)) : null),
      );
      return schema;
    },
    async setCompatibility(subject, level) {
      await call(
        `set compatibility of ${subject}`,
        'PUT',
        `/config/${subjectPath(subject)}`,
        { compatibility: level },
        () => null,
      );
    },
    async compatibility(subject) {
      try {
        const body = await call<{
          compatibilityLevel?: CompatibilityLevel;
          compatibility?: CompatibilityLevel;
        }>(
          `read compatibility of ${subject}`,
          'GET',
          `/config/${subjectPath(subject)}`,
          undefined,
          () => null,
        );
        return body.compatibilityLevel ?? body.compatibility ?? null;
      } catch (error) {
        if (error instanceof RegistryRequestError && error.status === 404) return null;
        throw error;
      }
    },
  };
};

const parseFailure = (status: number, text: string): Failure => {
  try {
    const body = JSON.parse(text) as { error_code?: unknown; message?: unknown };
    return {
      status,
      errorCode: typeof body.error_code === 'number' ? body.error_code : null,
      message: typeof body.message === 'string' ? body.message : text.slice(0, 300),
    };
  } catch {
    return { status, errorCode: null, message: text.slice(0, 300) };
  }
};
