import { cityDefaults, cityParametersSchema, resolveParameters } from './parameters';

describe('city parameters', () => {
  it('validates the documented defaults', () => {
    expect(cityParametersSchema.parse(cityDefaults)).toEqual(cityDefaults);
  });

  it('given a partial override, then merges it over the defaults (objects merge, values replace)', () => {
    const parameters = resolveParameters({ admissions: { perDay: 60 }, p2: { beds: 20 } });
    expect(parameters.admissions.perDay).toBe(60);
    expect(parameters.admissions.electiveShare).toBe(cityDefaults.admissions.electiveShare);
    expect(parameters.p2).toEqual({ ...cityDefaults.p2, beds: 20 });
  });

  it('refuses a pathway mix that does not add up, a p95 below its median, and an unknown delay reason', () => {
    expect(() => resolveParameters({ pathwayMix: { P0: 0.6, P1: 0.45, P2: 0.04, P3: 0.01 } })).toThrow(
      /add up to 1/,
    );
    expect(() => resolveParameters({ p1: { homeCareBrokerageDays: { median: 5, p95: 2 } } })).toThrow(
      /p95 must be above the median/,
    );
    expect(() =>
      resolveParameters({ readiness: { delayReasonMix: { P0: { WAITING_FOR_GODOT: 1 } } } }),
    ).toThrow(/delay reason/);
  });
});
