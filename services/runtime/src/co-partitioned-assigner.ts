import { AssignerProtocol, type PartitionAssigner } from 'kafkajs';

const PROTOCOL = 'HomefirstCoPartitioned';

/** A member's terms from its join metadata; metadata that does not decode reads as no terms. */
function termsOf(metadata: Buffer): Buffer {
  try {
    return AssignerProtocol.MemberMetadata.decode(metadata)?.userData ?? Buffer.alloc(0);
  } catch {
    return Buffer.alloc(0); // a member whose terms cannot be read is not on the leader's terms
  }
}

/** A member the leader gave no partitions because its terms differ from the leader's (coPartitionedAssigner). */
export interface ExcludedMember {
  readonly memberId: string;
  /** The terms it joined with (empty: a member from before terms, or none given). */
  readonly terms: Buffer;
}

export interface CoPartitionedOptions {
  /**
   * What this member works to, sent with its join (e.g. the councils a feed router serves). When set, the
   * member that leads the group gives partitions only to members that joined with the same terms, byte for
   * byte, itself included; the others get none until they join with the leader's terms. Unset: every member
   * gets partitions and the terms are empty.
   */
  readonly terms?: Buffer;
  /** On the leader, after an assignment that left members out (only with `terms`). */
  readonly onExcluded?: (excluded: readonly ExcludedMember[], own: Buffer) => void;
}

/**
 * Gives partition p of every subscribed topic to the same member, so one instance sees all of a
 * person's hospital AND council events (the person topics are co-partitioned: same key, same count).
 * kafkajs' default round-robin spreads topic-partitions one by one, which with 3+ instances puts
 * hospital-0 and council-0 on different members — then two writers would race for one person's record.
 * Members are sorted by id, partitions dealt round-robin: deterministic for every member.
 *
 * With `terms`, members that disagree never share the work: during a rolling restart that changes them, the
 * members on the leader's terms do it all, and the others wait. The protocol's name stays the same, so
 * members from before terms can join the same group (their terms read as empty).
 */
export function coPartitionedAssigner(options: CoPartitionedOptions = {}): PartitionAssigner {
  const own = options.terms ?? Buffer.alloc(0);
  return ({ cluster }) => ({
    name: PROTOCOL,
    version: 1,
    async assign({ members, topics }) {
      const excluded: ExcludedMember[] = [];
      const working: string[] = [];
      for (const { memberId, memberMetadata } of members) {
        if (options.terms === undefined) {
          working.push(memberId);
          continue;
        }
        const terms = termsOf(memberMetadata);
        if (terms.equals(own)) working.push(memberId);
        else excluded.push({ memberId, terms });
      }
      const memberIds = working.sort();
      const assignment = new Map<string, Record<string, number[]>>(
        members.map(({ memberId }) => [memberId, {}]),
      );
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
      if (excluded.length > 0) options.onExcluded?.(excluded, own);
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
        name: PROTOCOL,
        metadata: AssignerProtocol.MemberMetadata.encode({ version: 1, topics, userData: own }),
      };
    },
  });
}

/** The co-partitioned assignment without terms: every member gets partitions (the projector). */
export const CoPartitionedAssigner: PartitionAssigner = coPartitionedAssigner();
