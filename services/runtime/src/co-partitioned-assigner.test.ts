import { AssignerProtocol, type Cluster } from 'kafkajs';
import { CoPartitionedAssigner, coPartitionedAssigner, type ExcludedMember } from './co-partitioned-assigner';

// Partition p of the hospital AND council topics must land on the same member, however many members.

const cluster = {
  findTopicPartitionMetadata: () => [0, 1, 2, 3, 4, 5].map((partitionId) => ({ partitionId })),
} as unknown as Cluster; // the assigner reads only partition metadata

const assign = async (memberCount: number) => {
  const assigner = CoPartitionedAssigner({ cluster, groupId: 'g', logger: console as never });
  const members = Array.from({ length: memberCount }, (_, i) => ({
    memberId: `member-${i}`,
    memberMetadata: Buffer.alloc(0),
  }));
  const result = await assigner.assign({ members, topics: ['t.hospital', 't.council'] });
  return new Map(
    result.map(({ memberId, memberAssignment }) => [
      memberId,
      AssignerProtocol.MemberAssignment.decode(memberAssignment)?.assignment ?? {},
    ]),
  );
};

describe('co-partitioned assigner', () => {
  it.each([1, 2, 3, 4, 6, 7])(
    'with %i members, gives partition p of both topics to one member and every partition to someone',
    async (count) => {
      const assignments = await assign(count);
      const owners = new Map<number, string>();
      for (const [memberId, topics] of assignments) {
        expect(topics['t.council'] ?? []).toEqual(topics['t.hospital'] ?? []);
        for (const partition of topics['t.hospital'] ?? []) owners.set(partition, memberId);
      }
      expect([...owners.keys()].sort()).toEqual([0, 1, 2, 3, 4, 5]);
    },
  );

  it('spreads partitions evenly', async () => {
    const sizes = [...(await assign(4)).values()].map((topics) => topics['t.hospital']?.length ?? 0);
    expect(sizes.sort()).toEqual([1, 1, 2, 2]);
  });
});

describe('co-partitioned assigner with terms', () => {
  const terms = (text: string) => Buffer.from(text, 'utf8');
  const metadataOf = (userData: Buffer) =>
    AssignerProtocol.MemberMetadata.encode({ version: 1, topics: ['t.hospital', 't.council'], userData });
  const run = async (own: string, joined: readonly (readonly [string, string])[]) => {
    const excluded: ExcludedMember[] = [];
    const assigner = coPartitionedAssigner({
      terms: terms(own),
      onExcluded: (members) => excluded.push(...members),
    })({ cluster, groupId: 'g', logger: console as never });
    const members = joined.map(([memberId, data]) => ({ memberId, memberMetadata: metadataOf(terms(data)) }));
    const result = await assigner.assign({ members, topics: ['t.hospital', 't.council'] });
    const partitions = new Map(
      result.map(({ memberId, memberAssignment }) => [
        memberId,
        AssignerProtocol.MemberAssignment.decode(memberAssignment)?.assignment['t.hospital'] ?? [],
      ]),
    );
    return { partitions, excluded };
  };

  it("gives partitions only to members on the leader's terms; the others get none and are reported", async () => {
    const { partitions, excluded } = await run('A,B', [
      ['leader', 'A,B'],
      ['other', 'A'],
      ['same', 'A,B'],
      ['old', ''],
    ]);
    expect(partitions.get('leader')).toEqual([0, 2, 4]);
    expect(partitions.get('same')).toEqual([1, 3, 5]);
    expect(partitions.get('other')).toEqual([]);
    expect(partitions.get('old')).toEqual([]);
    expect(excluded.map((m) => [m.memberId, m.terms.toString()])).toEqual([
      ['other', 'A'],
      ['old', ''],
    ]);
  });

  it('sends its terms with its join, and shares the work when every member agrees', async () => {
    const assigner = coPartitionedAssigner({ terms: terms('A') })({
      cluster,
      groupId: 'g',
      logger: console as never,
    });
    const { metadata } = assigner.protocol({ topics: ['t.hospital'] });
    expect(AssignerProtocol.MemberMetadata.decode(metadata)?.userData.toString()).toBe('A');
    const { partitions, excluded } = await run('A', [
      ['m1', 'A'],
      ['m2', 'A'],
    ]);
    expect(partitions.get('m1')).toEqual([0, 2, 4]);
    expect(partitions.get('m2')).toEqual([1, 3, 5]);
    expect(excluded).toEqual([]);
  });
});
