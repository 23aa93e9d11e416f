import { randomUUID } from 'node:crypto';
import type { IssueType } from '../errors';
import type { Route, Submission } from '../fhir/parse';
import type { IngestReport, MergeReport, UnitReport } from '../ingest/fhir-ingest';
import { information, type OperationOutcome } from '../outcome/operation-outcome';

/**
 * Successful answers, shaped as a FHIR engineer expects for each kind of request (errors are
 * OperationOutcomes from outcome/operation-outcome.ts). Every one of them is sent only after Kafka
 * acknowledged what the request produced.
 */

export interface SuccessResponse {
  readonly status: number;
  readonly body: unknown;
}

const HTTP_TEXT: Readonly<Record<number, string>> = {
  200: '200 OK',
  201: '201 Created',
  202: '202 Accepted',
  422: '422 Unprocessable Entity',
};

/** What happened to one Encounter, in words for the trust's interface team. */
function describe(unit: UnitReport): { code: IssueType; diagnostics: string; severity?: 'warning' } {
  switch (unit.status) {
    case 'recorded':
      return {
        code: 'informational',
        diagnostics: `Encounter ${unit.spellId}: recorded ${unit.events.join(', ')}`,
      };
    case 'no-change':
      return { code: 'informational', diagnostics: `Encounter ${unit.spellId}: nothing new to record` };
    case 'ignored':
      return {
        code: 'informational',
        diagnostics: `Encounter ${unit.spellId}: not an inpatient stay (class ACUTE, IMP or NONAC); nothing recorded`,
      };
    case 'stale':
      return {
        code: 'informational',
        severity: 'warning',
        diagnostics: `Encounter ${unit.spellId}: older than a version already received (meta.lastUpdated); nothing recorded`,
      };
    case 'duplicate':
      return {
        code: 'duplicate',
        diagnostics: `Encounter ${unit.spellId}: already received; nothing recorded again`,
      };
    case 'held':
      return {
        code: 'incomplete',
        diagnostics:
          `Encounter ${unit.spellId}: accepted and stored, but the hub does not yet know the NHS number of this ` +
          'local patient id. It is held and recorded as soon as a message links the id to an NHS number; ' +
          'nothing to fix or resend.',
      };
  }
}

const unitStatus = (unit: UnitReport, created: boolean): number =>
  unit.status === 'held' ? 202 : created && unit.status === 'recorded' ? 201 : 200;

/** What happened to one Patient merge. */
const describeMerge = (merge: MergeReport): { code: IssueType; diagnostics: string } =>
  merge.status === 'recorded'
    ? { code: 'informational', diagnostics: 'Patient merge: recorded PatientsMerged' }
    : { code: 'duplicate', diagnostics: 'Patient merge: already recorded; nothing recorded again' };

/** The information outcome of a request: one issue per Encounter and per merge, or "nothing to record". */
function outcomeOfReport(submission: Submission, report: IngestReport): OperationOutcome {
  const issues = [
    ...report.units.map((unit, i) => ({ unit: describe(unit), path: submission.units[i]?.path })),
    ...report.merges.map((merge, i) => ({ unit: describeMerge(merge), path: submission.merges[i]?.path })),
  ];
  return issues.length === 0
    ? information({
        code: 'informational',
        diagnostics:
          submission.kind === 'patient'
            ? 'Patient without a merge (link replaced-by / replaces): nothing to record'
            : 'No Encounter to record',
      })
    : information(...issues.map(({ unit, path }) => ({ ...unit, ...(path !== undefined && { path }) })));
}

/** The answer to a request the hub accepted. */
export function successResponse(
  route: Route,
  submission: Submission,
  report: IngestReport,
  hubEndpoint: string,
): SuccessResponse {
  switch (submission.kind) {
    case 'encounter': {
      const unit = report.units[0];
      const created = route.kind === 'create';
      return { status: unit ? unitStatus(unit, created) : 200, body: outcomeOfReport(submission, report) };
    }
    case 'patient': {
      const created = route.kind === 'create' && report.merges.some((m) => m.status === 'recorded');
      return { status: created ? 201 : 200, body: outcomeOfReport(submission, report) };
    }
    case 'message':
      return { status: 200, body: messageResponse(submission, report, hubEndpoint) };
    case 'transaction':
    case 'batch':
      return {
        status: 200,
        body: {
          resourceType: 'Bundle',
          id: randomUUID(),
          type: `${submission.kind}-response`,
          entry: submission.entries.map((entry) => {
            if (entry.issues.length > 0)
              return {
                response: {
                  status: HTTP_TEXT[422],
                  outcome: {
                    resourceType: 'OperationOutcome',
                    issue: entry.issues.map((i) => ({
                      severity: 'error',
                      code: i.type,
                      diagnostics: `${i.path}: ${i.message}`,
                      location: [i.path],
                      expression: [i.path],
                    })),
                  },
                },
              };
            const unit = entry.unit === null ? undefined : report.units[entry.unit];
            const merges = report.merges.filter((_, m) => submission.merges[m]?.entryIndex === entry.index);
            if (unit === undefined && merges.length > 0)
              return {
                response: {
                  status: HTTP_TEXT[merges.some((m) => m.status === 'recorded') ? 201 : 200],
                  outcome: information(
                    ...merges.map((m) => ({
                      ...describeMerge(m),
                      path: `Bundle.entry[${entry.index}].resource`,
                    })),
                  ),
                },
              };
            if (unit === undefined)
              return {
                response: {
                  status: HTTP_TEXT[200],
                  outcome: information({
                    code: 'informational',
                    diagnostics: `${entry.resourceType ?? 'entry'} used to identify the patient; not stored by the hub`,
                  }),
                },
              };
            return {
              response: {
                status: HTTP_TEXT[unitStatus(unit, true)],
                outcome: information({ ...describe(unit), path: `Bundle.entry[${entry.index}].resource` }),
              },
            };
          }),
        },
      };
    case 'collection':
    case 'history':
    case 'ping':
      return {
        status: 200,
        body:
          submission.kind === 'ping'
            ? information({ code: 'informational', diagnostics: 'Notification received (no content)' })
            : outcomeOfReport(submission, report),
      };
  }
}

/**
 * The response message to a message Bundle (FHIR messaging, synchronous): a `message` Bundle whose
 * MessageHeader answers the request's (response.identifier = its MessageHeader.id, code ok) and points at
 * an OperationOutcome saying what the hub recorded.
 */
function messageResponse(submission: Submission, report: IngestReport, hubEndpoint: string): unknown {
  const message = submission.message;
  const outcomeUrl = `urn:uuid:${randomUUID()}`;
  return {
    resourceType: 'Bundle',
    id: randomUUID(),
    type: 'message',
    timestamp: new Date().toISOString(),
    entry: [
      {
        fullUrl: `urn:uuid:${randomUUID()}`,
        resource: {
          resourceType: 'MessageHeader',
          id: randomUUID(),
          ...(message?.event
            ? { eventCoding: message.event }
            : { eventUri: `${hubEndpoint}/$process-message` }),
          ...(message && { destination: [{ endpoint: message.sourceEndpoint }] }),
          source: { name: 'Homefirst Hub', endpoint: hubEndpoint },
          response: {
            identifier: message?.headerId ?? message?.bundleId ?? submission.messageId,
            code: 'ok',
            details: { reference: outcomeUrl },
          },
        },
      },
      { fullUrl: outcomeUrl, resource: outcomeOfReport(submission, report) },
    ],
  };
}
