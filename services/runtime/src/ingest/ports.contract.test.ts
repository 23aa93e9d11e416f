import { RELEASE_LEASE_MS } from './identity-index';
import { MemoryIdentityIndex, MemoryMessageDedupe } from './memory-ports';
import { ingestPortsContract } from './ports.contract';

ingestPortsContract('memory', {
  create: (leaseMs) =>
    Promise.resolve({
      identity: new MemoryIdentityIndex([], { ms: leaseMs ?? RELEASE_LEASE_MS, now: Date.now }),
      dedupe: new MemoryMessageDedupe(),
    }),
  setAside: (identity, key) =>
    Promise.resolve((identity as MemoryIdentityIndex).setAsideItems.get(key) ?? []),
  close: () => Promise.resolve(),
});
