import type { TopicSpec } from '../catalogue/topic-spec';

/** Version of the published contract (AsyncAPI info.version). Bump the minor on every schema release. */
export const CONTRACT_VERSION = '1.0.0';

const KAFKA_BINDING = '0.5.0';
const AVRO_FORMAT = 'application/vnd.apache.avro+json;version=1.9.0';

const retentionMs = (topic: TopicSpec): number =>
  topic.retention.kind === 'forever' ? -1 : topic.retention.defaultMs;

const capitalised = (id: string): string => `${id.charAt(0).toUpperCase()}${id.slice(1)}`;

/**
 * The AsyncAPI 3 document of the topics, built only from the catalogue and its Avro schemas.
 * The hub `send`s on every channel; council and data teams receive.
 */
export const buildAsyncApiDocument = (topics: readonly TopicSpec[]): Record<string, unknown> => {
  const channels: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  const messages: Record<string, unknown> = {};

  for (const topic of topics) {
    const message = topic.valueSchema.name;
    channels[topic.id] = {
      address: topic.name,
      title: topic.title,
      description:
        `${topic.description}\n\nKey: ${topic.key.description} Event types: ${topic.eventTypes.join(', ')}.` +
        (topic.copartitionGroup ? ` Co-partitioned with the other '${topic.copartitionGroup}' topics.` : ''),
      messages: { [message]: { $ref: `#/components/messages/${message}` } },
      ...(topic.family
        ? {
            parameters: {
              [topic.family.parameter]: {
                description: `${topic.family.description} Matches ${topic.family.pattern}.`,
              },
            },
          }
        : {}),
      bindings: {
        kafka: {
          topic: topic.name,
          partitions: topic.partitions,
          topicConfiguration: { 'cleanup.policy': [topic.cleanupPolicy], 'retention.ms': retentionMs(topic) },
          bindingVersion: KAFKA_BINDING,
        },
      },
    };
    operations[`send${capitalised(topic.id)}`] = {
      action: 'send',
      title: `Hub publishes to ${topic.name}`,
      channel: { $ref: `#/channels/${topic.id}` },
      messages: [{ $ref: `#/channels/${topic.id}/messages/${message}` }],
    };
    messages[message] = {
      name: message,
      title: topic.valueSchema.doc,
      summary: `Value of ${topic.name}: Confluent wire format (magic byte 0, 4-byte schema id, Avro binary), subject ${topic.valueSubject}.`,
      contentType: 'application/octet-stream',
      payload: { schemaFormat: AVRO_FORMAT, schema: topic.valueSchema },
      bindings: {
        kafka: {
          key: { type: 'string', description: topic.key.description },
          schemaIdLocation: 'payload',
          schemaIdPayloadEncoding: 'confluent',
          schemaLookupStrategy: 'TopicIdStrategy',
          bindingVersion: KAFKA_BINDING,
        },
      },
    };
  }

  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Homefirst Hub event topics',
      version: CONTRACT_VERSION,
      description:
        'Events exchanged between NHS trusts and councils through the Homefirst Hub. Values are Avro records in the Confluent wire format; ' +
        'schemas live in the registry under `<topic>-value` (TopicNameStrategy) with BACKWARD_TRANSITIVE compatibility. ' +
        'Keys are plain UTF-8 strings. Generated from schemas/src/catalogue; do not edit.',
      license: { name: 'Apache-2.0', url: 'https://www.apache.org/licenses/LICENSE-2.0' },
    },
    defaultContentType: 'application/octet-stream',
    servers: {
      local: {
        host: '127.0.0.1:19092',
        protocol: 'kafka',
        description:
          'The local stack (infra/). Registry: http://127.0.0.1:18081/apis/ccompat/v7 (Confluent-compatible API).',
        bindings: {
          kafka: {
            schemaRegistryUrl: 'http://127.0.0.1:18081/apis/ccompat/v7',
            schemaRegistryVendor: 'apicurio',
            bindingVersion: KAFKA_BINDING,
          },
        },
      },
    },
    channels,
    operations,
    components: { messages },
  };
};
