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

/** Scratch space of encodeFramed: grows to the largest value encoded, reused (synchronous use only). */
let scratch = Buffer.allocUnsafe(16 * 1024);

/**
 * `frame(schemaId, body)` with the body written by `write` straight after the header, in one allocation:
 * `write(buffer, position)` returns the position after the body, or a negative number (the bytes missing)
 * when the buffer is too short — avsc's Type#encode contract. Synchronous: `write` must not await.
 */
export const encodeFramed = (
  schemaId: number,
  write: (buffer: Buffer, position: number) => number,
): Buffer => {
  let end = write(scratch, HEADER_BYTES);
  if (end < 0) {
    scratch = Buffer.allocUnsafe(2 * (scratch.length - end));
    end = write(scratch, HEADER_BYTES);
  }
  scratch.writeUInt8(MAGIC_BYTE, 0);
  scratch.writeUInt32BE(schemaId, 1);
  // allocUnsafe: from Node's pool for small values, and every byte is copied over.
  const framed = Buffer.allocUnsafe(end);
  scratch.copy(framed, 0, 0, end);
  return framed;
};

export const unframe = (message: Buffer): { readonly schemaId: number; readonly body: Buffer } => ({
  schemaId: schemaIdOf(message),
  body: message.subarray(HEADER_BYTES),
});

/** The schema id of a framed message (checked as unframe checks it); its body starts at BODY_OFFSET. */
export const schemaIdOf = (message: Buffer): number => {
  if (!Buffer.isBuffer(message)) throw new MalformedMessageError('value is not a Buffer (null tombstone?)');
  if (message.length < HEADER_BYTES) throw new MalformedMessageError(`only ${message.length} bytes`);
  const magic = message.readUInt8(0);
  if (magic !== MAGIC_BYTE) throw new MalformedMessageError(`magic byte ${magic}, expected ${MAGIC_BYTE}`);
  return message.readUInt32BE(1);
};

export const BODY_OFFSET = HEADER_BYTES;
