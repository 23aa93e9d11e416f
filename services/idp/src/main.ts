import { createLogger, onShutdown, runMain, runProgram, serviceProgram } from '@homefirst/runtime';
import { loadIdpConfig } from './config';
import { createIdpServer } from './provider';

/** `serve`: the development OpenID Connect provider on its port, until SIGTERM. */
async function serve(): Promise<void> {
  const config = loadIdpConfig();
  const logger = createLogger({ name: 'dev-idp', level: config.logLevel });
  const shutdown = onShutdown(logger);
  const server = createIdpServer(config, logger);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, resolve);
  });
  shutdown.register('http', () => new Promise<void>((resolve) => server.close(() => resolve())));
  logger.info({ issuer: config.issuer, client: config.client.id }, 'development identity provider listening');
}

/** Entry point of bin/homefirst-dev-idp.js. */
export async function run(argv: readonly string[]): Promise<void> {
  const program = serviceProgram(
    'homefirst-dev-idp',
    'Development OpenID Connect provider: one user per hub role (never for production)',
  );
  program
    .command('serve')
    .description('serve the issuer (discovery, authorize, token, JWKS, login form) and /healthz')
    .action(() => runMain(serve, { name: 'dev-idp' }));
  await runProgram(() => program.parseAsync(argv), { name: 'homefirst-dev-idp' });
}
