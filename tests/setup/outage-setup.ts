import { stopSharedPrivateStack } from '../../services/testing/src/private-stack';

/**
 * Jest global setup of the outage project: away with a shared private stack an interrupted run left behind,
 * so every run starts it afresh (@homefirst/testing's sharedPrivateStack). It never touches the shared dev
 * stack: the disruptive project may be stopping its servers meanwhile (`npm test` runs the two side by side).
 */
export default async function outageSetup(): Promise<void> {
  await stopSharedPrivateStack();
}
