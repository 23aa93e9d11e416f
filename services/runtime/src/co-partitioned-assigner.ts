import { AssignerProtocol, type PartitionAssigner } from 'kafkajs';

/**
 * Gives partition p of every subscribed topic to the same member, so one instance sees all of a
 * person's hospital AND council events (the person topics are co-partitioned: same key, same count).
 * kafkajs' default round-robin spreads topic-partitions one by one, which with 3+ instances puts
 * hospital-0 and council-0 on different members — then two writers would race for one person's record.
 * Members are sorted by id, partitions dealt round-robin: deterministic for every member.
 */
export const CoPartitionedAssigner: PartitionAssigner = ({ cluster }) => ({
  name: 'HomefirstCoPartitioned',
  version: 1,
  async assign({ members, topics }) {
    const memberIds = members.map(({ memberId }) => memberId).sort();
    const assignment = new Map<string, Record<string, number[]>>(memberIds.map((id) => [id, {}]));
    for (const topic of topics) {
      const partitions = cluster
        .findTopicPartitionMetadata(topic)
        .map((metadata) => metadata.partitionId)
        .sort((a, b) => a - b);
      for (const partition of partitions) {
        const memberId = memberIds[partition % memberIds.length];
        if (memberId === undefined) continue;
        const topics = assignment.get(memberId) ?? {};
        (topics[topic] ??= []).push(partition);
        assignment.set(memberId, topics);
      }
    }
    return Promise.resolve(
      [...assignment.entries()].map(([memberId, memberAssignment]) => ({
        memberId,
        memberAssignment: AssignerProtocol.MemberAssignment.encode({
          version: 1,
          assignment: memberAssignment,
          userData: Buffer.alloc(0),
        }),
      })),
    );
  },
  protocol({ topics }) {
    return {
      name: 'HomefirstCoPartitioned',
      metadata: AssignerProtocol.MemberMetadata.encode({ version: 1, topics, userData: Buffer.alloc(0) }),
    };
  },
});
