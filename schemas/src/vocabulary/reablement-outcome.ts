import { reablementOutcome } from '../avro/council';
import type { ReablementOutcome } from '../generated/events';

/** An outcome a period of reablement can have once known (every symbol but UNKNOWN). */
export type KnownReablementOutcome = Exclude<ReablementOutcome, 'UNKNOWN'>;

/** The known reablement outcomes (Client Level Data vocabulary), in the contract's order. */
export const KNOWN_REABLEMENT_OUTCOMES = (reablementOutcome.symbols as readonly ReablementOutcome[]).filter(
  (outcome): outcome is KnownReablementOutcome => outcome !== 'UNKNOWN',
) as readonly KnownReablementOutcome[] as readonly [KnownReablementOutcome, ...KnownReablementOutcome[]];
