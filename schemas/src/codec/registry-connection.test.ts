import { registryConnection } from './registry-connection';

describe('registryConnection', () => {
  it('uses the ccompat base URL as the host', () => {
    expect(registryConnection('http://127.0.0.1:18081/apis/ccompat/v7')).toEqual({
      host: 'http://127.0.0.1:18081/apis/ccompat/v7',
    });
  });

  it('moves credentials out of the URL into basic auth and drops a trailing slash', () => {
    expect(registryConnection('https://hub:p%40ss@registry.example:8443/apis/ccompat/v7/')).toEqual({
      host: 'https://registry.example:8443/apis/ccompat/v7',
      auth: { username: 'hub', password: 'p@ss' },
    });
  });
});
