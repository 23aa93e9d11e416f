// The board's pure view logic: no DOM, no fetch, no clock (callers pass `now`). Served as is to the browser
// (window.HomefirstBoardView) and required by the unit tests (board-view.d.ts gives the types).
'use strict';
(function (root) {
  /** The board's views, filters and modes, as kept in the URL's query string. */
  const VIEWS = ['queue', 'tracker', 'council'];
  const FILTERS = ['site', 'ward', 'pathway', 'reason', 'council', 'status', 'days', 'longDelay'];
  const SORTS = ['wait', 'wait-asc', 'ward', 'reason'];
  /** Days-waiting bands (from the discharge ready date), as the national DRD timeliness bands group them. */
  const DAY_BANDS = [
    { value: '0-2', label: 'Under 2 days', min: 0, max: 2 },
    { value: '2-7', label: '2 to 6 days', min: 2, max: 7 },
    { value: '7-14', label: '7 to 13 days', min: 7, max: 14 },
    { value: '14-21', label: '14 to 20 days', min: 14, max: 21 },
    { value: '21+', label: '21 days or more', min: 21, max: Infinity },
  ];
  const STATUSES = ['breached', 'at_risk', 'on_track'];

  /** Words the domain writes in capitals (pathways, bodies, measures). */
  const UPPER = new Set(['P0', 'P1', 'P2', 'P3', 'NHS', 'CHC', 'DRD', 'NCTR', 'ICB', 'LA', 'AHP', 'GP']);

  /** A code as people read it: AWAITING_P1_NEW_PACKAGE → "Awaiting P1 new package", at_risk → "At risk". */
  function label(code) {
    if (code === null || code === undefined || code === '') return '';
    if (code === '-') return 'None';
    const words = String(code)
      .split(/[_\s]+/)
      .filter(Boolean);
    return words
      .map((word, i) => {
        const upper = word.toUpperCase();
        if (UPPER.has(upper)) return upper;
        const lower = word.toLowerCase();
        return i === 0 ? lower.charAt(0).toUpperCase() + lower.slice(1) : lower;
      })
      .join(' ');
  }

  /**
   * A journey line with its codes in words: "waiting: AWAITING_P1_NEW_PACKAGE (SOCIAL_CARE)" →
   * "waiting: Awaiting P1 new package (Social care)". Codes are upper-case words joined by underscores.
   */
  function readableSummary(summary) {
    return String(summary).replace(/\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b/g, (code) => label(code));
  }

  /** "1 person", "3 people". */
  const people = (n) => `${n} ${n === 1 ? 'person' : 'people'}`;

  /** Whose action the delay waits on, from the queue's attribution. */
  function whoseAction(attribution) {
    switch (attribution) {
      case 'NHS':
        return 'NHS (the trust)';
      case 'SOCIAL_CARE':
        return 'Social care (the council)';
      case 'BOTH':
        return 'NHS and social care';
      default:
        return label(attribution);
    }
  }

  /** The board's state from a query string (unknown keys and values dropped). */
  function parseState(search) {
    const params = new URLSearchParams(search);
    const state = { view: 'queue', sort: 'wait', mode: 'normal' };
    const view = params.get('view');
    if (VIEWS.includes(view)) state.view = view;
    const sort = params.get('sort');
    if (SORTS.includes(sort)) state.sort = sort;
    if (params.get('mode') === 'wall') state.mode = 'wall';
    for (const f of FILTERS) {
      const v = params.get(f);
      if (v !== null && /^[A-Za-z0-9 ._+-]{1,40}$/.test(v)) state[f] = v;
    }
    if (state.status !== undefined && !STATUSES.includes(state.status)) delete state.status;
    if (state.days !== undefined && !DAY_BANDS.some((b) => b.value === state.days)) delete state.days;
    if (state.longDelay !== undefined && state.longDelay !== 'true') delete state.longDelay;
    return state;
  }

  /** The query string of a state: defaults left out, keys in a fixed order (a link opens the same view). */
  function stateToSearch(state) {
    const params = new URLSearchParams();
    if (state.view && state.view !== 'queue') params.set('view', state.view);
    for (const f of FILTERS) if (state[f] !== undefined && state[f] !== '') params.set(f, state[f]);
    if (state.sort && state.sort !== 'wait') params.set('sort', state.sort);
    if (state.mode === 'wall') params.set('mode', 'wall');
    const text = params.toString();
    return text === '' ? '' : `?${text}`;
  }

  /** The API's queue filters of a state (the ones the projector indexes). */
  function apiFilters(state) {
    const params = new URLSearchParams();
    for (const f of ['site', 'ward', 'pathway', 'reason', 'council'])
      if (state[f] !== undefined) params.set(f, state[f]);
    return params;
  }

  /**
   * The API's queue query of a state: the index filters, and `longDelay=true` for the 21+ day cohort (the
   * API lists exactly the people 21+ days past their discharge ready date, not only the rows loaded here).
   */
  function queueParams(state) {
    const params = apiFilters(state);
    if (state.longDelay === 'true') params.set('longDelay', 'true');
    return params;
  }

  function dayBandOf(days) {
    const band = DAY_BANDS.find((b) => days >= b.min && days < b.max);
    return band ? band.value : DAY_BANDS[DAY_BANDS.length - 1].value;
  }

  /** The 48-hour status and days-waiting filters (applied to the loaded rows), then the sort. */
  function filterAndSort(items, statusByPerson, state) {
    const kept = items.filter(
      (item) =>
        (state.status === undefined || statusByPerson.get(item.personKey) === state.status) &&
        (state.days === undefined || dayBandOf(item.daysWaiting) === state.days),
    );
    const byText = (a, b) => String(a ?? '').localeCompare(String(b ?? ''));
    const sorted = kept.slice();
    switch (state.sort) {
      case 'wait-asc':
        sorted.sort((a, b) => a.daysWaiting - b.daysWaiting);
        break;
      case 'ward':
        sorted.sort(
          (a, b) => byText(a.site, b.site) || byText(a.ward, b.ward) || b.daysWaiting - a.daysWaiting,
        );
        break;
      case 'reason':
        sorted.sort((a, b) => byText(a.delayReason, b.delayReason) || b.daysWaiting - a.daysWaiting);
        break;
      default:
        sorted.sort((a, b) => b.daysWaiting - a.daysWaiting);
    }
    return sorted;
  }

  /** Counts per 48-hour status and per days band of the loaded rows, each under the other client filter. */
  function clientFacets(items, statusByPerson, state) {
    const status = {};
    const days = {};
    for (const item of items) {
      const s = statusByPerson.get(item.personKey);
      const band = dayBandOf(item.daysWaiting);
      if (s !== undefined && (state.days === undefined || band === state.days))
        status[s] = (status[s] || 0) + 1;
      if (state.status === undefined || s === state.status) days[band] = (days[band] || 0) + 1;
    }
    return { status, days };
  }

  /**
   * The headline figures, each saying what it counts: the people waiting now split by their 48-hour status
   * (the three add up to the people waiting), and, apart, the episodes that ended late in the last 7 days.
   */
  function headline(waiting, openCounts, endedLate7d) {
    const split = (openCounts.breached || 0) + (openCounts.at_risk || 0) + (openCounts.on_track || 0);
    return {
      waiting,
      breachedNow: openCounts.breached || 0,
      atRiskNow: openCounts.at_risk || 0,
      onTrackNow: openCounts.on_track || 0,
      endedLate7d,
      addsUp: split === waiting,
    };
  }

  /** A 48-hour countdown: "31 h 20 min left", or "5 h 10 min past" once breached. */
  function countdown(hoursLeft) {
    if (hoursLeft === null || hoursLeft === undefined) return '';
    const minutes = Math.round(Math.abs(hoursLeft) * 60);
    const days = Math.floor(minutes / 1440);
    const hours = Math.floor((minutes % 1440) / 60);
    const mins = minutes % 60;
    // Within the 48 hours in hours and minutes; beyond them in days and hours.
    const parts = minutes >= 48 * 60 ? `${days} d ${hours} h` : `${Math.floor(minutes / 60)} h ${mins} min`;
    return hoursLeft >= 0 ? `${parts} left` : `${parts} past`;
  }

  /** The 48-hour view: at risk first (soonest deadline first), then breached (longest past first), then on track. */
  function fortyEightHourOrder(episodes) {
    const rank = { at_risk: 0, breached: 1, on_track: 2 };
    return episodes
      .filter((e) => e.hoursLeft !== null && rank[e.status] !== undefined)
      .slice()
      .sort((a, b) => {
        if (rank[a.status] !== rank[b.status]) return rank[a.status] - rank[b.status];
        return a.hoursLeft - b.hoursLeft;
      });
  }

  /** The morning board round: one page per ward (site order, then ward), each longest wait first. */
  function wardPages(items) {
    const pages = new Map();
    for (const item of items) {
      const key = `${item.site ?? '-'} / ${item.ward ?? '-'}`;
      if (!pages.has(key)) pages.set(key, { site: item.site, ward: item.ward, items: [] });
      pages.get(key).items.push(item);
    }
    return [...pages.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([, page]) => ({
        ...page,
        items: page.items.slice().sort((a, b) => b.daysWaiting - a.daysWaiting),
      }));
  }

  const BROKERAGE_LABELS = {
    awaiting_referral: 'Awaiting referral',
    awaiting_assessment: 'Awaiting assessment',
    assessment_booked: 'Assessment booked',
    assessed: 'Assessed, package not yet requested',
    package_requested: 'Package requested',
    offered: 'Offered to a provider',
    declined: 'Declined by a provider',
    sourced: 'Package sourced',
    started: 'Care started',
    cancelled: 'Referral cancelled',
  };
  const brokerageLabel = (state) => BROKERAGE_LABELS[state] || label(state);

  const api = {
    DAY_BANDS,
    STATUSES,
    label,
    readableSummary,
    people,
    whoseAction,
    parseState,
    stateToSearch,
    apiFilters,
    queueParams,
    dayBandOf,
    filterAndSort,
    clientFacets,
    headline,
    countdown,
    fortyEightHourOrder,
    wardPages,
    brokerageLabel,
  };
  if (typeof module === 'object' && module.exports) module.exports = api;
  else root.HomefirstBoardView = api;
})(typeof window === 'undefined' ? globalThis : window);
