import { createHash } from 'node:crypto';
import { open, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { storedRecord, type Logger } from '@homefirst/runtime';
import { z } from 'zod';

/**
 * `<file>.homefirst-progress.json` beside a CSV file being ingested: how many data rows are durably
 * done (every row up to it is in Kafka, as an event or a dead letter, and its report line written), so
 * an interrupted run resumes after it instead of starting over. It names the file by size and a digest
 * of its first 64 KiB, and the Kafka target (brokers + topic prefix): a different file of the same name,
 * or another deployment, starts from the top. Deleted when the file is complete. Written atomically
 * (temp file + rename). Whatever it says, record ids (Redis) and eventIds make a repeat harmless; so a
 * progress file that does not parse is reported (a warning naming the file) and the file starts over.
 */
export const CHECKPOINT_SUFFIX = '.homefirst-progress.json';
export const checkpointPathOf = (file: string): string => `${file}${CHECKPOINT_SUFFIX}`;

const countsSchema = z.object({
  accepted: z.number().int().nonnegative(),
  duplicates: z.number().int().nonnegative(),
  rejected: z.number().int().nonnegative(),
  flagged: z.number().int().nonnegative(),
});
export type IngestCounts = z.output<typeof countsSchema>;
export const zeroCounts = (): IngestCounts => ({ accepted: 0, duplicates: 0, rejected: 0, flagged: 0 });

const checkpointSchema = z.object({
  version: z.literal(1),
  fileSize: z.number().int().nonnegative(),
  fileHead: z.string(),
  target: z.string(),
  mapping: z.string(),
  rowsDone: z.number().int().nonnegative(),
  counts: countsSchema,
  updatedAt: z.string(),
});
export type Checkpoint = z.output<typeof checkpointSchema>;
const checkpointRecord = storedRecord('CSV progress checkpoint', 1, checkpointSchema);

export interface FileIdentity {
  readonly fileSize: number;
  readonly fileHead: string;
}

const HEAD_BYTES = 64 * 1024;

export async function identityOf(file: string): Promise<FileIdentity> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    const buffer = Buffer.alloc(Math.min(HEAD_BYTES, size));
    await handle.read(buffer, 0, buffer.length, 0);
    return { fileSize: size, fileHead: createHash('sha256').update(buffer).digest('hex') };
  } finally {
    await handle.close();
  }
}

/** The checkpoint to resume from, or null (none, unreadable, another file or another target). */
export async function readCheckpoint(
  file: string,
  identity: FileIdentity,
  target: string,
  log?: Logger,
): Promise<Checkpoint | null> {
  let text: string;
  try {
    text = await readFile(checkpointPathOf(file), 'utf8');
  } catch {
    return null;
  }
  const parsed = checkpointRecord.safeParse(checkpointPathOf(file), text);
  if (!parsed.ok) {
    log?.warn(
      { code: parsed.error.code, reason: parsed.error.message },
      'progress file ignored; the file starts over',
    );
    return null;
  }
  const checkpoint = parsed.value;
  const same =
    checkpoint.fileSize === identity.fileSize &&
    checkpoint.fileHead === identity.fileHead &&
    checkpoint.target === target;
  return same ? checkpoint : null;
}

export async function writeCheckpoint(file: string, checkpoint: Checkpoint): Promise<void> {
  const path = checkpointPathOf(file);
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify(checkpoint, null, 2)}\n`);
  await rename(temp, path);
}

export const removeCheckpoint = (file: string): Promise<void> => rm(checkpointPathOf(file), { force: true });
