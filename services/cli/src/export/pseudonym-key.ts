import { createSecretKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** A recipient key must be at least this long (bytes, after trailing whitespace is trimmed): 256 bits. */
const MIN_PSEUDONYM_KEY_BYTES = 32;

/**
 * Reads a recipient's pseudonym key: the file's bytes, trailing whitespace (a final newline) trimmed, e.g.
 * made with `openssl rand -hex 32 > liverpool-bi.key`. One clear line when the file cannot be used; the
 * key itself is never echoed.
 */
export function readPseudonymKey(path: string): KeyObject {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new Error(`--pseudonym-key-file ${path} cannot be read (${code})`);
  }
  let end = bytes.length;
  while (end > 0 && [0x20, 0x09, 0x0a, 0x0d].includes(bytes[end - 1] ?? 0)) end -= 1;
  const key = bytes.subarray(0, end);
  if (key.length < MIN_PSEUDONYM_KEY_BYTES)
    throw new Error(
      `--pseudonym-key-file ${path} holds ${key.length} bytes; a key needs at least ${MIN_PSEUDONYM_KEY_BYTES} (e.g. openssl rand -hex 32)`,
    );
  return createSecretKey(key);
}
