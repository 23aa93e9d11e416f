/**
 * Ready-to-use client configurations for a council's integration team: Java `.properties`, kcat, Python
 * confluent-kafka and kafkajs, plus a README — pure text, written by `homefirst councils add`. Each names
 * the broker, SCRAM-SHA-512 over TLS with the hub's CA file (`ca.crt` beside them), the council's user and
 * its password, its feed topic and a consumer group with its prefix.
 */

export interface CouncilConnection {
  readonly laCode: string;
  readonly username: string;
  readonly password: string;
  readonly broker: string;
  readonly topic: string;
  /** Consumer groups must start with this. */
  readonly groupPrefix: string;
  /** The CA file's name, next to the configurations. */
  readonly caFileName: string;
  /** The schema registry (Confluent API) the feed's Avro schemas are read from. */
  readonly registryUrl: string;
}

export interface ClientConfigFile {
  readonly name: string;
  readonly text: string;
}

const group = (c: CouncilConnection): string => `${c.groupPrefix}-feed`;

const javaProperties = (c: CouncilConnection): string =>
  [
    `# Kafka consumer of ${c.topic} for council ${c.laCode} (Java clients, Kafka Connect, kafka-console-consumer).`,
    `bootstrap.servers=${c.broker}`,
    'security.protocol=SASL_SSL',
    'sasl.mechanism=SCRAM-SHA-512',
    `sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="${c.username}" password="${c.password}";`,
    'ssl.truststore.type=PEM',
    `ssl.truststore.location=${c.caFileName}`,
    `group.id=${group(c)}`,
    'auto.offset.reset=earliest',
    'enable.auto.commit=false',
    '# The feed is written in Kafka transactions: read only committed ones (the Java default reads all).',
    'isolation.level=read_committed',
    '',
  ].join('\n');

const kcatConfig = (c: CouncilConnection): string =>
  [
    `# kcat -F kcat.conf -C -t ${c.topic} -G ${group(c)}   (or -C -t ${c.topic} -o beginning)`,
    `bootstrap.servers=${c.broker}`,
    'security.protocol=SASL_SSL',
    'sasl.mechanisms=SCRAM-SHA-512',
    `sasl.username=${c.username}`,
    `sasl.password=${c.password}`,
    `ssl.ca.location=${c.caFileName}`,
    '# The feed is written in Kafka transactions (librdkafka reads committed ones by default; said here).',
    'isolation.level=read_committed',
    '',
  ].join('\n');

const pythonConfig = (c: CouncilConnection): string =>
  [
    `"""Consumer of ${c.topic} for council ${c.laCode} with confluent-kafka and avro`,
    '(pip install confluent-kafka avro; Debian: apt install python3-confluent-kafka python3-avro).',
    '',
    'Values are Avro in the Confluent wire format (magic byte, 4-byte schema id, body): each is decoded with',
    "its writer's schema from the hub's schema registry and printed as one JSON line.",
    'Run from this folder:  python3 consumer.py [--max-messages N] [--idle-seconds S]',
    '"""',
    'import argparse, io, json, struct, sys, time, urllib.request',
    '',
    'import avro.io',
    'import avro.schema',
    'from confluent_kafka import Consumer',
    '',
    'CONFIG = {',
    `    "bootstrap.servers": "${c.broker}",`,
    '    "security.protocol": "SASL_SSL",',
    '    "sasl.mechanisms": "SCRAM-SHA-512",',
    `    "sasl.username": "${c.username}",`,
    `    "sasl.password": "${c.password}",`,
    `    "ssl.ca.location": "${c.caFileName}",`,
    `    "group.id": "${group(c)}",`,
    '    "auto.offset.reset": "earliest",',
    '    "isolation.level": "read_committed",',
    '}',
    `TOPIC = "${c.topic}"`,
    `REGISTRY = "${c.registryUrl}"`,
    '_readers = {}',
    '',
    '',
    'def decode(value):',
    '    magic, schema_id = struct.unpack(">bI", value[:5])',
    '    if magic != 0:',
    '        raise ValueError("not in the Confluent wire format")',
    '    if schema_id not in _readers:',
    '        with urllib.request.urlopen(f"{REGISTRY}/schemas/ids/{schema_id}", timeout=10) as response:',
    '            schema = avro.schema.parse(json.load(response)["schema"])',
    '        _readers[schema_id] = avro.io.DatumReader(schema)',
    '    return _readers[schema_id].read(avro.io.BinaryDecoder(io.BytesIO(value[5:])))',
    '',
    '',
    'def main():',
    '    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])',
    '    parser.add_argument("--max-messages", type=int, default=0, help="stop after N (0: never)")',
    '    parser.add_argument("--idle-seconds", type=float, default=0, help="stop after S s with nothing new (0: never)")',
    '    args = parser.parse_args()',
    '    consumer = Consumer(CONFIG)',
    '    consumer.subscribe([TOPIC])',
    '    seen, last = 0, time.monotonic()',
    '    try:',
    '        while args.max_messages == 0 or seen < args.max_messages:',
    '            msg = consumer.poll(1.0)',
    '            if msg is None:',
    '                if args.idle_seconds and time.monotonic() - last > args.idle_seconds:',
    '                    break',
    '                continue',
    '            if msg.error():',
    '                raise SystemExit(str(msg.error()))',
    '            event = decode(msg.value())',
    '            print(json.dumps({"partition": msg.partition(), "offset": msg.offset(), "event": event}, default=str))',
    '            sys.stdout.flush()',
    '            seen, last = seen + 1, time.monotonic()',
    '    finally:',
    '        consumer.close()',
    '',
    '',
    'if __name__ == "__main__":',
    '    main()',
    '',
  ].join('\n');

const kafkajsConfig = (c: CouncilConnection): string =>
  [
    `// Consumer of ${c.topic} for council ${c.laCode} with kafkajs (npm install kafkajs).`,
    "const { readFileSync } = require('node:fs');",
    "const { join } = require('node:path');",
    "const { Kafka } = require('kafkajs');",
    '',
    'const kafka = new Kafka({',
    `  clientId: '${c.username}',`,
    `  brokers: [${c.broker
      .split(',')
      .map((b) => `'${b}'`)
      .join(', ')}],`,
    `  ssl: { ca: [readFileSync(join(__dirname, '${c.caFileName}'), 'utf8')] },`,
    `  sasl: { mechanism: 'scram-sha-512', username: '${c.username}', password: '${c.password}' },`,
    '});',
    `const topic = '${c.topic}';`,
    `const groupId = '${group(c)}';`,
    '',
    'async function main() {',
    '  const consumer = kafka.consumer({ groupId });',
    '  await consumer.connect();',
    '  await consumer.subscribe({ topics: [topic], fromBeginning: true });',
    '  await consumer.run({',
    '    eachMessage: async ({ partition, message }) => console.log(topic, partition, message.offset),',
    '  });',
    '}',
    'main().catch((err) => {',
    '  console.error(err);',
    '  process.exit(1);',
    '});',
    '',
  ].join('\n');

const readme = (c: CouncilConnection): string =>
  [
    `# Homefirst feed for council ${c.laCode}`,
    '',
    `Your feed is the Kafka topic \`${c.topic}\`: the events of the people referred to ${c.laCode}, and`,
    'nobody else. Values are Avro in the Confluent wire format (schema id in the first 5 bytes); their schemas',
    `are in the hub's schema registry, \`${c.registryUrl}\` (Confluent API), which \`consumer.py\` reads.`,
    '',
    '## Connecting',
    '',
    `- Broker: \`${c.broker}\`, SASL_SSL (SCRAM-SHA-512 over TLS). Trust \`${c.caFileName}\` (the hub's CA).`,
    `- User \`${c.username}\`; its password is in the files below. Keep them like any secret (mode 0600).`,
    `- Consumer groups must start with \`${c.groupPrefix}\` (e.g. \`${group(c)}\`); any other group is refused.`,
    '- You may read your feed topic only: any other topic, and writing, is refused by the broker.',
    '',
    '| File | For |',
    '|---|---|',
    '| `client.properties` | Java clients, Kafka Connect, `kafka-console-consumer --consumer.config` |',
    '| `kcat.conf` | `kcat -F kcat.conf -C -t <topic> -G <group>` |',
    '| `consumer.py` | Python `confluent-kafka` + `avro`: prints each event decoded, as a JSON line |',
    '| `consumer.js` | Node.js `kafkajs` |',
    '',
    'Run the tools from this folder (the CA file is named relative to it).',
    '',
    'The feed is written in Kafka transactions: a feed event is there once its transaction commits, and a',
    'transaction the hub aborts (say, when its feed router stopped mid-way) leaves records that are not part of',
    'the feed. Read with `isolation.level=read_committed`: every file here sets it (Java clients default to',
    '`read_uncommitted`). kafkajs 2.2.4 as released can hand over records of transactions aborted in another',
    "order than they began; the hub patches it (`patches/kafkajs+2.2.4.patch` in the hub's repository, part 9):",
    'apply the same patch, or use a Java or librdkafka client.',
    '',
    'The hub runs Kafka 4, which checks the SCRAM nonce strictly (RFC 5802): clients built on librdkafka',
    '(confluent-kafka for Python, Go and .NET, kcat) need librdkafka 2.6.1 or later, or their logins are',
    "refused as invalid credentials (librdkafka issue 4895). pip's confluent-kafka wheels bundle a recent one;",
    "Debian 12's python3-confluent-kafka links librdkafka 2.0.2 and is refused. Java clients and kafkajs are not affected.",
    '',
    'Access is revoked by the hub (`homefirst councils remove`); from then on the broker refuses this user.',
    '',
  ].join('\n');

/** The files of a council's client bundle (the CA file is copied beside them by the caller). */
export function councilClientFiles(c: CouncilConnection): ClientConfigFile[] {
  return [
    { name: 'client.properties', text: javaProperties(c) },
    { name: 'kcat.conf', text: kcatConfig(c) },
    { name: 'consumer.py', text: pythonConfig(c) },
    { name: 'consumer.js', text: kafkajsConfig(c) },
    { name: 'README.md', text: readme(c) },
  ];
}
