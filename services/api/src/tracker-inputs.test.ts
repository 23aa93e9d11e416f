import type { readModels } from '@homefirst/schemas';
import type { Visibility } from './auth/principal';
import { awaitingPackageEntry } from './testing/queue-entry';
import { byDeadline, visibleEpisodes, type TrackerInputs } from './tracker-inputs';

const episode = (personKey: string, trust: string, deadline: string): readModels.TrackerEpisode => ({
  episodeId: `${personKey}:S1`,
  personKey,
  spellId: 'S1',
  trust,
  site: `${trust}01`,
  ward: 'W1',
  location: null,
  pathway: 'P1',
  dischargeReadyDate: deadline.slice(0, 10),
  readyAt: deadline,
  deadline,
  providerSourcedAt: null,
  delay: { reason: 'AWAITING_P1_NEW_PACKAGE', attribution: 'SOCIAL_CARE' },
  endedAt: null,
  ending: null,
  actualPathway: null,
});

const place = (trust: string, nhsNumber: string) => ({
  nhsNumber,
  spellId: 'S1',
  trust,
  site: `${trust}01`,
  ward: 'W1',
  pathway: 'P1' as const,
});

const inputs: TrackerInputs = {
  episodes: [
    episode('a', 'RHF', '2025-03-02T10:00:00.000Z'),
    episode('b', 'RXN', '2025-03-01T10:00:00.000Z'),
    episode('c', 'RHF', '2025-03-03T10:00:00.000Z'),
  ],
  entries: new Map([
    [
      'a',
      {
        ...awaitingPackageEntry('a', '2025-03-01T09:00:00.000Z', place('RHF', '9434765919')),
        council: 'E08000012',
      },
    ],
    [
      'b',
      {
        ...awaitingPackageEntry('b', '2025-03-01T09:00:00.000Z', place('RXN', '9434765870')),
        council: 'E08000011',
      },
    ],
  ]),
};

const who = (v: Partial<Visibility>): Visibility => ({
  trustOrg: null,
  councilOrg: null,
  pseudonymised: false,
  ...v,
});

describe('visibleEpisodes', () => {
  it('given a trust, then only its own episodes, with NHS numbers where the queue has them', () => {
    const { episodes, nhsByPerson } = visibleEpisodes(inputs, who({ trustOrg: 'RHF' }));
    expect(episodes.map((e) => e.personKey)).toEqual(['a', 'c']);
    expect(nhsByPerson.get('a')).toBe('9434765919');
    expect(nhsByPerson.has('c')).toBe(false);
  });

  it('given a council, then only the episodes of people referred to it', () => {
    const { episodes, nhsByPerson } = visibleEpisodes(inputs, who({ councilOrg: 'E08000011' }));
    expect(episodes.map((e) => e.personKey)).toEqual(['b']);
    expect([...nhsByPerson.keys()]).toEqual(['b']);
  });

  it('given an analyst, then every episode and no NHS number', () => {
    const { episodes, nhsByPerson } = visibleEpisodes(inputs, who({ pseudonymised: true }));
    expect(episodes).toHaveLength(3);
    expect(nhsByPerson.size).toBe(0);
  });

  it('orders by deadline, then episode id', () => {
    expect([...inputs.episodes].sort(byDeadline).map((e) => e.personKey)).toEqual(['b', 'a', 'c']);
  });
});
