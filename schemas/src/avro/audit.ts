import { avroNamespace, field } from './builders';

/** Audit of person-level reads through the query API. personKey = the person whose record was read. */
export const AUDIT = 'uk.homefirst.audit';
const audit = avroNamespace(AUDIT);

export const actorRole = audit.vocabulary('ActorRole', 'Role of the bearer token that made the call.', [
  'TRUST',
  'COUNCIL',
  'ANALYST',
  'ADMIN',
]);

export const personRecordRead = audit.record(
  'PersonRecordRead',
  'Someone read a person-level record. occurredAt = time of the request.',
  [
    field('actorId', 'string', 'Subject of the bearer token.'),
    field('actorRole', actorRole, 'Role of the token.'),
    field('actorOrgCode', 'string', 'Organisation scope of the token (ODS or LA code).'),
    field('route', 'string', 'API route template read, e.g. GET /journeys/{personKey}.'),
    field('pseudonymised', 'boolean', 'Whether the response withheld the NHS number.'),
  ],
);

export const auditEvents = [personRecordRead] as const;
