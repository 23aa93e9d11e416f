import { ConfigError } from '@homefirst/runtime';

/**
 * The message of the ConfigError `load` throws (a configuration loaded from a test's environment); any
 * other error is rethrown, and a load that succeeds fails the test.
 */
export function configErrorMessage(load: () => unknown): string {
  try {
    load();
  } catch (err) {
    if (err instanceof ConfigError) return err.message;
    throw err;
  }
  throw new Error('expected a ConfigError, but the configuration loaded');
}
