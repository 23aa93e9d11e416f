import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { uniqueName, waitFor } from '@homefirst/testing';
import {
  E2E_ARTIFACTS,
  E2E_COUNCIL,
  e2eToken,
  launchChromium,
  startE2eHub,
  type E2eHub,
} from '../support/e2e-hub';

// The board as discharge hubs and council brokerage teams use it, in Debian's Chromium against a whole hub:
// filters kept in the URL, the patient panel with a council event ingested moments before, the council's
// referrals, the printed board round, the wall screen updating live, and axe-core finding no serious or
// critical WCAG 2.2 AA violation.

let hub: E2eHub;
let browser: Browser;
let wardPatient = '';
let otherWardPatient = '';
const referralId = uniqueName('REF');

beforeAll(async () => {
  hub = await startE2eHub('board');
  browser = await launchChromium();
  mkdirSync(E2E_ARTIFACTS, { recursive: true });
  wardPatient = await hub.admitReadyPatient(40, 'WARD7');
  otherWardPatient = await hub.admitReadyPatient(10, 'WARD9');
  const referral = await hub.postCouncilRecord({
    recordId: uniqueName('REC'),
    nhsNumber: wardPatient,
    event: 'referral_received',
    occurredAt: new Date(Date.now() - 30 * 3_600_000).toISOString(),
    referralId,
    pathway: 1,
  });
  expect(referral.status).toBe(200);
  const admin = await e2eToken('admin');
  await waitFor(
    'both patients queued, the referral joined',
    async () => {
      const res = await hub.api('/api/v1/queue?pageSize=200', admin);
      const body = (await res.json()) as { items: Array<{ nhsNumber: string; council: string | null }> };
      const referred = body.items.find((i) => i.nhsNumber === wardPatient)?.council === E2E_COUNCIL;
      return referred && body.items.some((i) => i.nhsNumber === otherWardPatient) ? true : undefined;
    },
    60_000,
  );
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await hub?.stop();
});

/**
 * Opens the board at `search`, signed in through the development identity provider as `username` (a role),
 * once it is live; page errors fail the test.
 */
async function openBoard(search: string, username: string): Promise<Page> {
  // Bypassing the CSP lets the test inject axe-core; the board's own scripts are all same-origin files.
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, bypassCSP: true });
  const page = await context.newPage();
  page.on('pageerror', (error) => {
    throw error;
  });
  await hub.signIn(page, username, `/board${search}`);
  await page.waitForFunction("document.getElementById('status')?.textContent === 'live'", undefined, {
    timeout: 30_000,
  });
  return page;
}

const rowsText = (page: Page, table: string): Promise<string[]> =>
  page.locator(`#${table} tbody tr`).allInnerTexts();

/** axe-core's serious and critical violations of WCAG 2.0–2.2 A and AA on the page as it is now. */
/**
 * Waits until the focused element reads `text` (fails after 5 s). A dialog loses [open] at once but fires
 * 'close', whose handler moves focus back, in a later task.
 */
const focusReaches = (page: Page, text: string): Promise<unknown> =>
  page.waitForFunction(`document.activeElement?.textContent === ${JSON.stringify(text)}`, undefined, {
    timeout: 5_000,
  });

async function seriousViolations(page: Page): Promise<Array<{ id: string; nodes: string[] }>> {
  await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
  const result = await page.evaluate<{
    violations: Array<{ id: string; impact: string | null; nodes: Array<{ target: unknown }> }>;
  }>(
    "axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } })",
  );
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, nodes: v.nodes.map((n) => JSON.stringify(n.target)) }));
}

describe('the board in Chromium', () => {
  it('given a ward in the URL, then only its patients show, with a count per ward; choosing another ward updates the URL', async () => {
    const page = await openBoard('?ward=WARD7', 'admin');
    await page.waitForSelector(`#queue tbody tr:has-text("${wardPatient}")`, { timeout: 30_000 });
    const rows = await rowsText(page, 'queue');
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.includes('WARD7'))).toBe(true);
    expect(rows.join('\n')).not.toContain(otherWardPatient);
    expect(await page.locator('#f-ward option:checked').innerText()).toMatch(/^WARD7 \(\d+\)$/);
    expect(await page.locator('#f-ward option[value="WARD9"]').innerText()).toBe('WARD9 (1)');
    expect(await page.evaluate('location.search')).toBe('?ward=WARD7');

    await page.selectOption('#f-ward', 'WARD9');
    await page.waitForSelector(`#queue tbody tr:has-text("${otherWardPatient}")`, { timeout: 10_000 });
    expect(await page.evaluate('location.search')).toBe('?ward=WARD9');
    expect((await rowsText(page, 'queue')).join('\n')).not.toContain(wardPatient);
    await page.screenshot({ path: join(E2E_ARTIFACTS, 'board-filtered.png'), fullPage: true });
    await page.context().close();
  });

  it('given a council event ingested moments before over REST, when the patient is opened, then the panel shows it with the blocker, whose action and the countdown', async () => {
    const page = await openBoard('', 'admin');
    const sourced = await hub.postCouncilRecord({
      recordId: uniqueName('REC'),
      nhsNumber: wardPatient,
      event: 'package_sourced',
      occurredAt: new Date(Date.now() - 60_000).toISOString(),
      referralId,
      providerId: '1-2094837561',
      plannedStartDate: new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10),
    });
    expect(sourced.status).toBe(200);
    await page.click(`#queue button.person:has-text("${wardPatient}")`);
    await page.waitForSelector('#panel[open]');
    // The panel reads the journey again on every change, so the event appears once projected.
    await page.waitForSelector('#panel-journey li.council:has-text("sourced, starting")', {
      timeout: 30_000,
    });
    const facts = await page.locator('#panel-facts').innerText();
    expect(facts).toMatch(/Current blocker\s+Awaiting P1 new package/);
    expect(facts).toMatch(/Whose action\s+Social care/);
    // Admitted six days ago (the admission message three days ago, admitted three days before it).
    expect(facts).toMatch(/Days away from home\s+6\.\d/);
    // Ready 40 hours ago: eight hours to the 48-hour mark (at risk until the tracker sees the provider sourced).
    expect(facts).toMatch(/48 hours\s+(On track|At risk): [78] h \d+ min left/);
    expect(await page.locator('#panel-journey li.hospital').count()).toBeGreaterThanOrEqual(2);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: join(E2E_ARTIFACTS, 'board-panel.png') });
    await page.keyboard.press('Escape');
    await page.waitForSelector('#panel:not([open])', { state: 'attached' });
    // From the keyboard alone: focus returns to the patient, Enter opens the panel again, focus is inside it.
    await focusReaches(page, wardPatient);
    await page.keyboard.press('Enter');
    await page.waitForSelector('#panel[open]');
    expect(await page.evaluate('document.activeElement?.id')).toBe('panel-close');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#panel:not([open])', { state: 'attached' });
    await page.context().close();
  });

  it('given a council user, then the council view lists only the people referred to it, with their brokerage state', async () => {
    const page = await openBoard('?view=council', 'council');
    await page.waitForSelector(`#referrals tbody tr:has-text("${wardPatient}")`, { timeout: 30_000 });
    const rows = await rowsText(page, 'referrals');
    expect(rows.join('\n')).not.toContain(otherWardPatient);
    expect(rows.find((r) => r.includes(wardPatient))).toMatch(/Awaiting assessment|Package sourced/);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: join(E2E_ARTIFACTS, 'board-council.png'), fullPage: true });
    await page.context().close();
  });

  it('renders the board round for print: one page per ward, longest wait first', async () => {
    const page = await openBoard('', 'trust');
    await page.waitForSelector('#round .ward-page', { state: 'attached' });
    await page.emulateMedia({ media: 'print' });
    const wards = await page.locator('#round .ward-page h2').allInnerTexts();
    expect(wards).toEqual(
      expect.arrayContaining([expect.stringContaining('WARD7'), expect.stringContaining('WARD9')]),
    );
    expect(await page.locator('#round').isVisible()).toBe(true);
    expect(await page.locator('#queue').isVisible()).toBe(false);
    expect(
      await page.evaluate("getComputedStyle(document.querySelector('#round .ward-page')).breakAfter"),
    ).toBe('page');
    const pdf = await page.pdf({ path: join(E2E_ARTIFACTS, 'board-round.pdf'), format: 'A4' });
    // One page per ward: the PDF's page tree counts as many pages as the round has wards.
    expect(/\/Count (\d+)/.exec(pdf.toString('latin1'))?.[1]).toBe(String(wards.length));
    await page.screenshot({ path: join(E2E_ARTIFACTS, 'board-round.png'), fullPage: true });
    await page.context().close();
  });

  it('given the wall screen, when a patient is ingested, then it shows them without a reload, in large type', async () => {
    const page = await openBoard('?mode=wall', 'admin');
    expect(await page.getAttribute('body', 'class')).toContain('wall');
    expect(await page.locator('#filters').isVisible()).toBe(false);
    const updatesBefore = Number(await page.getAttribute('body', 'data-updates'));
    const newcomer = await hub.admitReadyPatient(5, 'WARD7');
    await page.waitForSelector(`#queue tbody tr:has-text("${newcomer}")`, { timeout: 60_000 });
    expect(Number(await page.getAttribute('body', 'data-updates'))).toBeGreaterThan(updatesBefore);
    expect(await page.evaluate('getComputedStyle(document.body).fontSize')).toBe('24px');
    await page.screenshot({ path: join(E2E_ARTIFACTS, 'board-wall.png'), fullPage: true });
    await page.context().close();
  });

  it('has no serious or critical axe-core violations in the queue and 48-hour views', async () => {
    for (const search of ['', '?view=tracker']) {
      const page = await openBoard(search, 'admin');
      await page.waitForSelector(search === '' ? '#queue tbody tr' : '#tracker tbody tr');
      expect({ search, violations: await seriousViolations(page) }).toEqual({ search, violations: [] });
      await page.screenshot({
        path: join(E2E_ARTIFACTS, search === '' ? 'board-queue.png' : 'board-48h.png'),
        fullPage: true,
      });
      await page.context().close();
    }
  });
});

describe('the board in Chromium: the 21+ day cohort', () => {
  it('given the 21+ day cohort in the URL, then the API lists exactly it (nobody here: ready 40 and 10 hours ago), with its count; choosing any brings everyone back', async () => {
    const page = await openBoard('?longDelay=true', 'admin');
    await page.waitForFunction("document.getElementById('kpi-long-delay')?.textContent === '0'", undefined, {
      timeout: 30_000,
    });
    expect(await page.locator('#f-long-delay option:checked').innerText()).toBe('21 days or more (0)');
    expect((await rowsText(page, 'queue')).join('\n')).not.toContain(wardPatient);
    expect(await page.locator('#queue-total').innerText()).toBe('(0)');
    expect(await page.locator('#kpi-long-delay-link').getAttribute('href')).toBe('/board?longDelay=true');

    await page.selectOption('#f-long-delay', '');
    await page.waitForSelector(`#queue tbody tr:has-text("${wardPatient}")`, { timeout: 10_000 });
    expect(await page.evaluate('location.search')).toBe('');
    await page.context().close();
  });
});
