import { dischargeDelay, location, pathway } from './common';
import { avroNamespace, field, optional, timestampMillis } from './builders';

/** 48-hour alerts derived by the hub. Pseudonymous: no NHS number, only the envelope personKey. */
export const ALERTS = 'uk.homefirst.alerts';
const alerts = avroNamespace(ALERTS);

const fields = [
  field('spellId', 'string', 'Hospital provider spell the readiness episode belongs to.'),
  field('orgCode', 'string', 'ODS code of the trust.'),
  field('readyAt', timestampMillis, 'Start of the 48-hour clock (NCTR time, else the start of the DRD).'),
  field('deadlineAt', timestampMillis, 'readyAt + 48 hours.'),
  field('pathway', pathway, 'Proposed pathway at the time of the alert.'),
  optional('location', location, 'Last known location in hospital.'),
  optional('delay', dischargeDelay, 'Last known delay reason.'),
];

export const dischargeDeadlineAtRisk = alerts.record(
  'DischargeDeadlineAtRisk',
  'A person ready for discharge is close to 48 hours without leaving. occurredAt = when the hub raised it.',
  fields,
);

export const dischargeDeadlineBreached = alerts.record(
  'DischargeDeadlineBreached',
  'A person ready for discharge has waited more than 48 hours. occurredAt = the deadline.',
  fields,
);

export const alertEvents = [dischargeDeadlineAtRisk, dischargeDeadlineBreached] as const;
