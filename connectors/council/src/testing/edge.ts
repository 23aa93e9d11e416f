import type { Logger } from '@homefirst/runtime';
import type { FastifyInstance } from 'fastify';
import { buildRecordsApp } from '../http/server';
import { BUILT_IN_MAPPINGS_DIR, loadMapping } from '../mapping-files/load';
import { startCouncilRuntime, type CouncilRuntime } from '../wiring';
import { startTestStack, type TestStack } from './stack';

export interface CouncilEdgeOptions {
  /** The REST endpoint's bearer tokens (token → council code); without them no endpoint is started. */
  readonly tokens?: ReadonlyMap<string, string>;
  /** The connector's logger (default: the stack's, silent), e.g. one that captures lines for a test to read. */
  readonly logger?: Logger;
}

/**
 * The council edge in process on a test's own corner of the stack (testing/stack.ts): the runtime (ingest
 * and CSV target) and, given tokens, the REST records endpoint on a free port. Declared with the suite,
 * started in `beforeAll`, stopped in `afterAll`.
 */
export class CouncilEdge {
  private started:
    { stack: TestStack; runtime: CouncilRuntime; app: FastifyInstance | undefined; base: string } | undefined;

  constructor(
    private readonly label: string,
    private readonly options: CouncilEdgeOptions = {},
  ) {}

  async start(): Promise<void> {
    const stack = await startTestStack(this.label);
    const logger = this.options.logger ?? stack.logger;
    const runtime = await startCouncilRuntime(stack.config, logger);
    this.started = { stack, runtime, app: undefined, base: '' };
    if (this.options.tokens === undefined) return;
    const app = buildRecordsApp({
      ingest: runtime.ingest,
      tokens: new Map(this.options.tokens),
      maxRecordsPerRequest: 100,
      mappingByName: (name) => loadMapping(name, [BUILT_IN_MAPPINGS_DIR]),
      logger,
    });
    this.started = { stack, runtime, app, base: await app.listen({ port: 0, host: '127.0.0.1' }) };
  }

  async stop(): Promise<void> {
    await this.started?.app?.close();
    await this.started?.runtime.close();
    await this.started?.stack.teardown();
  }

  private get running() {
    if (this.started === undefined) throw new Error(`CouncilEdge ${this.label} used before start()`);
    return this.started;
  }

  get stack(): TestStack {
    return this.running.stack;
  }

  get runtime(): CouncilRuntime {
    return this.running.runtime;
  }

  /** The REST endpoint's base URL (empty when no tokens were given). */
  get base(): string {
    return this.running.base;
  }
}
