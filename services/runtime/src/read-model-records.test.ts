import type { readModels } from '@homefirst/schemas';
import { journeyRecord, queueEntryRecord, trackerEpisodeRecord } from './read-model-records';
import { parseStoredRecord, storedJson } from './stored-record';

const entry: readModels.QueueEntry = {
  personKey: 'q3Jt0mZ8n1XcYb2Wd4Lk7A',
  nhsNumber: '9434765919',
  episodeId: 'q3Jt0mZ8n1XcYb2Wd4Lk7A:V000123:2025-01-06T09:30:00.000Z',
  spellId: 'V000123',
  trust: 'RXN',
  site: 'RXN02',
  ward: 'WARD7',
  bed: null,
  pathway: 'P1',
  dischargeReadyDate: '2025-01-06',
  readySince: '2025-01-06T09:30:00.000Z',
  deadline: '2025-01-08T09:30:00.000Z',
  delayReason: 'AWAITING_ASSESSMENT',
  sitrepReason: 'AWAITING_P1_NEW_PACKAGE',
  delayReasonSource: 'DERIVED',
  delayReasonSince: '2025-01-06T11:00:00.000Z',
  attribution: 'SOCIAL_CARE',
  council: 'E08000012',
  referralId: 'REF-1',
  providerSourcedAt: null,
  expectedDischargeDate: null,
  onLeave: false,
  admittedAt: '2025-01-01T10:00:00.000Z',
};

const journey: readModels.Journey = {
  personKey: entry.personKey,
  nhsNumber: null,
  mergedFrom: [],
  events: [
    {
      at: '2025-01-01T10:00:00.000Z',
      stream: 'hospital',
      type: 'PatientAdmitted',
      eventId: 'e1',
      orgCode: 'RXN',
      summary: 'Admitted to WARD7',
    },
  ],
  awayPeriods: [
    {
      spellId: 'V000123',
      from: '2025-01-01T10:00:00.000Z',
      to: null,
      endedBy: null,
      includesIntermediateCare: false,
      destination: null,
    },
  ],
};

describe('read-model records', () => {
  it('given a queue entry as the projector wrote it before versions, then it reads unchanged', () => {
    expect(parseStoredRecord(queueEntryRecord, 'rm:v1:queue:entry', JSON.stringify(entry))).toEqual(entry);
  });

  it('given a queue entry written before the hub recorded when its reason began, then it reads with that unknown (null)', () => {
    const { delayReasonSince: _since, ...older } = entry;
    expect(parseStoredRecord(queueEntryRecord, 'k', JSON.stringify(older))).toEqual({
      ...entry,
      delayReasonSince: null,
    });
  });

  it('given a queue entry and a journey written with their version, then they read without it', () => {
    expect(parseStoredRecord(queueEntryRecord, 'k', storedJson(queueEntryRecord, entry))).toEqual(entry);
    expect(parseStoredRecord(journeyRecord, 'k', storedJson(journeyRecord, journey))).toEqual(journey);
  });

  it('given a value outside the contract vocabulary, then the error names the field', () => {
    const text = JSON.stringify({ ...entry, pathway: 'P9' });
    expect(() => parseStoredRecord(queueEntryRecord, 'rm:v1:queue:entry p', text)).toThrow(
      'Stored queue entry at rm:v1:queue:entry p is unreadable: pathway: invalid_value',
    );
  });

  it('given a tracker episode missing its fields, then it is refused naming the first few', () => {
    const text = JSON.stringify({ episodeId: 'e', personKey: 'p' });
    expect(() => parseStoredRecord(trackerEpisodeRecord, 'k', text)).toThrow(/spellId: invalid_type; trust/);
  });
});
