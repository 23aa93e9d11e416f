import { loadWebhooksConfig } from './config';

describe('webhooks config', () => {
  it('defaults to https only, 12 attempts and a retry window over a minute', () => {
    const { webhooks } = loadWebhooksConfig({});
    expect(webhooks.allowInsecureLoopback).toBe(false);
    expect(webhooks.defaultMaxAttempts).toBe(12);
    expect(webhooks.groupPrefix).toBe('homefirst-webhooks');
    expect(webhooks.delivery.backoff).toEqual({ baseMs: 1_000, capMs: 300_000 });
    expect(webhooks.minimumRetryWindowMs).toBeGreaterThan(60_000);
  });

  it('names the variable and what it accepts', () => {
    expect(() => loadWebhooksConfig({ HOMEFIRST_WEBHOOKS_MAX_ATTEMPTS: '0' })).toThrow(
      /HOMEFIRST_WEBHOOKS_MAX_ATTEMPTS/,
    );
    expect(() =>
      loadWebhooksConfig({
        HOMEFIRST_WEBHOOKS_BACKOFF_BASE_MS: '5000',
        HOMEFIRST_WEBHOOKS_BACKOFF_CAP_MS: '1000',
      }),
    ).toThrow(/HOMEFIRST_WEBHOOKS_BACKOFF_CAP_MS/);
    expect(() => loadWebhooksConfig({ HOMEFIRST_WEBHOOKS_ALLOW_INSECURE_LOOPBACK: 'maybe' })).toThrow(
      /HOMEFIRST_WEBHOOKS_ALLOW_INSECURE_LOOPBACK/,
    );
  });
});
