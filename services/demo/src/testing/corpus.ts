import { planFeed, type Delivery, type FeedPlan } from '../feed/plan';
import { resolveParameters } from '../model/parameters';
import { simulate, type CitySimulation } from '../model/simulate';
import { renderDelivery, type WireMessage } from '../render/wire';

/**
 * A small realistic corpus for tests: three days of the city across the spring clock change (BST starts
 * 01:00 UTC on Sunday 30 March 2025), with ten days of warm-up, rendered for every edge. Test data only:
 * every NHS number is in the 999 range.
 */
export interface Corpus {
  readonly simulation: CitySimulation;
  readonly plan: FeedPlan;
  readonly messages: readonly { readonly delivery: Delivery; readonly message: WireMessage }[];
}

let cached: Corpus | undefined;

export function demoCorpus(): Corpus {
  if (cached) return cached;
  const parameters = resolveParameters({ simulation: { warmupDays: 10 } });
  const simulation = simulate({ start: new Date('2025-03-28T00:00:00Z'), days: 3, seed: 2025, parameters });
  const plan = planFeed(simulation);
  const messages = plan.deliveries.map((delivery) => ({
    delivery,
    message: renderDelivery(delivery, parameters),
  }));
  cached = { simulation, plan, messages };
  return cached;
}
