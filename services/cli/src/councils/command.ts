import { actorOf } from '@homefirst/runtime';
import type { Command } from 'commander';
import { loadStackSettings } from '../stack/settings';
import { addCouncil, listCouncils, removeCouncil } from './access';

/** `homefirst councils add | list | remove` — a council's authenticated read access to its own feed. */
export function registerCouncilsCommand(program: Command): void {
  const councils = program
    .command('councils')
    .description(
      "councils' Kafka access on the local hub: a SCRAM user that reads only its own feed topic (homefirst.feed.<LA>.v1)",
    );

  councils
    .command('add')
    .description(
      "create the council's user, ACLs (its feed topic, groups with its prefix) and feed topic; write client configs (Java, kcat, Python, kafkajs) and a README",
    )
    .argument('<la-code>', 'local authority code, e.g. E08000012')
    .option('--out <dir>', 'where to write the client bundle (default .hub/councils/<LA>/)')
    .option('--actor <name>', 'who grants, for the audit record (default HOMEFIRST_ACTOR, else the OS user)')
    .action(async (laCode: string, opts: { out?: string; actor?: string }) => {
      const grant = await addCouncil(loadStackSettings(), laCode, {
        actor: actorOf(process.env, opts.actor),
        ...(opts.out !== undefined && { outDir: opts.out }),
      });
      console.log(`${grant.principal} may read ${grant.topic} in groups ${grant.groupPrefix}*`);
      console.log(`client configs and README in ${grant.outDir} (they hold the password: mode 0600)`);
      console.log(
        `the local hub's feed router (npm run hub) finds ${grant.topic} within 10 s and fills it, sending ` +
          `what the council missed first; a router elsewhere does so once ${laCode} is in its ` +
          'HOMEFIRST_FEED_COUNCILS or it runs with HOMEFIRST_FEED_DISCOVER=true',
      );
    });

  councils
    .command('list')
    .description('the councils with a user on the broker')
    .action(() => {
      const laCodes = listCouncils(loadStackSettings());
      for (const laCode of laCodes) console.log(laCode);
      // On stderr: the list on stdout stays empty for a script.
      if (laCodes.length === 0)
        console.error('no council has a user on the broker yet: homefirst councils add <la-code>');
    });

  councils
    .command('remove')
    .description("revoke the council's access at once (ACLs, then its user); its feed topic stays")
    .argument('<la-code>', 'local authority code, e.g. E08000012')
    .option('--actor <name>', 'who revokes, for the audit record (default HOMEFIRST_ACTOR, else the OS user)')
    .action(async (laCode: string, opts: { actor?: string }) => {
      await removeCouncil(loadStackSettings(), laCode, actorOf(process.env, opts.actor));
      console.log(`council-${laCode}: access revoked`);
    });
}
