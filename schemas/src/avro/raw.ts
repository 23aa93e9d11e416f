import { avroNamespace, field } from './builders';

/** Source payloads exactly as received, for audit and re-mapping. Written before parsing. */
export const RAW = 'uk.homefirst.raw';
const raw = avroNamespace(RAW);

export const transport = raw.vocabulary('Transport', 'How the bytes arrived.', [
  'HTTP',
  'MLLP',
  'FILE',
  'POLL',
]);

export const rawMessageReceived = raw.record(
  'RawMessageReceived',
  'A source message arrived. occurredAt = time received.',
  [
    field('transport', transport, 'How the bytes arrived.'),
    field(
      'contentType',
      'string',
      'Media type, e.g. application/fhir+json, x-application/hl7-v2+er7, text/csv.',
    ),
    field('body', 'bytes', 'The message bytes, unchanged.'),
  ],
);

export const rawEvents = [rawMessageReceived] as const;
