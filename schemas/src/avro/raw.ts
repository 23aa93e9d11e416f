import { field, record, vocabulary } from './builders';

/** Source payloads exactly as received, for audit and re-mapping. Written before parsing. */
export const RAW = 'uk.homefirst.raw';

export const transport = vocabulary(
  RAW,
  'Transport',
  'How the bytes arrived.',
  ['HTTP', 'MLLP', 'FILE', 'POLL', 'UNKNOWN'],
  'UNKNOWN',
);

export const rawMessageReceived = record(
  RAW,
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
