import { connect, type Socket } from 'node:net';
import { connect as connectTls } from 'node:tls';
import { UnavailableError } from '@homefirst/runtime';

/** Mutual TLS as a trust sender: the CA that issued the hub's certificate, and the trust's own key pair (PEM). */
export interface MllpSenderTls {
  readonly ca: Buffer;
  readonly cert: Buffer;
  readonly key: Buffer;
}

/** MLLP framing (HL7 v2 minimal lower layer protocol): VT, the message, FS CR. */
export const VT = 0x0b;
export const FS = 0x1c;
export const CR = 0x0d;

export function mllpFrame(message: string): Buffer {
  return Buffer.concat([Buffer.from([VT]), Buffer.from(message, 'utf8'), Buffer.from([FS, CR])]);
}

/** The parts of an HL7 ACK a sender acts on. */
export interface Hl7Ack {
  /** MSA-1: AA accepted, AE error in the message (fix it), AR rejected (send again later). */
  readonly code: string;
  /** MSA-2: the MSH-10 it answers. */
  readonly controlId: string;
  /** MSA-3, or ERR-8 when MSA-3 is empty: why (never patient identifiers, the hub promises). */
  readonly text: string;
}

export function parseAck(text: string): Hl7Ack | null {
  const segments = text.split(/\r\n|\r|\n/);
  const msa = segments.find((segment) => segment.startsWith('MSA|'));
  if (msa === undefined) return null;
  const fields = msa.split('|');
  const err = segments.find((segment) => segment.startsWith('ERR|'))?.split('|');
  return { code: fields[1] ?? '', controlId: fields[2] ?? '', text: fields[3] || (err?.[8] ?? '') };
}

/**
 * One MLLP connection that sends a message and waits for its ACK before the next (what interface engines
 * do for ordered ADT feeds). Connects lazily; a closed or timed-out connection is dropped, and the next
 * send reconnects. Over mutual TLS when `tls` is given (the hub's default). Errors are UnavailableError
 * (retriable): the caller decides about resending.
 */
export class MllpConnection {
  private socket: Socket | null = null;
  private buffer = Buffer.alloc(0);
  private waiter: { resolve: (frame: string) => void; reject: (err: Error) => void } | null = null;

  constructor(
    private readonly host: string,
    private readonly port: number,
    private readonly ackTimeoutMs: number,
    private readonly tls: MllpSenderTls | null = null,
  ) {}

  async send(message: string): Promise<string> {
    const socket = await this.connected();
    return new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiter = null;
        this.drop(new UnavailableError(`no ACK within ${this.ackTimeoutMs} ms`, { dependency: 'mllp' }));
        reject(new UnavailableError(`no ACK within ${this.ackTimeoutMs} ms`, { dependency: 'mllp' }));
      }, this.ackTimeoutMs);
      this.waiter = {
        resolve: (frame) => {
          clearTimeout(timer);
          resolve(frame);
        },
        reject: (err) => {
          clearTimeout(timer);
          reject(err);
        },
      };
      socket.write(mllpFrame(message));
    });
  }

  close(): void {
    this.drop(new UnavailableError('connection closed by the sender', { dependency: 'mllp' }));
  }

  private async connected(): Promise<Socket> {
    if (this.socket !== null && !this.socket.destroyed) return this.socket;
    const socket: Socket =
      this.tls === null
        ? connect({ host: this.host, port: this.port })
        : connectTls({ host: this.host, port: this.port, ...this.tls });
    await new Promise<void>((resolve, reject) => {
      socket.once(this.tls === null ? 'connect' : 'secureConnect', resolve);
      socket.once('error', (err: Error) =>
        reject(
          new UnavailableError(`cannot connect to MLLP ${this.host}:${this.port}: ${err.message}`, {
            dependency: 'mllp',
            cause: err,
          }),
        ),
      );
    });
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('error', (err: Error) =>
      this.drop(
        new UnavailableError(`MLLP connection failed: ${err.message}`, { dependency: 'mllp', cause: err }),
      ),
    );
    socket.on('close', () =>
      this.drop(new UnavailableError('MLLP connection closed by the hub', { dependency: 'mllp' })),
    );
    this.socket = socket;
    this.buffer = Buffer.alloc(0);
    return socket;
  }

  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const start = this.buffer.indexOf(VT);
      const end = this.buffer.indexOf(FS, start + 1);
      if (start === -1 || end === -1 || end + 1 >= this.buffer.length) return;
      const frame = this.buffer.subarray(start + 1, end).toString('utf8');
      this.buffer = this.buffer.subarray(end + 2);
      const waiter = this.waiter;
      this.waiter = null;
      waiter?.resolve(frame);
    }
  }

  private drop(reason: Error): void {
    const socket = this.socket;
    this.socket = null;
    socket?.destroy();
    const waiter = this.waiter;
    this.waiter = null;
    waiter?.reject(reason);
  }
}
