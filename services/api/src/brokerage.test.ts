import type { readModels } from '@homefirst/schemas';
import { brokerageOf, plannedStartOf } from './brokerage';

// Given a person's journey events, then the brokerage state a council's team sees.

const COUNCIL = 'E08000012';
type Line = Pick<readModels.JourneyEvent, 'at' | 'stream' | 'type' | 'orgCode' | 'summary'>;
const council = (type: readModels.JourneyEvent['type'], at: string, summary = '', org = COUNCIL): Line => ({
  at,
  stream: 'council',
  type,
  orgCode: org,
  summary,
});
const admitted: Line = {
  at: '2025-03-01T08:00:00.000Z',
  stream: 'hospital',
  type: 'PatientAdmitted',
  orgCode: 'RXN',
  summary: 'Admitted',
};

describe('brokerageOf', () => {
  it('given no council event, then the person awaits a referral', () => {
    expect(brokerageOf([admitted], COUNCIL)).toEqual({
      state: 'awaiting_referral',
      since: null,
      referralReceivedAt: null,
      offers: 0,
      declines: 0,
      plannedStart: null,
    });
  });

  it('given a referral, offers, a decline and a sourced package, then sourced with its start date and the offer counts', () => {
    const state = brokerageOf(
      [
        admitted,
        council('ReferralReceived', '2025-03-02T09:00:00.000Z'),
        council('AssessmentCompleted', '2025-03-02T15:00:00.000Z'),
        council('PackageRequested', '2025-03-03T09:00:00.000Z'),
        council('ProviderOffered', '2025-03-03T10:00:00.000Z'),
        council('ProviderDeclined', '2025-03-03T12:00:00.000Z'),
        council('ProviderOffered', '2025-03-03T13:00:00.000Z'),
        council('PackageSourced', '2025-03-04T09:00:00.000Z', 'Provider PRV2 sourced, starting 2025-03-06'),
      ],
      COUNCIL,
    );
    expect(state).toEqual({
      state: 'sourced',
      since: '2025-03-04T09:00:00.000Z',
      referralReceivedAt: '2025-03-02T09:00:00.000Z',
      offers: 2,
      declines: 1,
      plannedStart: '2025-03-06',
    });
  });

  it('given a decline last, then declined (the team must find another provider)', () => {
    const state = brokerageOf(
      [
        council('ReferralReceived', '2025-03-02T09:00:00.000Z'),
        council('PackageRequested', '2025-03-03T09:00:00.000Z'),
        council('ProviderOffered', '2025-03-03T10:00:00.000Z'),
        council('ProviderDeclined', '2025-03-03T12:00:00.000Z'),
      ],
      COUNCIL,
    );
    expect(state).toMatchObject({ state: 'declined', offers: 1, declines: 1 });
  });

  it("given another council's events, then they do not count", () => {
    const state = brokerageOf(
      [
        council('ReferralReceived', '2025-03-02T09:00:00.000Z'),
        council('PackageSourced', '2025-03-04T09:00:00.000Z', 'starting 2025-03-06', 'E08000011'),
      ],
      COUNCIL,
    );
    expect(state).toMatchObject({ state: 'awaiting_assessment', plannedStart: null });
  });

  it('given a second referral, then the counts restart under it', () => {
    const state = brokerageOf(
      [
        council('ReferralReceived', '2025-03-01T09:00:00.000Z'),
        council('ProviderOffered', '2025-03-01T10:00:00.000Z'),
        council('ReferralCancelled', '2025-03-01T11:00:00.000Z'),
        council('ReferralReceived', '2025-03-05T09:00:00.000Z'),
        council('AssessmentScheduled', '2025-03-05T10:00:00.000Z'),
      ],
      COUNCIL,
    );
    expect(state).toMatchObject({
      state: 'assessment_booked',
      referralReceivedAt: '2025-03-05T09:00:00.000Z',
      offers: 0,
    });
  });

  it('reads the planned start from a sourced line, and null from a line without one', () => {
    expect(plannedStartOf('Provider P1 sourced, starting 2025-04-01')).toBe('2025-04-01');
    expect(plannedStartOf('Provider P1 sourced')).toBeNull();
  });
});
