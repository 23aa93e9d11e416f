import { delayReason } from '../avro/common';
import type { DelayReason } from '../generated/events';

/**
 * Why a ready person is still in hospital. The trust's own reason when it gave one; otherwise derived
 * from the council's brokerage state (docs/architecture.md): no referral → AWAITING_REFERRAL_TO_TRANSFER_HUB;
 * referral but nothing arranged yet → AWAITING_ASSESSMENT; package requested, not sourced → the
 * pathway's wait (P1 care at home, P2 bed, P3 care-home bed); sourced, not started → AWAITING_PACKAGE_START.
 * The two hub-only reasons map onto a sitrep reason by pathway (sitrepReasonOf) for Table 5 counts.
 */
export type QueueReason = DelayReason | 'AWAITING_ASSESSMENT' | 'AWAITING_PACKAGE_START';

/**
 * Sitrep Table 5 order (NHS England acute discharge sitrep, then the community additions), then the codes of
 * the current acute return that Table 5 had no symbol for, then UNKNOWN: the order of the contract's
 * DelayReason enum, which is kept in that order. Families and the current reason of each: delay-family.ts.
 */
export const SITREP_REASONS = delayReason.symbols as readonly DelayReason[];
