// The discharge board: plain browser JavaScript, served as is (no build step at run time).
// Signed in with OpenID Connect through the API (/auth/login): the session is an HttpOnly cookie the
// browser sends by itself, so no token is ever in this script, a URL or storage.
/* global Chart */
'use strict';
(function () {
  const $ = (id) => document.getElementById(id);
  const seen = new Set();
  const charts = {};

  function setStatus(text) {
    $('status').textContent = text;
  }

  async function api(path) {
    const res = await fetch(path, { credentials: 'same-origin' });
    if (res.status === 401) {
      showSignIn();
      throw new Error('signed out');
    }
    if (!res.ok) throw new Error(`${path}: ${res.status}`);
    return res.json();
  }

  const text = (v) => (v === null || v === undefined ? '' : String(v));
  const when = (iso) =>
    iso ? new Date(iso).toLocaleString('en-GB', { dateStyle: 'short', timeStyle: 'short' }) : '';
  const money = (n) => `£${Math.round(n).toLocaleString('en-GB')}`;
  const human = (code) => text(code).toLowerCase().replaceAll('_', ' ');

  function row(cells, className, key) {
    const tr = document.createElement('tr');
    if (className) tr.className = className;
    if (key) tr.dataset.key = key;
    for (const c of cells) {
      const td = document.createElement('td');
      if (c instanceof Node) td.appendChild(c);
      else td.textContent = text(c);
      tr.appendChild(td);
    }
    return tr;
  }

  function badge(status) {
    const span = document.createElement('span');
    span.className = `badge ${status}`;
    span.textContent = human(status);
    return span;
  }

  function renderQueue(queue, trackerByPerson) {
    const body = $('queue').querySelector('tbody');
    body.replaceChildren();
    for (const item of queue.items) {
      const status = trackerByPerson.get(item.personKey) || '';
      const tr = row(
        [
          item.nhsNumber || item.personKey.slice(0, 8),
          `${text(item.site)} / ${text(item.ward)}`,
          text(item.pathway),
          when(item.readySince),
          item.daysWaiting.toFixed(1),
          human(item.delayReason),
          human(item.attribution),
          status ? badge(status) : '',
        ],
        status,
        item.personKey,
      );
      if (!seen.has(item.personKey) && seen.size > 0) tr.classList.add('fresh');
      body.appendChild(tr);
    }
    for (const item of queue.items) seen.add(item.personKey);
    $('queue-total').textContent = `(${queue.total})`;
  }

  function renderTracker(tracker) {
    const body = $('tracker').querySelector('tbody');
    body.replaceChildren();
    for (const ep of tracker.items) {
      body.appendChild(
        row(
          [
            ep.nhsNumber || ep.personKey.slice(0, 8),
            text(ep.site),
            text(ep.pathway),
            when(ep.readyAt),
            when(ep.deadline),
            badge(ep.status),
            ep.hoursLeft === null ? '' : ep.hoursLeft.toFixed(1),
          ],
          ep.status,
          ep.personKey,
        ),
      );
    }
  }

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

  function renderCharts(kpis, queue, weekly) {
    const rows = kpis.dischargesByPathway.rows.filter((r) => r.pathway !== 'UNKNOWN');
    chart('chart-pathway', {
      type: 'bar',
      data: {
        labels: rows.map((r) => r.pathway),
        datasets: [
          {
            label: 'actual %',
            data: rows.map((r) => (r.share === null ? 0 : 100 * r.share)),
            backgroundColor: '#005eb8',
          },
          {
            label: 'planning %',
            data: rows.map((r) => (r.plannedShare === null ? 0 : 100 * r.plannedShare)),
            backgroundColor: '#aeb7bd',
          },
        ],
      },
    });
    const reasons = queue.countsByReason.filter((r) => r.count > 0);
    chart('chart-reasons', {
      type: 'bar',
      data: {
        labels: reasons.map((r) => human(r.reason)),
        datasets: [
          { label: 'people waiting', data: reasons.map((r) => r.count), backgroundColor: '#ffb81c' },
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
            label: '% discharged within 48 h',
            data: weeks.map((w) => (w.discharged ? (100 * w.within48h) / w.discharged : null)),
            borderColor: '#007f3b',
          },
        ],
      },
      options: { scales: { y: { min: 0, max: 100 } } },
    });
  }

  async function refresh() {
    const [queue, tracker, kpis, weekly] = await Promise.all([
      api('/api/v1/queue?pageSize=50'),
      api('/api/v1/tracker?pageSize=50&status=at_risk,breached,on_track'),
      api('/api/v1/kpis'),
      api('/api/v1/tracker/weekly?weeks=8'),
    ]);
    const statusByPerson = new Map(tracker.items.map((e) => [e.personKey, e.status]));
    renderQueue(queue, statusByPerson);
    renderTracker(tracker);
    $('kpi-waiting').textContent = queue.total;
    $('kpi-breached').textContent = tracker.counts.breached;
    $('kpi-at-risk').textContent = tracker.counts.at_risk;
    $('kpi-excess').textContent = kpis.excessBedDays.total.toFixed(0);
    $('kpi-cost').textContent = money(kpis.excessBedDays.costGbp);
    renderCharts(kpis, queue, weekly);
    setStatus(`updated ${new Date().toLocaleTimeString('en-GB')}`);
    document.body.dataset.updates = String(Number(document.body.dataset.updates || 0) + 1);
  }

  let pending = null;
  function scheduleRefresh() {
    if (pending) return;
    pending = setTimeout(() => {
      pending = null;
      refresh().catch((e) => setStatus(`error: ${e.message}`));
    }, 250);
  }

  // Server-sent events over fetch (the session cookie goes with it).
  async function listen() {
    for (;;) {
      try {
        const res = await fetch('/api/v1/stream', {
          credentials: 'same-origin',
          headers: { Accept: 'text/event-stream' },
        });
        if (res.status === 401) return showSignIn();
        if (!res.ok || !res.body) throw new Error(`stream: ${res.status}`);
        setStatus('live');
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          let end;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const frame = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            if (/^event: change$/m.test(frame)) scheduleRefresh();
          }
        }
      } catch (e) {
        setStatus(`reconnecting (${e.message})`);
      }
      await new Promise((r) => setTimeout(r, 2000));
    }
  }

  function showSignIn() {
    $('signin').hidden = false;
    $('board').hidden = true;
    $('signout').hidden = true;
    setStatus('signed out');
  }

  function start(who) {
    $('signin').hidden = true;
    $('board').hidden = false;
    $('signout').hidden = false;
    $('who').textContent = `${who.subject} (${who.role}${who.org ? ` ${who.org}` : ''})`;
    refresh()
      .then(listen)
      .catch((e) => setStatus(`error: ${e.message}`));
  }

  fetch('/auth/session', { credentials: 'same-origin' })
    .then((res) => (res.ok ? res.json().then(start) : showSignIn()))
    .catch(showSignIn);
})();
