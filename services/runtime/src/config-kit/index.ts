export {
  brokerList,
  clockSkewToleranceShape,
  duration,
  entries,
  fileText,
  flag,
  got,
  groupId,
  groupSessionTimeout,
  integer,
  list,
  number,
  oneOf,
  port,
  secret,
  url,
} from './blocks';
export { blankToUnset, configProblems, envObject, parseConfig } from './env';
export type { Env } from './env';
export type { ListEntry } from './blocks';
export { composeConfig, serviceConfig } from './compose';
export type { ComposedConfig, CrossCheck, ReportProblem, ServiceConfig } from './compose';
