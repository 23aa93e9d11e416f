import { hospitalTopic } from '../catalogue/topics';
import { hospitalSchemaWithOptionalField } from './schema-changes';

describe('hospitalSchemaWithOptionalField', () => {
  it('adds an optional consultantCode to PatientAdmitted only, leaving the topic schema untouched', () => {
    const before = JSON.stringify(hospitalTopic.valueSchema);
    const evolved = hospitalSchemaWithOptionalField();
    expect(JSON.stringify(hospitalTopic.valueSchema)).toBe(before);
    const payload = evolved.fields.find((f) => f.name === 'payload')?.type as {
      name: string;
      fields: { name: string; default?: unknown }[];
    }[];
    const admitted = payload.find((r) => r.name === 'PatientAdmitted');
    expect(admitted?.fields.at(-1)).toMatchObject({ name: 'consultantCode', default: null });
    const others = payload.filter((r) => r.name !== 'PatientAdmitted');
    expect(others.some((r) => r.fields.some((f) => f.name === 'consultantCode'))).toBe(false);
  });
});
