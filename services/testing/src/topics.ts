import { createTopicsAndWait, withAdmin } from '@homefirst/runtime';
import { catalogue } from '@homefirst/schemas';
import type { Kafka } from 'kafkajs';

export interface CatalogueTopicOptions {
  /** Partitions of every topic; default: each topic's count in the catalogue. */
  readonly partitions?: number;
}

/** The names of every catalogue topic under a prefix. */
export const catalogueTopicNames = (prefix: string): string[] =>
  catalogue.map((spec) => `${prefix}${spec.name}`);

/**
 * Creates every catalogue topic under a test's own prefix (as `homefirst topics apply` would), with the
 * catalogue's partition counts unless told otherwise, and waits for their leaders.
 */
export async function createCatalogueTopics(
  kafka: Kafka,
  prefix: string,
  options: CatalogueTopicOptions = {},
): Promise<void> {
  await withAdmin(kafka, async (admin) => {
    await createTopicsAndWait(
      admin,
      catalogue.map((spec) => ({
        topic: `${prefix}${spec.name}`,
        numPartitions: options.partitions ?? spec.partitions,
      })),
    );
  });
}

/**
 * Deletes every catalogue topic under a prefix. Best effort: a test's clean-up must not fail the test
 * (some topics may never have been created), so a failed delete is ignored.
 */
export async function deleteCatalogueTopics(kafka: Kafka, prefix: string): Promise<void> {
  await withAdmin(kafka, (admin) =>
    admin.deleteTopics({ topics: catalogueTopicNames(prefix) }).catch(() => undefined),
  );
}
