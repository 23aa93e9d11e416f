import { RegistryUnavailableError, UnknownSchemaIdError } from '../errors';
import { createRegistryClient } from './registry-client';

const URL = 'http://registry.test/apis/ccompat/v7';
const answer =
  (status: number, body: unknown): typeof fetch =>
  () =>
    Promise.resolve(new Response(JSON.stringify(body), { status }));

describe('createRegistryClient', () => {
  it('builds a client without contacting the registry', () => {
    const fetchSpy = jest.fn<Promise<Response>, Parameters<typeof fetch>>();
    const registry = createRegistryClient({ url: 'http://127.0.0.1:18081/apis/ccompat/v7', fetch: fetchSpy });
    expect(registry.url).toBe('http://127.0.0.1:18081/apis/ccompat/v7');
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('given credentials in the URL, sends them as basic auth and keeps them out of the URL it names', async () => {
    const seen: { url: string; authorization: string | null }[] = [];
    const registry = createRegistryClient({
      url: 'https://hub:p%40ss@registry.example/apis/ccompat/v7/',
      fetch: (input, init) => {
        seen.push({
          url: input instanceof Request ? input.url : input.toString(),
          authorization: new Headers(init?.headers).get('authorization'),
        });
        return Promise.resolve(new Response(JSON.stringify({ schema: '"string"' }), { status: 200 }));
      },
    });
    expect(registry.url).toBe('https://registry.example/apis/ccompat/v7');
    await registry.schemaById(7);
    expect(seen).toEqual([
      {
        url: 'https://registry.example/apis/ccompat/v7/schemas/ids/7',
        authorization: `Basic ${Buffer.from('hub:p@ss').toString('base64')}`,
      },
    ]);
  });
});

describe('createRegistryClient errors', () => {
  it.each([500, 503, 429, 408])(
    'given HTTP %i, then a retriable RegistryUnavailableError',
    async (status) => {
      const registry = createRegistryClient({ url: URL, fetch: answer(status, { message: 'busy' }) });
      await expect(registry.schemaById(1)).rejects.toThrow(RegistryUnavailableError);
      await expect(registry.schemaById(1)).rejects.toMatchObject({ retriable: true });
    },
  );

  it('given an unknown id (404), then a non-retriable UnknownSchemaIdError naming it', async () => {
    const registry = createRegistryClient({
      url: URL,
      fetch: answer(404, { error_code: 40403, message: 'Schema not found' }),
    });
    await expect(registry.schemaById(99)).rejects.toThrow(UnknownSchemaIdError);
    await expect(registry.schemaById(99)).rejects.toMatchObject({ retriable: false, schemaId: 99 });
  });

  it('given a registry that never answers, then it gives up after timeoutMs with a retriable error', async () => {
    const hanging: typeof fetch = (_input, init) =>
      new Promise((_resolve, reject) => {
        init?.signal?.addEventListener('abort', () => reject(init.signal?.reason as Error));
      });
    const registry = createRegistryClient({ url: URL, timeoutMs: 50, fetch: hanging });
    const started = Date.now();
    await expect(registry.schemaById(1)).rejects.toMatchObject({
      code: 'REGISTRY_UNAVAILABLE',
      retriable: true,
    });
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describe('ping', () => {
  it('given a registry answering 2xx, then it resolves; given 503, then it throws a retriable error', async () => {
    await expect(createRegistryClient({ url: URL, fetch: answer(200, []) }).ping()).resolves.toBeUndefined();
    await expect(
      createRegistryClient({ url: URL, fetch: answer(503, { message: 'down' }) }).ping(),
    ).rejects.toMatchObject({ code: 'REGISTRY_UNAVAILABLE', retriable: true });
  });

  it("given the caller's signal aborts, then it gives up before the client's own timeout", async () => {
    const hanging: typeof fetch = (_input, init) =>
      new Promise((_resolve, reject) => {
        init?.signal?.addEventListener('abort', () => reject(init.signal?.reason as Error));
      });
    const registry = createRegistryClient({ url: URL, timeoutMs: 60_000, fetch: hanging });
    await expect(registry.ping(AbortSignal.timeout(20))).rejects.toMatchObject({ retriable: true });
  });
});
