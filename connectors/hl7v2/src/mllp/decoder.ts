/**
 * MLLP framing (HL7 v2 Minimal Lower Layer Protocol): each message is sent as
 * `VT (0x0B) · message · FS (0x1C) · CR (0x0D)`. This is framing only — the bytes inside a frame go to the
 * HL7 parser untouched.
 *
 * The decoder takes TCP chunks as they come: a frame split across chunks, several frames in one chunk,
 * and bytes between frames (noise, keep-alive newlines) are all handled. A frame growing past the limit
 * is reported at once (the server answers AR and closes), without buffering the rest.
 */

export const VT = 0x0b;
export const FS = 0x1c;
export const CR = 0x0d;

export type MllpItem =
  | { readonly kind: 'frame'; readonly bytes: Buffer }
  /** The frame passed the limit; `prefix` is its start (enough for an MSH), the rest is skipped. */
  | { readonly kind: 'oversize'; readonly prefix: Buffer }
  /** Non-whitespace bytes outside any frame were skipped. */
  | { readonly kind: 'garbage'; readonly bytes: number };

const PREFIX_BYTES = 2048;

const isWhitespace = (byte: number | undefined): boolean =>
  byte === CR || byte === 0x0a || byte === 0x20 || byte === 0x09;

export class MllpDecoder {
  private parts: Buffer[] = [];
  private size = 0;
  private inFrame = false;
  private skipping = false;

  constructor(private readonly maxFrameBytes: number) {}

  /** Feeds a chunk; returns the complete frames and problems found in it, in order. */
  push(chunk: Buffer): MllpItem[] {
    const items: MllpItem[] = [];
    let garbage = 0;
    let position = 0;
    while (position < chunk.length) {
      if (!this.inFrame) {
        const start = chunk.indexOf(VT, position);
        const end = start < 0 ? chunk.length : start;
        for (let i = position; i < end; i += 1) if (!isWhitespace(chunk[i])) garbage += 1;
        if (start < 0) break;
        this.startFrame();
        position = start + 1;
        continue;
      }
      const fs = chunk.indexOf(FS, position);
      const restart = chunk.indexOf(VT, position);
      if (restart >= 0 && (fs < 0 || restart < fs)) {
        // A new start block before the end block: the sender gave up on the frame; its bytes are noise.
        garbage += this.size + (restart - position);
        this.startFrame();
        position = restart + 1;
        continue;
      }
      const end = fs < 0 ? chunk.length : fs;
      this.append(chunk.subarray(position, end), items);
      if (fs < 0) break;
      if (!this.skipping) items.push({ kind: 'frame', bytes: Buffer.concat(this.parts, this.size) });
      this.inFrame = false;
      this.parts = [];
      this.size = 0;
      this.skipping = false;
      // The CR after FS (and any stray bytes) are outside the frame and skipped above.
      position = fs + 1;
    }
    if (garbage > 0) items.push({ kind: 'garbage', bytes: garbage });
    return items;
  }

  /** Bytes of an unfinished frame held right now (for tests and diagnostics). */
  get buffered(): number {
    return this.skipping ? 0 : this.size;
  }

  private startFrame(): void {
    this.inFrame = true;
    this.parts = [];
    this.size = 0;
    this.skipping = false;
  }

  private append(piece: Buffer, items: MllpItem[]): void {
    if (this.skipping || piece.length === 0) return;
    if (this.size + piece.length > this.maxFrameBytes) {
      const prefix = Buffer.concat([...this.parts, piece], this.size + piece.length).subarray(
        0,
        PREFIX_BYTES,
      );
      items.push({ kind: 'oversize', prefix: Buffer.from(prefix) });
      this.skipping = true;
      this.parts = [];
      this.size = 0;
      return;
    }
    this.parts.push(piece);
    this.size += piece.length;
  }
}

/** Wraps a payload in an MLLP frame. */
export function mllpFrame(payload: Buffer): Buffer {
  return Buffer.concat([Buffer.from([VT]), payload, Buffer.from([FS, CR])]);
}
