import type { Delivery, Channel } from '../feed/plan';
import type { CityParameters } from '../model/parameters';
import { councilCsvRow, councilJson, renderCouncilRecord } from './council';
import { renderFhirBundle, toJsonText } from './fhir';
import { renderHl7, truncateHl7 } from './hl7v2';

/** One message as it goes over the wire. */
export interface WireMessage {
  readonly channel: Channel;
  readonly messageId: string;
  readonly contentType: string;
  readonly body: string;
  /** What kind of message this is, for reports and file names: A01, Bundle-A03, referral_received … */
  readonly kind: string;
}

export const CONTENT_TYPE: Readonly<Record<Channel, string>> = {
  HL7V2: 'x-application/hl7-v2+er7',
  FHIR: 'application/fhir+json',
  COUNCIL: 'application/json',
};

/** Renders a delivery into the bytes its edge takes, applying its malformation if it has one. Pure. */
export function renderDelivery(delivery: Delivery, params: CityParameters): WireMessage {
  const { fact, messageId, malformation } = delivery;
  const override =
    malformation === 'BAD_NHS_NUMBER' ? { nhsNumberOverride: breakCheckDigit(fact.person.nhsNumber) } : {};
  const truncate = malformation === 'TRUNCATED';
  const base = { channel: delivery.channel, messageId, contentType: CONTENT_TYPE[delivery.channel] };
  if (fact.side === 'council') {
    const record = renderCouncilRecord(fact, messageId, params, override);
    const body = councilJson(record);
    return { ...base, kind: String(record.event), body: truncate ? cutJson(body) : body };
  }
  if (delivery.channel === 'HL7V2') {
    const body = renderHl7(fact, messageId, params, override);
    return {
      ...base,
      kind: body.split('|', 10)[8]?.split('^')[1] ?? 'ADT',
      body: truncate ? truncateHl7(body) : body,
    };
  }
  const bundle = renderFhirBundle(fact, messageId, params, override);
  const body = toJsonText(bundle);
  return { ...base, kind: `Bundle-${fact.kind}`, body: truncate ? cutJson(body) : body };
}

/** A council delivery as a row of the canonical CSV, with the same malformation as its JSON form. */
export function councilCsvRowOf(delivery: Delivery, params: CityParameters): string {
  const { fact, messageId, malformation } = delivery;
  if (fact.side !== 'council') throw new TypeError('only council facts have a CSV row');
  const override =
    malformation === 'BAD_NHS_NUMBER' ? { nhsNumberOverride: breakCheckDigit(fact.person.nhsNumber) } : {};
  const row = councilCsvRow(renderCouncilRecord(fact, messageId, params, override));
  // A truncated row loses its last columns.
  return malformation === 'TRUNCATED' ? row.slice(0, Math.floor(row.length * 0.6)) : row;
}

/** The same number with a wrong check digit: fails modulus 11 (only one check digit is ever right). */
export function breakCheckDigit(nhsNumber: string): string {
  const last = Number(nhsNumber.slice(-1));
  return `${nhsNumber.slice(0, 9)}${(last + 1) % 10}`;
}

/** JSON cut off part-way, as a dropped connection or a buggy exporter leaves it. */
function cutJson(body: string): string {
  return body.slice(0, Math.floor(body.length * 0.6));
}
