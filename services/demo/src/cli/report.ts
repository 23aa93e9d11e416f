import type { Channel, Delivery, FeedPlan } from '../feed/plan';
import type { HeadlineFigures } from '../model/headlines';
import type { CitySimulation } from '../model/simulate';
import type { WireMessage } from '../render/wire';
import type { SendStats } from '../send/scheduler';

/** Human-readable summaries for the terminal. Pure: text in, text out. */

const CHANNEL_NAME: Readonly<Record<Channel, string>> = { HL7V2: 'HL7 v2', FHIR: 'FHIR', COUNCIL: 'council' };

const pct = (part: number, whole: number): string =>
  whole === 0 ? '–' : `${((100 * part) / whole).toFixed(1)}%`;
const round = (n: number | null, digits = 0): string => (n === null ? '–' : n.toFixed(digits));

export function describeCity(simulation: CitySimulation, figures: HeadlineFigures, plan: FeedPlan): string {
  const d = figures.discharges;
  const b = d.byPathway;
  const c = figures.council;
  const counts = plan.counts;
  const ended = c.reablementEndedTotal;
  return [
    `Homefirst demo city — seed ${simulation.seed}, ${simulation.start.toISOString()} → ${simulation.end.toISOString()} (${figures.days} days), run tag ${simulation.runTag}`,
    `  trust ${simulation.parameters.trust.odsCode} (${simulation.parameters.trust.name}), council ${simulation.parameters.council.onsCode} (${simulation.parameters.council.name})`,
    `  admissions ${figures.admissions.index} (${round(figures.admissions.index / figures.days, 1)}/day), readmissions ${figures.admissions.readmissions}, cancelled in error ${figures.admissions.cancelledInError}`,
    `  discharges P0 ${b.P0} · P1 ${b.P1} · P2 ${b.P2} · P3 ${b.P3} (${pct(b.P0, d.withPathway)} / ${pct(b.P1, d.withPathway)} / ${pct(b.P2, d.withPathway)} / ${pct(b.P3, d.withPathway)}), died in hospital ${d.diedInHospital}`,
    `  ready declared ${figures.readiness.declared}, withdrawn ${figures.readiness.withdrawn}; ready → discharge median ${round(figures.readiness.readyToDischargeHours.median)} h, p90 ${round(figures.readiness.readyToDischargeHours.p90)} h; within 48 h ${figures.readiness.dischargedWithin48hShare === null ? '–' : pct(figures.readiness.dischargedWithin48hShare, 1)}`,
    `  occupied beds ${round(figures.census.meanOccupiedBeds)} and NCTR ${round(figures.census.meanNctr)} (${pct(figures.census.meanNctr, figures.census.meanOccupiedBeds)}) at midnight, on average`,
    `  council: referrals ${c.referrals} (cancelled ${c.referralsCancelled}), packages ${Object.entries(
      c.packagesRequested,
    )
      .map(([type, n]) => `${type} ${n}`)
      .join(', ')}, provider declines ${c.providerDeclines}`,
    `  reablement started ${c.reablementStarted}, ended ${ended} (no ongoing support ${c.noOngoingSupportShare === null ? '–' : pct(c.noOngoingSupportShare, 1)}); home-care brokerage (requested and sourced in the span) median ${round(c.homeCareBrokerageDays.median, 1)} d, p95 ${round(c.homeCareBrokerageDays.p95, 1)} d; reablement beds free at the end ${simulation.reablementBeds.free}/${simulation.parameters.p2.beds}, waiting ${simulation.reablementBeds.waiting}`,
    `  feed: ${counts.deliveries} messages — HL7 v2 ${counts.byChannel.HL7V2} · FHIR ${counts.byChannel.FHIR} · council ${counts.byChannel.COUNCIL}; dirt: ${counts.duplicates} resent, ${counts.late} late (${counts.outOfOrder} out of order), ${counts.malformed} malformed (each followed by its correction)`,
  ].join('\n');
}

export function describeSending(stats: SendStats): string {
  const lines = (Object.keys(stats.byChannel) as Channel[]).map((channel) => {
    const s = stats.byChannel[channel];
    const codes = Object.entries(s.codes)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([code, n]) => `${code} ${n}`)
      .join(', ');
    return `  ${CHANNEL_NAME[channel].padEnd(8)} sent ${s.sent}: accepted ${s.accepted}, duplicate ${s.duplicate}, rejected ${s.rejected}, failed ${s.failed}, retries ${s.retries}${codes === '' ? '' : ` [${codes}]`}`;
  });
  const total = Object.values(stats.byChannel).reduce((sum, s) => sum + s.sent, 0);
  const seconds = stats.elapsedMs / 1000;
  return [
    `Sent ${total} messages in ${seconds.toFixed(1)} s (${seconds > 0 ? (total / seconds).toFixed(1) : '–'} messages/s)${stats.unsent > 0 ? `, ${stats.unsent} not sent` : ''}`,
    ...lines,
  ].join('\n');
}

export function describeProgress(stats: SendStats, simulatedNow: Date): string {
  const s = stats.byChannel;
  return `[demo] simulated ${simulatedNow.toISOString()} · HL7 v2 ${s.HL7V2.sent} (AE ${s.HL7V2.rejected}) · FHIR ${s.FHIR.sent} (rejected ${s.FHIR.rejected}) · council ${s.COUNCIL.sent} (rejected ${s.COUNCIL.rejected}) · failed ${s.HL7V2.failed + s.FHIR.failed + s.COUNCIL.failed} · ${(stats.elapsedMs / 1000).toFixed(0)} s`;
}

/** One clean example of each kind of message per edge, as the wire carries it (HL7 segments on lines). */
export function sampleMessages(
  deliveries: readonly Delivery[],
  render: (delivery: Delivery) => WireMessage,
): string {
  const seen = new Set<string>();
  const parts: string[] = [];
  for (const delivery of deliveries) {
    if (delivery.dirt !== null) continue;
    const message = render(delivery);
    const key = `${message.channel}:${message.kind}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const body =
      message.channel === 'HL7V2'
        ? message.body.replaceAll('\r', '\n')
        : JSON.stringify(JSON.parse(message.body), null, 2);
    parts.push(`--- ${CHANNEL_NAME[message.channel]} ${message.kind} (${message.contentType}) ---\n${body}`);
  }
  return parts.join('\n\n');
}
