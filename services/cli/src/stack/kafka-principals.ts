import { catalogue } from '@homefirst/schemas';

/**
 * Who may do what on the hub's Kafka: one SCRAM principal per hub service, least privilege, deny by
 * default (StandardAuthorizer, allow.everyone.if.no.acl.found=false). The local stack creates these users
 * and bindings (`homefirst stack up`); a deployment applies the same table to its own cluster. Topic names
 * are the catalogue's, without a prefix (the hub's own topics; tests use prefixed topics on the
 * loopback-only plaintext listener). Idempotent producers need no IdempotentWrite since Kafka 3.0
 * (KIP-679): Write on a topic is enough; transactions need their transactional id.
 */

export type AclResource = 'TOPIC' | 'GROUP' | 'CLUSTER' | 'TRANSACTIONAL_ID';
export type AclPattern = 'LITERAL' | 'PREFIXED';
export type AclOperation = 'READ' | 'WRITE' | 'DESCRIBE' | 'CREATE' | 'DELETE' | 'ALTER' | 'DESCRIBE_CONFIGS';

export interface AclGrant {
  readonly resource: AclResource;
  readonly pattern: AclPattern;
  readonly name: string;
  readonly operations: readonly AclOperation[];
}

export interface HubPrincipal {
  /** SCRAM user name; the Kafka principal is `User:<name>`. */
  readonly name: string;
  readonly purpose: string;
  /** A super user (the admin): no ACLs, may manage topics, users and ACLs. */
  readonly superUser?: boolean;
  readonly grants: readonly AclGrant[];
}

const topicNamed = (id: (typeof catalogue)[number]['id']): string => {
  const found = catalogue.find((t) => t.id === id);
  if (found === undefined) throw new Error(`no topic ${id} in the catalogue`);
  return found.name;
};

export const HOSPITAL_TOPIC = topicNamed('hospitalEvents');
export const COUNCIL_TOPIC = topicNamed('councilEvents');
const ALERTS = topicNamed('alerts');
const AUDIT = topicNamed('audit');
const RAW = topicNamed('raw');
const DEAD_LETTER = topicNamed('deadLetter');

/** The prefix of the per-council feed topics (`homefirst.feed.<LA code>.v1`). */
export const FEED_TOPIC_PREFIX = 'homefirst.feed.';
export const FEED_ROUTER_STATE_TOPIC = 'homefirst.feed-router.state.v1';
export const FEED_ROUTER_ID_PREFIX = 'homefirst-feed-router';
/** The webhook service's topics (services/webhooks): subscriptions it reads; delivery log and dead letters. */
export const SUBSCRIPTIONS_TOPIC = 'homefirst.subscriptions.v1';
export const WEBHOOKS_TOPIC_PREFIX = 'homefirst.webhooks.';
export const WEBHOOKS_GROUP_PREFIX = 'homefirst-webhooks';

const writes = (...topics: string[]): AclGrant[] =>
  topics.map((name) => ({ resource: 'TOPIC', pattern: 'LITERAL', name, operations: ['WRITE', 'DESCRIBE'] }));
const reads = (...topics: string[]): AclGrant[] =>
  topics.map((name) => ({ resource: 'TOPIC', pattern: 'LITERAL', name, operations: ['READ', 'DESCRIBE'] }));
const groups = (prefix: string, ...extra: AclOperation[]): AclGrant => ({
  resource: 'GROUP',
  pattern: 'PREFIXED',
  name: prefix,
  operations: ['READ', 'DESCRIBE', ...extra],
});

export const ADMIN_PRINCIPAL = 'hub-admin';

export const HUB_PRINCIPALS: readonly HubPrincipal[] = [
  {
    name: ADMIN_PRINCIPAL,
    purpose: 'the CLI: topics apply, SCRAM users and ACLs (councils add/remove); the broker itself',
    superUser: true,
    grants: [],
  },
  {
    name: 'hub-hl7v2',
    purpose: 'HL7 v2 connector: writes hospital events, raw payloads, dead letters',
    grants: writes(HOSPITAL_TOPIC, RAW, DEAD_LETTER),
  },
  {
    name: 'hub-fhir',
    purpose: 'FHIR connector: writes hospital events, raw payloads, dead letters',
    grants: writes(HOSPITAL_TOPIC, RAW, DEAD_LETTER),
  },
  {
    name: 'hub-council',
    purpose: 'council connector: writes council events, raw payloads, dead letters',
    grants: writes(COUNCIL_TOPIC, RAW, DEAD_LETTER),
  },
  {
    name: 'hub-projector',
    purpose:
      'projector: reads hospital and council events in its groups; writes alerts, dead letters, rebuild audit',
    grants: [
      ...reads(HOSPITAL_TOPIC, COUNCIL_TOPIC),
      ...writes(ALERTS, DEAD_LETTER, AUDIT),
      groups('homefirst-projector', 'DELETE'),
    ],
  },
  {
    name: 'hub-api',
    purpose: 'query API: writes the audit of person-level reads',
    grants: writes(AUDIT),
  },
  {
    name: 'hub-feed-router',
    purpose:
      'feed router: reads hospital and council events; writes the council feeds and its state topic, transactionally',
    grants: [
      ...reads(HOSPITAL_TOPIC, COUNCIL_TOPIC),
      // It creates its state topic and the feed topic of each council it serves when they are missing.
      {
        resource: 'TOPIC',
        pattern: 'PREFIXED',
        name: FEED_TOPIC_PREFIX,
        operations: ['WRITE', 'DESCRIBE', 'CREATE'],
      },
      {
        resource: 'TOPIC',
        pattern: 'LITERAL',
        name: FEED_ROUTER_STATE_TOPIC,
        operations: ['READ', 'WRITE', 'DESCRIBE', 'CREATE'],
      },
      ...writes(DEAD_LETTER),
      // DELETE: the throwaway groups it reads history in (under its prefix) are deleted when done.
      groups(FEED_ROUTER_ID_PREFIX, 'DELETE'),
      {
        resource: 'TRANSACTIONAL_ID',
        pattern: 'PREFIXED',
        name: FEED_ROUTER_ID_PREFIX,
        operations: ['WRITE', 'DESCRIBE'],
      },
    ],
  },
  {
    name: 'hub-webhooks',
    purpose:
      'webhook delivery: reads the council feeds and the subscriptions in its groups; writes its delivery log and dead letters',
    grants: [
      { resource: 'TOPIC', pattern: 'PREFIXED', name: FEED_TOPIC_PREFIX, operations: ['READ', 'DESCRIBE'] },
      // It creates the subscriptions topic when missing (the CLI, as the admin, writes it) and its own topics.
      {
        resource: 'TOPIC',
        pattern: 'LITERAL',
        name: SUBSCRIPTIONS_TOPIC,
        operations: ['READ', 'DESCRIBE', 'CREATE'],
      },
      {
        resource: 'TOPIC',
        pattern: 'PREFIXED',
        name: WEBHOOKS_TOPIC_PREFIX,
        operations: ['WRITE', 'DESCRIBE', 'CREATE'],
      },
      groups(WEBHOOKS_GROUP_PREFIX),
    ],
  },
];

/** A council's principal: reads its own feed topic, in consumer groups named with its prefix — nothing else. */
export function councilPrincipal(laCode: string): HubPrincipal {
  if (!/^[EWSN]\d{8}$/.test(laCode))
    throw new Error(`a local authority code is a letter and 8 digits, such as E08000012 (got "${laCode}")`);
  return {
    name: `council-${laCode}`,
    purpose: `council ${laCode}: reads its own feed`,
    grants: [
      ...reads(councilFeedTopic(laCode)),
      { resource: 'GROUP', pattern: 'PREFIXED', name: `council-${laCode}`, operations: ['READ', 'DESCRIBE'] },
    ],
  };
}

export const councilFeedTopic = (laCode: string): string => `${FEED_TOPIC_PREFIX}${laCode}.v1`;

export function principalNamed(name: string): HubPrincipal {
  const found = HUB_PRINCIPALS.find((p) => p.name === name);
  if (found === undefined) throw new Error(`no hub principal ${name}`);
  return found;
}

/** The HubSecurity.java plan lines that grant a principal its ACLs (one binding per operation). */
export function aclPlanLines(p: HubPrincipal): string[] {
  return p.grants.flatMap((g) =>
    g.operations.map((op) => ['acl', `User:${p.name}`, g.resource, g.pattern, g.name, op].join('\t')),
  );
}

/** `User:a;User:b` for server.properties. */
export const superUsers = (): string =>
  ['ANONYMOUS', ...HUB_PRINCIPALS.filter((p) => p.superUser === true).map((p) => p.name)]
    .map((name) => `User:${name}`)
    .join(';');
