/** @homefirst/runtime — what every Homefirst process runs on. */
export {
  HubError,
  ConfigError,
  ValidationError,
  UnavailableError,
  UnauthenticatedError,
  ForbiddenError,
  NotFoundError,
  isRetriable,
  describeError,
} from './errors';
export type { HubErrorOptions, ValidationIssue } from './errors';
export * from './problem';
export { retry, backoffCeilingMs } from './retry';
export type { RetryOptions } from './retry';
export {
  loadConfig,
  configSchema,
  DEVELOPMENT_PERSON_KEY_SECRET,
  DEVELOPMENT_API_TOKEN_SECRET,
  nhsNumberPolicyOf,
  nhsNumberPolicyShape,
} from './config';
export type { HubConfig } from './config';
export * from './config-kit';
export { createTopicsAndWait } from './topics';
export type { TopicCreator, CreateTopicsOptions } from './topics';
export {
  maskNhsNumbers,
  maskLogLine,
  PATIENT_IDENTIFIER_KEYS,
  redactPatientKeys,
  REDACTED,
  NHS_NUMBER_MASK,
} from './redaction';
export { createLogger, childLogger, LOG_LEVELS } from './logger';
export type { Logger, LogLevel, LoggerSettings } from './logger';
export { createKafka, kafkaLogCreator } from './kafka';
export {
  createProducer,
  sendDurably,
  sendBatchDurably,
  toKafkaHubError,
  DEFAULT_SEND_TIMEOUT_MS,
} from './producer';
export type { SendDurablyOptions } from './producer';
export { createRedis, connectRedis } from './redis';
export type { RedisOptions } from './redis';
export { redisShape, redisUrl, type RedisConfig } from './redis-config';
export {
  metricsRegistry,
  collectProcessMetrics,
  createCounter,
  createGauge,
  createHistogram,
  counterOnce,
  gaugeOnce,
  histogramOnce,
} from './metrics';
export { checkReadiness } from './readiness';
export type { ReadinessCheck, CheckResult, ReadinessReport } from './readiness';
export { groupJoined } from './readiness';
export { startOpsServer } from './http';
export type { OpsServer, OpsServerOptions } from './http';
export { onShutdown } from './shutdown';
export type { Shutdown, ShutdownOptions, CloseHook } from './shutdown';
export { runMain } from './run-main';
export { EXIT_USAGE, runCommandLine } from './run-command-line';
export type { RunCommandLineOptions } from './run-command-line';
export { commandProgram, type ProgramOutput } from './command-program';
export type { RunMainOptions } from './run-main';
export * from './ingest';
export {
  parseStoredRecord,
  parseStoredValues,
  storedJson,
  storedRecord,
  storedInstant,
  UnreadableStoredRecordError,
} from './stored-record';
export type { StoredRecord, StoredParse } from './stored-record';
export {
  journeyRecord,
  queueEntryRecord,
  readQueueEntries,
  trackerEpisodeRecord,
  weeklyDischargeRecord,
} from './read-model-records';
export { ensureCertificateAuthority, ensureCertificate, opensslVersion } from './tls/local-pki';
export type { CertificateFiles, CertificateRequest, CertificateSubject } from './tls/local-pki';
export { LINE_BREAKS, linesWithBreaks, trimEndOf, trimStartOf, type LineWithBreak } from '@homefirst/schemas';
export * from './history';
export * from './progress';
export * from './remap';
export * from './dead-letters';
export {
  registerConnectorDataTeamCommands,
  type DataTeamCommandsSpec,
  type RedrivePath,
} from './data-team-commands';
export { CoPartitionedAssigner } from './co-partitioned-assigner';
