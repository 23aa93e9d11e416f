import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  COUNCIL_CSV_HEADER,
  councilCsvRowOf,
  planFeed,
  renderDelivery,
  simulate,
  type Channel,
  type CitySimulation,
} from '@homefirst/demo';
// The council connector's test corpus (LAS and Mosaic exports, journeys in the record format): test support,
// not part of its package API, so read from its build.
import {
  arthurPlacement,
  kennethOutOfOrder,
  lasCsv,
  margaretJourney,
  mosaicCsv,
} from '@homefirst/connector-council/dist/testing/corpus.js';

/**
 * The seeds the fuzz command mutates, per edge: the connectors' own corpora (connectors/<edge>/corpus,
 * the council record format's header) and a small synthetic city from services/demo (seeded, so the
 * corpus is the same on every run). All synthetic: NHS numbers are 999… test numbers.
 */
export const EDGES = ['hl7', 'fhir', 'council'] as const;
export type Edge = (typeof EDGES)[number];

/** One corpus input: its bytes, and the file name the feed checker would be given. */
export interface Seed {
  readonly name: string;
  readonly bytes: Buffer;
}

export const REPO_ROOT = join(__dirname, '..', '..', '..');

const filesIn = (dir: string, extensions: readonly string[]): Seed[] =>
  readdirSync(dir)
    .filter((name) => extensions.some((ext) => name.endsWith(ext)))
    .sort()
    .map((name) => ({ name, bytes: readFileSync(join(dir, name)) }));

let city: CitySimulation | undefined;
/** Two days of the demo city (seed 12): admissions, transfers, readiness, discharges, council steps. */
const demoCity = (): CitySimulation =>
  (city ??= simulate({ start: new Date('2025-03-01T00:00:00Z'), days: 2, seed: 12 }));

const demoMessages = (channel: Channel, limit: number) => {
  const simulation = demoCity();
  return planFeed(simulation)
    .deliveries.filter((delivery) => delivery.channel === channel)
    .slice(0, limit)
    .map((delivery) => ({ delivery, wire: renderDelivery(delivery, simulation.parameters) }));
};

const hl7Corpus = (): Seed[] => {
  const files = filesIn(join(REPO_ROOT, 'connectors', 'hl7v2', 'corpus'), ['.hl7']).map((seed) => ({
    name: seed.name,
    bytes: Buffer.from(seed.bytes.toString('utf8').replace(/\r?\n/g, '\r'), 'utf8'),
  }));
  const demo = demoMessages('HL7V2', 40).map(({ wire }, i) => ({
    name: `demo-${i}-${wire.kind}.hl7`,
    bytes: Buffer.from(wire.body, 'utf8'),
  }));
  // A file of several messages, and one MLLP-framed: the checker takes both.
  const batch = Buffer.concat(
    files.slice(0, 4).map((seed) => Buffer.concat([seed.bytes, Buffer.from('\r')])),
  );
  const first = files[0]?.bytes ?? Buffer.alloc(0);
  const framed = Buffer.concat([Buffer.from([0x0b]), first, Buffer.from([0x1c, 0x0d])]);
  return [...files, ...demo, { name: 'batch.hl7', bytes: batch }, { name: 'framed.hl7', bytes: framed }];
};

const fhirCorpus = (): Seed[] => [
  ...filesIn(join(REPO_ROOT, 'connectors', 'fhir', 'corpus'), ['.json', '.txt']),
  ...demoMessages('FHIR', 40).map(({ wire }, i) => ({
    name: `demo-${i}-${wire.kind}.json`,
    bytes: Buffer.from(wire.body, 'utf8'),
  })),
];

const councilCorpus = (): Seed[] => {
  const simulation = demoCity();
  const messages = demoMessages('COUNCIL', 60);
  const records = messages.map(({ wire }, i) => ({
    name: `demo-${i}-${wire.kind}.json`,
    bytes: Buffer.from(wire.body, 'utf8'),
  }));
  const array = `[${messages.map(({ wire }) => wire.body).join(',')}]`;
  const rows = messages.map(({ delivery }) => councilCsvRowOf(delivery, simulation.parameters));
  const csv = (from: number, count: number) =>
    Buffer.from([COUNCIL_CSV_HEADER, ...rows.slice(from, from + count)].join('\n'), 'utf8');
  return [
    ...records.slice(0, 20),
    { name: 'las-export.csv', bytes: Buffer.from(lasCsv, 'utf8') },
    { name: 'mosaic-export.csv', bytes: Buffer.from(mosaicCsv, 'utf8') },
    {
      name: 'journeys.json',
      bytes: Buffer.from(JSON.stringify([...margaretJourney, ...arthurPlacement]), 'utf8'),
    },
    { name: 'out-of-order.json', bytes: Buffer.from(JSON.stringify(kennethOutOfOrder), 'utf8') },
    { name: 'demo-records.json', bytes: Buffer.from(array, 'utf8') },
    { name: 'demo-wrapped.json', bytes: Buffer.from(`{"records":${array}}`, 'utf8') },
    { name: 'demo-export-1.csv', bytes: csv(0, 10) },
    { name: 'demo-export-2.csv', bytes: csv(10, 30) },
    { name: 'demo-export-crlf.csv', bytes: Buffer.from(csv(40, 20).toString('utf8').replace(/\n/g, '\r\n')) },
    ...filesIn(join(REPO_ROOT, 'connectors', 'council', 'record-format'), ['.csv']),
  ];
};

/** The corpus of an edge, in a fixed order. */
export function corpusOf(edge: Edge): readonly Seed[] {
  switch (edge) {
    case 'hl7':
      return hl7Corpus();
    case 'fhir':
      return fhirCorpus();
    case 'council':
      return councilCorpus();
    default:
      return edge satisfies never;
  }
}
