import {
  DEFAULT_CLOCK_SKEW_TOLERANCE_MS,
  type DelayReason,
  NHS_NUMBER_POLICY_WITH_TEST_NUMBERS,
  type NhsNumberPolicy,
} from '@homefirst/schemas';

/**
 * What a deployment can change about the mapping (see README "Configuration"). Pure data: the mapping
 * reads it and never looks at the environment itself.
 */

/** Where discharge readiness (DRD, pathway, delay reason) is read from. */
export type ReadinessSource = 'zsegment' | 'obx' | 'both';

/** The local OBX-3 codes that carry each readiness item when the trust sends them as observations. */
export interface ReadinessObxCodes {
  readonly readyAt: string;
  readonly status: string;
  readonly pathway: string;
  readonly delayReason: string;
  readonly criterion: string;
  readonly attribution: string;
}

export interface MappingSettings {
  /** ODS code used when MSH-4 is empty or not an ODS code (HOMEFIRST_HL7_DEFAULT_ODS). */
  readonly defaultOrgCode: string | null;
  /** MSH-4 values (upper case) that name a facility rather than give its ODS code, mapped to the ODS code. */
  readonly facilityOrgCodes: ReadonlyMap<string, string>;
  /** IANA zone of times sent without an offset (HOMEFIRST_HL7_TIMEZONE, default Europe/London). */
  readonly timeZone: string;
  /**
   * How far two times of one message may be in the wrong order (discharge before admission…) before the
   * message is refused; within it the events carry a CLOCK_SKEW flag (HOMEFIRST_CLOCK_SKEW_TOLERANCE).
   */
  readonly clockSkewToleranceMs: number;
  readonly readiness: {
    readonly source: ReadinessSource;
    /** Name of the Z-segment (default ZDR). */
    readonly segment: string;
    readonly obxCodes: ReadinessObxCodes;
    /**
     * The trust's own delay-reason codes → hub codes (HOMEFIRST_HL7_DELAY_REASON_CODES, upper-case keys);
     * read before the hub codes, so old and local feeds keep working (docs/delay-reasons.md). None by default.
     */
    readonly delayReasonCodes?: ReadonlyMap<string, DelayReason>;
  };
  /** Whether 999 test NHS numbers are taken (hub config HOMEFIRST_ACCEPT_TEST_NHS_NUMBERS). */
  readonly nhsNumbers: NhsNumberPolicy;
}

export const DEFAULT_READINESS_OBX_CODES: ReadinessObxCodes = {
  readyAt: 'HF-DRD',
  status: 'HF-NCTR',
  pathway: 'HF-PATHWAY',
  delayReason: 'HF-DELAY',
  criterion: 'HF-CTR',
  attribution: 'HF-ATTRIBUTION',
};

export const DEFAULT_MAPPING_SETTINGS: MappingSettings = {
  defaultOrgCode: null,
  facilityOrgCodes: new Map(),
  timeZone: 'Europe/London',
  clockSkewToleranceMs: DEFAULT_CLOCK_SKEW_TOLERANCE_MS,
  readiness: {
    source: 'both',
    segment: 'ZDR',
    obxCodes: DEFAULT_READINESS_OBX_CODES,
    delayReasonCodes: new Map(),
  },
  nhsNumbers: NHS_NUMBER_POLICY_WITH_TEST_NUMBERS,
};
