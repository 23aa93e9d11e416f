import { setTimeout as sleep } from 'node:timers/promises';
import type { HospitalEvent } from '@homefirst/schemas';
import { TopicReader, reservePort, waitFor } from '@homefirst/testing';
import { corpus, generatedAdmission, generatedPatient, SECRET, testNhsNumbers } from '../testing/corpus';
import { buildConnector, startBin, type RunningBin } from '../testing/processes';
import { startHarness, TOKENS, type Harness } from '../testing/stack-harness';
import {
  startTrustFhirServer,
  type StoredResource,
  type TrustFhirServer,
} from '../testing/trust-fhir-server';
import { CheckpointStore } from './checkpoint-store';

// The real `homefirst-fhir` binary (pull, serve) against a real HTTP FHIR server run by the test, and the
// real Kafka/registry/Redis. fhir-kit-client is an ES module that jest's CommonJS runtime cannot load, so
// the connector runs as the process it is in production — which also lets the test kill it for real.

let harness: Harness;
let reader: TopicReader;
let trust: TrustFhirServer;
const running: RunningBin[] = [];

const NHS_NUMBERS = testNhsNumbers(40);
const minute = (n: number): string => new Date(Date.parse('2025-03-03T08:00:00Z') + n * 60_000).toISOString();

beforeAll(async () => {
  buildConnector();
  harness = await startHarness();
  reader = new TopicReader(harness.kafka, harness.codec, harness.prefix);
  await reader.start(['homefirst.hospital.events.v1', 'homefirst.deadletter.v1']);
  trust = await startTrustFhirServer({ pageDelayMs: 1000 });
}, 120_000);

afterAll(async () => {
  for (const bin of running)
    if (bin.child.exitCode === null && bin.child.signalCode === null) bin.child.kill('SIGKILL');
  await Promise.all(running.map((bin) => bin.exited));
  await reader?.stop();
  await harness?.close();
  await trust?.close();
});

const env = (extra: Record<string, string> = {}): Record<string, string> => ({
  HOMEFIRST_TOPIC_PREFIX: harness.prefix,
  HOMEFIRST_FHIR_REDIS_PREFIX: harness.redisPrefix,
  HOMEFIRST_PERSON_KEY_SECRET: SECRET,
  HOMEFIRST_LOG_LEVEL: 'info',
  HOMEFIRST_HTTP_PORT: '0',
  ...extra,
});

const pullBin = (): RunningBin => {
  const bin = startBin(
    ['pull', '--base', trust.baseUrl, '--ods', 'RXN', '--interval', '1s'],
    env({ HOMEFIRST_FHIR_PULL_PAGE_SIZE: '10' }),
  );
  running.push(bin);
  return bin;
};

const admittedSpells = (): string[] =>
  reader
    .hospital()
    .map((r) => r.event as HospitalEvent)
    .filter((e) => e.type === 'PatientAdmitted')
    .map((e) => e.payload.spellId);

const encounter = (i: number, lastUpdated: string): StoredResource =>
  generatedAdmission(i, NHS_NUMBERS[i] as string, lastUpdated, i % 2 === 0 ? 'reference' : 'identifier');

/**
 * Waits for a poll cycle that starts after now to finish (two more searches from the first page), then
 * until everything it wrote has been read: nothing more is on its way to the assertions.
 */
async function anotherFullCycle(): Promise<void> {
  const firstPages = () => trust.searches.filter((q) => !q.includes('_offset')).length;
  const seen = firstPages();
  await waitFor('the poller to start two more cycles', () => (firstPages() >= seen + 2 ? true : undefined), {
    timeoutMs: 30_000,
  });
  await reader.readToHighWatermark();
}

/** Waits until `probe` holds (30 s at most). */
/** The corpus' id-only notification, its Encounter entry naming `encounterId`. */
const idOnlyNotification = (id: string, encounterId: string): string => {
  const notification = JSON.parse(corpus('notification-id-only').toString('utf8')) as {
    id: string;
    entry: Array<Record<string, unknown>>;
  };
  notification.id = id;
  notification.entry[1] = {
    fullUrl: `https://fhir.liverpoolft.nhs.uk/fhir/Encounter/${encounterId}`,
    request: { method: 'PUT', url: `Encounter/${encounterId}` },
    response: { status: '200' },
  };
  return JSON.stringify(notification);
};

const notify = (port: number, body: string | Buffer): Promise<Response> =>
  fetch(`http://127.0.0.1:${port}/fhir/notify`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKENS.REM}`, 'content-type': 'application/fhir+json' },
    body,
  });

const until = (what: string, probe: () => boolean): Promise<true> =>
  waitFor(what, () => (probe() ? true : undefined), { timeoutMs: 30_000, intervalMs: 50 });

describe('pull mode (homefirst-fhir pull)', () => {
  it('given 30 Encounters over 3 pages (two sharing an instant across the page break), when the poller is killed mid-way and restarted, then every admission is recorded exactly once', async () => {
    // Given: 30 admissions a minute apart; #9 and #10 share an instant (page 1 ends, page 2 starts).
    for (let i = 0; i < 30; i += 1) trust.put(encounter(i, minute(i === 10 ? 9 : i)));
    for (let i = 0; i < 30; i += 2) trust.put(generatedPatient(i, NHS_NUMBERS[i] as string));
    const checkpoints = new CheckpointStore(harness.redis, 'RXN', trust.baseUrl);

    // When: the first poller is killed (SIGKILL) after the first page, before the cycle could finish.
    const first = pullBin();
    await until('the first page', () => admittedSpells().length >= 10);
    // Killed while it waits for the second page (the trust answers each search after 1 s): not in the few
    // milliseconds after an Encounter's Kafka ack when its resend memory is still being written. A kill there
    // makes the restart publish that Encounter again (same event id: a repeat consumers drop), which is the
    // connector's ack-then-remember window (src/ingest/fhir-ingest.ts), not what this test is about.
    await until('the second page asked for', () => trust.searches.some((q) => q.includes('_offset')));
    await sleep(200);
    first.child.kill('SIGKILL');
    expect(await first.exited).toBe('SIGKILL');
    expect((await checkpoints.load()).lastUpdated).toBeNull();
    const beforeRestart = admittedSpells().length;
    expect(beforeRestart).toBeLessThan(30);
    // The slow pages were there for the kill to land mid-cycle; the rest of the test needs no waiting.
    trust.setPageDelay(0);

    const second = pullBin();
    await until('all 30 admissions', () => admittedSpells().length >= 30);
    await anotherFullCycle();

    // Then: no skip, no repeat, and the checkpoint sits at the newest instant with what was read there.
    const spells = admittedSpells();
    expect(spells).toHaveLength(30);
    expect(new Set(spells).size).toBe(30);
    expect(await checkpoints.load()).toEqual({
      lastUpdated: minute(29),
      versionsAtLastUpdated: ['Encounter/RXN-SP-00029/_history/1'],
    });
    expect(trust.searches.at(-1)).toContain(`_lastUpdated=ge${encodeURIComponent(minute(29))}`);

    // When the trust commits an Encounter at the checkpoint's very instant, and others later, and updates one.
    trust.put(encounter(30, minute(29)), encounter(31, minute(31)), encounter(32, minute(32)));
    trust.put(
      generatedPatient(30, NHS_NUMBERS[30] as string),
      generatedPatient(32, NHS_NUMBERS[32] as string),
    );
    const moved = encounter(3, minute(3));
    trust.put({
      ...moved,
      meta: { versionId: '2', lastUpdated: minute(33) },
      location: [
        ...(moved.location as unknown[]).map((l) => ({ ...(l as object), status: 'completed' })),
        { location: { display: 'Ward 18' }, status: 'active', period: { start: minute(33) } },
      ],
    });
    await until('the new admissions', () => admittedSpells().length >= 33);
    await anotherFullCycle();

    // Then each is read once: the one at the checkpoint instant is not skipped, the old ones not repeated.
    expect(admittedSpells()).toHaveLength(33);
    expect(new Set(admittedSpells()).size).toBe(33);
    const transfers = reader.hospital().filter((r) => r.event.type === 'PatientTransferred');
    expect(transfers.map((r) => r.event.type === 'PatientTransferred' && r.event.payload.spellId)).toEqual([
      'RXN-SP-00003',
    ]);

    // A graceful stop (SIGTERM) exits 0.
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  }, 120_000);
});

describe('serve (homefirst-fhir serve)', () => {
  it('given the trust server configured, when an id-only Subscription notification arrives, then the Encounter is read from the trust and recorded; ops endpoints answer; SIGTERM stops it cleanly', async () => {
    const encounterJson = JSON.parse(corpus('encounter-discharge-ready').toString('utf8')) as StoredResource;
    trust.put({ ...encounterJson, subject: { reference: 'Patient/LIV-P-1' } });
    trust.put({
      resourceType: 'Patient',
      id: 'LIV-P-1',
      identifier: [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: '9991305831' }],
    });
    const [fhirPort, opsPort] = [await reservePort(), await reservePort()];
    const serve = startBin(
      ['serve'],
      env({
        HOMEFIRST_FHIR_PORT: String(fhirPort),
        HOMEFIRST_HTTP_PORT: String(opsPort),
        HOMEFIRST_FHIR_HOST: '127.0.0.1',
        HOMEFIRST_FHIR_TOKENS: `REM:${TOKENS.REM}`,
        HOMEFIRST_FHIR_SOURCE_BASE_URLS: `REM=${trust.baseUrl}`,
        // Small, so an Encounter read for a notification can exceed it (the default is 768 KiB).
        HOMEFIRST_FHIR_MAX_BODY_BYTES: String(64 * 1024),
      }),
    );
    running.push(serve);
    await until('the endpoint', () => serve.logs().some((l) => l.msg === 'FHIR endpoint listening'));

    const response = await notify(fhirPort, corpus('notification-id-only'));
    expect(response.status).toBe(200);
    await until('the notified readiness', () =>
      reader
        .hospital()
        .some(
          (r) =>
            r.event.type === 'DischargeReadyDeclared' &&
            (r.event as HospitalEvent).payload.nhsNumber === '9991305831',
        ),
    );

    // An id-only notification naming an Encounter the trust's server no longer has: a 422 naming the entry
    // (resending cannot help, so not a 503), dead-lettered with the reason.
    const refused = await notify(fhirPort, idOnlyNotification('notification-gone-1', 'LUH-SP-DELETED-1'));
    expect(refused.status).toBe(422);
    const outcome = (await refused.json()) as {
      resourceType: string;
      issue: Array<{ code: string; expression?: string[]; diagnostics?: string }>;
    };
    expect(outcome.resourceType).toBe('OperationOutcome');
    expect(outcome.issue.map(({ code, expression }) => ({ code, expression }))).toEqual([
      { code: 'not-found', expression: ['Bundle.entry[1]'] },
    ]);
    expect(outcome.issue[0]?.diagnostics).toContain('answered 404 Not Found for its Encounter');
    expect(JSON.stringify(outcome)).not.toContain('LUH-SP-DELETED-1');
    await until('the dead letter', () =>
      reader.deadLetters().some((d) => d.payload.reason.includes('answered 404 Not Found for its Encounter')),
    );

    // An id-only notification whose Encounter, as read from the trust, is over the input limit (it could not
    // be stored as one Kafka message): 413 too-costly, as a pushed body that size would be, not a 500.
    trust.put({
      ...encounterJson,
      id: 'LUH-SP-BIG-1',
      subject: { reference: 'Patient/LIV-P-1' },
      text: {
        status: 'generated',
        div: `<div xmlns="http://www.w3.org/1999/xhtml">${'x'.repeat(80_000)}</div>`,
      },
    });
    const tooBig = await notify(fhirPort, idOnlyNotification('notification-big-1', 'LUH-SP-BIG-1'));
    expect(tooBig.status).toBe(413);
    const tooBigOutcome = (await tooBig.json()) as { resourceType: string; issue: Array<{ code: string }> };
    expect(tooBigOutcome.resourceType).toBe('OperationOutcome');
    expect(tooBigOutcome.issue.map(({ code }) => code)).toEqual(['too-costly']);
    // Dead-lettered as pull mode does: the reason with the limit, and not the body (it could not be kept).
    await until('the oversize dead letter', () =>
      reader.deadLetters().some((d) => d.payload.errorCode === 'PAYLOAD_TOO_LARGE'),
    );
    const oversize = reader.deadLetters().find((d) => d.payload.errorCode === 'PAYLOAD_TOO_LARGE');
    expect(oversize?.payload).toMatchObject({ stage: 'PARSE', retriable: false });
    expect(oversize?.payload.reason).toMatch(/over the 65536-byte input limit and is not kept/);
    expect(JSON.stringify(oversize)).not.toContain('xxxxxxxxxx');

    expect((await fetch(`http://127.0.0.1:${opsPort}/healthz`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${opsPort}/readyz`)).status).toBe(200);
    expect(await (await fetch(`http://127.0.0.1:${opsPort}/metrics`)).text()).toMatch(
      /homefirst_fhir_accepted_total\{kind="history"\} 1/,
    );
    expect(serve.output()).not.toContain('9991305831'); // patient identifiers never logged

    serve.child.kill('SIGTERM');
    expect(await serve.exited).toBe(0);
  }, 60_000);
});
