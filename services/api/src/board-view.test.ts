import * as view from '../board/board-view';

// The board's pure view logic (board/board-view.js, served to the browser as is).

const row = (personKey: string, site: string, ward: string, daysWaiting: number, delayReason = 'X') => ({
  personKey,
  site,
  ward,
  daysWaiting,
  delayReason,
});

describe('the board view logic', () => {
  it('writes codes in the domain capitalisation: P1 and NHS, not p1 and nhs', () => {
    expect(view.label('AWAITING_P1_NEW_PACKAGE')).toBe('Awaiting P1 new package');
    expect(view.label('at_risk')).toBe('At risk');
    expect(view.label('NHS')).toBe('NHS');
    expect(view.label('AWAITING_CHC_DECISION')).toBe('Awaiting CHC decision');
    expect(view.label('-')).toBe('None');
    expect(view.whoseAction('SOCIAL_CARE')).toBe('Social care (the council)');
    expect(
      view.readableSummary(
        'Ready from 2025-03-01, pathway P1, waiting: AWAITING_P1_NEW_PACKAGE (SOCIAL_CARE)',
      ),
    ).toBe('Ready from 2025-03-01, pathway P1, waiting: Awaiting P1 new package (Social care)');
    expect(view.readableSummary('Provider 1-2094837561 sourced, starting 2025-03-07')).toBe(
      'Provider 1-2094837561 sourced, starting 2025-03-07',
    );
    expect([view.people(1), view.people(3)]).toEqual(['1 person', '3 people']);
  });

  it('keeps filters, sort, view and mode in the query string, and reads back the same state', () => {
    const state = view.parseState(
      '?view=tracker&ward=W7&pathway=P1&status=at_risk&days=21%2B&sort=ward&mode=wall',
    );
    expect(state).toEqual({
      view: 'tracker',
      sort: 'ward',
      mode: 'wall',
      ward: 'W7',
      pathway: 'P1',
      status: 'at_risk',
      days: '21+',
    });
    expect(view.parseState(view.stateToSearch(state))).toEqual(state);
    expect(view.stateToSearch(view.parseState(''))).toBe('');
    expect(view.apiFilters(state).toString()).toBe('ward=W7&pathway=P1');
  });

  it('drops values it does not know instead of passing them on', () => {
    expect(view.parseState('?view=admin&status=lost&days=99&ward=<script>&sort=x')).toEqual({
      view: 'queue',
      sort: 'wait',
      mode: 'normal',
    });
  });

  it('given the 21+ day cohort in the URL, then the queue is asked for exactly it (the facets keep the index filters only)', () => {
    const state = view.parseState('?ward=W7&longDelay=true');
    expect(state.longDelay).toBe('true');
    expect(view.stateToSearch(state)).toBe('?ward=W7&longDelay=true');
    expect(view.queueParams(state).toString()).toBe('ward=W7&longDelay=true');
    expect(view.apiFilters(state).toString()).toBe('ward=W7');
    expect(view.parseState('?longDelay=yes').longDelay).toBeUndefined();
    expect(view.queueParams(view.parseState('')).toString()).toBe('');
  });

  it('filters by 48-hour status and days band, sorts, and counts each value under the other filter', () => {
    const items = [
      row('a', 'S1', 'W2', 1),
      row('b', 'S1', 'W1', 25),
      row('c', 'S2', 'W1', 8),
      row('d', 'S1', 'W1', 3),
    ];
    const status = new Map([
      ['a', 'at_risk'],
      ['b', 'breached'],
      ['c', 'breached'],
      ['d', 'on_track'],
    ]);
    const base = view.parseState('');
    expect(view.filterAndSort(items, status, base).map((i) => i.personKey)).toEqual(['b', 'c', 'd', 'a']);
    expect(
      view.filterAndSort(items, status, { ...base, status: 'breached' }).map((i) => i.personKey),
    ).toEqual(['b', 'c']);
    expect(view.filterAndSort(items, status, { ...base, days: '2-7' }).map((i) => i.personKey)).toEqual([
      'd',
    ]);
    expect(view.filterAndSort(items, status, { ...base, sort: 'ward' }).map((i) => i.personKey)).toEqual([
      'b',
      'd',
      'a',
      'c',
    ]);
    expect(view.clientFacets(items, status, { ...base, status: 'breached' })).toEqual({
      status: { at_risk: 1, breached: 2, on_track: 1 },
      days: { '21+': 1, '7-14': 1 },
    });
  });
});

describe('the board figures and layouts', () => {
  it('gives headline figures that add up to the people waiting, with late endings apart', () => {
    expect(view.headline(10, { breached: 3, at_risk: 2, on_track: 5 }, 7)).toEqual({
      waiting: 10,
      breachedNow: 3,
      atRiskNow: 2,
      onTrackNow: 5,
      endedLate7d: 7,
      addsUp: true,
    });
    expect(view.headline(10, { breached: 3 }, 0).addsUp).toBe(false);
  });

  it('counts down to the deadline and says how long past once breached', () => {
    expect(view.countdown(31.3333)).toBe('31 h 20 min left');
    expect(view.countdown(-5.5)).toBe('5 h 30 min past');
    expect(view.countdown(-50)).toBe('2 d 2 h past');
    expect(view.countdown(null)).toBe('');
  });

  it('puts at-risk episodes first (soonest deadline first), then breached (longest past first), ended ones out', () => {
    const episodes = [
      { personKey: 'late', status: 'breached', hoursLeft: -2 },
      { personKey: 'calm', status: 'on_track', hoursLeft: 30 },
      { personKey: 'soon', status: 'at_risk', hoursLeft: 3 },
      { personKey: 'later', status: 'at_risk', hoursLeft: 9 },
      { personKey: 'oldest', status: 'breached', hoursLeft: -40 },
      { personKey: 'done', status: 'met', hoursLeft: null },
    ];
    expect(view.fortyEightHourOrder(episodes).map((e) => e.personKey)).toEqual([
      'soon',
      'later',
      'oldest',
      'late',
      'calm',
    ]);
  });

  it('lays the board round out one page per ward, each longest wait first', () => {
    const pages = view.wardPages([row('a', 'S1', 'W2', 1), row('b', 'S1', 'W1', 2), row('c', 'S1', 'W1', 9)]);
    expect(pages.map((p) => [p.ward, p.items.map((i) => i.personKey)])).toEqual([
      ['W1', ['c', 'b']],
      ['W2', ['a']],
    ]);
  });
});
