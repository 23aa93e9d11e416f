import type { DevUser } from './users';

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The development sign-in form: a username (one user per hub role, listed) and the shared development
 * password. Plain HTML, no script; posted to /interaction/<uid>/login.
 */
export function loginPage(uid: string, devUsers: readonly DevUser[], problem?: string): string {
  const users = devUsers
    .map(
      (u) =>
        `<li><code>${escapeHtml(u.username)}</code> — ${escapeHtml(u.role)}${u.org === undefined ? '' : ` ${escapeHtml(u.org)}`} (${escapeHtml(u.name)})</li>`,
    )
    .join('');
  return `<!doctype html>
<html lang="en-GB">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Sign in — Homefirst development identity provider</title>
  </head>
  <body>
    <main>
      <h1>Sign in to Homefirst</h1>
      <p>Development identity provider: not for real accounts.</p>
      ${problem === undefined ? '' : `<p role="alert" id="problem">${escapeHtml(problem)}</p>`}
      <form method="post" action="/interaction/${encodeURIComponent(uid)}/login" autocomplete="off">
        <p><label for="username">Username</label><br /><input id="username" name="username" required /></p>
        <p><label for="password">Password</label><br /><input id="password" name="password" type="password" required /></p>
        <p><button type="submit">Sign in</button></p>
      </form>
      <h2>Users</h2>
      <ul>${users}</ul>
    </main>
  </body>
</html>`;
}
