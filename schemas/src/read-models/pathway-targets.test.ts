import { parsePathwayTargets } from './pathway-targets';

describe('parsePathwayTargets: a system sets its own pathway targets', () => {
  it('given shares or percentages for some pathways, then those targets and no others', () => {
    expect(parsePathwayTargets('P0=0.6, P1=30%,P3=0.02')).toEqual({ P0: 0.6, P1: 0.3, P3: 0.02 });
    expect(parsePathwayTargets('')).toEqual({});
  });

  it.each([
    ['P4=0.1', 'P4 is not a pathway with a target'],
    ['UNKNOWN=0.1', 'UNKNOWN is not a pathway with a target'],
    ['P0', '"P0" is not PATHWAY=SHARE'],
    ['P0=1.5', "P0's target 1.5 is not a share between 0 and 1"],
    ['P0=-0.1', "P0's target -0.1 is not a share"],
    ['P0=half', "P0's target half is not a share"],
    ['P0=0.5,P0=0.4', 'P0 has two targets'],
    ['P0=0.6,P1=0.45', 'add up to 105%, more than 100%'],
  ])('given %s, then it is refused: %s', (text, message) => {
    expect(() => parsePathwayTargets(text)).toThrow(message);
  });
});
