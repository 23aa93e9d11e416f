/**
 * The largest input an edge takes by default (an HTTP body, an MLLP frame): it is published whole as its raw
 * record (and, when refused, in its dead letter), so with its envelope it must fit in one Kafka message, and
 * the brokers' and topics' default limit (`message.max.bytes`, `max.message.bytes`) is 1 MiB. A bigger input
 * is refused at the edge (HTTP 413, MLLP AR) before anything is written, rather than failing when Kafka
 * refuses it. Raising an edge's limit needs the raw and dead-letter topics' `max.message.bytes` and the
 * brokers' `message.max.bytes` raised to match.
 */
export const DEFAULT_MAX_INPUT_BYTES = 768 * 1024;
