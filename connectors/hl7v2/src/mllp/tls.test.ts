import { readFileSync } from 'node:fs';
import { ConfigError, createLogger } from '@homefirst/runtime';
import { configErrorMessage, ThrowawayPki, waitFor, type ClientTlsMaterial } from '@homefirst/testing';
import { loadHl7Config } from '../config';
import { MllpClient } from './client';
import { MllpServer, type MllpHandler, type MllpPeer, type MllpRefusal } from './server';
import { organisationOf, readMllpTls, type CertificateOrgAttribute } from './tls';

// Mutual TLS on the listener, with certificates made for this file (a throwaway CA, a server certificate,
// client certificates; a second CA the hub does not trust) and a handler that records who sent each frame.

const silent = createLogger({ name: 'mllp-tls-test', level: 'silent' });
let pki: ThrowawayPki;
const servers: MllpServer[] = [];

beforeAll(() => {
  pki = new ThrowawayPki('mllp-tls');
});

afterAll(async () => {
  await Promise.all(servers.map((server) => server.close(1_000)));
  pki.remove();
});

function recordingHandler(): MllpHandler & { peers: Array<MllpPeer | null> } {
  const peers: Array<MllpPeer | null> = [];
  return {
    peers,
    handleFrame: (frame: Buffer, peer: MllpPeer | null) => {
      peers.push(peer);
      return Promise.resolve(Buffer.from(`ACK:${peer?.orgCode ?? 'plaintext'}:${frame.toString()}`));
    },
    oversizeAck: () => Buffer.from('AR'),
  };
}

async function listenTls(orgAttribute: CertificateOrgAttribute = 'O') {
  const handler = recordingHandler();
  const refused: MllpRefusal[] = [];
  const server = new MllpServer({
    host: '127.0.0.1',
    port: 0,
    maxFrameBytes: 1024,
    idleTimeoutMs: 5_000,
    maxConnections: 10,
    logger: silent,
    handler,
    tls: readMllpTls({
      keyFile: pki.server.keyFile,
      certFile: pki.server.certFile,
      caFile: pki.ca.certFile,
      crlFile: null,
      orgAttribute,
    }),
    onRefused: (reason) => refused.push(reason),
  });
  servers.push(server);
  return { handler, refused, port: await server.start() };
}

/** Connects, sends one frame and resolves with its ACK — or with the error code that ended the attempt. */
async function attempt(
  port: number,
  tls: Partial<ClientTlsMaterial>,
): Promise<{ ack?: string; error?: string }> {
  let client: MllpClient | undefined;
  try {
    client = await MllpClient.connect(port, '127.0.0.1', tls);
    return { ack: await client.send('hello') };
  } catch (err) {
    return { error: (err as NodeJS.ErrnoException).code ?? (err as Error).message };
  } finally {
    await client?.close();
  }
}

/** The attempt got no ACK, the listener reported a refused handshake, and no frame reached the handler. */
async function expectHandshakeRefused(
  outcome: { ack?: string },
  listener: { handler: { peers: readonly unknown[] }; refused: readonly string[] },
): Promise<void> {
  expect(outcome.ack).toBeUndefined();
  const { handler, refused } = listener;
  await waitFor('the refusal', () => (refused.length > 0 ? true : undefined), 5_000);
  expect(refused).toEqual(['tls-handshake']);
  expect(handler.peers).toEqual([]);
}

describe('MLLP over mutual TLS', () => {
  it('given a client without a certificate, when it connects, then the handshake is refused and no frame is handled', async () => {
    const { handler, refused, port } = await listenTls();
    const outcome = await attempt(port, { ca: readFileSync(pki.ca.certFile) });
    expect(outcome.error).toEqual(expect.any(String));
    await expectHandshakeRefused(outcome, { handler, refused });
  });

  it('given a client certificate from another CA, when it connects, then the handshake is refused', async () => {
    const { handler, refused, port } = await listenTls();
    const stranger = pki.foreignClient('stranger-rxn', { commonName: 'RXN PAS', organisation: 'RXN' });
    const outcome = await attempt(port, { ...pki.clientTls(stranger), ca: readFileSync(pki.ca.certFile) });
    await expectHandshakeRefused(outcome, { handler, refused });
  });

  it("given a certificate from the hub's CA, when it sends, then the frame is handled as the organisation its subject O names", async () => {
    const { handler, refused, port } = await listenTls();
    const rxn = pki.client('rxn-pas', { commonName: 'RXN PAS interface engine', organisation: 'rxn' });
    expect(await attempt(port, pki.clientTls(rxn))).toEqual({ ack: 'ACK:RXN:hello' });
    expect(handler.peers).toEqual([{ orgCode: 'RXN' }]);
    expect(refused).toEqual([]);
  });

  it('given the organisation configured to come from OU, when a certificate carries it there, then that is the organisation', async () => {
    const { handler, port } = await listenTls('OU');
    const rhf = pki.client('rhf-ou', {
      commonName: 'pas.rhf.example',
      organisation: 'Demo Hospitals NHS Trust',
      organisationalUnit: 'RHF',
    });
    expect(await attempt(port, pki.clientTls(rhf))).toEqual({ ack: 'ACK:RHF:hello' });
    expect(handler.peers).toEqual([{ orgCode: 'RHF' }]);
  });

  it('given a trusted certificate that names no ODS code, when it connects, then the connection is closed before any frame', async () => {
    const { handler, refused, port } = await listenTls();
    const nameless = pki.client('nameless', { commonName: 'PAS', organisation: 'Royal Infirmary' });
    const outcome = await attempt(port, pki.clientTls(nameless));
    expect(outcome.ack).toBeUndefined();
    expect(refused).toEqual(['certificate-organisation']);
    expect(handler.peers).toEqual([]);
  });
});

describe('plaintext, only when configured', () => {
  it('given HOMEFIRST_MLLP_TLS=false and no host, then the listener binds to loopback and frames carry no certified organisation', async () => {
    const { mllp } = loadHl7Config({ HOMEFIRST_MLLP_TLS: 'false', HOMEFIRST_MLLP_PORT: '0' });
    expect(mllp.tls).toBeNull();
    const handler = recordingHandler();
    const server = new MllpServer({ ...mllp, logger: silent, handler, tls: null });
    servers.push(server);
    const port = await server.start();
    expect(server.address).toBe('127.0.0.1');
    const client = await MllpClient.connect(port);
    expect(await client.send('hello')).toBe('ACK:plaintext:hello');
    await client.close();
    expect(handler.peers).toEqual([null]);
  });
});

describe('organisationOf (pure)', () => {
  it.each([
    [{ O: 'RXN', CN: 'x' }, 'O', 'RXN'],
    [{ O: ' rxn02 ' }, 'O', 'RXN02'],
    [{ OU: 'RHF' }, 'OU', 'RHF'],
    [{ CN: 'RHF' }, 'CN', 'RHF'],
    [{ CN: 'RHF' }, 'O', null],
    [{ O: ['RXN', 'RHF'] }, 'O', null],
    [{ O: 'Royal Infirmary' }, 'O', null],
    [{ O: 'R' }, 'O', null],
  ] as const)('given subject %j and attribute %s, then %s', (subject, attribute, expected) => {
    expect(organisationOf({ subject } as never, attribute)).toBe(expected);
  });

  it('given no certificate, then null', () => {
    expect(organisationOf(undefined, 'O')).toBeNull();
  });
});

describe('readMllpTls', () => {
  const settings = () => ({
    keyFile: pki.server.keyFile,
    certFile: pki.server.certFile,
    caFile: pki.ca.certFile,
    crlFile: null,
    orgAttribute: 'O' as const,
  });

  it('given a missing file, then a ConfigError naming the variable', () => {
    expect(() => readMllpTls({ ...settings(), caFile: `${pki.dir}/absent.crt` })).toThrow(
      new ConfigError(`HOMEFIRST_MLLP_TLS_CA: cannot read ${pki.dir}/absent.crt (ENOENT)`),
    );
  });

  it('given a certificate where the key belongs, then a ConfigError naming the variable', () => {
    expect(() => readMllpTls({ ...settings(), keyFile: pki.server.certFile })).toThrow(
      /HOMEFIRST_MLLP_TLS_KEY/,
    );
  });

  it('given a key that does not match the certificate, then a ConfigError, with no key material in it', () => {
    const message = configErrorMessage(() => readMllpTls({ ...settings(), keyFile: pki.ca.keyFile }));
    expect(message).toContain('does the key match the certificate?');
    expect(message).not.toMatch(/BEGIN|PRIVATE/);
  });
});
