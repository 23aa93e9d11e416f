import { coPartitionedAssigner, type Logger } from '@homefirst/runtime';
import type { PartitionAssigner } from 'kafkajs';

/**
 * The councils a router member serves, as it joins its group: the sorted LA codes, comma-separated. The
 * leader compares them byte for byte.
 */
export const councilTerms = (councils: Iterable<string>): Buffer =>
  Buffer.from([...new Set(councils)].sort().join(','), 'utf8');

/**
 * The feed router's assignment (partition p of both inputs on one member, runtime's coPartitionedAssigner)
 * given only to members that serve the same councils as the group's leader. Members that disagree — during a
 * rolling restart that adds or removes a council, or a misconfigured instance — get no partitions until they
 * serve the leader's councils, so a partition is never routed for one set of councils and then another and
 * back: that would leave gaps in a council's feed or, with the backfill (backfill.ts), send its events twice.
 * The leader logs the members it left out, with their councils (LA codes, no patient data).
 */
export function servedCouncilsAssigner(councils: Iterable<string>, logger: Logger): PartitionAssigner {
  return coPartitionedAssigner({
    terms: councilTerms(councils),
    onExcluded: (excluded, own) =>
      logger.warn(
        {
          councils: own.toString('utf8'),
          excluded: excluded.map((member) => ({
            memberId: member.memberId,
            councils: member.terms.length > 0 ? member.terms.toString('utf8') : '(not said: an older router)',
          })),
        },
        'feed router members serving other councils than this leader were given no partitions until they serve the same councils',
      ),
  });
}
