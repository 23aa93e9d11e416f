/**
 * Lines of text kept for printing later, up to a bound, in a few large buffers outside the JS heap (so
 * tens of thousands of event lines cost the garbage collector nothing). Past the bound it lets go of
 * everything and says so; the caller then produces the lines again.
 */
export class KeptLines {
  private chunks: Buffer[] = [];
  private current: Buffer;
  private used = 0;
  private total = 0;
  private overflowed = false;

  constructor(
    private readonly maxBytes: number,
    private readonly chunkBytes = 1024 * 1024,
  ) {
    this.current = Buffer.allocUnsafe(chunkBytes);
  }

  /** False once the bound was passed: nothing is kept any more. */
  get keeping(): boolean {
    return !this.overflowed;
  }

  add(line: string): void {
    if (this.overflowed) return;
    const bytes = Buffer.byteLength(line) + 1;
    this.total += bytes;
    if (this.total > this.maxBytes) {
      this.overflowed = true;
      this.chunks = [];
      this.current = Buffer.alloc(0);
      this.used = 0;
      return;
    }
    if (this.used + bytes > this.current.length) {
      if (this.used > 0) this.chunks.push(this.current.subarray(0, this.used));
      this.current = Buffer.allocUnsafe(Math.max(this.chunkBytes, bytes));
      this.used = 0;
    }
    this.used += this.current.write(line, this.used, 'utf8');
    this.current[this.used] = 0x0a;
    this.used += 1;
  }

  /** The kept lines, in order, without their line breaks. */
  *lines(): Generator<string> {
    if (this.overflowed) return;
    for (const chunk of [...this.chunks, this.current.subarray(0, this.used)]) {
      if (chunk.length > 0) yield* chunk.toString('utf8', 0, chunk.length - 1).split('\n');
    }
  }
}
