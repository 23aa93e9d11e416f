import { randomBytes } from 'node:crypto';

/** Where the stack tests find the registry (the global setup exports it), and a run-unique name prefix. */
export const registryUrl = (): string =>
  process.env.HOMEFIRST_REGISTRY_URL ?? 'http://127.0.0.1:18081/apis/ccompat/v7';

export const uniquePrefix = (what: string): string =>
  `it-${what}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}.`;
