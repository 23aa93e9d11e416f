import { ConfigError } from '@homefirst/runtime';
import { configErrorMessage } from './config-error';

describe('configErrorMessage', () => {
  it('returns the message of the ConfigError the load throws', () => {
    expect(
      configErrorMessage(() => {
        throw new ConfigError('HOMEFIRST_X: must be a number');
      }),
    ).toBe('HOMEFIRST_X: must be a number');
  });

  it('rethrows any other error, and fails when the configuration loads', () => {
    expect(() =>
      configErrorMessage(() => {
        throw new TypeError('not a config problem');
      }),
    ).toThrow(TypeError);
    expect(() => configErrorMessage(() => ({ port: 8080 }))).toThrow('expected a ConfigError');
  });
});
