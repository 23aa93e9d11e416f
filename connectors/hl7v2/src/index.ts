/** @homefirst/connector-hl7v2 — HL7 v2 ADT over MLLP into the hospital event stream. */
export { run, EXIT, type CommandIo } from './main';
export { loadHl7Config, loadMappingConfig, hl7ConfigSchema, mappingConfigSchema } from './config';
export type { Hl7ConnectorConfig, MllpSettings } from './config';
export { startHl7Connector, type RunningConnector } from './connector';
export { checkFeed, rejectionReport, type RejectionReport } from './feed-check';
export {
  Hl7Pipeline,
  ACK_TEXT,
  type MessageResult,
  type MessageStatus,
  type PipelineOptions,
} from './ingest/pipeline';
export { hl7Metrics, type Hl7Metrics } from './ingest/metrics';
export {
  readAdt,
  eventsFor,
  eventIdOf,
  type AdtReading,
  type EventDraft,
  type MappingContext,
  type Person,
} from './mapping/adt';
export {
  DEFAULT_MAPPING_SETTINGS,
  DEFAULT_READINESS_OBX_CODES,
  type MappingSettings,
  type ReadinessSource,
} from './mapping/settings';
export { Hl7Document } from './hl7/message';
export { Hl7ContentError, HL7_CONDITIONS, type Hl7Condition, type Hl7Location } from './hl7/errors';
export { buildAck, type Acknowledgement, type AckCode } from './ack/ack';
export { acknowledgementOf } from './ack/outcome';
export {
  MllpServer,
  type MllpServerOptions,
  type MllpHandler,
  type MllpPeer,
  type MllpRefusal,
} from './mllp/server';
export {
  readMllpTls,
  organisationOf,
  CERTIFICATE_ORG_ATTRIBUTES,
  type CertificateOrgAttribute,
  type MllpTls,
  type MllpTlsSettings,
} from './mllp/tls';
export { SenderMismatchError, SENDER_MISMATCH_REASON, type AuthenticatedSender } from './ingest/sender';
export { MllpDecoder, mllpFrame, type MllpItem } from './mllp/decoder';
export { MllpClient, type MllpClientTls } from './mllp/client';
