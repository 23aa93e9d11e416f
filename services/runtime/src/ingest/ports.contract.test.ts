import { MemoryIdentityIndex, MemoryMessageDedupe } from './memory-ports';
import { ingestPortsContract } from './ports.contract';

ingestPortsContract('memory', {
  create: () => Promise.resolve({ identity: new MemoryIdentityIndex(), dedupe: new MemoryMessageDedupe() }),
  setAside: (identity, key) =>
    Promise.resolve((identity as MemoryIdentityIndex).setAsideItems.get(key) ?? []),
  close: () => Promise.resolve(),
});
