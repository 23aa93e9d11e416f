import { DAY_MS } from './london';
import type { Journey } from './model';
import { ms, round2 } from './view-common';

/* ───────────── journeys ───────────── */

export interface JourneyView extends Journey {
  /** Admission to back home over every stay, intermediate-care beds included; open periods count to now. */
  readonly daysAwayFromHome: number;
}

export function journeyView(journey: Journey, now: Date): JourneyView {
  let awayMs = 0;
  for (const period of journey.awayPeriods) {
    const to = period.to === null ? now.getTime() : ms(period.to);
    awayMs += Math.max(0, to - ms(period.from));
  }
  return { ...journey, daysAwayFromHome: round2(awayMs / DAY_MS) };
}
