import { createRegistryClient, EventCodec } from '@homefirst/schemas';
import type { HubConfig } from './config';

/**
 * The event codec of a process: Avro with the schema registry the hub config names, topics under
 * `prefix` (the config's own topic prefix unless a test or tool gives another).
 */
export const createCodec = (
  config: Pick<HubConfig, 'registry' | 'topicPrefix'>,
  prefix: string = config.topicPrefix,
): EventCodec => new EventCodec({ registry: createRegistryClient({ url: config.registry.url }), prefix });
