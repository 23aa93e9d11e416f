import type { DeadLetterEvent } from '@homefirst/schemas';

/**
 * What `deadletters list` shows of a dead letter: everything but the input (patient data, printed only by
 * `show`). The reason never names a patient: connectors write it without identifiers.
 */
export interface DeadLetterSummary {
  readonly eventId: string;
  readonly occurredAt: string;
  readonly channel: string;
  readonly sender: string;
  readonly system: string;
  readonly messageId: string | null;
  readonly stage: string;
  readonly errorCode: string;
  readonly retriable: boolean;
  readonly reason: string;
  readonly contentType: string;
  readonly inputBytes: number;
  readonly rawEventId: string | null;
}

export function deadLetterSummary(event: DeadLetterEvent): DeadLetterSummary {
  const { payload, source } = event;
  return {
    eventId: event.eventId,
    occurredAt: event.occurredAt.toISOString(),
    channel: source.channel,
    sender: source.orgCode,
    system: source.system,
    messageId: source.messageId ?? null,
    stage: payload.stage,
    errorCode: payload.errorCode,
    retriable: payload.retriable,
    reason: payload.reason,
    contentType: payload.contentType,
    inputBytes: payload.input.length,
    rawEventId: payload.rawEventId ?? null,
  };
}

const clip = (text: string, width: number): string =>
  text.length <= width ? text : `${text.slice(0, width - 1)}…`;

/** One line per dead letter, for a terminal. */
export function formatDeadLetterTable(events: readonly DeadLetterEvent[]): string {
  if (events.length === 0) return 'no dead letters match\n';
  const header = ['eventId', 'occurredAt', 'channel', 'sender', 'stage', 'errorCode', 'reason'];
  const rows = events.map((event) => {
    const s = deadLetterSummary(event);
    return [s.eventId, s.occurredAt, s.channel, s.sender, s.stage, s.errorCode, clip(s.reason, 80)];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return `${[line(header), ...rows.map(line)].join('\n')}\n${events.length} dead letter${events.length === 1 ? '' : 's'}\n`;
}

/** The input as text when it is UTF-8, else base64 (and which). */
export function inputText(input: Buffer): { readonly encoding: 'utf8' | 'base64'; readonly text: string } {
  try {
    return { encoding: 'utf8', text: new TextDecoder('utf-8', { fatal: true }).decode(input) };
  } catch {
    return { encoding: 'base64', text: input.toString('base64') };
  }
}

/** `show`: the dead letter, reason first, then the original payload (patient data: stdout only). */
export function formatDeadLetterShow(event: DeadLetterEvent, json: boolean): string {
  const summary = deadLetterSummary(event);
  const input = inputText(event.payload.input);
  if (json) return `${JSON.stringify({ ...summary, inputEncoding: input.encoding, input: input.text })}\n`;
  const head = [
    `eventId:     ${summary.eventId}`,
    `occurredAt:  ${summary.occurredAt}`,
    `source:      ${summary.channel} ${summary.sender} ${summary.system} ${summary.messageId ?? '(no message id)'}`,
    `stage:       ${summary.stage}`,
    `errorCode:   ${summary.errorCode}${summary.retriable ? ' (retriable)' : ''}`,
    `reason:      ${summary.reason}`,
    `contentType: ${summary.contentType} (${summary.inputBytes} bytes${input.encoding === 'base64' ? ', not UTF-8: shown as base64' : ''})`,
  ];
  // HL7 v2 separates segments with CR: show them one per line.
  const body = input.encoding === 'utf8' ? input.text.replace(/\r\n?/g, '\n') : input.text;
  return `${head.join('\n')}\n\n${body}${body.endsWith('\n') ? '' : '\n'}`;
}
