import {
  aclPlanLines,
  councilFeedTopic,
  councilPrincipal,
  HUB_PRINCIPALS,
  principalNamed,
  superUsers,
} from './kafka-principals';

const grantsOf = (name: string) => principalNamed(name).grants;
const topicOps = (name: string, topic: string) =>
  grantsOf(name)
    .filter((g) => g.resource === 'TOPIC' && g.name === topic)
    .flatMap((g) => g.operations);

describe('Kafka principals and their ACLs', () => {
  it('given the hub principals, then only the admin is a super user (with ANONYMOUS of the loopback listeners)', () => {
    expect(HUB_PRINCIPALS.filter((p) => p.superUser === true).map((p) => p.name)).toEqual(['hub-admin']);
    expect(superUsers()).toBe('User:ANONYMOUS;User:hub-admin');
  });

  it('given a connector, then it writes its own topics and reads nothing', () => {
    for (const name of ['hub-hl7v2', 'hub-fhir', 'hub-council']) {
      expect(grantsOf(name).flatMap((g) => g.operations)).not.toContain('READ');
      expect(grantsOf(name).every((g) => g.resource === 'TOPIC' && g.pattern === 'LITERAL')).toBe(true);
    }
    expect(topicOps('hub-hl7v2', 'homefirst.hospital.events.v1')).toEqual(['WRITE', 'DESCRIBE']);
    expect(topicOps('hub-hl7v2', 'homefirst.council.events.v1')).toEqual([]);
    expect(topicOps('hub-council', 'homefirst.council.events.v1')).toEqual(['WRITE', 'DESCRIBE']);
  });

  it('given the projector, then it reads the event topics in its own groups and writes alerts', () => {
    expect(topicOps('hub-projector', 'homefirst.hospital.events.v1')).toEqual(['READ', 'DESCRIBE']);
    expect(topicOps('hub-projector', 'homefirst.alerts.v1')).toEqual(['WRITE', 'DESCRIBE']);
    expect(topicOps('hub-projector', 'homefirst.raw.v1')).toEqual([]);
    expect(grantsOf('hub-projector').find((g) => g.resource === 'GROUP')).toMatchObject({
      pattern: 'PREFIXED',
      name: 'homefirst-projector',
    });
  });

  it('given the feed router, then it creates and writes feeds and its state, transactionally under its id prefix', () => {
    expect(grantsOf('hub-feed-router')).toEqual(
      expect.arrayContaining([
        {
          resource: 'TOPIC',
          pattern: 'PREFIXED',
          name: 'homefirst.feed.',
          operations: ['WRITE', 'DESCRIBE', 'CREATE'],
        },
        {
          resource: 'TOPIC',
          pattern: 'LITERAL',
          name: 'homefirst.feed-router.state.v1',
          operations: ['READ', 'WRITE', 'DESCRIBE', 'CREATE'],
        },
        {
          resource: 'TRANSACTIONAL_ID',
          pattern: 'PREFIXED',
          name: 'homefirst-feed-router',
          operations: ['WRITE', 'DESCRIBE'],
        },
      ]),
    );
  });

  it('given the webhook service, then it reads feeds and subscriptions, writes only its own topics, in its groups', () => {
    const grants = grantsOf('hub-webhooks');
    expect(topicOps('hub-webhooks', 'homefirst.feed.')).toEqual(['READ', 'DESCRIBE']);
    expect(topicOps('hub-webhooks', 'homefirst.subscriptions.v1')).toEqual(['READ', 'DESCRIBE', 'CREATE']);
    expect(topicOps('hub-webhooks', 'homefirst.webhooks.')).toEqual(['WRITE', 'DESCRIBE', 'CREATE']);
    expect(
      grants.filter((g) => g.resource === 'TOPIC' && g.operations.includes('WRITE')).map((g) => g.name),
    ).toEqual(['homefirst.webhooks.']);
    expect(grants.find((g) => g.resource === 'GROUP')).toMatchObject({
      pattern: 'PREFIXED',
      name: 'homefirst-webhooks',
      operations: ['READ', 'DESCRIBE'],
    });
    expect(grants.some((g) => g.resource === 'TRANSACTIONAL_ID' || g.resource === 'CLUSTER')).toBe(false);
  });

  it('given a council, then it reads only its own feed in groups with its prefix', () => {
    const council = councilPrincipal('E08000012');
    expect(council.name).toBe('council-E08000012');
    expect(aclPlanLines(council)).toEqual([
      'acl\tUser:council-E08000012\tTOPIC\tLITERAL\thomefirst.feed.E08000012.v1\tREAD',
      'acl\tUser:council-E08000012\tTOPIC\tLITERAL\thomefirst.feed.E08000012.v1\tDESCRIBE',
      'acl\tUser:council-E08000012\tGROUP\tPREFIXED\tcouncil-E08000012\tREAD',
      'acl\tUser:council-E08000012\tGROUP\tPREFIXED\tcouncil-E08000012\tDESCRIBE',
    ]);
    expect(councilFeedTopic('W06000001')).toBe('homefirst.feed.W06000001.v1');
  });

  it('given a malformed local authority code, then it refuses (no ACL on a crafted name)', () => {
    expect(() => councilPrincipal('E08*')).toThrow(/letter and 8 digits/);
    expect(() => councilPrincipal('homefirst')).toThrow(/letter and 8 digits/);
  });
});
