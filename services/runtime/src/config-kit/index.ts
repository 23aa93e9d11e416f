export * from './blocks';
export { blankToUnset, configProblems, envObject, parseConfig } from './env';
export type { Env } from './env';
export { composeConfig, serviceConfig } from './compose';
export type { ComposedConfig, CrossCheck, ReportProblem, ServiceConfig } from './compose';
