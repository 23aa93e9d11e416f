import {
  createLogger,
  redriveFlagOptions,
  remapFlagOptions,
  runRedriveCommand,
  runRemapCommand,
  type Env,
  type RedriveFlags,
  type RemapFlags,
} from '@homefirst/runtime';
import { createPersonKeyer } from '@homefirst/schemas';
import { loadCouncilConfig } from '../config';
import { mappingDirs } from '../mapping-files/load';
import { startCouncilRuntime } from '../wiring';
import { councilRawMapper } from './remap-mapper';
import { councilRedriver } from './redriver';

export interface DataTeamIo {
  readonly env: Env;
  readonly out: (text: string) => void;
}

/** `homefirst-council remap`: today's council mapping over the raw records (runtime's remap machinery). */
export async function remapCommand(flags: RemapFlags, io: DataTeamIo): Promise<number> {
  const config = loadCouncilConfig(io.env, { requireTokens: false });
  await runRemapCommand({
    config: config.hub,
    source: 'council',
    mapper: councilRawMapper({
      personKeyOf: createPersonKeyer(config.hub.personKeySecret),
      mappingDirs: mappingDirs(config.council.mappingsDir),
      stepToleranceMs: config.council.stepToleranceMs,
      nhsNumbers: config.hub.nhsNumbers,
    }),
    ...remapFlagOptions(flags),
    out: io.out,
  });
  return 0;
}

/** `homefirst-council redrive <ids…>`: dead letters through the live record path (runtime's redrive machinery). */
export async function redriveCommand(
  ids: readonly string[],
  flags: RedriveFlags,
  io: DataTeamIo,
): Promise<number> {
  const config = loadCouncilConfig(io.env, { requireTokens: false });
  const logger = createLogger({ name: 'council-redrive', level: 'fatal' }, process.stderr);
  const live = await startCouncilRuntime(config, logger);
  try {
    return await runRedriveCommand({
      config: config.hub,
      source: 'council',
      ids,
      ...redriveFlagOptions(flags, io.env),
      redriver: councilRedriver(live.ingest, mappingDirs(config.council.mappingsDir)),
      redis: live.redis,
      producer: live.producer,
      out: io.out,
    });
  } finally {
    await live.close();
  }
}
