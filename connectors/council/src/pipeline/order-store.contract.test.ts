import { orderStoreContract } from './order-store.contract';
import { MemoryOrderStore } from './order-store';

orderStoreContract('memory', {
  create: () => Promise.resolve(new MemoryOrderStore()),
  close: () => Promise.resolve(),
});
