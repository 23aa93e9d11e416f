import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import type { HubConfig } from './config';

export interface RegistryConnection {
  /** The compatibility base URL without credentials or trailing slash. */
  readonly host: string;
  readonly auth?: { readonly username: string; readonly password: string };
}

/** Credentials written into the URL (`https://user:pass@host/…`) become basic auth, not part of every request URL. */
export function registryConnection(url: string): RegistryConnection {
  const parsed = new URL(url);
  const { username, password } = parsed;
  parsed.username = '';
  parsed.password = '';
  const host = parsed.href.replace(/\/+$/, '');
  return username === ''
    ? { host }
    : { host, auth: { username: decodeURIComponent(username), password: decodeURIComponent(password) } };
}

/**
 * A Confluent-API schema registry client. `config.registry.url` is the compatibility base URL
 * (Apicurio: `…/apis/ccompat/v7`).
 */
export function createRegistry(config: Pick<HubConfig, 'registry' | 'kafka'>): SchemaRegistry {
  const { host, auth } = registryConnection(config.registry.url);
  return new SchemaRegistry({
    host,
    clientId: config.kafka.clientId,
    // A few quick retries of idempotent GETs; a registry that stays down should fail the caller, not hang it.
    retry: { retries: 3, initialRetryTimeInSecs: 0.1, maxRetryTimeInSecs: 2 },
    ...(auth && { auth: { ...auth } }),
  });
}
