import { join } from 'node:path';
import { catalogue } from '@homefirst/schemas';
import type { Command } from 'commander';
import { packageBin, runPackageBin } from '../delegate/connector-bin';
import { withKafkaAdmin } from '../kafka-admin';
import { demoSenderEnv } from '../stack/mllp-certificates';
import { loadStackSettings, type StackSettings } from '../stack/settings';
import { stackDown, stackStatus, stackUp } from '../stack/stack';
import { runningPid, startDetached, stopProcess } from '../stack/processes';
import { applyTopics } from '../topics/apply';
import { loadTopicsConfig } from '../topics/config';
import { signInFiles } from './sign-in';
import { NAME_WIDTH, statusReport } from './status-report';
import { securedHubEnv, servicesDown, servicesStatus, servicesUp } from './supervisor';
import { ADMIN_PRINCIPAL } from '../stack/kafka-principals';

/** Applies the catalogue as the admin principal, with the config the services get (same brokers, TLS, prefix, retention). */
async function applyCatalogue(s: StackSettings): Promise<void> {
  const config = loadTopicsConfig(securedHubEnv(s, ADMIN_PRINCIPAL));
  await withKafkaAdmin(config.hub, async (admin) => {
    const report = await applyTopics(admin, catalogue, {
      prefix: config.hub.topicPrefix,
      retentionMs: config.retentionMs,
    });
    if (!report.ok)
      throw new Error(
        `topics do not match the catalogue: ${JSON.stringify(report.topics.filter((t) => t.status === 'mismatched'))}`,
      );
  });
}

/** The demo sends HL7 as the demo trust, with the certificate `stack up` made (unless the environment names another). */
const demoEnv = (s: StackSettings): NodeJS.ProcessEnv => ({ ...demoSenderEnv(s), ...process.env });

const demoProcess = (s: StackSettings) => ({
  name: 'demo',
  pidFile: join(s.hubDir, 'run', 'demo.pid'),
  logFile: join(s.hubDir, 'logs', 'demo.log'),
});

/** `homefirst up | down | services status` — the whole hub on one machine, and `homefirst demo`. */
export function registerHubCommands(program: Command): void {
  program
    .command('up')
    .description(
      'bring up the whole hub: the local stack, the topics, every service (connectors, projector, API + board)',
    )
    .option('--demo', 'also start the demo city feeding the connectors in accelerated time')
    .option('--speed <n>', 'demo: simulated seconds per real second', '1008')
    .action(async (opts: { demo?: boolean; speed: string }) => {
      const s = loadStackSettings();
      const say = (line: string) => console.error(line);
      for (const r of await stackUp(s, say))
        say(`${r.name.padEnd(NAME_WIDTH)} ${r.address} [${r.action ?? ''}]`);
      await applyCatalogue(s);
      say('topics    applied from the catalogue');
      for (const r of await servicesUp(s, say))
        say(`${r.name.padEnd(NAME_WIDTH)} ${r.endpoint ?? ''} [${r.action ?? ''}]`);
      if (opts.demo === true) {
        const proc = demoProcess(s);
        if (runningPid(proc) === undefined) {
          const bin = packageBin('@homefirst/demo', 'homefirst-demo.js');
          startDetached(
            proc,
            process.execPath,
            [bin, 'run', '--speed', opts.speed, '--backfill', '3'],
            s.repoRoot,
            demoEnv(s),
          );
          say(`demo      feeding the connectors at ${opts.speed}× (log: ${proc.logFile})`);
        } else say('demo      already running');
      }
      console.log(
        `\nBoard: http://127.0.0.1:8080/board — sign in as trust (RHF), council (E08000012), analyst or admin;` +
          ` the development password is in ${signInFiles(s).userPassword}`,
      );
      console.log('Machine clients: npx homefirst token --role admin   (a bearer token for the API)\n');
      console.log('Stop everything with: npx homefirst down   (data stays in .hub/)');
    });

  program
    .command('down')
    .description('stop the demo, every service and the local stack (idempotent)')
    .action(async () => {
      const s = loadStackSettings();
      console.log(`demo      ${await stopProcess(demoProcess(s))}`);
      for (const r of await servicesDown(s)) console.log(`${r.name.padEnd(NAME_WIDTH)} ${r.result}`);
      for (const r of await stackDown(s)) console.log(`${r.name.padEnd(NAME_WIDTH)} ${r.result}`);
    });

  program
    .command('status')
    .description('health of the stack and of every hub service; exits 1 if any is down')
    .action(async () => {
      const s = loadStackSettings();
      const [stack, services] = await Promise.all([stackStatus(s), servicesStatus(s)]);
      const report = statusReport(stack, services, runningPid(demoProcess(s)));
      for (const line of report.lines) console.log(line);
      if (!report.healthy) process.exitCode = 1;
    });

  registerPassThrough(
    program,
    'demo',
    'run the synthetic city (see services/demo/README.md); arguments pass through, e.g. demo run --speed 1008 --days 7',
    { packageName: '@homefirst/demo', bin: 'homefirst-demo.js' },
    [],
    () => demoEnv(loadStackSettings()),
  );
  registerPassThrough(
    program,
    'project',
    'run the projections offline over a file of events (as printed by `homefirst map`) and print the read models as JSON',
    { packageName: '@homefirst/projector', bin: 'homefirst-projector.js' },
    ['project'],
  );
  registerPassThrough(
    program,
    'replay',
    'rebuild the read models from the topics into a new version and switch to it (replay rebuild) or show the versions (replay status), both run by the projector; or back-date them (replay asof <instant>)',
    { packageName: '@homefirst/projector', bin: 'homefirst-projector.js' },
    ['replay'],
  );
}

/** A command that hands every argument (after `leadingArgs`) to another workspace's own command, help included. */
function registerPassThrough(
  program: Command,
  name: string,
  description: string,
  target: { packageName: string; bin: string },
  leadingArgs: readonly string[] = [],
  env: () => NodeJS.ProcessEnv = () => process.env,
): void {
  program
    .command(name)
    .description(description)
    .allowUnknownOption()
    .allowExcessArguments()
    .helpOption(false)
    .action(async (_opts: unknown, cmd: Command) => {
      process.exitCode = await runPackageBin(target, [...leadingArgs, ...cmd.args], env());
    });
}
