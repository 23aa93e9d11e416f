import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_TRUST_ODS, demoSenderEnv, ensureMllpCertificates, mllpListenerEnv } from './mllp-certificates';
import { HUB_SERVICES } from '../services/catalogue';
import { loadStackSettings } from './settings';

// The local hub's MLLP certificates, in a temporary state folder: made once, then reused.

const hubDir = mkdtempSync(join(tmpdir(), 'homefirst-cli-tls-'));
const settings = loadStackSettings({ HOMEFIRST_HUB_DIR: hubDir }, '/srv/homefirst');
const certificate = (file: string) => new X509Certificate(readFileSync(file));

afterAll(() => rmSync(hubDir, { recursive: true, force: true }));

describe('local MLLP certificates (homefirst stack up)', () => {
  it('given a fresh state folder, then a CA, a listener certificate for localhost and a demo trust certificate naming its ODS code in O', () => {
    const made = ensureMllpCertificates(settings);
    expect(made.dir).toBe(join(hubDir, 'tls', 'mllp'));
    const ca = certificate(made.ca.certFile);
    const server = certificate(made.server.certFile);
    const trust = certificate(made.demoTrust.certFile);
    expect(ca.ca).toBe(true);
    expect(server.checkIssued(ca) && server.verify(ca.publicKey)).toBe(true);
    expect(server.checkHost('localhost')).toBe('localhost');
    expect(server.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(trust.checkIssued(ca) && trust.verify(ca.publicKey)).toBe(true);
    expect(trust.subject).toContain(`O=${DEMO_TRUST_ODS}`);
    expect(statSync(made.demoTrust.keyFile).mode & 0o077).toBe(0);
  });

  it('given the files exist, when started again, then they are reused as they are', () => {
    const first = ensureMllpCertificates(settings);
    const before = [first.ca, first.server, first.demoTrust].map((f) => readFileSync(f.certFile, 'utf8'));
    const again = ensureMllpCertificates(settings);
    expect([again.ca, again.server, again.demoTrust].map((f) => readFileSync(f.certFile, 'utf8'))).toEqual(
      before,
    );
  });

  it('given the CA was removed, when started again, then a new CA and certificates it issued', () => {
    const first = ensureMllpCertificates(settings);
    rmSync(first.ca.certFile);
    const again = ensureMllpCertificates(settings);
    const ca = certificate(again.ca.certFile);
    expect(certificate(again.server.certFile).checkIssued(ca)).toBe(true);
    expect(certificate(again.demoTrust.certFile).checkIssued(ca)).toBe(true);
  });

  it('then `homefirst up` starts the HL7 connector with them', () => {
    const hl7 = HUB_SERVICES.find((service) => service.name === 'hl7v2');
    expect(hl7?.stackEnv?.(settings)).toEqual(mllpListenerEnv(settings));
  });

  it('then the connector and the demo get the paths', () => {
    expect(mllpListenerEnv(settings)).toEqual({
      HOMEFIRST_MLLP_TLS: 'true',
      HOMEFIRST_MLLP_TLS_KEY: join(hubDir, 'tls', 'mllp', 'server.key'),
      HOMEFIRST_MLLP_TLS_CERT: join(hubDir, 'tls', 'mllp', 'server.crt'),
      HOMEFIRST_MLLP_TLS_CA: join(hubDir, 'tls', 'mllp', 'ca.crt'),
    });
    expect(demoSenderEnv(settings)).toEqual({
      HOMEFIRST_DEMO_MLLP_TLS_CA: join(hubDir, 'tls', 'mllp', 'ca.crt'),
      HOMEFIRST_DEMO_MLLP_TLS_CERT: join(hubDir, 'tls', 'mllp', `trust-${DEMO_TRUST_ODS}.crt`),
      HOMEFIRST_DEMO_MLLP_TLS_KEY: join(hubDir, 'tls', 'mllp', `trust-${DEMO_TRUST_ODS}.key`),
    });
  });
});
