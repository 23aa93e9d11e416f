import { execFileSync } from 'node:child_process';
import { randomBytes, X509Certificate } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A local certificate authority and the certificates it issues, made with the `openssl` command (Node can
 * read certificates but not sign them): the local stack's MLLP listener and demo trust sender, and the
 * throwaway PKI of tests. Keys are EC P-256 in PEM (PKCS#8), written with mode 0600. Each function reuses
 * what is already there when it is still good (issued by this CA, not expiring within 30 days), so calling
 * it on every start is cheap and idempotent. Not for production: a deployment's certificates come from the
 * organisation's own PKI.
 */

export interface CertificateSubject {
  /** CN: the host name of a server, the name of a sending system. */
  readonly commonName: string;
  /** O: for the hub's MLLP senders, the trust's ODS code (see the HL7 connector's README). */
  readonly organisation?: string;
  readonly organisationalUnit?: string;
}

export interface CertificateFiles {
  readonly certFile: string;
  readonly keyFile: string;
}

export interface CertificateRequest {
  /** File stem in the folder: `<name>.crt`, `<name>.key`. */
  readonly name: string;
  readonly subject: CertificateSubject;
  readonly usage: 'server' | 'client';
  /** Server certificates: the DNS names and IP addresses clients connect to. */
  readonly dnsNames?: readonly string[];
  readonly ipAddresses?: readonly string[];
}

const CA_DAYS = 3650;
const LEAF_DAYS = 825;
const RENEW_WITHIN_MS = 30 * 24 * 3600 * 1000;
const SAFE_VALUE = /^[A-Za-z0-9 ._-]{1,64}$/;
const SAFE_NAME = /^[A-Za-z0-9._-]{1,64}$/;

/** Whether the `openssl` command is on PATH; its version line when it is. */
export function opensslVersion(): string | undefined {
  try {
    return execFileSync('openssl', ['version'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: process.env,
    }).trim();
  } catch {
    return undefined;
  }
}

function openssl(args: readonly string[]): void {
  try {
    execFileSync('openssl', args, { stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
  } catch (err) {
    const stderr = (err as { stderr?: Buffer }).stderr?.toString().trim();
    throw new Error(`openssl ${args[0] ?? ''} failed: ${stderr || (err as Error).message}`, { cause: err });
  }
}

function subjectSection(subject: CertificateSubject): string {
  const lines = [
    ['CN', subject.commonName],
    ['O', subject.organisation],
    ['OU', subject.organisationalUnit],
  ].filter((entry): entry is [string, string] => entry[1] !== undefined);
  for (const [, value] of lines)
    if (!SAFE_VALUE.test(value))
      throw new Error(
        `certificate subject values must be 1-64 letters, digits, spaces, . _ - (got "${value}")`,
      );
  return lines.map(([key, value]) => `${key} = ${value}`).join('\n');
}

/** An openssl config with the subject and the extension sections of a CA, a server and a client. */
function opensslConfig(subject: CertificateSubject, request?: CertificateRequest): string {
  const alternativeNames = [
    ...(request?.dnsNames ?? []).map((name) => `DNS:${name}`),
    ...(request?.ipAddresses ?? []).map((address) => `IP:${address}`),
  ];
  for (const name of alternativeNames)
    if (!/^(DNS|IP):[A-Za-z0-9.:*-]+$/.test(name)) throw new Error(`bad subject alternative name "${name}"`);
  return [
    '[req]',
    'prompt = no',
    'distinguished_name = subject',
    '[subject]',
    subjectSection(subject),
    '[ca]',
    'basicConstraints = critical, CA:TRUE, pathlen:0',
    'keyUsage = critical, keyCertSign, cRLSign',
    'subjectKeyIdentifier = hash',
    '[leaf]',
    'basicConstraints = critical, CA:FALSE',
    'keyUsage = critical, digitalSignature',
    `extendedKeyUsage = ${request?.usage === 'server' ? 'serverAuth' : 'clientAuth'}`,
    'subjectKeyIdentifier = hash',
    'authorityKeyIdentifier = keyid',
    ...(alternativeNames.length > 0 ? [`subjectAltName = ${alternativeNames.join(', ')}`] : []),
    '',
  ].join('\n');
}

/** Runs `work` with a scratch openssl config in `dir`, removed afterwards. */
function withConfig<T>(dir: string, name: string, text: string, work: (config: string) => T): T {
  const config = join(dir, `.${name}.openssl.cnf`);
  writeFileSync(config, text, { mode: 0o600 });
  try {
    return work(config);
  } finally {
    rmSync(config, { force: true });
  }
}

function newKey(keyFile: string): void {
  openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', keyFile]);
  chmodSync(keyFile, 0o600);
}

/** Whether `certFile` exists, is issued by `ca` (or is `ca` itself) and is not about to expire. */
function stillGood(files: CertificateFiles, ca?: X509Certificate): boolean {
  if (!existsSync(files.certFile) || !existsSync(files.keyFile)) return false;
  try {
    const cert = new X509Certificate(readFileSync(files.certFile));
    if (Date.parse(cert.validTo) - Date.now() < RENEW_WITHIN_MS) return false;
    return ca === undefined ? cert.ca : cert.checkIssued(ca) && cert.verify(ca.publicKey);
  } catch {
    return false;
  }
}

/** The CA `<name>.crt` / `<name>.key` in `dir`: reused when present and valid, else created. */
export function ensureCertificateAuthority(
  dir: string,
  name: string,
  subject: CertificateSubject,
): CertificateFiles {
  if (!SAFE_NAME.test(name)) throw new Error(`bad certificate file name "${name}"`);
  mkdirSync(dir, { recursive: true });
  const files = { certFile: join(dir, `${name}.crt`), keyFile: join(dir, `${name}.key`) };
  if (stillGood(files)) return files;
  newKey(files.keyFile);
  withConfig(dir, name, opensslConfig(subject), (config) =>
    openssl([
      'req',
      '-x509',
      '-new',
      '-key',
      files.keyFile,
      '-sha256',
      '-days',
      String(CA_DAYS),
      '-config',
      config,
      '-extensions',
      'ca',
      '-out',
      files.certFile,
    ]),
  );
  return files;
}

/**
 * A certificate issued by `ca`, as `<name>.crt` / `<name>.key` in `dir`: reused when present, issued by
 * that CA and not expiring within 30 days; else a new key and certificate.
 */
export function ensureCertificate(
  dir: string,
  ca: CertificateFiles,
  request: CertificateRequest,
): CertificateFiles {
  if (!SAFE_NAME.test(request.name)) throw new Error(`bad certificate file name "${request.name}"`);
  mkdirSync(dir, { recursive: true });
  const files = { certFile: join(dir, `${request.name}.crt`), keyFile: join(dir, `${request.name}.key`) };
  if (stillGood(files, new X509Certificate(readFileSync(ca.certFile)))) return files;
  newKey(files.keyFile);
  const csr = join(dir, `.${request.name}.csr`);
  try {
    withConfig(dir, request.name, opensslConfig(request.subject, request), (config) => {
      openssl(['req', '-new', '-key', files.keyFile, '-config', config, '-out', csr]);
      openssl([
        'x509',
        '-req',
        '-in',
        csr,
        '-CA',
        ca.certFile,
        '-CAkey',
        ca.keyFile,
        '-set_serial',
        `0x${randomBytes(16).toString('hex')}`,
        '-days',
        String(LEAF_DAYS),
        '-sha256',
        '-extfile',
        config,
        '-extensions',
        'leaf',
        '-out',
        files.certFile,
      ]);
    });
  } finally {
    rmSync(csr, { force: true });
  }
  return files;
}
