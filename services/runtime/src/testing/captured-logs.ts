import { Writable } from 'node:stream';
import { createLogger, type Logger, type LogLevel } from '../logger';

/** A logger as the services build it, whose JSON lines are kept, parsed, in `lines` for a test to read. */
export function capturingLogger(
  name: string,
  level: LogLevel | 'silent' = 'info',
): { logger: Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { logger: createLogger({ name, level }, stream), lines };
}
