import { dischargeDestination } from '../avro/hospital-vocabulary';
import type { DischargeDestination } from '../generated/events';

const byCode = new Map<string, DischargeDestination>(
  (dischargeDestination.symbols as readonly DischargeDestination[]).map((symbol) => [
    symbol.slice(2, 4),
    symbol,
  ]),
);

/**
 * The DischargeDestination symbol of a national code as a trust sends it ("19", "079", 19). Codes the
 * hub does not list map to DD99_NOT_KNOWN, the same thing an older reader sees for a newer symbol.
 */
export const dischargeDestinationOfCode = (code: string | number): DischargeDestination =>
  byCode.get(String(code).trim().padStart(2, '0').slice(-2)) ?? 'DD99_NOT_KNOWN';

/** The two-digit national code of a DischargeDestination symbol. */
export const codeOfDischargeDestination = (destination: DischargeDestination): string =>
  destination.slice(2, 4);
