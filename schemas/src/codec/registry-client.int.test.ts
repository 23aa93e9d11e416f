import { RegistryRequestError } from '../errors';
import { registryUrl, uniquePrefix } from '../testing/stack';
import { createRegistryClient } from './registry-client';

describe('the registry client on the real registry', () => {
  it('given the configured registry, when an unknown subject is asked for, then the registry itself answers', async () => {
    const registry = createRegistryClient({ url: registryUrl() });
    const lookup = registry.lookup(`${uniquePrefix('no-such-subject')}-value`, '"string"');
    await expect(lookup).rejects.toThrow(RegistryRequestError);
    await expect(lookup).rejects.toThrow(/No artifact with ID|not found/i);
  });
});
