export { matchesDeadLetter, type DeadLetterFilter } from './filter';
export { readDeadLetters, type ReadDeadLettersOptions, type StoredDeadLetter } from './read';
export {
  deadLetterSummary,
  formatDeadLetterShow,
  formatDeadLetterTable,
  inputText,
  type DeadLetterSummary,
} from './format';
export { RedriveClaims, type RedriveMark } from './claims';
export {
  formatRedriveReports,
  redriveDeadLetters,
  type RedriveOptions,
  type RedriveReport,
  type RedriveResult,
  type Redriver,
} from './redrive';
export {
  actorOf,
  findDeadLetters,
  runListCommand,
  runRedriveCommand,
  runShowCommand,
  unknownIds,
  type RedriveCommandOptions,
} from './command';
export { addRedriveCommand, redriveFlagOptions, type RedriveFlags } from './command-line';
export { hubAuditHeader, writeAudit, type AuditHeader } from './audit';
