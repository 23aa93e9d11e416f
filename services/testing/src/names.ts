import { randomBytes } from 'node:crypto';

/**
 * A name no other test or run uses: topics, consumer groups, subjects and key prefixes are isolated per
 * test (`label-<time>-<random>`), so tests share the running stack without seeing each other.
 */
export function uniqueName(label: string): string {
  return `${label}-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
}

/** A unique topic prefix (`label-<time>-<random>.`) under which a test creates its own catalogue topics. */
export function uniqueTopicPrefix(label: string): string {
  return `${uniqueName(label)}.`;
}
