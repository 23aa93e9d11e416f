import { readFileSync } from 'node:fs';
import { createSecureContext, type PeerCertificate, type TlsOptions } from 'node:tls';
import { ConfigError } from '@homefirst/runtime';

/**
 * Mutual TLS on the MLLP listener: the hub presents its server certificate, and every sender must present a
 * client certificate issued by the configured CA (one certificate per trust sender). The organisation a
 * connection speaks for is the ODS code in one attribute of the client certificate's subject — `O` by default
 * (e.g. `CN=RXN PAS interface engine, O=RXN`), or `OU` / `CN` for a PKI that puts it there.
 */

/** Subject attributes that may carry the sender's ODS code. */
export const CERTIFICATE_ORG_ATTRIBUTES = ['O', 'OU', 'CN'] as const;
export type CertificateOrgAttribute = (typeof CERTIFICATE_ORG_ATTRIBUTES)[number];

/** The files of the listener's TLS, as configured (paths; read at start). */
export interface MllpTlsSettings {
  readonly keyFile: string;
  readonly certFile: string;
  readonly caFile: string;
  readonly crlFile: string | null;
  readonly orgAttribute: CertificateOrgAttribute;
}

/** The listener's TLS, read and checked. */
export interface MllpTls {
  readonly key: Buffer;
  readonly cert: Buffer;
  readonly ca: Buffer;
  readonly crl: Buffer | null;
  readonly orgAttribute: CertificateOrgAttribute;
}

/** A handshake that takes longer than this is cut (a client that opens a socket and says nothing). */
export const HANDSHAKE_TIMEOUT_MS = 10_000;

const ODS_CODE = /^[A-Z0-9]{3,6}$/;

function readPem(variable: string, path: string, marker: RegExp): Buffer {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new ConfigError(`${variable}: cannot read ${path} (${code})`);
  }
  if (!marker.test(bytes.toString('latin1')))
    throw new ConfigError(`${variable}: ${path} is not a PEM file of the expected kind`);
  return bytes;
}

/**
 * Reads the key, certificate, CA and CRL files and checks that they make a TLS context (the key matches the
 * certificate). Throws a ConfigError naming the variable; no key material is ever in the message.
 */
export function readMllpTls(settings: MllpTlsSettings): MllpTls {
  const tls: MllpTls = {
    key: readPem('HOMEFIRST_MLLP_TLS_KEY', settings.keyFile, /-----BEGIN [A-Z ]*PRIVATE KEY-----/),
    cert: readPem('HOMEFIRST_MLLP_TLS_CERT', settings.certFile, /-----BEGIN CERTIFICATE-----/),
    ca: readPem('HOMEFIRST_MLLP_TLS_CA', settings.caFile, /-----BEGIN CERTIFICATE-----/),
    crl:
      settings.crlFile === null
        ? null
        : readPem('HOMEFIRST_MLLP_TLS_CRL', settings.crlFile, /-----BEGIN X509 CRL-----/),
    orgAttribute: settings.orgAttribute,
  };
  try {
    createSecureContext(serverTlsOptions(tls));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'invalid';
    throw new ConfigError(
      `HOMEFIRST_MLLP_TLS_KEY / HOMEFIRST_MLLP_TLS_CERT / HOMEFIRST_MLLP_TLS_CA: the files do not make a TLS context (${code}; does the key match the certificate?)`,
    );
  }
  return tls;
}

/** node:tls server options: client certificates required and verified against the CA (and CRL). */
export function serverTlsOptions(tls: MllpTls): TlsOptions {
  return {
    key: tls.key,
    cert: tls.cert,
    ca: tls.ca,
    ...(tls.crl !== null && { crl: tls.crl }),
    requestCert: true,
    rejectUnauthorized: true,
    minVersion: 'TLSv1.2',
    handshakeTimeout: HANDSHAKE_TIMEOUT_MS,
  };
}

/**
 * The ODS code a verified client certificate names in `attribute` of its subject, upper-cased; null when the
 * attribute is missing, repeated, or not an ODS code (3–6 letters or digits). Pure.
 */
export function organisationOf(
  certificate: Pick<PeerCertificate, 'subject'> | undefined,
  attribute: CertificateOrgAttribute,
): string | null {
  const subject = certificate?.subject as Readonly<Record<string, unknown>> | undefined;
  const value = subject?.[attribute];
  if (typeof value !== 'string') return null;
  const code = value.trim().toUpperCase();
  return ODS_CODE.test(code) ? code : null;
}
