import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';

/** The sources that have a connector of their own, and so their own command. */
export const CONNECTOR_SOURCES = ['hl7v2', 'fhir', 'council'] as const;
export type ConnectorSource = (typeof CONNECTOR_SOURCES)[number];

/**
 * Where a workspace's own command lives. Found by package name at run time, like git finds its
 * subcommands: the CLI never imports a connector or another service (docs/architecture.md — they meet only on
 * topics), yet `homefirst map hl7v2 …` runs exactly the connector's live mapping.
 */
export function packageBin(packageName: string, bin: string): string {
  let manifest: string;
  try {
    manifest = require.resolve(`${packageName}/package.json`);
  } catch {
    throw new Error(`${packageName} is not installed; run npm install at the repository root`);
  }
  return join(dirname(manifest), 'bin', bin);
}

export const connectorPackage = (source: ConnectorSource): { packageName: string; bin: string } => ({
  packageName: `@homefirst/connector-${source}`,
  bin: `homefirst-${source}.js`,
});

/** Runs a workspace's command with these arguments, passing stdio through; resolves with its exit code. */
export function runPackageBin(
  target: { packageName: string; bin: string },
  args: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [packageBin(target.packageName, target.bin), ...args], {
      stdio: 'inherit',
      env,
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}
