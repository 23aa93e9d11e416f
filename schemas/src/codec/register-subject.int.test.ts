import { randomBytes } from 'node:crypto';
import { createRegistryClient } from './registry-client';
import { registerSubject, SUBJECT_COMPATIBILITY } from './register-subject';

// Several processes starting at once (connectors, projector, API) all configure the same new subjects.
describe('registering a subject from many processes at once', () => {
  it('given ten concurrent registrations of a new subject, then all succeed with one id and the level set', async () => {
    const url = process.env.HOMEFIRST_REGISTRY_URL ?? 'http://127.0.0.1:18081/apis/ccompat/v7';
    const subject = `race-${randomBytes(6).toString('hex')}-value`;
    const schema = JSON.stringify({
      type: 'record',
      name: 'Race',
      namespace: 'uk.homefirst.test',
      fields: [{ name: 'a', type: 'string' }],
    });
    const ids = await Promise.all(
      Array.from({ length: 10 }, () => registerSubject(createRegistryClient({ url }), subject, schema)),
    );
    expect(new Set(ids).size).toBe(1);
    expect(await createRegistryClient({ url }).compatibility(subject)).toBe(SUBJECT_COMPATIBILITY);
  });
});
