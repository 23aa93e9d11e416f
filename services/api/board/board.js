// The discharge board: plain browser JavaScript, served as is (no build step at run time).
// Signed in with OpenID Connect through the API (/auth/login): the session is an HttpOnly cookie the
// browser sends by itself, so no token is ever in this script, a URL or storage.
'use strict';
(function () {
  const $ = (id) => document.getElementById(id);

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
    // Back to this very view after sign-in (its filters are in the query string).
    $('signin-link').href = `/auth/login?returnTo=${encodeURIComponent(location.pathname + location.search)}`;
    $('signin').hidden = false;
    $('board').hidden = true;
    $('signout').hidden = true;
    setStatus('signed out');
  }

  // A filter or view changed (board-app.js): read again.
  document.addEventListener('homefirst:refresh', () => scheduleRefresh());

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
