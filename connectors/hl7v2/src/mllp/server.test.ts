import { setTimeout as sleep } from 'node:timers/promises';
import { createLogger } from '@homefirst/runtime';
import { MllpClient } from './client';
import { MllpServer, type MllpHandler } from './server';

// The listener alone, on a loopback port, with a handler standing in for the pipeline: ordering per
// connection, parallel connections, the frame limit, idle connections and a graceful close. Plaintext here
// (framing is the same under TLS); mutual TLS has its own tests in tls.test.ts.

const silent = createLogger({ name: 'mllp-test', level: 'silent' });

/** Answers "ACK:<frame>" after a delay the frame names ("slow" = 60 ms), recording when each one started. */
function echoHandler(): MllpHandler & { started: string[]; inFlight: number; maxInFlight: number } {
  const handler = {
    started: [] as string[],
    inFlight: 0,
    maxInFlight: 0,
    async handleFrame(frame: Buffer): Promise<Buffer> {
      const text = frame.toString();
      handler.started.push(text);
      handler.inFlight += 1;
      handler.maxInFlight = Math.max(handler.maxInFlight, handler.inFlight);
      await sleep(text.startsWith('slow') ? 60 : 5);
      handler.inFlight -= 1;
      return Buffer.from(`ACK:${text}`);
    },
    oversizeAck: (prefix: Buffer, limit: number) =>
      Buffer.from(`AR:${limit}:${prefix.subarray(0, 3).toString()}`),
  };
  return handler;
}

async function listen(
  handler: MllpHandler,
  overrides: Partial<{ maxFrameBytes: number; idleTimeoutMs: number }> = {},
) {
  const server = new MllpServer({
    host: '127.0.0.1',
    port: 0,
    maxFrameBytes: overrides.maxFrameBytes ?? 1024,
    idleTimeoutMs: overrides.idleTimeoutMs ?? 5_000,
    maxConnections: 50,
    logger: silent,
    handler,
    tls: null,
  });
  return { server, port: await server.start() };
}

describe('MLLP listener', () => {
  it('given frames pipelined on one connection, when a slow one comes first, then ACKs still come back in message order', async () => {
    const handler = echoHandler();
    const { server, port } = await listen(handler);
    const client = await MllpClient.connect(port);
    const acks = await Promise.all(['slow-1', 'fast-2', 'fast-3'].map((text) => client.send(text)));
    expect(acks).toEqual(['ACK:slow-1', 'ACK:fast-2', 'ACK:fast-3']);
    expect(handler.maxInFlight).toBe(1);
    await client.close();
    await server.close();
  });

  it('given many connections, when they send at once, then they are handled in parallel', async () => {
    const handler = echoHandler();
    const { server, port } = await listen(handler);
    const clients = await Promise.all(Array.from({ length: 10 }, () => MllpClient.connect(port)));
    const acks = await Promise.all(clients.map((client, i) => client.send(`slow-${i}`)));
    expect(acks).toEqual(clients.map((_, i) => `ACK:slow-${i}`));
    expect(handler.maxInFlight).toBeGreaterThan(1);
    await Promise.all(clients.map((client) => client.close()));
    await server.close();
  });

  it('given a frame over the limit, when it arrives, then the frames before it are answered, then AR, then the connection is closed', async () => {
    const handler = echoHandler();
    const { server, port } = await listen(handler, { maxFrameBytes: 100 });
    const client = await MllpClient.connect(port);
    const first = client.send('slow-ok');
    const oversize = client.send(`MSH${'x'.repeat(200)}`);
    expect(await first).toBe('ACK:slow-ok');
    expect(await oversize).toBe('AR:100:MSH');
    await client.closed;
    expect(handler.started).toEqual(['slow-ok']);
    await server.close();
  });

  it('given an idle connection, when the timeout passes, then it is closed; an active one is not', async () => {
    const { server, port } = await listen(echoHandler(), { idleTimeoutMs: 150 });
    const idle = await MllpClient.connect(port);
    const active = await MllpClient.connect(port);
    for (let i = 0; i < 4; i += 1) {
      await sleep(80);
      expect(await active.send(`fast-${i}`)).toBe(`ACK:fast-${i}`);
    }
    await idle.closed;
    await active.close();
    await server.close();
  });

  it('given a frame being handled, when the server closes, then its ACK is still sent before the connection ends', async () => {
    const handler = echoHandler();
    const { server, port } = await listen(handler);
    const client = await MllpClient.connect(port);
    const ack = client.send('slow-last');
    // Close only once the server has the frame in hand (a fixed sleep raced under load).
    for (let i = 0; i < 200 && !handler.started.includes('slow-last'); i++) await sleep(5);
    expect(handler.started).toContain('slow-last');
    await server.close(2_000);
    expect(await ack).toBe('ACK:slow-last');
    await client.closed;
  });
});
