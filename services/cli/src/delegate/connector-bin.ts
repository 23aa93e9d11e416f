import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';

/** The sources that have a connector of their own, and so their own command. */
export const CONNECTOR_SOURCES = ['hl7v2', 'fhir', 'council'] as const;
export type ConnectorSource = (typeof CONNECTOR_SOURCES)[number];

/**
 * Where a connector's own command lives. Found by package name at run time, like git finds its
 * subcommands: the CLI never imports a connector (design.md — services and connectors meet only on
 * topics), yet `homefirst map hl7v2 …` runs exactly the connector's live mapping.
 */
export function connectorBin(source: ConnectorSource): string {
  const pkg = `@homefirst/connector-${source}/package.json`;
  let manifest: string;
  try {
    manifest = require.resolve(pkg);
  } catch {
    throw new Error(
      `the ${source} connector is not installed (${pkg}); run npm install at the repository root`,
    );
  }
  return join(dirname(manifest), 'bin', `homefirst-${source}.js`);
}

/** Runs a connector's command with these arguments, passing stdio through; resolves with its exit code. */
export function runConnector(source: ConnectorSource, args: readonly string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [connectorBin(source), ...args], { stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}
