import fc from 'fast-check';
import { readModels } from '@homefirst/schemas';
import { queueViewOf } from './long-delay';
import { QueuePageJson, writeQueueView } from './queue-json';
import { awaitingPackageEntry } from './testing/queue-entry';

// The queue body written from parts must be the body Fastify writes from queueViewOf's view with the route's
// schema: same fields, same values, for any entry, any `now` and either kind of caller.

const HOUR = 3_600_000;
const BASE = Date.parse('2026-03-20T00:00:00Z'); // across the clocks going forward (29 March 2026)

const entryArb = fc
  .record({
    key: fc.stringMatching(/^[A-Za-z0-9_-]{22}$/),
    readyHoursBefore: fc.integer({ min: -48, max: 24 * 60 }),
    drdShiftDays: fc.integer({ min: -2, max: 2 }),
    reason: fc.constantFrom(...readModels.SITREP_REASONS, 'AWAITING_ASSESSMENT'),
    reasonSinceHours: fc.option(fc.integer({ min: 0, max: 200 })),
    admittedHours: fc.option(fc.integer({ min: 0, max: 2000 })),
    site: fc.option(fc.constantFrom('RHF01', 'RHF02', 'Ward "A" \\ é')),
    nhsNumber: fc.option(fc.constantFrom('9434765919', '9434765870')),
    council: fc.option(fc.constantFrom('E08000012', 'E08000011')),
    pathway: fc.constantFrom('P0', 'P1', 'P2', 'P3', 'UNKNOWN'),
  })
  .map((e): readModels.QueueEntry => {
    const readySince = new Date(BASE - e.readyHoursBefore * HOUR).toISOString();
    const base = awaitingPackageEntry(e.key, readySince, {
      nhsNumber: e.nhsNumber,
      spellId: `S-${e.key}`,
      trust: 'RHF',
      site: e.site,
      ward: 'W1',
      pathway: e.pathway,
    });
    return {
      ...base,
      dischargeReadyDate: readModels.addDays(readySince.slice(0, 10), e.drdShiftDays),
      delayReason: e.reason,
      sitrepReason: e.reason === 'AWAITING_ASSESSMENT' ? 'AWAITING_P1_NEW_PACKAGE' : e.reason,
      delayReasonSince:
        e.reasonSinceHours === null ? null : new Date(BASE - e.reasonSinceHours * HOUR).toISOString(),
      admittedAt: e.admittedHours === null ? null : new Date(BASE - e.admittedHours * HOUR).toISOString(),
      council: e.council,
      delayReasonSource: e.reasonSinceHours === null ? 'DERIVED' : 'TRUST',
    };
  });

const counts = readModels.queueView([], new Date(0)).countsByReason;

describe('QueuePageJson', () => {
  it('writes the body the response schema writes from the view, for any entries, time and caller', () => {
    const json = new QueuePageJson(readModels.DEFAULT_VIEW_CONFIG);
    fc.assert(
      fc.property(
        fc.array(entryArb, { maxLength: 12 }),
        fc.integer({ min: -3 * 24 * HOUR, max: 30 * 24 * HOUR }),
        fc.boolean(),
        fc.nat(400),
        fc.array(fc.integer({ min: 0, max: 3 * HOUR }), { minLength: 1, maxLength: 3 }),
        (entries, offset, pseudonymised, total, laterBy) => {
          const query = { page: 2, pageSize: 12 };
          const countsByReason = counts.map((c, i) => ({ ...c, count: i * total }));
          // The same entries and counts again at later times (and at the same time twice): what was kept of the
          // earlier pages must never show.
          for (const later of [0, 0, ...laterBy]) {
            const now = new Date(BASE + offset + later);
            const page = { total, longDelayCount: (total + later) % 7 };
            const expected = writeQueueView(
              queueViewOf(
                entries,
                page,
                query,
                now,
                countsByReason,
                { trustOrg: null, councilOrg: null, pseudonymised },
                readModels.DEFAULT_VIEW_CONFIG,
              ),
            );
            const body = json.render({ now, ...query, ...page, countsByReason }, entries, pseudonymised);
            expect(JSON.parse(body.toString())).toEqual(JSON.parse(expected));
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('withholds NHS numbers and spell ids from a pseudonymised caller, even once shown to another', () => {
    const entry = awaitingPackageEntry('p1xxxxxxxxxxxxxxxxxxxx', '2026-03-01T10:00:00.000Z', {
      nhsNumber: '9434765919',
      spellId: 'S1',
      trust: 'RHF',
      site: 'RHF01',
      ward: 'W1',
      pathway: 'P1',
    });
    const json = new QueuePageJson(readModels.DEFAULT_VIEW_CONFIG);
    const head = {
      now: new Date(BASE),
      total: 1,
      page: 1,
      pageSize: 50,
      countsByReason: [],
      longDelayCount: 0,
    };
    const [shown] = (
      JSON.parse(json.render(head, [entry], false).toString()) as { items: Record<string, unknown>[] }
    ).items;
    const [hidden] = (
      JSON.parse(json.render(head, [entry], true).toString()) as { items: Record<string, unknown>[] }
    ).items;
    expect(shown).toMatchObject({ nhsNumber: '9434765919', spellId: 'S1' });
    expect(hidden).toMatchObject({ nhsNumber: null, spellId: null, personKey: entry.personKey });
  });
});
