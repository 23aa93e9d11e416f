import { join } from 'node:path';
import { ensureCertificate, ensureCertificateAuthority, type CertificateFiles } from '@homefirst/runtime';
import { requireOpenssl } from './prerequisites';
import type { StackSettings } from './settings';

/**
 * The local hub's MLLP certificates, made on the first `homefirst stack up` (and reused after) under
 * `.hub/tls/mllp/`: a local CA, the listener's server certificate (localhost, 127.0.0.1, ::1) and a client
 * certificate for the demo city's trust, whose ODS code is the subject's O — what the HL7 connector reads
 * by default (HOMEFIRST_MLLP_TLS_ORG_ATTRIBUTE=O). Deployments use their own PKI instead.
 */

/** The demo city's trust (services/demo: `odsCode: 'RHF'`), the sender of its HL7 feed. */
export const DEMO_TRUST_ODS = 'RHF';

export interface MllpCertificates {
  readonly dir: string;
  readonly ca: CertificateFiles;
  readonly server: CertificateFiles;
  readonly demoTrust: CertificateFiles;
}

export const mllpTlsDir = (s: StackSettings): string => join(s.hubDir, 'tls', 'mllp');

/** Where the files are (whether or not they exist yet). */
export function mllpCertificatePaths(s: StackSettings): MllpCertificates {
  const dir = mllpTlsDir(s);
  const files = (name: string): CertificateFiles => ({
    certFile: join(dir, `${name}.crt`),
    keyFile: join(dir, `${name}.key`),
  });
  return {
    dir,
    ca: files('ca'),
    server: files('server'),
    demoTrust: files(`trust-${DEMO_TRUST_ODS}`),
  };
}

/** Makes the CA and certificates that are missing, expiring or not issued by the CA; reuses the rest. */
export function ensureMllpCertificates(
  s: StackSettings,
  log: (line: string) => void = () => undefined,
): MllpCertificates {
  const paths = mllpCertificatePaths(s);
  requireOpenssl();
  const ca = ensureCertificateAuthority(paths.dir, 'ca', {
    commonName: 'Homefirst local MLLP CA',
    organisation: 'Homefirst local hub',
  });
  const server = ensureCertificate(paths.dir, ca, {
    name: 'server',
    usage: 'server',
    subject: { commonName: 'localhost', organisation: 'Homefirst local hub' },
    dnsNames: ['localhost'],
    ipAddresses: ['127.0.0.1', '::1'],
  });
  const demoTrust = ensureCertificate(paths.dir, ca, {
    name: `trust-${DEMO_TRUST_ODS}`,
    usage: 'client',
    subject: { commonName: `${DEMO_TRUST_ODS} demo PAS`, organisation: DEMO_TRUST_ODS },
  });
  log(`MLLP certificates in ${paths.dir} (CA, listener, demo trust ${DEMO_TRUST_ODS})`);
  return { dir: paths.dir, ca, server, demoTrust };
}

/** The HL7 connector's listener variables for the local hub: mutual TLS with the local CA. */
export function mllpListenerEnv(s: StackSettings): Record<string, string> {
  const { ca, server } = mllpCertificatePaths(s);
  return {
    HOMEFIRST_MLLP_TLS: 'true',
    HOMEFIRST_MLLP_TLS_KEY: server.keyFile,
    HOMEFIRST_MLLP_TLS_CERT: server.certFile,
    HOMEFIRST_MLLP_TLS_CA: ca.certFile,
  };
}

/** The demo's MLLP sender variables: the demo trust's certificate, trusting the local CA. */
export function demoSenderEnv(s: StackSettings): Record<string, string> {
  const { ca, demoTrust } = mllpCertificatePaths(s);
  return {
    HOMEFIRST_DEMO_MLLP_TLS_CA: ca.certFile,
    HOMEFIRST_DEMO_MLLP_TLS_CERT: demoTrust.certFile,
    HOMEFIRST_DEMO_MLLP_TLS_KEY: demoTrust.keyFile,
  };
}
