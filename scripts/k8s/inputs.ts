import { join } from 'node:path';
import { catalogue, feedTopicSpecOf } from '@homefirst/schemas';
import { HUB_SERVICES } from '../../services/cli/src/services/catalogue';
import { councilPrincipal, HUB_PRINCIPALS } from '../../services/cli/src/stack/kafka-principals';
import { REDIS_USERS } from '../../services/cli/src/stack/redis-users';
import { desiredTopics } from '../../services/cli/src/topics/plan';
import type { GeneratorInputs } from './generate';
import { KUBE_SERVICES } from './services';
import { loadSettings, SETTINGS_FILE } from './settings';

/** The real inputs: the deployment's settings, the catalogue, and the CLI's principal and user tables. */
export function hubInputs(repoRoot: string): GeneratorInputs {
  const settings = loadSettings(join(repoRoot, SETTINGS_FILE));
  return {
    settings,
    topics: desiredTopics([...catalogue, ...settings.councils.map(feedTopicSpecOf)]),
    principals: [...HUB_PRINCIPALS, ...settings.councils.map(councilPrincipal)],
    redisUsers: REDIS_USERS,
    hubServices: HUB_SERVICES,
    kubeServices: KUBE_SERVICES,
  };
}
