import { stopSharedPrivateStack } from '../../services/testing/src/private-stack';

/** Jest global teardown of the outage project: stops the private stack its tests shared, leaving nothing. */
export default async function outageTeardown(): Promise<void> {
  await stopSharedPrivateStack();
}
