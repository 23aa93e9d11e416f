import { feedSamples } from '@homefirst/schemas';
import { Webhook } from 'standardwebhooks';
import { webhookBodyOf } from '../core/body';
import { newSigningSecret } from '../subscriptions/secret';
import { signedHeaders } from './send';

describe('signed webhook headers (Standard Webhooks)', () => {
  const secret = newSigningSecret();
  const [event] = feedSamples;
  if (event === undefined) throw new Error('no feed sample');
  const body = webhookBodyOf(event);

  it('verify with the reference library under the same secret, and carry the event id', () => {
    const headers = signedHeaders({ secret, webhookId: event.eventId, body }, new Date());
    expect(headers['webhook-id']).toBe(event.eventId);
    expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    const verified = new Webhook(secret).verify(body, headers) as { type: string; data: { eventId: string } };
    expect(verified.type).toBe(`homefirst.feed.${event.type}`);
    expect(verified.data.eventId).toBe(event.eventId);
  });

  it('fail verification under another secret, with a changed body, or when stale', () => {
    const headers = signedHeaders({ secret, webhookId: event.eventId, body }, new Date());
    expect(() => new Webhook(newSigningSecret()).verify(body, headers)).toThrow();
    expect(() => new Webhook(secret).verify(body.replace('E08000012', 'E08000014'), headers)).toThrow();
    const stale = signedHeaders({ secret, webhookId: event.eventId, body }, new Date(Date.now() - 3_600_000));
    expect(() => new Webhook(secret).verify(body, stale)).toThrow();
  });

  it('give secrets in whsec_ form, a new one each time', () => {
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(newSigningSecret()).not.toBe(secret);
  });
});
