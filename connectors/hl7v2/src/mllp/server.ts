import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer, type TLSSocket } from 'node:tls';
import { describeError, type Logger } from '@homefirst/runtime';
import { MllpDecoder, mllpFrame } from './decoder';
import { organisationOf, serverTlsOptions, type MllpTls } from './tls';

/** Who is at the other end of a TLS connection: the organisation (ODS code) its client certificate names. */
export interface MllpPeer {
  readonly orgCode: string;
}

/** Why a connection was refused before any frame: a failed TLS handshake, or a certificate with no ODS code. */
export type MllpRefusal = 'tls-handshake' | 'certificate-organisation';

export interface MllpHandler {
  /**
   * The ACK payload (unframed) for one frame. `peer`: the certificate's organisation over TLS, null on a
   * plaintext listener. Must not reject.
   */
  handleFrame(frame: Buffer, peer: MllpPeer | null): Promise<Buffer>;
  /** The AR payload for a frame over the limit. */
  oversizeAck(prefix: Buffer, limit: number): Buffer;
}

export interface MllpServerOptions {
  readonly host: string;
  /** 0 lets the OS choose; `start` returns the bound port. */
  readonly port: number;
  readonly maxFrameBytes: number;
  readonly idleTimeoutMs: number;
  readonly maxConnections: number;
  readonly logger: Logger;
  readonly handler: MllpHandler;
  /** Mutual TLS (the default deployment); null: plaintext, only when configured so. */
  readonly tls: MllpTls | null;
  readonly onConnectionsChanged?: (open: number) => void;
  readonly onFramingProblem?: (problem: 'oversize' | 'idle-timeout' | 'garbage') => void;
  readonly onRefused?: (reason: MllpRefusal) => void;
}

/** Frames waiting on one connection before it stops reading (a sender that does not wait for ACKs). */
const PAUSE_AT = 32;
const RESUME_AT = 8;

interface Connection {
  readonly socket: Socket;
  /** The tail of this connection's work: frames are processed and answered strictly in order. */
  tail: Promise<void>;
  pending: number;
  closing: boolean;
}

/**
 * The MLLP listener: many connections at once, each processed in order (ACK order = message order),
 * frames capped at `maxFrameBytes` (AR, then the connection is closed: its stream cannot be trusted),
 * idle connections closed after `idleTimeoutMs`. With `tls`, a client without a certificate from the CA is
 * refused at the handshake, and every frame is handled with the organisation its certificate names.
 */
export class MllpServer {
  private readonly server: Server;
  private readonly connections = new Set<Connection>();

  constructor(private readonly options: MllpServerOptions) {
    this.server =
      options.tls === null
        ? createServer((socket) => this.accept(socket, null))
        : this.tlsServer(options.tls);
    this.server.maxConnections = options.maxConnections;
    this.server.on('drop', () =>
      options.logger.warn(
        { maxConnections: options.maxConnections },
        'MLLP connection refused: too many open',
      ),
    );
  }

  async start(): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.port, this.options.host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    const { port } = this.server.address() as AddressInfo; // a TCP listener: never a pipe name or null
    this.options.logger.info(
      {
        port,
        host: this.options.host,
        tls:
          this.options.tls === null
            ? 'off (plaintext)'
            : `mutual, organisation from ${this.options.tls.orgAttribute}`,
        maxFrameBytes: this.options.maxFrameBytes,
        idleTimeoutMs: this.options.idleTimeoutMs,
      },
      'MLLP listening',
    );
    return port;
  }

  /** The address the listener is bound to (after `start`). */
  get address(): string | undefined {
    const bound = this.server.address();
    return typeof bound === 'object' && bound !== null ? bound.address : undefined;
  }

  get openConnections(): number {
    return this.connections.size;
  }

  /**
   * Stops accepting, lets every connection finish the frames it already received (their ACKs are sent),
   * then closes the connections; after `graceMs` the rest are cut.
   */
  async close(graceMs = 10_000): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    const drains = [...this.connections].map(async (connection) => {
      connection.closing = true;
      connection.socket.pause();
      await connection.tail;
      // end() flushes the ACKs already written; wait for the socket to close rather than destroying it,
      // which would discard anything still in its write buffer.
      const gone = new Promise<void>((resolve) => connection.socket.once('close', () => resolve()));
      connection.socket.end();
      await gone;
    });
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all(drains),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, graceMs);
      }),
    ]);
    clearTimeout(timer);
    // Only connections that outlived the grace period are cut.
    for (const connection of this.connections) if (!connection.socket.destroyed) connection.socket.destroy();
    await closed;
  }

  private tlsServer(tls: MllpTls): Server {
    const { logger } = this.options;
    const server = createTlsServer(serverTlsOptions(tls), (socket: TLSSocket) => {
      const orgCode = organisationOf(socket.getPeerCertificate(), tls.orgAttribute);
      if (orgCode === null) {
        logger.warn(
          { peer: addressOf(socket), attribute: tls.orgAttribute },
          'MLLP connection refused: the client certificate names no organisation (ODS code)',
        );
        this.options.onRefused?.('certificate-organisation');
        socket.destroy();
        return;
      }
      this.accept(socket, { orgCode });
    });
    server.on('tlsClientError', (err: NodeJS.ErrnoException, socket: TLSSocket) => {
      logger.warn(
        { peer: addressOf(socket), code: err.code ?? 'TLS_ERROR' },
        'MLLP connection refused at the TLS handshake',
      );
      this.options.onRefused?.('tls-handshake');
      socket.destroy();
    });
    return server;
  }

  private accept(socket: Socket, sender: MllpPeer | null): void {
    const { logger, maxFrameBytes, idleTimeoutMs, handler } = this.options;
    const peer = addressOf(socket);
    const log = logger.child(sender === null ? { peer } : { peer, orgCode: sender.orgCode });
    const connection: Connection = { socket, tail: Promise.resolve(), pending: 0, closing: false };
    this.connections.add(connection);
    this.options.onConnectionsChanged?.(this.connections.size);
    log.debug('MLLP connection opened');
    const decoder = new MllpDecoder(maxFrameBytes);
    socket.setNoDelay(true);
    socket.setTimeout(idleTimeoutMs);

    const enqueue = (work: () => Promise<void>): void => {
      connection.pending += 1;
      if (connection.pending >= PAUSE_AT) socket.pause();
      connection.tail = connection.tail
        .then(work)
        .catch((err: unknown) => log.error({ err: describeError(err) }, 'MLLP frame handling failed'))
        .finally(() => {
          connection.pending -= 1;
          if (connection.pending <= RESUME_AT && !connection.closing && !socket.destroyed) socket.resume();
        });
    };

    socket.on('data', (chunk: Buffer) => {
      if (connection.closing) return;
      for (const item of decoder.push(chunk)) {
        switch (item.kind) {
          case 'frame':
            enqueue(async () => {
              const ack = await handler.handleFrame(item.bytes, sender);
              if (!socket.destroyed) socket.write(mllpFrame(ack));
            });
            break;
          case 'oversize':
            // Everything received before it is answered first; then AR and close.
            connection.closing = true;
            socket.pause();
            log.warn({ limit: maxFrameBytes }, 'MLLP frame over the size limit: AR and close');
            this.options.onFramingProblem?.('oversize');
            enqueue(() => {
              if (!socket.destroyed) socket.write(mllpFrame(handler.oversizeAck(item.prefix, maxFrameBytes)));
              closeSoon(socket);
              return Promise.resolve();
            });
            return;
          case 'garbage':
            log.warn({ bytes: item.bytes }, 'bytes outside MLLP frames skipped');
            this.options.onFramingProblem?.('garbage');
            break;
        }
      }
    });
    socket.on('timeout', () => {
      if (connection.pending > 0) return; // still answering: not idle
      log.info({ idleTimeoutMs }, 'MLLP connection idle: closing');
      this.options.onFramingProblem?.('idle-timeout');
      closeSoon(socket);
    });
    socket.on('error', (err) => log.debug({ err: describeError(err) }, 'MLLP socket error'));
    socket.on('close', () => {
      this.connections.delete(connection);
      this.options.onConnectionsChanged?.(this.connections.size);
      log.debug('MLLP connection closed');
    });
  }
}

const addressOf = (socket: Socket): string => `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? '?'}`;

/** Ends the connection politely, and cuts it if the peer does not close its side within a second. */
function closeSoon(socket: Socket): void {
  socket.end();
  setTimeout(() => socket.destroy(), 1_000).unref();
}
