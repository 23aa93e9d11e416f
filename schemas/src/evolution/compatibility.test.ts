import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseAvro } from '../avro/logical-types';
import { catalogue, hospitalTopic } from '../catalogue/topics';
import { backwardTransitiveProblems } from './compatibility';
import { hospitalSchemaWithOptionalField } from '../testing/schema-changes';
import { releasedVersions } from './released';

const incompatibleFixture = JSON.parse(
  readFileSync(
    resolve(__dirname, '../../test-fixtures/incompatible/homefirst.hospital.events.v1-value.avsc'),
    'utf8',
  ),
) as object;

describe('schema evolution: BACKWARD_TRANSITIVE against every released version in git', () => {
  describe.each(catalogue.map((t) => [t.valueSubject, t] as const))('%s', (subject, topic) => {
    const released = releasedVersions(subject);

    it('has at least one released version', () => {
      expect(released.length).toBeGreaterThan(0);
      expect(released.map((r) => r.version)).toEqual(released.map((_, i) => i + 1));
    });

    it('current schema can resolve every released writer schema', () => {
      const problems = backwardTransitiveProblems(
        topic.valueSchema,
        released.map((r) => ({ version: `v${r.version}`, schema: r.schema })),
      );
      expect(problems).toEqual([]);
    });

    it('current schema reads random data written with every released version', () => {
      const reader = parseAvro(topic.valueSchema);
      for (const { schema } of released) {
        const writer = parseAvro(schema);
        const resolver = reader.createResolver(writer);
        for (let i = 0; i < 25; i += 1) {
          const decoded: unknown = reader.fromBuffer(writer.toBuffer(writer.random()), resolver);
          expect(reader.isValid(decoded)).toBe(true);
        }
      }
    });
  });

  it('rejects the deliberately incompatible fixture (a new field without a default)', () => {
    const released = releasedVersions(hospitalTopic.valueSubject).map((r) => ({
      version: `v${r.version}`,
      schema: r.schema,
    }));
    const problems = backwardTransitiveProblems(incompatibleFixture, released);
    expect(problems.map((p) => p.version)).toEqual(released.map((r) => r.version));
    expect(problems[0]?.reason).toMatch(/PatientAdmitted|cannot read/);
  });

  it('accepts the documented safe changes: an optional field and a new enum symbol', () => {
    const current = hospitalSchemaWithOptionalField();
    const typeEnum = current.fields.find((f) => f.name === 'type')?.type as { symbols: string[] };
    typeEnum.symbols.push('SomethingNew');
    expect(
      backwardTransitiveProblems(current, [{ version: 'v1', schema: hospitalTopic.valueSchema }]),
    ).toEqual([]);
  });
});
