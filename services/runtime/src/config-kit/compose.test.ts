import { z } from 'zod';
import { ConfigError } from '../errors';
import { integer, port } from './blocks';
import { composeConfig } from './compose';
import { configProblems, envObject, parseConfig } from './env';

const own = envObject({
  HOMEFIRST_THING_PORT: port().default(8090),
  HOMEFIRST_THING_LIMIT: integer(1, 10).default(5),
  HOMEFIRST_THING_NAME: z.string().optional(),
});

const thingSchema = composeConfig(own, (env, hub, problem) => {
  if (hub?.nodeEnv === 'production' && env.HOMEFIRST_THING_NAME === undefined)
    problem('HOMEFIRST_THING_NAME', 'required when NODE_ENV=production');
}).transform(({ hub, own: env }) => ({ hub, thing: { port: env.HOMEFIRST_THING_PORT } }));

const problemsOf = (env: Record<string, string>): string => configProblems(thingSchema, env).join('\n');

describe('composeConfig', () => {
  it("gives the hub's common config and the service's own, blank meaning unset", () => {
    const config = parseConfig(thingSchema, { HOMEFIRST_THING_LIMIT: ' ', PATH: '/bin' });
    expect(config.thing.port).toBe(8090);
    expect(config.hub.kafka.brokers).toEqual(['127.0.0.1:19092']);
  });

  it('names every bad variable of both at once, hub first, in one ConfigError', () => {
    const env = { HOMEFIRST_KAFKA_SSL: 'maybe', HOMEFIRST_THING_PORT: 'http', HOMEFIRST_THING_LIMIT: '11' };
    expect(() => parseConfig(thingSchema, env)).toThrow(ConfigError);
    expect(() => parseConfig(thingSchema, env)).toThrow(
      /^Invalid environment \(3 problems\):\n {2}HOMEFIRST_KAFKA_SSL: [^\n]+\n {2}HOMEFIRST_THING_PORT: must be an integer from 0 to 65535[^\n]+\n {2}HOMEFIRST_THING_LIMIT: must be an integer from 1 to 10/,
    );
  });

  it('refuses a blank port rather than choosing port 0', () => {
    expect(problemsOf({ HOMEFIRST_THING_PORT: '' })).toContain('HOMEFIRST_THING_PORT: must be an integer');
  });

  it('runs cross-field rules with the hub config, alongside the other problems', () => {
    const message = problemsOf({
      NODE_ENV: 'production',
      HOMEFIRST_PERSON_KEY_SECRET: 'a-real-secret-from-the-vault-0123456789',
    });
    expect(message.split('\n')).toHaveLength(1);
    expect(message).toContain('HOMEFIRST_THING_NAME: required when NODE_ENV=production');
  });
});
