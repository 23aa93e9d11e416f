import { hospitalTopic } from '../catalogue/topics';

interface RecordSchema {
  readonly fields: { name: string; type: unknown }[];
}

/**
 * The hospital topic's current value schema after one documented safe change: PatientAdmitted gains an
 * optional `consultantCode` (nullable, default null). A fresh copy each call.
 */
export function hospitalSchemaWithOptionalField(): RecordSchema {
  const evolved = JSON.parse(JSON.stringify(hospitalTopic.valueSchema)) as RecordSchema;
  const payload = evolved.fields.find((f) => f.name === 'payload')?.type as {
    name: string;
    fields: unknown[];
  }[];
  payload
    .find((r) => r.name === 'PatientAdmitted')
    ?.fields.push({ name: 'consultantCode', type: ['null', 'string'], default: null, doc: 'GMC code.' });
  return evolved;
}
