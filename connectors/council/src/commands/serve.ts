import { createLogger, describeError, onShutdown, startOpsServer } from '@homefirst/runtime';
import { loadCouncilConfig } from '../config';
import { watchDropFolder } from '../csv/drop-folder';
import { ingestCsvFile } from '../csv/file-ingest';
import { buildRecordsApp } from '../http/server';
import { loadNamedMapping, mappingDirs, mappingForHeader } from '../mapping-files/load';
import { councilCounters, outcomeCounter } from '../metrics';
import { startCouncilRuntime } from '../wiring';

/**
 * `homefirst-council serve`: the REST endpoint (HOMEFIRST_COUNCIL_PORT, default 8089), the drop-folder
 * watcher when HOMEFIRST_COUNCIL_DROP_DIR is set, and the ops server (HOMEFIRST_HTTP_PORT: /healthz,
 * /readyz, /metrics). SIGTERM/SIGINT stop taking work, finish what is under way, then disconnect.
 */
export async function serveCommand(env: Readonly<Record<string, string | undefined>>): Promise<void> {
  const config = loadCouncilConfig(env, { requireTokens: true });
  const logger = createLogger({ name: 'council', level: config.hub.log.level });
  const shutdown = onShutdown(logger);
  const runtime = await startCouncilRuntime(config, logger, outcomeCounter());
  shutdown.register('kafka, registry and redis', () => runtime.close());

  const ops = await startOpsServer({ port: config.hub.http.port, logger, checks: runtime.checks });
  shutdown.register('ops server', () => ops.close());

  const dirs = mappingDirs(config.council.mappingsDir);
  const app = buildRecordsApp({
    ingest: runtime.ingest,
    tokens: config.council.tokens,
    maxRecordsPerRequest: config.council.maxRecordsPerRequest,
    mappingByName: (name) => loadNamedMapping(name, dirs),
    logger,
  });
  await app.listen({ port: config.council.port, host: config.council.host });
  shutdown.register('records endpoint', () => app.close());
  const address = app.server.address();
  logger.info(
    {
      port: typeof address === 'object' && address !== null ? address.port : config.council.port,
      councils: new Set(config.council.tokens.values()).size,
    },
    'council records endpoint listening',
  );

  const { dropDir, dropMapping } = config.council;
  if (dropDir !== undefined) {
    const files = councilCounters().files;
    const watcher = watchDropFolder({
      dir: dropDir,
      pollMs: config.council.dropPollMs,
      logger,
      onFile: (outcome) => files.inc({ outcome }),
      ingestFile: (file, signal) =>
        ingestCsvFile({
          file,
          mappingFor: (header) => mappingForHeader(dropMapping, header, dirs),
          ingest: runtime.fileIngest,
          target: runtime.target,
          logger,
          batchSize: config.council.batchSize,
          maxInFlight: config.council.maxInFlight,
          signal,
        }),
    });
    shutdown.register('drop folder', () => watcher.stop());
  }
  process.on('unhandledRejection', (err) => {
    logger.error({ err }, `unhandled rejection: ${describeError(err)}`);
  });
}
