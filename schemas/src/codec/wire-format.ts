import { MalformedMessageError } from '../errors';

/**
 * Confluent wire format: magic byte 0, the schema's global id as a 4-byte big-endian integer, then the
 * Avro binary encoding. What every Confluent serializer (Java, Python, Go, kcat -s avro) reads and writes.
 */
export const MAGIC_BYTE = 0;
const HEADER_BYTES = 5;

export const frame = (schemaId: number, body: Buffer): Buffer => {
  const header = Buffer.alloc(HEADER_BYTES);
  header.writeUInt8(MAGIC_BYTE, 0);
  header.writeUInt32BE(schemaId, 1);
  return Buffer.concat([header, body]);
};

export const unframe = (message: Buffer): { readonly schemaId: number; readonly body: Buffer } => {
  if (!Buffer.isBuffer(message)) throw new MalformedMessageError('value is not a Buffer (null tombstone?)');
  if (message.length < HEADER_BYTES) throw new MalformedMessageError(`only ${message.length} bytes`);
  const magic = message.readUInt8(0);
  if (magic !== MAGIC_BYTE) throw new MalformedMessageError(`magic byte ${magic}, expected ${MAGIC_BYTE}`);
  return { schemaId: message.readUInt32BE(1), body: message.subarray(HEADER_BYTES) };
};
