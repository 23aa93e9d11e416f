import { addDays, atLondonTime, hours, londonDate, londonHourOfDay } from '../london-time';
import type { CityParameters } from '../parameters';
import type { Random } from '../random';

/**
 * The first instant at or after `instant` whose local hour is within [fromHour, toHour): e.g. a
 * brokerage team that works 08:00–18:00 picks up a 21:00 request at 08:00 next day.
 */
export function withinLocalHours(instant: Date, fromHour: number, toHour: number): Date {
  const hour = londonHourOfDay(instant);
  if (hour >= fromHour && hour < toHour) return instant;
  const date = londonDate(instant);
  return hour < fromHour ? atLondonTime(date, fromHour) : atLondonTime(addDays(date, 1), fromHour);
}

/**
 * The working-time calendar of a journey: when the ward's board round, discharges, brokerage and first
 * visits happen on England's clock. Moves to the next working slot draw their spread from the journey's
 * random stream, so the calls must keep their order.
 */
export class WorkingTime {
  constructor(
    private readonly p: CityParameters,
    private readonly r: Random,
  ) {}

  /** The board round (morning) at or after `t`, when NCTR is declared and estimates are made. */
  boardRoundAtOrAfter(t: number): number {
    const { boardRoundStartHour, boardRoundLengthHours } = this.p.readiness;
    const offset = boardRoundStartHour + this.r.uniform(0, boardRoundLengthHours);
    const date = londonDate(new Date(t));
    const today = atLondonTime(date, offset).getTime();
    return today >= t ? today : atLondonTime(addDays(date, 1), offset).getTime();
  }

  /** Within the ward's discharge hours, with some spread when moved to the next morning. */
  dischargeSlot(t: number): number {
    const { from, to } = this.p.ward.dischargeWindowHours;
    const slot = withinLocalHours(new Date(t), from, to).getTime();
    return slot === t ? t : slot + hours(this.r.uniform(0, 3));
  }

  /** Within brokerage working hours, with some spread when moved to the next morning. */
  working(t: number): number {
    const slot = this.workingExact(t);
    return slot === t ? t : slot + hours(this.r.uniform(0, 2));
  }

  /** Within brokerage working hours, without spread (keeps a series of times in order). */
  workingExact(t: number): number {
    return withinLocalHours(new Date(t), this.p.brokerageHours.from, this.p.brokerageHours.to).getTime();
  }

  /** A service sourced by 14:00 starts that day, else the next; first visits 09:00–14:00. */
  startSlotAfter(sourcedAt: number): number {
    const date = londonDate(new Date(sourcedAt));
    const startDate = londonHourOfDay(new Date(sourcedAt)) < 14 ? date : addDays(date, 1);
    return Math.max(atLondonTime(startDate, 9 + this.r.uniform(0, 5)).getTime(), sourcedAt + hours(1));
  }
}
