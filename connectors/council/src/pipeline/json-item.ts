import { objectReader, type CompiledMapping } from '../mapping/mapping';
import type { InboundItem } from './batch';

/**
 * A JSON record as the pipeline's input: in the record format as it is, or mapped from an export's own
 * field names when a mapping is given (only an object can be mapped; anything else is validated as is).
 */
export function jsonItemOf(
  record: unknown,
  position: number,
  mapping: CompiledMapping | null | undefined,
): InboundItem {
  const rawText = JSON.stringify(record) ?? 'null';
  if (
    mapping === null ||
    mapping === undefined ||
    typeof record !== 'object' ||
    record === null ||
    Array.isArray(record)
  ) {
    return { position, input: record, earlyIssues: [], rawText };
  }
  const mapped = mapping.mapRow(objectReader(record as Record<string, unknown>));
  return {
    position,
    input: mapped.input,
    earlyIssues: mapped.issues,
    ...(mapped.issues.length > 0 && { earlyStage: 'MAP' as const }),
    rawText,
  };
}
