export { brokerList, duration, flag, got, integer, list, number, oneOf, port, secret, url } from './blocks';
export { blankToUnset, envObject, parseConfig } from './env';
export type { Env } from './env';
export { composeConfig } from './compose';
export type { ComposedConfig, CrossCheck, ReportProblem } from './compose';
