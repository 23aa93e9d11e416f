import { loadProjectorConfig } from './config';

describe('projector config', () => {
  it('defaults to the local stack, namespace rm:v1:, £400 a bed day, at risk under 12 hours, a sweep a minute', () => {
    const { hub, projector } = loadProjectorConfig({});
    expect(hub.redis.url).toBe('redis://127.0.0.1:16379');
    expect(projector).toEqual({
      namespace: 'rm:v1:',
      groupId: 'homefirst-projector',
      bedDayCostGbp: 400,
      atRiskHours: 12,
      sweepIntervalMs: 60_000,
      sweep: true,
      batchSize: 500,
      windowLag: 1_000,
      windowMessages: 1_500,
      cachedPersons: 500,
      sessionTimeoutMs: 30_000,
      concurrency: 3,
    });
  });

  it('takes overrides, blank meaning unset', () => {
    const { projector } = loadProjectorConfig({
      HOMEFIRST_READMODEL_NAMESPACE: 'rm:v2:',
      HOMEFIRST_BED_DAY_COST_GBP: '562',
      HOMEFIRST_AT_RISK_HOURS: '8',
      HOMEFIRST_PROJECTOR_SWEEP: 'no',
      HOMEFIRST_PROJECTOR_GROUP: ' ',
    });
    expect(projector).toMatchObject({
      namespace: 'rm:v2:',
      bedDayCostGbp: 562,
      atRiskHours: 8,
      sweep: false,
      groupId: 'homefirst-projector',
    });
  });

  it('names every bad variable, its own and the common ones', () => {
    let thrown: unknown;
    try {
      loadProjectorConfig({
        HOMEFIRST_READMODEL_NAMESPACE: 'rm v1',
        HOMEFIRST_AT_RISK_HOURS: '72',
        HOMEFIRST_PROJECTOR_SWEEP: 'maybe',
        HOMEFIRST_REDIS_URL: 'http://nope',
      });
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toMatchObject({ code: 'CONFIG_INVALID' });
    expect((thrown as Error).message).toMatch(
      /4 problems[\s\S]*HOMEFIRST_REDIS_URL[\s\S]*HOMEFIRST_READMODEL_NAMESPACE[\s\S]*HOMEFIRST_AT_RISK_HOURS: must be a number[\s\S]*HOMEFIRST_PROJECTOR_SWEEP/,
    );
  });
});
