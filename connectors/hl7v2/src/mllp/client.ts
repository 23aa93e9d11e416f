import { connect, type Socket } from 'node:net';
import { connect as connectTls, type ConnectionOptions } from 'node:tls';
import { MllpDecoder, mllpFrame } from './decoder';

/** The client side of mutual TLS: the CA that issued the hub's certificate, and the sender's own key pair. */
export type MllpClientTls = Pick<ConnectionOptions, 'ca' | 'cert' | 'key' | 'servername'>;

/**
 * A small MLLP client: sends frames on one connection and resolves each with its ACK, in order (MLLP
 * answers frames in the order they were sent). Used by the stack tests and the benchmark; senders in
 * production are the trusts' interface engines.
 */
export class MllpClient {
  private readonly decoder = new MllpDecoder(16 * 1024 * 1024);
  private readonly waiting: Array<{ resolve: (ack: string) => void; reject: (err: Error) => void }> = [];
  private ended: Error | undefined;
  /** Resolves when the server closed the connection (or it failed). */
  readonly closed: Promise<void>;

  private constructor(private readonly socket: Socket) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      for (const item of this.decoder.push(chunk)) {
        if (item.kind === 'frame') this.waiting.shift()?.resolve(item.bytes.toString('utf8'));
      }
    });
    this.closed = new Promise<void>((resolve) => {
      const finish = (err?: Error): void => {
        this.ended ??= err ?? new Error('MLLP connection closed by the server');
        for (const waiter of this.waiting.splice(0)) waiter.reject(this.ended);
        resolve();
      };
      socket.on('error', finish);
      socket.on('close', () => finish());
    });
  }

  /**
   * Connects in plaintext, or over TLS when `tls` is given (resolves once the handshake is done; with TLS
   * 1.3 a server that refuses the client's certificate says so just after, failing the first send).
   */
  static async connect(port: number, host = '127.0.0.1', tls?: MllpClientTls): Promise<MllpClient> {
    const socket = tls === undefined ? connect({ port, host }) : connectTls({ port, host, ...tls });
    await new Promise<void>((resolve, reject) => {
      socket.once(tls === undefined ? 'connect' : 'secureConnect', resolve);
      socket.once('error', reject);
    });
    return new MllpClient(socket);
  }

  /** Sends one message (or batch) in a frame; resolves with the ACK text. */
  send(message: string | Buffer): Promise<string> {
    const payload = typeof message === 'string' ? Buffer.from(message, 'utf8') : message;
    return this.sendBytes(mllpFrame(payload));
  }

  /** Sends bytes as they are (tests: partial frames, noise); resolves with the next ACK. */
  sendBytes(bytes: Buffer): Promise<string> {
    if (this.ended) return Promise.reject(this.ended);
    const ack = new Promise<string>((resolve, reject) => this.waiting.push({ resolve, reject }));
    this.socket.write(bytes);
    return ack;
  }

  /** Writes bytes expecting no answer (e.g. the first half of a frame). */
  write(bytes: Buffer): void {
    this.socket.write(bytes);
  }

  async close(): Promise<void> {
    this.socket.end();
    await Promise.race([this.closed, new Promise((resolve) => setTimeout(resolve, 2_000).unref())]);
    this.socket.destroy();
  }
}
