import { access } from 'node:fs/promises';
import { HubError, describeError } from '@homefirst/runtime';
import { ContractError } from '@homefirst/schemas';
import { loadCouncilMapConfig } from '../config';
import { loadMapping, mappingDirs, mappingForHeader } from '../mapping-files/load';
import { mapFeed } from './map';

export interface MapCommandOptions {
  readonly mapping?: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Prints one line (without its line break). */
  readonly stdout: (line: string) => void | Promise<void>;
  readonly stderr: (line: string) => void;
}

/**
 * `homefirst-council map <file> [--mapping <name>]`: the feed checker (see mapFeed). Exit 0: events
 * printed; 1: rejections printed as one JSON document (or an unexpected failure); 2: usage — the file
 * cannot be opened, the environment or the mapping (unknown, undetectable, not fitting the header).
 * Whatever goes to stderr names fields and rules, never a value from the file.
 */
export async function mapCommand(file: string, options: MapCommandOptions): Promise<number> {
  const { mapping, stderr } = options;
  try {
    await access(file);
  } catch {
    stderr(`homefirst-council map: cannot read ${file}`);
    return 2;
  }
  try {
    const config = loadCouncilMapConfig(options.env);
    const dirs = mappingDirs(config.mappingsDir);
    return await mapFeed(file, {
      personKeySecret: config.personKeySecret,
      write: options.stdout,
      mappingFor: (header) => {
        if (header !== null) return mappingForHeader(mapping, header, dirs);
        return mapping === undefined ? null : loadMapping(mapping, dirs);
      },
    });
  } catch (failure) {
    stderr(`homefirst-council map: ${describeError(failure)}`);
    if (failure instanceof HubError && 'issues' in failure && Array.isArray(failure.issues)) {
      for (const issue of failure.issues as { path: string; message: string }[])
        stderr(`  ${issue.path}: ${issue.message}`);
    }
    // Usage: the environment, the mapping. Anything else is ours: 1.
    return failure instanceof HubError && !(failure instanceof ContractError) ? 2 : 1;
  }
}
