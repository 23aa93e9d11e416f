/** @homefirst/runtime — what every Homefirst process runs on. */
export * from './errors';
export * from './producer';
export * from './metrics';
export * from './redaction';
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
export { createTopicsAndWait, fetchTopicMetadataWhenKnown } from './topics';
export type { TopicCreator, CreateTopicsOptions } from './topics';
export { createLogger, childLogger, LOG_LEVELS } from './logger';
export type { Logger, LogLevel, LoggerSettings } from './logger';
export { createKafka, kafkaLogCreator, withAdmin } from './kafka';
export { createCodec } from './codec';
export { acrossReconnect, createRedis, connectRedis, RECONNECT_GRACE_MS } from './redis';
export type { RedisOptions } from './redis';
export * from './readiness';
export * from './http';
export * from './group-member';
export { disconnectConsumer, JOINING_STOP_MS, Membership, restartUnlessStopped } from './leave-group';
export { redisShape, redisUrl, type RedisConfig } from './redis-config';
export { onShutdown } from './shutdown';
export type { Shutdown, ShutdownOptions, CloseHook } from './shutdown';
export { runMain } from './run-main';
export { EXIT_USAGE, runCommandLine, runProgram } from './run-command-line';
export type { RunCommandLineOptions } from './run-command-line';
export { commandProgram, serviceProgram, type ProgramOutput } from './command-program';
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
  type DataTeamIo,
  type RedrivePath,
} from './data-team-commands';
export {
  CoPartitionedAssigner,
  coPartitionedAssigner,
  type CoPartitionedOptions,
  type ExcludedMember,
} from './co-partitioned-assigner';
