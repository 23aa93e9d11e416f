/**
 * @homefirst/testing — what stack tests and benchmarks share. Imported only from test files, `src/testing`
 * and `src/bench` (the dependency rule, eslint.boundaries.cjs); never a dependency of a deployable.
 */
export { uniqueName, uniqueTopicPrefix } from './names';
export { waitFor, type WaitOptions } from './wait-for';
export { stackAddresses, type StackAddresses } from './stack-addresses';
export {
  createCatalogueTopics,
  deleteCatalogueTopics,
  catalogueTopicNames,
  type CatalogueTopicOptions,
} from './topics';
export { deleteRedisKeys, redisKeysUnder, settleRedisPersistence } from './redis-keys';
export { endOffsets, offsetsOf, recordsWritten, partitionKey, splitPartitionKey } from './offsets';
export { ReadPosition, waitForHighWatermark } from './high-watermark';
export { HubStack } from './hub-stack';
export {
  PrivateStack,
  portOpen,
  repoRoot,
  sharedPrivateStack,
  stopSharedPrivateStack,
  type PrivateStackOptions,
  type PrivateStackPorts,
} from './private-stack';
export { TopicReader, type TopicRecord } from './topic-reader';
export { firstValue } from './first-value';
export { configErrorMessage } from './config-error';
export { numberArgument, runBenchmark } from './run-benchmark';
export { consumerRate, decodingConsumerRate } from './consumer-rate';
export { nthTestNhsNumber, testNhsNumbersFrom, TEST_RANGE_START } from './test-nhs-numbers';
export { connectedRedis } from './connected-redis';
export { gcPauses, type GcPauses } from './gc-pauses';
export { cpuSecondsOf, rssMbOf } from './process-usage';
export { reservePort } from './ports';
export { startThrowawayRedis, type ThrowawayRedis } from './throwaway-redis';
export { httpLoad } from './http-load-worker';
export type { LoadRequest, LoadResult } from './http-load';
export { latencyStats, quantile, type LatencyStats } from './latency-stats';
export {
  allocationProfiling,
  formatProfileSummary,
  profiling,
  summariseCpuProfile,
  type CpuProfile,
  type ProfileRow,
  type ProfileSummary,
} from './cpu-profile';
export { ThrowawayPki, type ClientTlsMaterial } from './throwaway-pki';
export { applyMutation, applyMutations, mutationLabel, type Mutation } from './fuzz/mutation';
export {
  mutationArbitrary,
  mutationsArbitrary,
  utcInstantArbitrary,
  HOSTILE_DATES,
  HOSTILE_NUMBERS,
  HOSTILE_TEXT,
  LONG_UNITS,
  type MutationOptions,
} from './fuzz/mutation-arbitrary';
export { offlineCodec, roundTrip, eventFromJson } from './fuzz/offline-codec';
export { fuzzSlowThresholdMs, generousBoundMs, SIZE_STEP_BYTES } from './fuzz/time-bound';
export { answersMutatedInTime, type AnswerTime, type MutatedInputSpec } from './fuzz/mutated-in-time';
export { buildWorkspacesAt, startBinProcess, type BinProcess, type BinProcessOptions } from './bin-process';
export { publishPersonEvents, seededRandom, stackCodec } from './publish-events';
