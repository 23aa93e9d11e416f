import { connect, type Socket } from 'node:net';
import { connect as connectTls, type ConnectionOptions } from 'node:tls';

const VT = 0x0b;
const FS = 0x1c;
const CR = 0x0d;

/**
 * An MLLP client socket, as a trust's interface engine would be: send a frame, read the ACK frame. Over
 * mutual TLS when `tls` (the CA that issued the hub's certificate and the trust's key pair) is given.
 */
export class MllpClient {
  private buffer = Buffer.alloc(0);
  private waiting: Array<(frame: string) => void> = [];

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      for (;;) {
        const start = this.buffer.indexOf(VT);
        const end = this.buffer.indexOf(FS, start + 1);
        if (start < 0 || end < 0 || this.buffer[end + 1] !== CR) return;
        const frame = this.buffer.subarray(start + 1, end).toString('utf8');
        this.buffer = this.buffer.subarray(end + 2);
        this.waiting.shift()?.(frame);
      }
    });
  }

  static async open(
    port: number,
    host = '127.0.0.1',
    tls?: Pick<ConnectionOptions, 'ca' | 'cert' | 'key'>,
  ): Promise<MllpClient> {
    const socket = tls === undefined ? connect({ port, host }) : connectTls({ port, host, ...tls });
    await new Promise<void>((resolve, reject) => {
      socket.once(tls === undefined ? 'connect' : 'secureConnect', resolve);
      socket.once('error', reject);
    });
    return new MllpClient(socket);
  }

  /** Sends one HL7 message (segments joined by CR) and resolves with the ACK message text. */
  async send(message: string, timeoutMs = 30_000): Promise<string> {
    const ack = new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ACK within ${timeoutMs} ms`)), timeoutMs);
      this.waiting.push((frame) => {
        clearTimeout(timer);
        resolve(frame);
      });
    });
    this.socket.write(
      Buffer.concat([
        Buffer.from([VT]),
        Buffer.from(message.replaceAll('\n', '\r'), 'utf8'),
        Buffer.from([FS, CR]),
      ]),
    );
    return ack;
  }

  close(): void {
    this.socket.end();
  }
}

/** MSA-1 (AA, AE, AR) and MSA-3 of an ACK. */
export function ackCode(ack: string): { code: string; text: string } {
  const msa = ack.split('\r').find((s) => s.startsWith('MSA'));
  const fields = msa?.split('|') ?? [];
  return { code: fields[1] ?? '', text: fields[3] ?? '' };
}
