import { stopSharedPrivateStack } from '../../services/testing/src/private-stack';

/**
 * Jest global setup of the outage project: away with a shared private stack an interrupted run left behind,
 * so every run starts it afresh (@homefirst/testing's sharedPrivateStack). It never touches the shared dev
 * stack, whose servers the disruptive project may be stopping meanwhile if the two run side by side.
 */
export default async function outageSetup(): Promise<void> {
  await stopSharedPrivateStack();
}
