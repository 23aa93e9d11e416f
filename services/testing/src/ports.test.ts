import { once } from 'node:events';
import { createServer, type Server } from 'node:net';
import { reservePort, workerBand } from './ports';

async function listen(port: number): Promise<Server> {
  const server = createServer();
  server.listen({ port, host: '0.0.0.0', exclusive: true });
  await once(server, 'listening');
  return server;
}

describe('reservePort', () => {
  it('given many reservations in one file, then each port is distinct, below the kernel ephemeral range and bindable', async () => {
    const ports: number[] = [];
    for (let i = 0; i < 40; i++) ports.push(await reservePort());
    expect(new Set(ports).size).toBe(ports.length);
    for (const port of ports) {
      expect(port).toBeGreaterThanOrEqual(30_000);
      expect(port).toBeLessThan(32_768);
    }
    const server = await listen(ports[0] ?? 0);
    server.close();
    await once(server, 'close');
  });

  it('given every port of the band held by other servers but three, then one of those three is handed out', async () => {
    const { from, to } = workerBand();
    const free = [from + 17, from + 400, to - 2];
    const held: Server[] = [];
    try {
      for (let port = from; port < to; port++) {
        if (free.includes(port)) continue;
        // Some band ports may already be in use elsewhere on this machine; those count as held too.
        await listen(port).then(
          (server) => held.push(server),
          () => undefined,
        );
      }
      expect(free).toContain(await reservePort());
    } finally {
      await Promise.all(held.map((s) => new Promise<void>((done) => s.close(() => done()))));
    }
  });
});
