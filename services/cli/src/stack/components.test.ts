import { components } from './components';
import { loadStackSettings } from './settings';

describe('the local stack components', () => {
  it('are Kafka, the registry and Redis, each at its endpoint with its pid and log file under the state folder', () => {
    const s = loadStackSettings(
      { HOMEFIRST_REDIS_PORT: '26379', HOMEFIRST_HUB_DIR: 'state' },
      '/srv/homefirst',
    );
    expect(components(s).map(({ name, address, process }) => ({ name, address, process }))).toEqual([
      {
        name: 'kafka',
        address: '127.0.0.1:19092',
        process: {
          name: 'kafka',
          pidFile: '/srv/homefirst/state/run/kafka.pid',
          logFile: '/srv/homefirst/state/logs/kafka.log',
        },
      },
      {
        name: 'registry',
        address: 'http://127.0.0.1:18081/apis/ccompat/v7',
        process: {
          name: 'registry',
          pidFile: '/srv/homefirst/state/run/registry.pid',
          logFile: '/srv/homefirst/state/logs/registry.log',
        },
      },
      {
        name: 'redis',
        address: 'redis://127.0.0.1:26379',
        process: {
          name: 'redis',
          pidFile: '/srv/homefirst/state/run/redis.pid',
          logFile: '/srv/homefirst/state/logs/redis.log',
        },
      },
    ]);
  });
});
