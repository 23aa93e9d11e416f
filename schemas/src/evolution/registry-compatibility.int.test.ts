import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { hospitalTopic } from '../catalogue/topics';
import { createRegistryClient } from '../codec/registry-client';
import { registerSubject } from '../codec/register-subject';
import { IncompatibleSchemaError } from '../errors';
import { registryUrl, uniquePrefix } from '../testing/stack';
import { hospitalSchemaWithOptionalField } from '../testing/schema-changes';
import { releasedVersions } from './released';

describe('the registry enforces BACKWARD_TRANSITIVE on Homefirst subjects', () => {
  const registry = createRegistryClient({ url: registryUrl() });
  const subject = `${uniquePrefix('compat')}${hospitalTopic.valueSubject}`;
  const fixture = readFileSync(
    resolve(__dirname, '../../test-fixtures/incompatible/homefirst.hospital.events.v1-value.avsc'),
    'utf8',
  );

  beforeAll(async () => {
    // given every released version, then the current schema, registered in order
    for (const { schema } of releasedVersions(hospitalTopic.valueSubject)) {
      await registerSubject(registry, subject, JSON.stringify(schema));
    }
    await registerSubject(registry, subject, JSON.stringify(hospitalTopic.valueSchema));
  });

  it('sets the subject to BACKWARD_TRANSITIVE', async () => {
    expect(await registry.compatibility(subject)).toBe('BACKWARD_TRANSITIVE');
  });

  it('refuses the deliberately incompatible fixture with 409', async () => {
    const attempt = registerSubject(registry, subject, JSON.stringify(JSON.parse(fixture)));
    await expect(attempt).rejects.toThrow(IncompatibleSchemaError);
    await expect(registerSubject(registry, subject, fixture)).rejects.toMatchObject({
      code: 'INCOMPATIBLE_SCHEMA',
      retriable: false,
    });
  });

  it('accepts an added optional field', async () => {
    const evolved = hospitalSchemaWithOptionalField();
    await expect(registerSubject(registry, subject, JSON.stringify(evolved))).resolves.toBeGreaterThan(0);
  });
});
