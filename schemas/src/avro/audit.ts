import { avroNamespace, field, optional } from './builders';

/**
 * Audit of who did what with patient data: person-level reads through the query API (a person's record:
 * personKey = the person read; a page of a list: one record naming every person on it), and the data teams' bulk operations — exports, dead-letter redrives and read-model rebuilds — which
 * name no single person (personKey null).
 */
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

export const personRecordsRead = audit.record(
  'PersonRecordsRead',
  'Someone read a page of person-level records (a list route: the queue, the 48-hour tracker). One record per response, naming every person the page showed; personKey is null. occurredAt = time of the request.',
  [
    field('actorId', 'string', 'Subject of the token or session.'),
    field('actorRole', actorRole, 'Role of the token or session.'),
    field('actorOrgCode', 'string', 'Organisation scope of the token (ODS or LA code).'),
    field('route', 'string', 'API route template read, e.g. GET /api/v1/queue.'),
    field('pseudonymised', 'boolean', 'Whether the response withheld the NHS number.'),
    field(
      'personKeys',
      { type: 'array', items: 'string' },
      'The personKey of every person on the page, in the order shown.',
    ),
  ],
);

const operator = field(
  'actorId',
  'string',
  'Who ran the command: --actor, else HOMEFIRST_ACTOR, else the operating-system user.',
);

export const eventsExported = audit.record(
  'EventsExported',
  'Someone exported events from the hub (`homefirst export events`). occurredAt = when the export finished.',
  [
    operator,
    optional('recipient', 'string', 'Who the extract is for (--recipient), when named.'),
    field('topics', { type: 'array', items: 'string' }, 'Topics read (full names).'),
    optional('fromTime', 'string', 'Lower bound of the time filter (ISO 8601), when given.'),
    optional('toTime', 'string', 'Upper bound of the time filter (ISO 8601), when given.'),
    field('types', { type: 'array', items: 'string' }, 'Event types kept; empty = every type.'),
    field('format', 'string', 'Output format: ndjson, csv or parquet.'),
    field('pseudonymised', 'boolean', 'Whether identifiers and free text were removed.'),
    field('rows', 'long', 'Rows written (one per event id).'),
    field('outName', 'string', 'File name written (the name only, not the folder).'),
  ],
);

export const deadLetterRedriven = audit.record(
  'DeadLetterRedriven',
  'Someone sent a dead letter through the live pipeline again (`homefirst deadletters redrive`). occurredAt = when it was answered.',
  [
    operator,
    field('deadLetterEventId', 'string', 'eventId of the dead letter redriven.'),
    field('outcome', 'string', 'What the pipeline answered: ACCEPTED, REFUSED or FAILED.'),
    optional('detail', 'string', 'The error code of a new refusal or failure (no patient data).'),
  ],
);

export const readModelsRebuilt = audit.record(
  'ReadModelsRebuilt',
  'Someone rebuilt the read models from the topics (`homefirst replay rebuild`). occurredAt = when the new version went live.',
  [
    operator,
    optional('fromVersion', 'string', 'The version that was live before, when there was one.'),
    field('toVersion', 'string', 'The version made live.'),
    field('projection', 'string', 'What was rebuilt (all, or one projection).'),
    field('events', 'long', 'Events read by the rebuild.'),
  ],
);

export const kafkaAccessChanged = audit.record(
  'KafkaAccessChanged',
  "Someone granted or revoked a Kafka principal's access (`homefirst councils add | remove`). occurredAt = when the broker applied it.",
  [
    operator,
    field('principal', 'string', 'The SCRAM user granted or revoked, e.g. council-E08000012.'),
    field(
      'change',
      'string',
      'GRANTED (user, ACLs and feed topic created or refreshed) or REVOKED (ACLs and user deleted).',
    ),
    field(
      'topics',
      { type: 'array', items: 'string' },
      'Topics the principal may read after a grant, or could read before a revoke.',
    ),
    field(
      'groupPrefix',
      'string',
      'The consumer-group prefix it may use (after a grant) or could use (before a revoke).',
    ),
  ],
);

export const subscriptionChanged = audit.record(
  'SubscriptionChanged',
  'Someone added, paused, resumed, replayed or removed a webhook subscription (`homefirst subscriptions …`). occurredAt = when the change was written.',
  [
    operator,
    field('subscriptionId', 'string', 'The subscription changed.'),
    field('laCode', 'string', 'ONS code of the council whose feed it delivers.'),
    field('change', 'string', 'ADDED, PAUSED, RESUMED, REPLAYED or REMOVED.'),
    field(
      'endpointOrigin',
      'string',
      'Scheme, host and port of the endpoint (never its path or query, which may hold tokens).',
    ),
    optional('fromTime', 'string', 'Where a replay restarted delivery (ISO 8601), for REPLAYED.'),
  ],
);

export const auditEvents = [
  personRecordRead,
  eventsExported,
  deadLetterRedriven,
  readModelsRebuilt,
  kafkaAccessChanged,
  subscriptionChanged,
  personRecordsRead,
] as const;
