import { SchemaType, type SchemaRegistry } from '@kafkajs/confluent-schema-registry';

/**
 * The one Avro schema the stack checks write with: a record, an enum with a default, a
 * timestamp-millis long and a nullable union — enough for the registry and the clients of
 * another language to prove they agree on the wire format. Not a hub event schema.
 */
export const smokeSchema = {
  type: 'record',
  name: 'DischargeReadySmoke',
  namespace: 'uk.homefirst.smoke',
  fields: [
    { name: 'personKey', type: 'string' },
    {
      name: 'pathway',
      type: {
        type: 'enum',
        name: 'Pathway',
        symbols: ['P0', 'P1', 'P2', 'P3', 'UNKNOWN'],
        default: 'UNKNOWN',
      },
    },
    { name: 'readyAt', type: { type: 'long', logicalType: 'timestamp-millis' } },
    { name: 'ward', type: ['null', 'string'], default: null },
  ],
};

/** A record of {@link smokeSchema}. */
export interface SmokeRecord {
  readonly personKey: string;
  readonly pathway: 'P0' | 'P1' | 'P2' | 'P3' | 'UNKNOWN';
  readonly readyAt: number;
  readonly ward: string | null;
}

/** Registers {@link smokeSchema} as the value schema of `topic` (subject `<topic>-value`); returns its id. */
export async function registerSmokeSchema(registry: SchemaRegistry, topic: string): Promise<number> {
  const { id } = await registry.register(
    { type: SchemaType.AVRO, schema: JSON.stringify(smokeSchema) },
    { subject: `${topic}-value` },
  );
  return id;
}

/** A valid {@link SmokeRecord} for `personKey`; `overrides` change any other field. */
export function smokeRecord(
  personKey: string,
  overrides: Partial<Omit<SmokeRecord, 'personKey'>> = {},
): SmokeRecord {
  return { personKey, pathway: 'P1', readyAt: 1_763_800_000_000, ward: 'Ward 7B', ...overrides };
}
