import { delayReason } from '../avro/common';
import type { DelayReason } from '../generated/events';

/**
 * Trust-local delay-reason codes. A trust whose system codes reasons its own way (e.g. "MFFD-OT", "07")
 * configures LOCAL=HUB pairs (HOMEFIRST_HL7_DELAY_REASON_CODES, HOMEFIRST_FHIR_DELAY_REASON_CODES); the
 * connectors read a reason as: the trust's local code when configured, else a hub code (any symbol of
 * DelayReason but UNKNOWN — Table 5, community sitrep or current-return codes). docs/delay-reasons.md.
 */

/** Every hub code a feed may send: the DelayReason symbols less UNKNOWN. */
export const HUB_DELAY_REASON_CODES: readonly DelayReason[] = (
  delayReason.symbols as readonly DelayReason[]
).filter((code) => code !== 'UNKNOWN');
const HUB_CODES: ReadonlySet<string> = new Set(HUB_DELAY_REASON_CODES);

/** How a local code is compared: trimmed, upper case (local codes are matched as sent otherwise). */
export const normaliseLocalDelayCode = (code: string): string => code.trim().toUpperCase();

/** A hub code as feeds write it: upper case, spaces and hyphens as underscores. */
const asHubCode = (text: string): string => text.trim().toUpperCase().replace(/[ -]+/g, '_');

/**
 * The hub code of a reason as a trust sent it: its local code's mapping first (so a local code that happens
 * to spell a hub code is read the trust's way), else the hub code it spells; undefined when it is neither.
 */
export const hubDelayReasonOfCode = (
  sent: string,
  localCodes: ReadonlyMap<string, DelayReason> = new Map(),
): DelayReason | undefined => {
  const local = localCodes.get(normaliseLocalDelayCode(sent));
  if (local !== undefined) return local;
  const hub = asHubCode(sent);
  return HUB_CODES.has(hub) ? (hub as DelayReason) : undefined;
};

/**
 * Parses `LOCAL=HUB,…`: each LOCAL a non-empty code without `=` or `,`, each HUB a hub code (not UNKNOWN),
 * a LOCAL given once. Returns the map, or the problems (each naming the bad entry, never a patient value).
 */
export function parseLocalDelayReasonCodes(text: string): {
  map: Map<string, DelayReason>;
  problems: string[];
} {
  const map = new Map<string, DelayReason>();
  const problems: string[] = [];
  text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .forEach((entry, index) => {
      const parts = entry.split('=');
      const local = normaliseLocalDelayCode(parts[0] ?? '');
      const hub = asHubCode(parts[1] ?? '');
      if (parts.length !== 2 || local === '')
        problems.push(`entry ${index + 1} must be LOCAL=HUB_CODE (got "${entry}")`);
      else if (!HUB_CODES.has(hub))
        problems.push(
          `entry ${index + 1}: ${hub || '(empty)'} is not a delay reason of the hub (docs/delay-reasons.md)`,
        );
      else if (map.has(local)) problems.push(`entry ${index + 1}: local code ${local} is mapped twice`);
      else map.set(local, hub as DelayReason);
    });
  return { map, problems };
}
