"""Reads Avro records from a topic with Confluent's own Python client, as a council team would.

Run by Debian's system Python (/usr/bin/python3) with python3-confluent-kafka, python3-avro and
python3-requests. For each record it prints one JSON line: the schema id read from the Confluent
wire-format header (magic byte 0, 4-byte big-endian id), the writer schema's full name fetched from
the registry by that id, and the value decoded by the client's own Avro MessageSerializer (what
AvroConsumer uses inside).

usage: consume_avro.py BOOTSTRAP REGISTRY_URL TOPIC[,TOPIC…] COUNT [TIMEOUT_SECONDS]
"""
import json
import struct
import sys
import time
import uuid

from confluent_kafka import Consumer, KafkaError
from confluent_kafka.avro import CachedSchemaRegistryClient
from confluent_kafka.avro.serializer.message_serializer import MessageSerializer


def main() -> int:
    bootstrap, registry_url, topic, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    timeout = float(sys.argv[5]) if len(sys.argv) > 5 else 30.0
    registry = CachedSchemaRegistryClient({"url": registry_url})
    serializer = MessageSerializer(registry)
    consumer = Consumer(
        {
            "bootstrap.servers": bootstrap,
            "group.id": "python-check-" + uuid.uuid4().hex,
            "auto.offset.reset": "earliest",
            "enable.auto.commit": False,
        }
    )
    consumer.subscribe(topic.split(","))
    seen = 0
    deadline = time.time() + timeout
    try:
        while seen < count and time.time() < deadline:
            msg = consumer.poll(1.0)
            if msg is None:
                continue
            if msg.error():
                if msg.error().code() == KafkaError._PARTITION_EOF:
                    continue
                print("kafka error: %s" % msg.error(), file=sys.stderr)
                return 2
            raw = msg.value()
            magic, schema_id = struct.unpack(">bI", raw[:5])
            if magic != 0:
                print("not Confluent wire format: magic byte %d" % magic, file=sys.stderr)
                return 3
            writer = registry.get_by_id(schema_id)
            if writer is None:
                print("registry has no schema with id %d" % schema_id, file=sys.stderr)
                return 4
            value = serializer.decode_message(raw)
            key = msg.key().decode("utf-8") if msg.key() is not None else None
            print(json.dumps({"topic": msg.topic(), "key": key, "schemaId": schema_id, "writerSchema": writer.fullname, "value": value}, default=str), flush=True)
            seen += 1
    finally:
        consumer.close()
    if seen < count:
        print("only %d of %d records arrived within %.0f s" % (seen, count, timeout), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
