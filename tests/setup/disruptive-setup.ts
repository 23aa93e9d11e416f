import { stopSharedPrivateStack } from '../../services/testing/src/private-stack';
import globalSetup from './global-setup';

/**
 * Jest global setup of the disruptive project: the stack tests' set-up, then away with a shared private
 * stack an interrupted run left behind, so every run starts it afresh (@homefirst/testing's sharedPrivateStack).
 */
export default async function disruptiveSetup(): Promise<void> {
  await globalSetup();
  await stopSharedPrivateStack();
}
