export { stackUp, stackDown, stackStatus, stackLogs, processesUsing, type ComponentStatus } from './stack';
export { loadStackSettings, endpoints, findRepoRoot, type StackSettings } from './settings';
export { components, type Component } from './components';
export { MissingPrerequisiteError } from './prerequisites';
export {
  ensureMllpCertificates,
  mllpCertificatePaths,
  mllpListenerEnv,
  demoSenderEnv,
  DEMO_TRUST_ODS,
  type MllpCertificates,
} from './mllp-certificates';
export { localRedisDefaults, redisClientEnv, redisCredentials } from './redis-security';
