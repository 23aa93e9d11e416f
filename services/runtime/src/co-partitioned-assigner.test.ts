import { AssignerProtocol, type Cluster } from 'kafkajs';
import { CoPartitionedAssigner } from './co-partitioned-assigner';

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
