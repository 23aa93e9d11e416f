import {
  ContractError,
  HubError,
  IncompatibleSchemaError,
  InvalidNhsNumberError,
  RegistryUnavailableError,
} from './errors';

describe('the contract errors are HubErrors', () => {
  it('carry code, retriable and the standard cause on the one base', () => {
    const cause = new Error('ECONNREFUSED');
    const err = new RegistryUnavailableError('encode', cause);
    expect(err).toBeInstanceOf(ContractError);
    expect(err).toBeInstanceOf(HubError);
    expect(err).toMatchObject({
      name: 'RegistryUnavailableError',
      code: 'REGISTRY_UNAVAILABLE',
      retriable: true,
    });
    expect(err.cause).toBe(cause);
    expect(new IncompatibleSchemaError('s', 'd')).toMatchObject({
      code: 'INCOMPATIBLE_SCHEMA',
      retriable: false,
    });
  });

  it('never put the NHS number in the message', () => {
    expect(new InvalidNhsNumberError().message).not.toMatch(/\d{10}/);
  });

  it('keep name out of enumerable keys', () => {
    expect(Object.keys(new InvalidNhsNumberError())).not.toContain('name');
  });
});
