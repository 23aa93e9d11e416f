import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FeedPlan } from '../feed/plan';
import type { HeadlineFigures } from '../model/headlines';
import { londonDate } from '../model/london-time';
import type { CitySimulation } from '../model/simulate';
import { COUNCIL_CSV_HEADER } from '../render/council';
import { councilCsvRowOf, renderDelivery } from '../render/wire';

/**
 * `--out <dir>`: the feed as files, in send order, for the connectors' `map` commands, the council CSV
 * import and benchmarks:
 *   hl7v2/<day>.hl7          that day's ADT messages (segments end CR, messages end CR LF)
 *   fhir/<day>/<seq>-<id>.json  one message Bundle per file
 *   council/<day>.csv        the canonical council CSV (header of connectors/council/record-format)
 *   council/<day>.jsonl      the same records as JSON lines (each line one REST body)
 *   manifest.jsonl           one line per message: seq, sendAt, channel, file, messageId, kind, dirt
 *   summary.json             headline figures, feed counts and the parameters used
 * Days are the local (London) day the message was sent. Identifiers in these files are test data.
 */
export async function writeFeed(
  dir: string,
  simulation: CitySimulation,
  plan: FeedPlan,
  figures: HeadlineFigures,
): Promise<{ files: number }> {
  const params = simulation.parameters;
  const hl7ByDay = new Map<string, string[]>();
  const csvByDay = new Map<string, string[]>();
  const jsonByDay = new Map<string, string[]>();
  const manifest: string[] = [];
  const fhirFiles: { path: string; body: string }[] = [];
  const push = (map: Map<string, string[]>, key: string, value: string): void => {
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
  };

  for (const delivery of plan.deliveries) {
    const day = londonDate(delivery.sendAt);
    const message = renderDelivery(delivery, params);
    let file: string;
    if (delivery.channel === 'HL7V2') {
      file = join('hl7v2', `${day}.hl7`);
      push(hl7ByDay, day, message.body);
    } else if (delivery.channel === 'FHIR') {
      file = join('fhir', day, `${String(delivery.seq).padStart(7, '0')}-${message.messageId}.json`);
      fhirFiles.push({ path: file, body: message.body });
    } else {
      file = join('council', `${day}.csv`);
      push(jsonByDay, day, message.body);
      push(csvByDay, day, councilCsvRowOf(delivery, params));
    }
    manifest.push(
      JSON.stringify({
        seq: delivery.seq,
        sendAt: delivery.sendAt.toISOString(),
        occurredAt: delivery.fact.at.toISOString(),
        channel: delivery.channel,
        file,
        messageId: message.messageId,
        kind: message.kind,
        dirt: delivery.dirt,
        malformation: delivery.malformation,
      }),
    );
  }

  await mkdir(join(dir, 'hl7v2'), { recursive: true });
  await mkdir(join(dir, 'fhir'), { recursive: true });
  await mkdir(join(dir, 'council'), { recursive: true });
  let files = 0;
  for (const [day, messages] of hl7ByDay) {
    await writeFile(join(dir, 'hl7v2', `${day}.hl7`), `${messages.join('\r\n')}\r\n`);
    files += 1;
  }
  for (const day of new Set(fhirFiles.map((f) => f.path.split('/')[1] ?? '')))
    await mkdir(join(dir, 'fhir', day), { recursive: true });
  for (const { path, body } of fhirFiles) {
    await writeFile(join(dir, path), body);
    files += 1;
  }
  for (const [day, rows] of csvByDay) {
    await writeFile(join(dir, 'council', `${day}.csv`), `${COUNCIL_CSV_HEADER}\n${rows.join('\n')}\n`);
    files += 1;
  }
  for (const [day, records] of jsonByDay) {
    await writeFile(join(dir, 'council', `${day}.jsonl`), `${records.join('\n')}\n`);
    files += 1;
  }
  await writeFile(join(dir, 'manifest.jsonl'), `${manifest.join('\n')}\n`);
  await writeFile(
    join(dir, 'summary.json'),
    `${JSON.stringify(
      {
        seed: simulation.seed,
        start: simulation.start.toISOString(),
        end: simulation.end.toISOString(),
        runTag: simulation.runTag,
        figures,
        feed: plan.counts,
        parameters: params,
      },
      null,
      2,
    )}\n`,
  );
  return { files: files + 2 };
}
