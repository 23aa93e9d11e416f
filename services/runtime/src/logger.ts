import { hostname } from 'node:os';
import { pino, type DestinationStream, type Logger } from 'pino';
import { maskLogLine, redactPatientKeys } from './redaction';

export type { Logger } from 'pino';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface LoggerSettings {
  /** The service name, written as `service` on every line. */
  readonly name: string;
  readonly level?: LogLevel | 'silent';
}

/**
 * A JSON pino logger with patient identifiers redacted at the logger (style.md habit 10):
 * patient-data keys (identifiers, names, birth dates, contact details, free text, raw bodies) are
 * censored at any depth, and any NHS number left anywhere in the finished
 * line — messages included — is masked. Use as `createLogger({ name: 'mllp', ...config.log })`.
 * `destination` defaults to stdout.
 */
export function createLogger(settings: LoggerSettings, destination?: DestinationStream): Logger {
  const options = {
    level: settings.level ?? 'info',
    // `service`, not pino's `name`: `name` is a redacted patient key.
    base: { service: settings.name, pid: process.pid, hostname: hostname() },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: {
      level: (label: string) => ({ level: label }),
      log: (object: Record<string, unknown>) => redactPatientKeys(object),
      bindings: (bindings: Record<string, unknown>) => redactPatientKeys(bindings),
    },
    hooks: { streamWrite: maskLogLine },
  };
  return destination ? pino(options, destination) : pino(options);
}

/** One child logger per message or request, so every line about it carries the correlation id. */
export function childLogger(logger: Logger, correlationId: string): Logger {
  return logger.child({ correlationId });
}
