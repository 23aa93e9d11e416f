import { createServer as createHttpServer, type IncomingMessage, type Server as HttpServer } from 'node:http';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import type { WireMessage } from '../render/wire';
import { CouncilEdge, EdgeAuthorisationError, FhirEdge, MllpEdge, deliver } from './edges';
import { FS, VT, parseAck } from './mllp-client';

// The edges against small loopback stand-ins for the connectors (the real connectors are exercised by
// the stack test): framing, the answer-to-outcome mapping, resends.

const fastRetry = { retries: 3, initialDelayMs: 1, maxDelayMs: 5, factor: 2 };

const hl7 = (id: string): WireMessage => ({
  channel: 'HL7V2',
  messageId: id,
  contentType: 'x-application/hl7-v2+er7',
  body: `MSH|^~\\&|DEMOPAS|RHF|HOMEFIRST|HUB|20250106093000+0000||ADT^A01^ADT_A01|${id}|P|2.4\rPID|1||9991234012^^^NHS^NH`,
  kind: 'A01',
});

const ackFor = (id: string, code: string, text = ''): string =>
  `MSH|^~\\&|HOMEFIRST|HUB|DEMOPAS|RHF|20250106093001||ACK^A01^ACK|A${id}|P|2.4\rMSA|${code}|${id}|${text}`;

/** An MLLP listener answering each frame by `answer`; it may split its ACK into two writes. */
async function mllpServer(
  answer: (id: string, n: number, socket: Socket) => string | null,
): Promise<{ server: Server; port: number; frames: string[] }> {
  const frames: string[] = [];
  const server = createServer((socket) => {
    let buffer = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      let end = buffer.indexOf(FS);
      while (end !== -1 && buffer[0] === VT) {
        const text = buffer.subarray(1, end).toString('utf8');
        buffer = buffer.subarray(end + 2);
        frames.push(text);
        const id = text.split('|')[9] ?? '';
        const reply = answer(id, frames.filter((f) => f.split('|')[9] === id).length, socket);
        if (reply !== null) {
          const bytes = Buffer.concat([Buffer.from([VT]), Buffer.from(reply), Buffer.from([FS, 0x0d])]);
          socket.write(bytes.subarray(0, 10));
          setTimeout(() => socket.write(bytes.subarray(10)), 5);
        }
        end = buffer.indexOf(FS);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port, frames };
}

const close = (server: Server | HttpServer): Promise<void> =>
  new Promise((resolve) => server.close(() => resolve()));

describe('MLLP edge', () => {
  it('given AA, AE and an AR followed by AA, then accepted, rejected with the reason, and accepted after one resend', async () => {
    const { server, port, frames } = await mllpServer((id, n) => {
      if (id === 'M2') return ackFor(id, 'AE', 'PID-3 fails the modulus-11 check');
      if (id === 'M3' && n === 1) return ackFor(id, 'AR', 'Kafka unavailable');
      return ackFor(id, 'AA');
    });
    const edge = new MllpEdge('127.0.0.1', port, 2000);
    try {
      await expect(deliver(edge, hl7('M1'), fastRetry)).resolves.toMatchObject({
        verdict: 'accepted',
        code: 'AA',
        attempts: 1,
      });
      await expect(deliver(edge, hl7('M2'), fastRetry)).resolves.toMatchObject({
        verdict: 'rejected',
        code: 'AE',
        detail: 'PID-3 fails the modulus-11 check',
      });
      await expect(deliver(edge, hl7('M3'), fastRetry)).resolves.toMatchObject({
        verdict: 'accepted',
        attempts: 2,
      });
      expect(frames.map((f) => f.split('|')[9])).toEqual(['M1', 'M2', 'M3', 'M3']);
      expect(frames[0]?.includes('\r')).toBe(true);
    } finally {
      edge.close();
      await close(server);
    }
  });

  it('given the hub drops the connection without an ACK, then it reconnects and sends the message again', async () => {
    const { server, port } = await mllpServer((id, n, socket) => {
      if (n === 1) {
        socket.destroy();
        return null;
      }
      return ackFor(id, 'AA');
    });
    const edge = new MllpEdge('127.0.0.1', port, 2000);
    try {
      await expect(deliver(edge, hl7('M9'), fastRetry)).resolves.toMatchObject({
        verdict: 'accepted',
        attempts: 2,
      });
    } finally {
      edge.close();
      await close(server);
    }
  });

  it('given nobody listens, then the message fails after the retries', async () => {
    const { server, port } = await mllpServer(() => null);
    await close(server);
    const edge = new MllpEdge('127.0.0.1', port, 500);
    await expect(deliver(edge, hl7('M1'), fastRetry)).resolves.toMatchObject({
      verdict: 'failed',
      attempts: 4,
    });
    edge.close();
  });

  it('reads MSA-1, MSA-2 and the reason of an ACK', () => {
    expect(parseAck(ackFor('X1', 'AE', 'bad'))).toEqual({ code: 'AE', controlId: 'X1', text: 'bad' });
    expect(parseAck('MSH|^~\\&|A')).toBeNull();
  });
});

/** An HTTP server answering from a script; it records method, path and headers. */
async function httpServer(answer: (n: number) => { status: number; body: unknown }): Promise<{
  server: HttpServer;
  url: string;
  requests: { path: string; headers: IncomingMessage['headers']; body: string }[];
}> {
  const requests: { path: string; headers: IncomingMessage['headers']; body: string }[] = [];
  const server = createHttpServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      requests.push({ path: `${request.method ?? ''} ${request.url ?? ''}`, headers: request.headers, body });
      const { status, body: reply } = answer(requests.length);
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(reply));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests };
}

const fhirMessage: WireMessage = {
  channel: 'FHIR',
  messageId: 'B1',
  contentType: 'application/fhir+json',
  body: '{"resourceType":"Bundle"}',
  kind: 'Bundle-Admitted',
};
const councilMessage: WireMessage = {
  channel: 'COUNCIL',
  messageId: 'C1',
  contentType: 'application/json',
  body: '{"recordId":"C1"}',
  kind: 'referral_received',
};

describe('FHIR and council edges', () => {
  it('posts message Bundles to {base}/fhir as application/fhir+json with the bearer token, resending after a 503', async () => {
    const { server, url, requests } = await httpServer((n) =>
      n === 1 ? { status: 503, body: {} } : { status: 200, body: {} },
    );
    try {
      const outcome = await deliver(new FhirEdge(url, 'fhir-token-0123456789'), fhirMessage, fastRetry);
      expect(outcome).toMatchObject({ verdict: 'accepted', code: '200', attempts: 2 });
      expect(requests[1]).toMatchObject({
        path: 'POST /fhir',
        headers: { 'content-type': 'application/fhir+json', authorization: 'Bearer fhir-token-0123456789' },
        body: fhirMessage.body,
      });
    } finally {
      await close(server);
    }
  });

  it('given a 422 OperationOutcome, then rejected with its diagnostics; given 401, then it stops', async () => {
    const outcome = {
      resourceType: 'OperationOutcome',
      issue: [{ diagnostics: 'Bundle.entry[2]: not a valid NHS number' }],
    };
    const rejecting = await httpServer(() => ({ status: 422, body: outcome }));
    const refusing = await httpServer(() => ({ status: 401, body: {} }));
    try {
      await expect(
        deliver(new FhirEdge(rejecting.url, 't'.repeat(20)), fhirMessage, fastRetry),
      ).resolves.toMatchObject({
        verdict: 'rejected',
        code: '422',
        detail: 'Bundle.entry[2]: not a valid NHS number',
      });
      await expect(
        deliver(new FhirEdge(refusing.url, 't'.repeat(20)), fhirMessage, fastRetry),
      ).rejects.toBeInstanceOf(EdgeAuthorisationError);
    } finally {
      await close(rejecting.server);
      await close(refusing.server);
    }
  });

  it('posts council records to /council/v1/records and reads each record status: accepted, duplicate, rejected', async () => {
    const answers = [
      { status: 200, body: { accepted: 1, duplicates: 0, rejected: 0, results: [{ status: 'accepted' }] } },
      { status: 200, body: { accepted: 0, duplicates: 1, rejected: 0, results: [{ status: 'duplicate' }] } },
      {
        status: 422,
        body: {
          rejected: 1,
          results: [{ status: 'rejected', errors: [{ field: 'nhsNumber', message: 'must be valid' }] }],
        },
      },
    ];
    const { server, url, requests } = await httpServer((n) => answers[n - 1] ?? { status: 500, body: {} });
    try {
      const edge = new CouncilEdge(url, 'council-token-0123456789');
      await expect(deliver(edge, councilMessage, fastRetry)).resolves.toMatchObject({ verdict: 'accepted' });
      await expect(deliver(edge, councilMessage, fastRetry)).resolves.toMatchObject({ verdict: 'duplicate' });
      await expect(deliver(edge, councilMessage, fastRetry)).resolves.toMatchObject({
        verdict: 'rejected',
        code: '422',
        detail: 'nhsNumber: must be valid',
      });
      expect(requests.map((r) => r.path)).toEqual(Array(3).fill('POST /council/v1/records'));
      expect(requests[0]?.headers).toMatchObject({
        'content-type': 'application/json',
        authorization: 'Bearer council-token-0123456789',
      });
    } finally {
      await close(server);
    }
  });
});
