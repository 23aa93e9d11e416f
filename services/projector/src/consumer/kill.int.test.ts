import { readModels } from '@homefirst/schemas';
import { setTimeout as sleep } from 'node:timers/promises';
import { endOffsets, uniqueName, waitFor } from '@homefirst/testing';
import { projectAll } from '../offline/project';
import { readSnapshot } from '../redis/read-models';
import { population, seededRandom } from '../testing/population';
import type { ProjectorProcess } from '../testing/process';
import { ProjectorStack } from '../testing/projector-stack';
import { publishEvents } from '../testing/stack';

const { ReadModelKeys } = readModels;
type ReadModelKeys = readModels.ReadModelKeys;

// Kill the projector between any two steps: nothing lost, nothing counted twice. The built projector runs
// as a child process and is SIGKILLed at random moments while events keep arriving; at the end Redis
// must equal the pure offline projection of the same events, exactly.

jest.setTimeout(300_000);

describe('projector killed at random moments (real stack)', () => {
  const stack = new ProjectorStack();
  const { config } = stack;
  const keys = new ReadModelKeys(`${uniqueName('it-kill')}:`);

  beforeAll(() => stack.startWithProjectorBuild());
  afterAll(() => stack.stopAll([keys.namespace]));

  const env = stack.processEnv(keys, uniqueName('it-kill-group'), {
    HOMEFIRST_PROJECTOR_BATCH_SIZE: '25',
    // Small windows and a small person cache, so kills land while batches are held and persons evicted.
    HOMEFIRST_PROJECTOR_WINDOW_LAG: '20',
    HOMEFIRST_PROJECTOR_WINDOW_MESSAGES: '150',
    HOMEFIRST_PROJECTOR_CACHED_PERSONS: '40',
    HOMEFIRST_HTTP_PORT: '0',
  });
  const storedTotal = (): Promise<number> => stack.projected(keys);

  /** What the projector and the topics say, for a failure message. */
  const diagnose = async (projector: ProjectorProcess): Promise<string> => {
    const ends = await endOffsets(stack.kafka, stack.personTopics()).catch(() => new Map());
    const port = /"port":(\d+)/.exec(projector.output())?.[1];
    const metrics =
      port === undefined
        ? 'no ops port'
        : await fetch(`http://127.0.0.1:${port}/metrics`)
            .then((response) => response.text())
            .then((text) =>
              text
                .split('\n')
                .filter((line) => line.startsWith('homefirst_'))
                .join('\n'),
            )
            .catch((err: unknown) => `metrics unavailable: ${String(err)}`);
    return `ends ${JSON.stringify([...ends])}\nstored ${await storedTotal()}\nexit ${projector.child.exitCode}\n${metrics}\n${projector.output()}`;
  };

  it('given SIGKILLs while events flow, then the read models equal the offline projection exactly', async () => {
    const events = population({
      persons: 500,
      seed: 2025,
      start: new Date('2025-02-24T00:00:00Z'),
      spreadHours: 24 * 14,
    });
    const random = seededRandom(99);
    // The feed: 20 events every 250 ms (about a minute in all), running alongside the kills.
    let fed = false;
    const feed = (async () => {
      for (let i = 0; i < events.length; i += 20) {
        await publishEvents(config, events.slice(i, i + 20));
        await sleep(250);
      }
      fed = true;
    })();
    const publishedTotal = (): Promise<number> => stack.published();

    const progressAtKill: number[] = [];
    for (let kill = 0; kill < 6; kill += 1) {
      const projector = stack.startProjector(env);
      const before = await storedTotal();
      // Wait until it has written something, then kill it at a random moment shortly after.
      await waitFor(
        'the projector to write',
        async () => {
          const stored = await storedTotal();
          // Written something — or nothing is left to write (the feed is done and it caught up).
          return stored > before || (fed && stored === (await publishedTotal())) ? true : undefined;
        },
        90_000,
      ).catch(async (err: unknown) => {
        throw new Error(`${String(err)}\n${await diagnose(projector)}`);
      });
      await sleep(50 + random() * 700);
      await projector.kill('SIGKILL');
      progressAtKill.push(await storedTotal());
    }
    await feed;

    const last = stack.startProjector(env);
    await last.running();
    const total = await stack.published();
    expect(total).toBe(events.length);
    await stack.waitForProjection(keys, 120_000, () => last.output());
    await last.kill('SIGTERM');
    expect(last.child.exitCode).toBe(0);

    // The kills landed mid-stream, not before or after the work.
    expect(
      progressAtKill.filter((progress) => progress > 0 && progress < total).length,
    ).toBeGreaterThanOrEqual(4);
    expect(await readSnapshot(stack.redis, keys)).toEqual(projectAll(events));
  });
});
