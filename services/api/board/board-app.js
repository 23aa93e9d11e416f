// The board's views: headline figures, filters kept in the URL with a count per value, the queue, the 48-hour
// view, the council's referrals, the patient panel, the printed board round and the wall-screen mode.
// Plain browser JavaScript, served as is. Sign-in, the authenticated fetch and the event stream live in
// board.js, which calls HomefirstBoard.refresh(api) on start and on every change the stream reports.
/* global Chart, HomefirstBoardView */
'use strict';
(function () {
  const V = HomefirstBoardView;
  const $ = (id) => document.getElementById(id);
  // The view is in the query string (a link opens the same view; sign-in returns to it).
  let state = V.parseState(location.search);
  let api = null;
  let openPerson = null;
  let lastQueue = [];
  /** The open 48-hour episodes of the last read, by person (the panel's countdown follows them). */
  let lastEpisodes = new Map();
  const charts = {};
  const seen = new Set();

  const text = (v) => (v === null || v === undefined ? '' : String(v));
  const when = (iso) =>
    iso ? new Date(iso).toLocaleString('en-GB', { dateStyle: 'short', timeStyle: 'short' }) : '';
  const money = (n) => `£${Math.round(n).toLocaleString('en-GB')}`;
  const patientOf = (item) => item.nhsNumber || `${item.personKey.slice(0, 8)}…`;

  function cell(content) {
    const td = document.createElement('td');
    if (content instanceof Node) td.appendChild(content);
    else td.textContent = text(content);
    return td;
  }

  function row(cells, className, key) {
    const tr = document.createElement('tr');
    if (className) tr.className = className;
    if (key) tr.dataset.key = key;
    for (const c of cells) tr.appendChild(cell(c));
    return tr;
  }

  function badge(status) {
    const span = document.createElement('span');
    span.className = `badge ${status}`;
    span.textContent = V.label(status);
    return span;
  }

  /** The patient cell: a button, so the panel opens from the keyboard as well as by clicking the row. */
  function personButton(item, context) {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'person';
    button.textContent = patientOf(item);
    button.setAttribute('aria-haspopup', 'dialog');
    button.addEventListener('click', (e) => {
      e.stopPropagation();
      openPanel(item, context, button);
    });
    return button;
  }

  /** The patient button of `personKey` in the view shown now, if any. */
  function personButtonOf(personKey) {
    for (const button of document.querySelectorAll(`tr[data-key] button.person`))
      if (button.closest('tr').dataset.key === personKey && button.offsetParent !== null) return button;
    return null;
  }

  /**
   * Re-renders a table's rows without losing the keyboard user's place: a live update replaces the rows,
   * so focus on a patient moves to the same patient's new button.
   */
  async function keepingFocus(render) {
    const focused = document.activeElement;
    const key = focused?.classList?.contains('person') ? focused.closest('tr')?.dataset.key : undefined;
    await render();
    if (key !== undefined && !focused.isConnected) personButtonOf(key)?.focus();
  }

  /* ── the URL ── */

  function setState(next) {
    state = next;
    history.replaceState(null, '', `${location.pathname}${V.stateToSearch(state)}`);
    document.dispatchEvent(new CustomEvent('homefirst:refresh'));
  }

  function showView() {
    const search = V.stateToSearch(state);
    if (location.search !== search) history.replaceState(null, '', `${location.pathname}${search}`);
    document.body.classList.toggle('wall', state.mode === 'wall');
    for (const view of ['queue', 'tracker', 'council']) $(`view-${view}`).hidden = state.view !== view;
    for (const link of document.querySelectorAll('#views a[data-view]')) {
      const next = { ...state, view: link.dataset.view };
      link.href = `${location.pathname}${V.stateToSearch(next)}`;
      if (link.dataset.view === state.view) link.setAttribute('aria-current', 'page');
      else link.removeAttribute('aria-current');
    }
    $('wall-link').href = `${location.pathname}${V.stateToSearch({ ...state, mode: 'wall' })}`;
    // The headline's 21+ day cohort: the same view with the cohort filter on.
    $('kpi-long-delay-link').href = `${location.pathname}${V.stateToSearch({ ...state, longDelay: 'true' })}`;
  }

  /* ── filters with a count per value ── */

  function fillSelect(id, allLabel, options, selected) {
    const select = $(id);
    const focused = document.activeElement === select;
    select.replaceChildren();
    const all = document.createElement('option');
    all.value = '';
    all.textContent = allLabel;
    select.appendChild(all);
    const values = options.slice();
    if (selected !== undefined && !values.some((o) => o.value === selected))
      values.push({ value: selected, count: 0 });
    for (const o of values) {
      const option = document.createElement('option');
      option.value = o.value;
      option.textContent = `${o.label ?? V.label(o.value)} (${o.count})`;
      if (o.value === selected) option.selected = true;
      select.appendChild(option);
    }
    if (focused) select.focus();
  }

  function renderFilters(facets, client) {
    const f = facets.facets;
    const keep = (values) => values.map((v) => ({ value: v.value, count: v.count, label: v.value }));
    fillSelect('f-site', `All sites (${facets.total})`, keep(f.site), state.site);
    fillSelect('f-ward', 'All wards', keep(f.ward), state.ward);
    fillSelect('f-pathway', 'All pathways', f.pathway, state.pathway);
    fillSelect('f-reason', 'All delay reasons', f.reason, state.reason);
    fillSelect('f-council', 'All councils', keep(f.council), state.council);
    // The 21+ day cohort under the other filters (the API counts it over the whole queue, not the rows loaded).
    fillSelect(
      'f-long-delay',
      'Any',
      [{ value: 'true', label: '21 days or more', count: facets.longDelayCount }],
      state.longDelay,
    );
    fillSelect(
      'f-status',
      'Any 48-hour status',
      V.STATUSES.map((s) => ({ value: s, count: client.status[s] || 0 })),
      state.status,
    );
    fillSelect(
      'f-days',
      'Any wait',
      V.DAY_BANDS.map((b) => ({ value: b.value, label: b.label, count: client.days[b.value] || 0 })),
      state.days,
    );
    $('f-sort').value = state.sort;
  }

  /* ── headline figures ── */

  function renderHeadline(waiting, longDelay, open, recent, kpis) {
    const h = V.headline(waiting, open.counts, recent.counts.breached - open.counts.breached);
    $('kpi-waiting').textContent = h.waiting;
    $('kpi-long-delay').textContent = longDelay;
    $('kpi-breached').textContent = h.breachedNow;
    $('kpi-at-risk').textContent = h.atRiskNow;
    $('kpi-on-track').textContent = h.onTrackNow;
    $('kpi-ended-late').textContent = h.endedLate7d;
    $('kpi-excess').textContent = kpis.excessBedDays.total.toFixed(0);
    $('kpi-cost').textContent = money(kpis.excessBedDays.costGbp);
    $('kpi-check').textContent = h.addsUp
      ? `${h.breachedNow} + ${h.atRiskNow} + ${h.onTrackNow} = ${V.people(h.waiting)} waiting, whatever the filters below.`
      : `The 48-hour split (${h.breachedNow + h.atRiskNow + h.onTrackNow}) and the people waiting (${h.waiting}) differ while the read models catch up.`;
  }

  /* ── the queue ── */

  function renderQueue(items, total, statusByPerson, hoursByPerson) {
    const body = $('queue').querySelector('tbody');
    body.replaceChildren();
    for (const item of items) {
      const status = statusByPerson.get(item.personKey) || '';
      const tr = row(
        [
          personButton(item, { status, hoursLeft: hoursByPerson.get(item.personKey) }),
          `${text(item.site)} / ${text(item.ward)}`,
          item.pathway,
          when(item.readySince),
          // The long-delay cohort (21+ days past the DRD) and internal delays over 48 hours, in words.
          `${item.daysWaiting.toFixed(1)}${item.longDelay ? ` · ${item.excessBedDays} days past DRD` : ''}`,
          `${V.label(item.delayReason)}${item.internalDelayOver48h ? ' · internal, over 48 h' : ''}`,
          V.whoseAction(item.attribution),
          status ? badge(status) : '',
        ],
        status,
        item.personKey,
      );
      tr.addEventListener('click', () => tr.querySelector('button.person')?.click());
      if (!seen.has(item.personKey) && seen.size > 0) tr.classList.add('fresh');
      body.appendChild(tr);
    }
    for (const item of items) seen.add(item.personKey);
    $('queue-total').textContent =
      items.length === total ? `(${total})` : `(${items.length} shown of ${total})`;
  }

  function renderTracker(episodes) {
    const body = $('tracker').querySelector('tbody');
    body.replaceChildren();
    for (const ep of V.fortyEightHourOrder(episodes)) {
      body.appendChild(
        row(
          [
            personButton(ep, { status: ep.status, hoursLeft: ep.hoursLeft }),
            text(ep.site),
            ep.pathway,
            when(ep.readyAt),
            when(ep.deadline),
            badge(ep.status),
            V.countdown(ep.hoursLeft),
          ],
          ep.status,
          ep.personKey,
        ),
      );
    }
  }

  async function renderCouncil(statusByPerson) {
    const body = $('referrals').querySelector('tbody');
    const council =
      (state.council ? `&council=${encodeURIComponent(state.council)}` : '') +
      (state.longDelay === 'true' ? '&longDelay=true' : '');
    let view;
    try {
      view = await api(`/api/v1/referrals?pageSize=200${council}`);
    } catch (e) {
      if (!/: 400$/.test(e.message)) throw e;
      body.replaceChildren();
      $('council-total').textContent = '';
      $('council-note').textContent = 'Choose a council in the filters to see the people referred to it.';
      return;
    }
    // The place filters, 48-hour status, days waiting and sort apply to the council's list as to the queue.
    const items = V.filterAndSort(
      view.items.filter(
        (i) =>
          (state.site === undefined || i.site === state.site) &&
          (state.ward === undefined || (i.ward ?? '-') === state.ward) &&
          (state.pathway === undefined || i.pathway === state.pathway),
      ),
      statusByPerson,
      state,
    );
    $('council-note').textContent = '';
    $('council-total').textContent =
      items.length === view.total ? `(${view.total})` : `(${items.length} shown of ${view.total})`;
    body.replaceChildren();
    for (const item of items) {
      const b = item.brokerage;
      body.appendChild(
        row(
          [
            personButton(item, {}),
            `${text(item.site)} / ${text(item.ward)}`,
            item.pathway,
            item.daysWaiting.toFixed(1),
            V.brokerageLabel(b.state),
            when(b.since),
            `${b.offers} / ${b.declines}`,
            text(b.plannedStart),
          ],
          `brokerage-${b.state}`,
          item.personKey,
        ),
      );
    }
  }

  /* ── the printed board round: one page per ward, longest wait first ── */

  function renderRound(items, statusByPerson) {
    const round = $('round');
    round.replaceChildren();
    const printed = new Date().toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
    for (const page of V.wardPages(items)) {
      const section = document.createElement('section');
      section.className = 'ward-page';
      const h = document.createElement('h2');
      h.textContent = `Board round — ${text(page.site) || 'unknown site'} ward ${text(page.ward) || 'unknown'}`;
      const p = document.createElement('p');
      p.textContent = `${V.people(page.items.length)} ready for discharge, longest wait first. Printed ${printed}.`;
      const table = document.createElement('table');
      const head = row([
        'Patient',
        'Pathway',
        'Days waiting',
        'Delay reason',
        'Whose action',
        '48 hours',
        'Notes',
      ]);
      for (const td of [...head.children]) {
        const th = document.createElement('th');
        th.scope = 'col';
        th.textContent = td.textContent;
        head.replaceChild(th, td);
      }
      const thead = document.createElement('thead');
      thead.appendChild(head);
      const tbody = document.createElement('tbody');
      for (const item of page.items)
        tbody.appendChild(
          row([
            patientOf(item),
            item.pathway,
            item.daysWaiting.toFixed(1),
            V.label(item.delayReason),
            V.whoseAction(item.attribution),
            V.label(statusByPerson.get(item.personKey) || ''),
            '',
          ]),
        );
      table.append(thead, tbody);
      section.append(h, p, table);
      round.appendChild(section);
    }
  }

  /* ── the patient panel (each open reads the journey, which the API audits) ── */

  function fact(list, term, value) {
    const dt = document.createElement('dt');
    dt.textContent = term;
    const dd = document.createElement('dd');
    dd.textContent = text(value);
    list.append(dt, dd);
  }

  async function loadPanel() {
    if (openPerson === null) return;
    const { item, context } = openPerson;
    const journey = await api(`/api/v1/people/${encodeURIComponent(item.personKey)}/journey`);
    if (openPerson === null || openPerson.item.personKey !== item.personKey) return;
    const queued = lastQueue.find((q) => q.personKey === item.personKey) || item;
    $('panel-title').textContent = `Patient ${patientOf(item)}`;
    const facts = $('panel-facts');
    facts.replaceChildren();
    fact(facts, 'Current blocker', queued.delayReason ? V.label(queued.delayReason) : 'None recorded');
    fact(facts, 'Whose action', queued.attribution ? V.whoseAction(queued.attribution) : '');
    fact(
      facts,
      'Days away from home',
      journey.daysAwayFromHome === null ? 'unknown' : journey.daysAwayFromHome.toFixed(1),
    );
    const episode = lastEpisodes.get(item.personKey) || context;
    const status = episode.status || '';
    fact(
      facts,
      '48 hours',
      episode.hoursLeft === undefined || episode.hoursLeft === null
        ? V.label(status) || 'No open readiness episode'
        : `${V.label(status)}: ${V.countdown(episode.hoursLeft)}`,
    );
    const list = $('panel-journey');
    list.replaceChildren();
    for (const event of journey.events) {
      const li = document.createElement('li');
      li.className = event.stream;
      const time = document.createElement('time');
      time.dateTime = event.at;
      time.textContent = when(event.at);
      const side = document.createElement('span');
      side.className = 'stream';
      side.textContent = event.stream === 'council' ? 'Council' : 'Hospital';
      const summary = document.createElement('span');
      summary.textContent = V.readableSummary(event.summary);
      li.append(time, side, summary);
      list.appendChild(li);
    }
  }

  function openPanel(item, context, opener) {
    openPerson = { item, context, opener };
    const dialog = $('panel');
    loadPanel()
      .then(() => {
        if (!dialog.open) dialog.showModal();
        $('panel-close').focus();
      })
      .catch((e) => {
        $('status').textContent = `error: ${e.message}`;
      });
  }

  $('panel').addEventListener('close', () => {
    const opener = openPerson?.opener;
    const key = openPerson?.item.personKey;
    openPerson = null;
    // Back to the patient it was opened from (its row may have been re-rendered by a live update meanwhile).
    const target = opener && opener.isConnected ? opener : key !== undefined ? personButtonOf(key) : null;
    target?.focus();
  });
  $('panel-close').addEventListener('click', () => $('panel').close());

  /* ── controls ── */

  $('filters').addEventListener('change', (e) => {
    const { name, value } = e.target;
    const next = { ...state };
    if (value === '') delete next[name];
    else next[name] = value;
    setState(next);
  });
  $('clear-filters').addEventListener('click', () =>
    setState({ view: state.view, sort: 'wait', mode: state.mode }),
  );
  $('print-round').addEventListener('click', () => window.print());

  /* ── charts ── */

  function chart(id, config) {
    if (charts[id]) {
      charts[id].data = config.data;
      charts[id].update('none');
    } else {
      charts[id] = new Chart($(id), {
        ...config,
        options: { animation: false, responsive: true, ...(config.options || {}) },
      });
    }
  }

  function renderCharts(kpis, queue, weekly, drd) {
    // DRD timeliness (NHS England's monthly measure): discharges by days from the DRD to the discharge.
    chart('chart-drd', {
      type: 'bar',
      data: {
        labels: drd.total.bands.map((b) => (b.band === '0' ? 'On the DRD' : `${b.band} days`)),
        datasets: [
          {
            label: 'Discharges',
            data: drd.total.bands.map((b) => b.stays),
            backgroundColor: '#330072',
          },
        ],
      },
    });
    $('drd-note').textContent =
      drd.total.discharged === 0
        ? 'No discharges yet.'
        : `${drd.total.discharged} discharges; ${Math.round(100 * (drd.total.shareOnDrd ?? 0))}% on the DRD; ` +
          `${drd.total.withoutDrd} without a DRD (counted as on it). ` +
          `Waiting 21+ days past the DRD now: ${V.people(queue.longDelayCount)}${
            V.apiFilters(state).toString() === '' ? '' : ' under the filters'
          }.`;
    const rows = kpis.dischargesByPathway.rows.filter((r) => r.pathway !== 'UNKNOWN');
    chart('chart-pathway', {
      type: 'bar',
      data: {
        labels: rows.map((r) => r.pathway),
        datasets: [
          {
            label: 'Actual %',
            data: rows.map((r) => (r.share === null ? 0 : 100 * r.share)),
            backgroundColor: '#005eb8',
          },
          // The system's own targets (HOMEFIRST_PATHWAY_TARGETS); no bar where it set none — there is no
          // national split to fall back on since the 2020–21 50/45/4/1 assumption was withdrawn.
          ...(rows.some((r) => r.targetShare !== null)
            ? [
                {
                  label: 'Local target %',
                  data: rows.map((r) => (r.targetShare === null ? null : 100 * r.targetShare)),
                  backgroundColor: '#768692',
                },
              ]
            : []),
        ],
      },
    });
    const reasons = queue.countsByReason.filter((r) => r.count > 0);
    chart('chart-reasons', {
      type: 'bar',
      data: {
        labels: reasons.map((r) => V.label(r.reason)),
        datasets: [
          { label: 'People waiting', data: reasons.map((r) => r.count), backgroundColor: '#ffb81c' },
        ],
      },
      options: { indexAxis: 'y' },
    });
    const weeks = weekly.weeks.filter((w) => w.pathway === 'ALL' && w.site === 'ALL');
    chart('chart-weekly', {
      type: 'line',
      data: {
        labels: weeks.map((w) => w.weekStart),
        datasets: [
          {
            label: '% discharged within 48 hours',
            data: weeks.map((w) => (w.discharged ? (100 * w.within48h) / w.discharged : null)),
            borderColor: '#007f3b',
          },
        ],
      },
      options: { scales: { y: { min: 0, max: 100 } } },
    });
  }

  /** Reads everything the board shows and renders it; `fetchJson` is board.js's authenticated fetch. */
  async function refresh(fetchJson) {
    api = fetchJson;
    showView();
    const filters = V.apiFilters(state).toString();
    const filtered = filters !== '';
    const cohortOnly = state.longDelay === 'true';
    const queueQuery = V.queueParams(state).toString();
    const [queue, facets, scopeFacets, open, recent, kpis, weekly, drd] = await Promise.all([
      api(`/api/v1/queue?pageSize=200${queueQuery === '' ? '' : `&${queueQuery}`}`),
      api(`/api/v1/queue/facets${filtered ? `?${filters}` : ''}`),
      filtered ? api('/api/v1/queue/facets') : null,
      api('/api/v1/tracker?pageSize=200&open=true'),
      api('/api/v1/tracker?pageSize=1&status=breached'),
      api('/api/v1/kpis'),
      api('/api/v1/tracker/weekly?weeks=8'),
      api('/api/v1/measures/drd-timeliness'),
    ]);
    const statusByPerson = new Map(open.items.map((e) => [e.personKey, e.status]));
    const hoursByPerson = new Map(open.items.map((e) => [e.personKey, e.hoursLeft]));
    lastQueue = queue.items;
    lastEpisodes = new Map(open.items.map((e) => [e.personKey, e]));
    const items = V.filterAndSort(queue.items, statusByPerson, state);
    // Unfiltered, the queue's own total is read fresh; filtered (or the 21+ day cohort only), the scope's
    // total comes from the facets, as does the scope's 21+ day cohort.
    const waiting = filtered ? scopeFacets.total : cohortOnly ? facets.total : queue.total;
    renderHeadline(waiting, (filtered ? scopeFacets : facets).longDelayCount, open, recent, kpis);
    renderFilters(facets, V.clientFacets(queue.items, statusByPerson, state));
    await keepingFocus(() => {
      renderQueue(items, queue.total, statusByPerson, hoursByPerson);
      // Unfiltered, every open episode; filtered, the episodes of the people the filtered queue shows.
      const shown = new Set(items.map((i) => i.personKey));
      const narrowed = filtered || cohortOnly || state.status !== undefined || state.days !== undefined;
      renderTracker(open.items.filter((e) => !narrowed || shown.has(e.personKey)));
    });
    renderRound(items, statusByPerson);
    if (state.mode !== 'wall') renderCharts(kpis, queue, weekly, drd);
    if (state.view === 'council') await keepingFocus(() => renderCouncil(statusByPerson));
    if (openPerson !== null) await loadPanel();
    const listed = cohortOnly ? facets.longDelayCount : facets.total;
    settle(listed === queue.total && V.headline(waiting, open.counts, 0).addsUp);
  }

  /**
   * Counts per filter value are shared by the API for a second, and the queue and tracker are separate reads:
   * right after a change they can disagree. Then read once more a little later (a few times at most), so the
   * board does not wait for the next change to show figures that agree.
   */
  let unsettled = 0;
  function settle(consistent) {
    if (consistent) {
      unsettled = 0;
      return;
    }
    if (unsettled >= 5) return;
    unsettled += 1;
    setTimeout(() => document.dispatchEvent(new CustomEvent('homefirst:refresh')), 1_100);
  }

  window.HomefirstBoard = { refresh };
})();
