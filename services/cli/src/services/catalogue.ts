import { mllpListenerEnv } from '../stack/mllp-certificates';
import { apiSignInEnv, DEV_CLIENT_ID, DEV_IDP_ISSUER, DEV_IDP_PORT, devIdpEnv } from './sign-in';
import type { StackSettings } from '../stack/settings';

/** The hub's own processes, as `homefirst up` runs them on one machine. */
export interface HubService {
  readonly name: string;
  /** npm package whose bin runs it (found by name at run time; the CLI never imports it). */
  readonly packageName: string;
  readonly bin: string;
  readonly args: readonly string[];
  /** Options for its node (before the bin), e.g. a heap cap. */
  readonly nodeArgs?: readonly string[];
  /** Port of its ops server (/healthz, /readyz, /metrics). */
  readonly opsPort: number;
  /** Its SCRAM user on the local Kafka (services/cli/src/stack/kafka-principals.ts: least privilege); none when it uses no Kafka. */
  readonly kafkaPrincipal?: string;
  /** Its ACL user on the local Redis (services/cli/src/stack/redis-users.ts); none when it keeps nothing in Redis. */
  readonly redisUser?: string;
  /** Extra environment, e.g. its listening ports. */
  readonly env: Readonly<Record<string, string>>;
  /** Environment that depends on the local stack's folder (e.g. certificate paths); the caller's environment wins. */
  readonly stackEnv?: (s: StackSettings) => Readonly<Record<string, string>>;
  /** What users reach, printed by `homefirst up`. */
  readonly endpoint?: string;
}

export const HUB_SERVICES: readonly HubService[] = [
  {
    name: 'hl7v2',
    packageName: '@homefirst/connector-hl7v2',
    bin: 'homefirst-hl7v2.js',
    args: ['serve'],
    opsPort: 9101,
    kafkaPrincipal: 'hub-hl7v2',
    redisUser: 'hub-hl7v2',
    env: { HOMEFIRST_MLLP_PORT: '2575' },
    // Mutual TLS with the local CA made by `homefirst stack up` (.hub/tls/mllp/).
    stackEnv: mllpListenerEnv,
    endpoint: 'mllps://127.0.0.1:2575 (mutual TLS, certificates in .hub/tls/mllp/)',
  },
  {
    name: 'fhir',
    packageName: '@homefirst/connector-fhir',
    bin: 'homefirst-fhir.js',
    args: ['serve'],
    opsPort: 9102,
    kafkaPrincipal: 'hub-fhir',
    redisUser: 'hub-fhir',
    env: {
      HOMEFIRST_FHIR_PORT: '8088',
      HOMEFIRST_FHIR_TOKENS: 'RHF:homefirst-demo-fhir-token-RHF-development-only',
    },
    endpoint: 'http://127.0.0.1:8088/fhir',
  },
  {
    name: 'council',
    packageName: '@homefirst/connector-council',
    bin: 'homefirst-council.js',
    args: ['serve'],
    opsPort: 9103,
    kafkaPrincipal: 'hub-council',
    redisUser: 'hub-council',
    env: {
      HOMEFIRST_COUNCIL_PORT: '8089',
      HOMEFIRST_COUNCIL_TOKENS: 'E08000012:homefirst-demo-council-token-E08000012-development-only',
    },
    endpoint: 'http://127.0.0.1:8089/council/v1/records',
  },
  {
    name: 'projector',
    packageName: '@homefirst/projector',
    bin: 'homefirst-projector.js',
    args: ['run'],
    // V8 lets an uncapped heap grow far past the live set during a rebuild (407 MB RSS); capped, the
    // projector stays under the 256 MB budget (`bench:project` runs it with the same flags). The young
    // generation's semi-spaces at 8 MB rather than 16: peak RSS in a rebuild 252-255 -> 234-235 MB, for
    // about a tenth more CPU per event (more, smaller scavenges).
    nodeArgs: ['--max-old-space-size=144', '--max-semi-space-size=8'],
    opsPort: 9104,
    kafkaPrincipal: 'hub-projector',
    redisUser: 'hub-projector',
    env: {},
  },
  {
    // Each council's feed (homefirst.feed.<LA code>.v1): the demo city's council, E08000012, unless the
    // environment's HOMEFIRST_FEED_COUNCILS names others, and every council with a feed topic, looked for
    // every 10 s (a council added with `homefirst councils add` is served without a restart).
    name: 'feed-router',
    packageName: '@homefirst/feed-router',
    bin: 'homefirst-feed-router.js',
    args: ['run'],
    kafkaPrincipal: 'hub-feed-router',
    opsPort: 9105,
    stackEnv: () => ({
      HOMEFIRST_FEED_COUNCILS: 'E08000012',
      HOMEFIRST_FEED_DISCOVER: 'true',
      HOMEFIRST_FEED_DISCOVER_INTERVAL_MS: '10000',
    }),
    env: {},
  },
  {
    // Council feeds as signed webhooks to the subscriptions made with `homefirst subscriptions add`
    // (none in the demo: it idles until one is added).
    name: 'webhooks',
    packageName: '@homefirst/webhooks',
    bin: 'homefirst-webhooks.js',
    args: ['run'],
    kafkaPrincipal: 'hub-webhooks',
    opsPort: 9106,
    env: {},
  },
  {
    // Development OpenID Connect provider the board signs in with (a user per role; never for production).
    name: 'dev-idp',
    packageName: '@homefirst/dev-idp',
    bin: 'homefirst-dev-idp.js',
    args: ['serve'],
    opsPort: DEV_IDP_PORT,
    env: {
      HOMEFIRST_IDP_PORT: String(DEV_IDP_PORT),
      HOMEFIRST_IDP_ISSUER: DEV_IDP_ISSUER,
      HOMEFIRST_IDP_CLIENT_ID: DEV_CLIENT_ID,
      HOMEFIRST_IDP_REDIRECT_URIS: 'http://127.0.0.1:8080/auth/callback',
      HOMEFIRST_IDP_POST_LOGOUT_REDIRECT_URIS: 'http://127.0.0.1:8080/board',
    },
    stackEnv: devIdpEnv,
    endpoint: `${DEV_IDP_ISSUER} (users trust, council, analyst, admin)`,
  },
  {
    name: 'api',
    packageName: '@homefirst/api',
    bin: 'homefirst-api.js',
    args: ['serve'],
    opsPort: 8080,
    kafkaPrincipal: 'hub-api',
    redisUser: 'hub-api',
    env: {
      HOMEFIRST_API_PORT: '8080',
      // Illustrative local targets of the demo city, so the board has something to compare with: each system
      // sets its own (there is no national split since 2020–21's 50/45/4/1 was withdrawn). A plan a little
      // ahead of the city's own mix (about 79/16/3/2): more home first, fewer beds.
      HOMEFIRST_PATHWAY_TARGETS: 'P0=0.8,P1=0.16,P2=0.025,P3=0.015',
    },
    stackEnv: apiSignInEnv,
    endpoint: 'http://127.0.0.1:8080/board',
  },
];
