// The discharge board: plain browser JavaScript, served as is (no build step at run time).
// Token from the URL fragment (#token=…, never sent to the server in a URL) or a sign-in box.
'use strict';
(function () {
  const $ = (id) => document.getElementById(id);
  const fromHash = new URLSearchParams(location.hash.slice(1)).get('token');
  if (fromHash) {
    sessionStorage.setItem('homefirst-token', fromHash);
    history.replaceState(null, '', location.pathname);
  }
  let token = sessionStorage.getItem('homefirst-token');

  function setStatus(text) {
    $('status').textContent = text;
  }

  async function api(path) {
    const res = await fetch(path, { headers: { Authorization: `Bearer ${token}` } });
    if (res.status === 401) {
      sessionStorage.removeItem('homefirst-token');
      showSignIn();
      throw new Error('signed out');
    }
    if (!res.ok) throw new Error(`${path}: ${res.status}`);
    return res.json();
  }

  // The views (board-app.js) read through `api` and render; this file keeps sign-in and the live stream.
  async function refresh() {
    await window.HomefirstBoard.refresh(api);
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

  // Server-sent events over fetch, so the bearer token travels in a header, not the URL.
  async function listen() {
    for (;;) {
      try {
        const res = await fetch('/api/v1/stream', {
          headers: { Authorization: `Bearer ${token}`, Accept: 'text/event-stream' },
        });
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
  }

  $('signin-form').addEventListener('submit', (e) => {
    e.preventDefault();
    token = $('token').value.trim();
    sessionStorage.setItem('homefirst-token', token);
    start();
  });

  // A filter or view changed (board-app.js): read again.
  document.addEventListener('homefirst:refresh', () => scheduleRefresh());

  function start() {
    $('signin').hidden = true;
    $('board').hidden = false;
    refresh()
      .then(listen)
      .catch((e) => setStatus(`error: ${e.message}`));
  }

  if (token) start();
  else showSignIn();
})();
