import { stopSharedPrivateStack } from '../../services/testing/src/private-stack';

/** Jest global teardown of the disruptive project: stops the private stack its tests shared, leaving nothing. */
export default async function disruptiveTeardown(): Promise<void> {
  await stopSharedPrivateStack();
}
