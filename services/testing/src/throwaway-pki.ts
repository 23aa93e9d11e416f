import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ensureCertificate,
  ensureCertificateAuthority,
  type CertificateFiles,
  type CertificateSubject,
} from '@homefirst/runtime';

/** What a TLS client passes to node:tls: the CA it trusts and its own key pair (PEM). */
export interface ClientTlsMaterial {
  readonly ca: Buffer;
  readonly cert: Buffer;
  readonly key: Buffer;
}

/**
 * A certificate authority, a server certificate (localhost, 127.0.0.1, ::1) and client certificates made
 * for one test file in a temporary folder (runtime's `openssl`-based local PKI), plus a second,
 * unrelated CA for "a certificate the hub does not trust".
 */
export class ThrowawayPki {
  readonly dir: string;
  readonly ca: CertificateFiles;
  readonly server: CertificateFiles;
  private foreignCa: CertificateFiles | undefined;

  constructor(label = 'pki') {
    this.dir = mkdtempSync(join(tmpdir(), `homefirst-${label}-`));
    this.ca = ensureCertificateAuthority(this.dir, 'ca', { commonName: 'Homefirst test CA' });
    this.server = ensureCertificate(this.dir, this.ca, {
      name: 'server',
      usage: 'server',
      subject: { commonName: 'localhost' },
      dnsNames: ['localhost'],
      ipAddresses: ['127.0.0.1', '::1'],
    });
  }

  /** A client certificate from the test CA, as `<name>.crt` / `<name>.key`, e.g. subject `{ commonName: "RXN PAS", organisation: "RXN" }`. */
  client(name: string, subject: CertificateSubject): CertificateFiles {
    return ensureCertificate(this.dir, this.ca, { name, usage: 'client', subject });
  }

  /** A client certificate from another CA, which the hub does not trust. */
  foreignClient(name: string, subject: CertificateSubject): CertificateFiles {
    this.foreignCa ??= ensureCertificateAuthority(this.dir, 'foreign-ca', { commonName: 'Not the hub CA' });
    return ensureCertificate(this.dir, this.foreignCa, { name, usage: 'client', subject });
  }

  /** The MLLP listener's variables: mutual TLS with this PKI's server certificate and CA. */
  listenerEnv(): Record<string, string> {
    return {
      HOMEFIRST_MLLP_TLS: 'true',
      HOMEFIRST_MLLP_TLS_KEY: this.server.keyFile,
      HOMEFIRST_MLLP_TLS_CERT: this.server.certFile,
      HOMEFIRST_MLLP_TLS_CA: this.ca.certFile,
    };
  }

  /** What a client connecting with `files` passes to node:tls (trusting this PKI's CA). */
  clientTls(files: CertificateFiles): ClientTlsMaterial {
    return {
      ca: readFileSync(this.ca.certFile),
      cert: readFileSync(files.certFile),
      key: readFileSync(files.keyFile),
    };
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
