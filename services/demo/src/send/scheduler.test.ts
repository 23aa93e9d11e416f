import { UnavailableError, createLogger } from '@homefirst/runtime';
import type { Delivery } from '../feed/plan';
import type { WireMessage } from '../render/wire';
import { demoCorpus } from '../testing/corpus';
import { EdgeAuthorisationError, type Edge, type SendOutcome } from './edges';
import { replay, type Clock } from './scheduler';

const logger = createLogger({ name: 'scheduler-test', level: 'silent' });
const fastRetry = { retries: 3, initialDelayMs: 1, maxDelayMs: 2, factor: 2 };
const base = demoCorpus().plan.deliveries.filter((d) => d.channel === 'HL7V2');

/** A clock whose sleeps move time on at once (after what is already under way has run). */
function fakeClock(): Clock {
  let now = 0;
  return {
    now: () => now,
    sleep: (ms) =>
      new Promise<void>((resolve) =>
        setImmediate(() => {
          now += ms;
          resolve();
        }),
      ),
  };
}

const render = (d: Delivery): WireMessage => ({
  channel: d.channel,
  messageId: d.messageId,
  contentType: 'text/plain',
  body: d.messageId,
  kind: d.fact.kind,
});

/** An edge that answers from a script (by message id) and records when and in which order it was called. */
function scriptedEdge(
  clock: Clock,
  calls: { id: string; at: number }[],
  answer: (id: string, attempt: number) => Omit<SendOutcome, 'attempts'>,
): Edge {
  const attempts = new Map<string, number>();
  return {
    channel: 'HL7V2',
    attempt: (message) => {
      const n = (attempts.get(message.messageId) ?? 0) + 1;
      attempts.set(message.messageId, n);
      calls.push({ id: message.messageId, at: clock.now() });
      return Promise.resolve(answer(message.messageId, n));
    },
    close: () => undefined,
  };
}

const accept = (): Omit<SendOutcome, 'attempts'> => ({ verdict: 'accepted', code: 'AA', detail: '' });

describe('replay, pacing', () => {
  it('given --speed 60, sends the backfill at once and then one simulated minute per real second', async () => {
    const pivot = new Date('2025-03-29T12:00:00Z');
    const at = (minutes: number, d: Delivery): Delivery => ({
      ...d,
      sendAt: new Date(pivot.getTime() + minutes * 60_000),
    });
    const deliveries = [
      at(-600, base[0] as Delivery),
      at(-1, base[1] as Delivery),
      at(10, base[2] as Delivery),
      at(60, base[3] as Delivery),
    ];
    const clock = fakeClock();
    const calls: { id: string; at: number }[] = [];
    const stats = await replay({
      deliveries,
      pace: { kind: 'speed', speed: 60, pivot },
      render,
      edgeFor: () => scriptedEdge(clock, calls, accept),
      lanesPerChannel: 1,
      logger,
      clock,
      retry: fastRetry,
    });
    expect(calls.map((c) => c.at)).toEqual([0, 0, 10_000, 60_000]);
    expect(stats.byChannel.HL7V2).toMatchObject({ sent: 4, accepted: 4, codes: { AA: 4 } });
    expect(stats.unsent).toBe(0);
  });

  it('given --rate 5, sends flat out at five messages a second whatever their simulated time', async () => {
    const clock = fakeClock();
    const calls: { id: string; at: number }[] = [];
    await replay({
      deliveries: base.slice(0, 10),
      pace: { kind: 'rate', perSecond: 5 },
      render,
      edgeFor: () => scriptedEdge(clock, calls, accept),
      lanesPerChannel: 2,
      logger,
      clock,
      retry: fastRetry,
    });
    expect(calls.map((c) => c.at).sort((a, b) => a - b)).toEqual([
      0, 200, 400, 600, 800, 1000, 1200, 1400, 1600, 1800,
    ]);
  });
});

describe('replay, lanes and outcomes', () => {
  it('keeps each person on one lane, in order, and counts AA, AE and resends after AR', async () => {
    const deliveries = base.slice(0, 200);
    const clock = fakeClock();
    const calls: { id: string; at: number }[] = [];
    const rejectedId = deliveries[5]?.messageId;
    const busyId = deliveries[7]?.messageId;
    const stats = await replay({
      deliveries,
      pace: { kind: 'rate', perSecond: 1000 },
      render,
      edgeFor: () =>
        scriptedEdge(clock, calls, (id, attempt) => {
          if (id === busyId && attempt === 1) throw new UnavailableError('AR: busy', { dependency: 'mllp' });
          return id === rejectedId ? { verdict: 'rejected', code: 'AE', detail: 'PID-3' } : accept();
        }),
      lanesPerChannel: 4,
      logger,
      clock,
      retry: fastRetry,
    });
    expect(stats.byChannel.HL7V2).toMatchObject({
      sent: 200,
      accepted: 199,
      rejected: 1,
      retries: 1,
      codes: { AA: 199, AE: 1 },
    });
    const order = calls.map((c) => c.id).filter((id, i, all) => all.indexOf(id) === i);
    const position = new Map(order.map((id, i) => [id, i]));
    const byPerson = new Map<number, Delivery[]>();
    for (const d of deliveries)
      byPerson.set(d.fact.person.index, [...(byPerson.get(d.fact.person.index) ?? []), d]);
    for (const own of byPerson.values()) {
      const positions = own.map((d) => position.get(d.messageId) ?? -1);
      expect(positions).toEqual([...positions].sort((a, b) => a - b));
    }
  });

  it('given an edge that refuses the credentials, stops and says so', async () => {
    const clock = fakeClock();
    await expect(
      replay({
        deliveries: base.slice(0, 20),
        pace: { kind: 'rate', perSecond: 100 },
        render,
        edgeFor: () =>
          scriptedEdge(clock, [], () => {
            throw new EdgeAuthorisationError('401');
          }),
        lanesPerChannel: 1,
        logger,
        clock,
        retry: fastRetry,
      }),
    ).rejects.toBeInstanceOf(EdgeAuthorisationError);
  });

  it('gives up on a message the edge keeps refusing for later, and counts it failed', async () => {
    const clock = fakeClock();
    const stats = await replay({
      deliveries: base.slice(0, 3),
      pace: { kind: 'rate', perSecond: 100 },
      render,
      edgeFor: () =>
        scriptedEdge(clock, [], () => {
          throw new UnavailableError('AR: down', { dependency: 'mllp' });
        }),
      lanesPerChannel: 1,
      logger,
      clock,
      retry: fastRetry,
    });
    expect(stats.byChannel.HL7V2).toMatchObject({ sent: 3, failed: 3, retries: 9 });
  });
});

describe('replay, stopped', () => {
  it('given the signal aborts mid-way, then it stops sending, waits for what is under way and reports what is left', async () => {
    const controller = new AbortController();
    let calls = 0;
    const stats = await replay({
      deliveries: base.slice(0, 50),
      pace: { kind: 'rate', perSecond: 1000 },
      render,
      edgeFor: () => ({
        channel: 'HL7V2',
        attempt: () => {
          calls += 1;
          if (calls === 10) controller.abort(new Error('stopped by a signal'));
          return Promise.resolve(accept());
        },
        close: () => undefined,
      }),
      lanesPerChannel: 1,
      logger,
      clock: fakeClock(),
      retry: fastRetry,
      signal: controller.signal,
    });
    expect(stats.aborted).toBe(true);
    expect(stats.byChannel.HL7V2.accepted).toBeGreaterThanOrEqual(10);
    expect(stats.unsent).toBe(50 - stats.byChannel.HL7V2.sent);
    expect(stats.unsent).toBeGreaterThan(0);
  });
});
