/**
 * The local console in a real browser: Debian's Chromium driven by playwright-core (no downloaded
 * browsers). When Chromium cannot start, the whole file is skipped with the reason printed; CI installs it.
 *
 * The bot is the real one, started as `npm start` starts it (a child process on a fresh DATA_DIR, no
 * Slack or WeCom credentials), so everything here goes through the page or the console's HTTP API. The
 * flow is a list of steps sharing one page (one user's session), so a new feature adds a step where it
 * belongs.
 */

import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone.js';
import utc from 'dayjs/plugin/utc.js';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tApprovals } from '../../src/chat/messages/approvals';
import { tCommon } from '../../src/chat/messages/common';
import { tDigests } from '../../src/chat/messages/digests';
import { tFeedback } from '../../src/chat/messages/feedback';
import { tMetrics } from '../../src/chat/messages/metrics';
import { APPROVAL_STATUS } from '../../src/domain/approvals';
import { addDays, dayOfWeek, localDate } from '../../src/domain/dates';
import { FEEDBACK_SEVERITY } from '../../src/domain/feedback';
import type { ConsoleState } from '../../src/platforms/console/app';
import { tConsole } from '../../src/platforms/console/messages';
import { type SpawnedBot, spawnBot } from '../helpers/spawn-bot';

dayjs.extend(utc);
dayjs.extend(timezone);

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const ARTIFACTS = join(process.cwd(), 'test-artifacts');
const SCREENSHOT = join(ARTIFACTS, 'console.png');
const DOCS_SCREENSHOT = join(process.cwd(), 'docs', 'console.png');
const L = 'zh-CN' as const;
const HOUR = 3_600_000;
/** The digest chart's width in pixels (jobs/daily-digest CHART_SIZE). */
const CHART_WIDTH = 800;
/** For polls that wait on the bot's work (a job, the outbox, live events), not on the page alone. */
const BOT_WORK = { timeout: 10_000 };

const profileDir = mkdtempSync(join(tmpdir(), 'mops-chromium-'));

/** Start Chromium with a fresh profile, or say why it cannot start. */
async function launch(): Promise<{ browser: BrowserContext } | { reason: string }> {
  if (!existsSync(CHROMIUM)) return { reason: `${CHROMIUM} is not installed (apt-get install -y chromium)` };
  try {
    const browser = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: FLAGS,
      viewport: { width: 1280, height: 860 },
      locale: L,
      timeout: 30_000,
    });
    return { browser };
  } catch (e) {
    return {
      reason: `Chromium at ${CHROMIUM} did not start: ${String((e as Error).message).split('\n')[0]}`,
    };
  }
}

const launched = await launch();
if ('reason' in launched) {
  console.log(`[console-browser] skipped: ${launched.reason}`);
  rmSync(profileDir, { recursive: true, force: true });
}

interface World {
  bot: SpawnedBot;
  page: Page;
  /** Uncaught page errors and console errors (a CSP violation shows up here). */
  errors: string[];
  code?: string;
  approval?: string;
}

const world = {} as World;

const composer = (p: Page) => p.getByRole('textbox', { name: tConsole(L, 'composer.label') });

async function type(p: Page, text: string) {
  await composer(p).fill(text);
  await composer(p).press('Enter');
}

/** A message in the open channel, by text it shows. */
const message = (p: Page, text: string, opts: { ephemeral?: boolean } = {}) =>
  p
    .locator(
      opts.ephemeral === undefined ? '.msg' : opts.ephemeral ? '.msg.ephemeral' : '.msg:not(.ephemeral)',
    )
    .filter({ hasText: text });

/** The bot's state as the page loads it, through the console API. */
async function consoleState(bot: SpawnedBot): Promise<ConsoleState> {
  const res = await fetch(`${bot.ip}/api/console/state`);
  expect(res.status).toBe(200);
  return (await res.json()) as ConsoleState;
}

const botNow = async (bot: SpawnedBot) => Date.parse((await consoleState(bot)).now);

/** The text of the toast the page shows after a tool button. */
const toastText = (p: Page) => p.locator('#toast').textContent();

async function runNow(p: Page, job: 'daily-digest' | 'sla-sweep') {
  await p.getByLabel(tConsole(L, 'jobs.label')).selectOption(job);
  await p.getByRole('button', { name: tConsole(L, 'jobs.run_label') }).click();
}

const actingAs = (p: Page, id: string) => p.getByLabel(tConsole(L, 'people.label')).selectOption(id);

async function openChannel(p: Page, id: string) {
  await p.locator(`[data-channel="${id}"]`).click();
  await expect
    .poll(() => p.locator('#channel-title').textContent())
    .toBe(id === 'dm' ? tConsole(L, 'nav.dm') : `#${id}`);
}

// Steps that wait on the bot's heavier work (loading demo data) get their own time budget.
const steps: { name: string; run(w: World): Promise<void>; timeoutMs?: number }[] = [
  {
    name: 'the page opens in Chinese as 李娜 in #marketing, live, with labelled controls',
    run: async ({ page, bot }) => {
      await page.goto(`${bot.url}/`);
      await expect.poll(() => page.locator('#live').getAttribute('data-state')).toBe('live');
      expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
      await expect.poll(() => page.locator('#channel-title').textContent()).toBe('#marketing');
      expect(await page.getByLabel(tConsole(L, 'people.label')).inputValue()).toBe('lina');
      expect(await composer(page).isVisible()).toBe(true);
      // Every button has a name a screen reader can say.
      const unnamed = await page.$$eval('button', (bs) =>
        bs.filter((b) => !(b.getAttribute('aria-label') || b.textContent?.trim())).map((b) => b.outerHTML),
      );
      expect(unnamed).toEqual([]);
    },
  },
  {
    name: 'typing /feedback new → the ephemeral reply "only visible to you" and the channel card, text shown literally',
    run: async (w) => {
      const { page } = w;
      await type(
        page,
        '/feedback new source=wecom category=logistics severity=high text="快递三天没到 <b>急</b>"',
      );
      const reply = message(page, '已记录反馈 FB-', { ephemeral: true });
      await reply.waitFor();
      expect(await reply.textContent()).toContain(tConsole(L, 'msg.ephemeral'));
      w.code = /FB-\d+/.exec((await reply.locator('.card-title').textContent()) ?? '')![0];
      const card = message(
        page,
        tFeedback(L, 'channel.title', { code: w.code, severity: FEEDBACK_SEVERITY.label('high', L) }),
        {
          ephemeral: false,
        },
      );
      await card.waitFor();
      expect(await card.locator('.card-text').textContent()).toBe('快递三天没到 <b>急</b>');
      expect(await card.locator('.card-text b').count()).toBe(0);
      expect(await card.locator('dt').allTextContents()).toContain(tFeedback(L, 'field.due'));
      expect(await composer(page).inputValue()).toBe('');
    },
  },
  {
    name: 'another person sees the channel card but not 李娜’s ephemeral reply',
    run: async ({ page, code }) => {
      await page.getByLabel(tConsole(L, 'people.label')).selectOption('wangqiang');
      await expect.poll(() => message(page, `已记录反馈 ${code}`).count()).toBe(0);
      await message(page, `新反馈 ${code}`, { ephemeral: false }).waitFor();
      await page.getByLabel(tConsole(L, 'people.label')).selectOption('lina');
      await message(page, `已记录反馈 ${code}`, { ephemeral: true }).waitFor();
    },
  },
  {
    name: '/feedback new without arguments → the form; a missing field is named next to it, then it submits',
    run: async ({ page }) => {
      await type(page, '/feedback new');
      const dialog = page.getByRole('dialog', { name: tFeedback(L, 'form.title') });
      await dialog.waitFor();
      await dialog.getByLabel(tFeedback(L, 'field.source')).selectOption('review');
      await dialog.getByLabel(tFeedback(L, 'field.category')).selectOption('price');
      await dialog.getByLabel(tFeedback(L, 'field.text')).fill('价格比竞品贵 20%');
      await dialog.getByRole('button', { name: tFeedback(L, 'form.submit') }).click();
      const severity = dialog.getByLabel(tFeedback(L, 'field.severity'));
      await expect.poll(() => severity.getAttribute('aria-invalid')).toBe('true');
      const errorId = (await severity.getAttribute('aria-describedby'))!.split(' ').pop()!;
      // A form names the field by its label, not the argument name.
      expect(await page.locator(`#${errorId}`).textContent()).toBe(
        tCommon(L, 'err.missing_arg', { key: 'severity' }).replace(
          ' `severity`',
          `「${tFeedback(L, 'field.severity')}」`,
        ),
      );
      await severity.selectOption('medium');
      await dialog.getByRole('button', { name: tFeedback(L, 'form.submit') }).click();
      await dialog.waitFor({ state: 'hidden' });
      const reply = message(page, '已记录反馈', { ephemeral: true }).nth(1);
      await reply.waitFor();
      const code = /FB-\d+/.exec((await reply.textContent()) ?? '')![0];
      await message(
        page,
        tFeedback(L, 'channel.title', { code, severity: FEEDBACK_SEVERITY.label('medium', L) }),
        {
          ephemeral: false,
        },
      ).waitFor();
    },
  },
  {
    name: 'a content draft with 全网第一 → the approval card in #approvals shows the compliance finding',
    run: async (w) => {
      const { page } = w;
      await type(
        page,
        '/content submit title="双11 面霜预热" channel=douyin text="全网销量第一的面霜，今晚8点开抢"',
      );
      const created = message(page, 'APR-', { ephemeral: true });
      await created.waitFor();
      w.approval = /APR-\d+/.exec((await created.textContent()) ?? '')![0];
      await expect.poll(() => page.locator('[data-channel="approvals"] .badge').textContent()).toBe('1');
      await openChannel(page, 'approvals');
      const card = message(
        page,
        tApprovals(L, 'card.content.title', { code: w.approval, title: '双11 面霜预热' }),
      );
      await card.waitFor();
      const findings = card.locator('.card-section').first();
      expect(await findings.locator('h4').textContent()).toMatch(/^广告法合规检查：\d+ 处$/);
      expect(await findings.textContent()).toContain('全网销量第一');
      expect(await card.locator('.mention').textContent()).toBe('@李娜');
      // 李娜 may not decide her own request; she sees the buttons, the domain refuses.
      expect(await card.getByRole('button', { name: tApprovals(L, 'button.approve') }).count()).toBe(1);
    },
  },
  {
    name: '王强 (approver) clicks 批准: the bot asks 仍要批准？ (nothing decided yet); confirming updates the card in place; 李娜 gets a DM',
    run: async ({ page, approval }) => {
      await actingAs(page, 'wangqiang');
      const card = message(
        page,
        tApprovals(L, 'card.content.title', { code: approval!, title: '双11 面霜预热' }),
      );
      const approve = card.getByRole('button', { name: tApprovals(L, 'button.approve') });
      await approve.click();
      // Asked by the bot after it checked 王强 may decide, not by a dialog on the card.
      const ask = message(page, tApprovals(L, 'confirm.title'));
      await ask.waitFor();
      expect(await approve.count()).toBe(1);
      await ask.getByRole('button', { name: tApprovals(L, 'confirm.ok') }).click();
      await expect.poll(() => card.locator('.actions button').count()).toBe(0);
      expect(await card.locator('dd').first().textContent()).toBe(APPROVAL_STATUS.label('approved', L));
      expect(await card.locator('.mention').allTextContents()).toContain('@王强');
      expect(
        await message(
          page,
          tApprovals(L, 'card.content.title', { code: approval!, title: '双11 面霜预热' }),
        ).count(),
      ).toBe(1);
      await actingAs(page, 'lina');
      await openChannel(page, 'dm');
      await message(page, tApprovals(L, 'dm.approved.title', { code: approval! })).waitFor();
      await openChannel(page, 'marketing');
    },
  },
  {
    name: 'Load demo data → #marketing shows the latest 日报, 周报 and 月报 with charts; #approvals the pending approvals with buttons; #mkt-alerts the 108% budget escalation',
    timeoutMs: 150_000,
    run: async ({ page, bot }) => {
      // Start from the bot's next 08:00, so the day's 09:00 digest is still ahead (moving the clock runs
      // what came due on the way, as the scheduler would).
      const state = await consoleState(bot);
      const now = dayjs(state.now).tz(state.tz);
      let eight = now.startOf('day').add(8, 'hour');
      if (!eight.isAfter(now)) eight = eight.add(1, 'day');
      const travel = await fetch(`${bot.ip}/api/console/time-travel`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ hours: eight.diff(now) / HOUR }),
      });
      expect(travel.status).toBe(200);
      const today = localDate(eight.toDate(), state.tz);
      await expect
        .poll(
          async () =>
            localDate(new Date((await page.locator('#bot-time').getAttribute('datetime'))!), state.tz),
          BOT_WORK,
        )
        .toBe(today);

      await page.getByRole('button', { name: tConsole(L, 'demo.load_label') }).click();
      await expect.poll(() => toastText(page), { timeout: 90_000 }).toContain(tConsole(L, 'demo.loaded'));

      // No "Run now" needed: the digests of the demo figures are posted by the load itself.
      const date = addDays(today, -1);
      const daily = message(
        page,
        tDigests(L, 'daily.title', {
          date,
          weekday: tMetrics(L, `weekday.${dayOfWeek(date)}` as 'weekday.0'),
        }),
        { ephemeral: false },
      );
      const weekly = message(page, '营销数据周报', { ephemeral: false });
      const monthly = message(page, '营销数据月报', { ephemeral: false });
      for (const digest of [daily, weekly, monthly]) {
        // Three reports with charts on a loaded machine: the first may take a while.
        const shown = await digest
          .last()
          .waitFor({ timeout: 60_000 })
          .then(
            () => true,
            () => false,
          );
        if (!shown) {
          // Seen once in CI (the 周报, PostgreSQL 15 pass): say whether the bot posted it and the page missed
          // it, or it was never posted, then look again after a reload (what a person would do).
          const titles = (await consoleState(bot)).messages.map((m) => `${m.channel}: ${m.card.title}`);
          const complaints = bot.logs().filter((l) => l.level === 'warn' || l.level === 'error');
          console.warn(
            `a digest was not on the page after 60 s. The bot's messages: ${JSON.stringify(titles.slice(-12))}; ` +
              `its warnings: ${JSON.stringify(complaints.slice(-10))}`,
          );
          await page.reload();
          await digest.last().waitFor({ timeout: 30_000 });
        }
        // Built from the demo figures: numbers, not "nothing logged"; and each carries its chart.
        expect(await digest.last().locator('.card-text').textContent()).toMatch(/GMV .+ROI/);
        const chart = digest.last().locator('img.card-image');
        await expect
          .poll(
            () =>
              chart.evaluate(
                (el) => (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth,
              ),
            BOT_WORK,
          )
          .toBe(CHART_WIDTH);
      }
      // "Run now" for the day the load already reported says so instead of posting it twice.
      await runNow(page, 'daily-digest');
      await expect.poll(() => toastText(page), BOT_WORK).toContain(tConsole(L, 'job.daily-digest'));
      expect(await daily.count()).toBe(1);

      await openChannel(page, 'approvals');
      const pending = page
        .locator('.msg:not(.ephemeral)')
        .filter({ has: page.getByRole('button', { name: tApprovals(L, 'button.approve') }) });
      // Three pending demo approvals (two content drafts and a KOL deal), each with its buttons.
      await expect.poll(() => pending.count(), BOT_WORK).toBeGreaterThanOrEqual(3);
      await pending.filter({ hasText: '全网第一' }).first().waitFor();

      await openChannel(page, 'mkt-alerts');
      const escalation = page
        .locator('.msg:not(.ephemeral)')
        .filter({ hasText: /预算超支：渠道投放 已用 108/ });
      await escalation.first().waitFor(BOT_WORK);
      // One icon on the alert: its own 🚨, not the danger tone's "!" beside it.
      expect(await escalation.first().locator('.tone-icon').count()).toBe(0);
      await openChannel(page, 'marketing');
    },
  },
  {
    name: 'screenshot of the console → test-artifacts/console.png (and docs/console.png with npm run docs:screenshot)',
    run: async ({ page }) => {
      // The end of the daily digest, chart and all, is what the README shows.
      await page.setViewportSize({ width: 1280, height: 1000 });
      await page
        .locator('.msg:not(.ephemeral) img.card-image')
        .last()
        .evaluate((el) => el.closest('.msg')?.scrollIntoView({ block: 'end' }));
      // The last toast would cover the newest message in the picture.
      await page.locator('#toast').evaluate((el) => el.classList.remove('show'));
      await page.waitForTimeout(300);
      mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: SCREENSHOT });
      expect(existsSync(SCREENSHOT)).toBe(true);
      // npm test never rewrites tracked files; the README's picture is refreshed on purpose only.
      if (process.env.MOPS_DOCS_SCREENSHOT === '1') copyFileSync(SCREENSHOT, DOCS_SCREENSHOT);
      await page.setViewportSize({ width: 1280, height: 860 });
    },
  },
  {
    name: 'an unknown command → the same clear message as Slack, only for the caller',
    run: async ({ page }) => {
      await type(page, '/frobnicate');
      await message(page, tCommon(L, 'err.unknown_command', { word: 'frobnicate' }).replace(/`/g, ''), {
        ephemeral: true,
      }).waitFor();
    },
  },
  {
    name: '"+1 天" moves the bot clock a day, on the page and in the bot',
    run: async ({ page, bot }) => {
      const shown = async () => Date.parse((await page.locator('#bot-time').getAttribute('datetime'))!);
      const before = await shown();
      const botBefore = await botNow(bot);
      await page.getByRole('button', { name: tConsole(L, 'clock.day_label') }).click();
      await expect.poll(async () => (await shown()) - before, BOT_WORK).toBeGreaterThanOrEqual(24 * HOUR);
      // The bot's clock keeps running in real time on top of the jump.
      const moved = (await botNow(bot)) - botBefore;
      expect(moved).toBeGreaterThanOrEqual(24 * HOUR);
      expect(moved).toBeLessThan(24 * HOUR + 60_000);
    },
  },
  {
    name: '"+1 小时" past 09:00 → the 日报 the scheduler would have posted at 09:00 appears, once',
    timeoutMs: 60_000,
    run: async ({ page, bot }) => {
      // The bot is at about 08:00 (the demo step started there, "+1 天" kept the hour): one hour on is 09:00.
      const state = await consoleState(bot);
      const today = localDate(new Date(state.now), state.tz);
      const date = addDays(today, -1);
      const title = tDigests(L, 'daily.title', {
        date,
        weekday: tMetrics(L, `weekday.${dayOfWeek(date)}` as 'weekday.0'),
      });
      const digest = message(page, title, { ephemeral: false });
      expect(await digest.count()).toBe(0);
      const hour = page.getByRole('button', { name: tConsole(L, 'clock.hour_label') });
      const shown = async () => Date.parse((await page.locator('#bot-time').getAttribute('datetime'))!);
      const before = await shown();
      // One click at a time: each runs what came due before the page hears the new time.
      for (const hours of [1, 2]) {
        await hour.click();
        await expect
          .poll(async () => (await shown()) - before, BOT_WORK)
          .toBeGreaterThanOrEqual(hours * HOUR);
      }
      await digest.first().waitFor(BOT_WORK);
      await bot.waitForLog((l) => l.msg === 'job done' && l.job === 'daily-digest' && l.period_key === today);
      expect(await digest.count()).toBe(1);
    },
  },
  {
    name: 'Run now SLA 巡检 → escalations of overdue work arrive live in #mkt-alerts (unread badge)',
    run: async ({ page, bot }) => {
      await runNow(page, 'sla-sweep');
      // The sweep also runs every minute, so this minute may already be done ("already ran"); either way the
      // page names the job, and the alerts are in #mkt-alerts.
      await expect.poll(() => toastText(page), BOT_WORK).toContain(tConsole(L, 'job.sla-sweep'));
      await bot.waitForLog((l) => l.msg === 'job run from the console' && l.job === 'sla-sweep');
      const channel = page.locator('[data-channel="mkt-alerts"]');
      await expect
        .poll(async () => Number(await channel.locator('.badge').textContent()), BOT_WORK)
        .toBeGreaterThan(0);
      await openChannel(page, 'mkt-alerts');
      const overdue = page.locator('.msg:not(.ephemeral)').filter({ hasText: /已超时|严重超时/ });
      await expect.poll(() => overdue.count(), BOT_WORK).toBeGreaterThan(0);
      expect(await channel.locator('.badge').count()).toBe(0);
      await openChannel(page, 'marketing');
    },
  },
  {
    name: '首页 (Home): 王强 sees the approvals waiting for him with buttons; deciding one from there refreshes the view',
    run: async ({ page }) => {
      await actingAs(page, 'wangqiang');
      await page.locator('[data-channel="home"]').click();
      await expect.poll(() => page.locator('#channel-title').textContent()).toBe(tConsole(L, 'nav.home'));
      await page
        .locator('.card-title')
        .filter({ hasText: /^我的 SLA 待办（\d+）$/ })
        .waitFor();
      const heading = page.locator('.card-title').filter({ hasText: /^待我审批（\d+）$/ });
      await heading.waitFor();
      const count = async () => Number(/（(\d+)）/.exec((await heading.textContent()) ?? '')?.[1] ?? -1);
      const n = await count();
      expect(n).toBeGreaterThan(0);
      const approve = page.getByRole('button', { name: tApprovals(L, 'button.approve') }).first();
      await approve.click();
      const dialog = page.getByRole('dialog', { name: tApprovals(L, 'confirm.title') });
      if (
        await dialog.waitFor({ timeout: 3000 }).then(
          () => true,
          () => false,
        )
      ) {
        await dialog.getByRole('button', { name: tApprovals(L, 'confirm.ok') }).click();
      }
      await expect.poll(count, BOT_WORK).toBe(n - 1);
      await page.screenshot({ path: join(ARTIFACTS, 'console-home.png'), fullPage: false });
      await actingAs(page, 'lina');
      await openChannel(page, 'marketing');
    },
  },
  {
    name: 'at phone width nothing scrolls sideways and the composer is still there',
    run: async ({ page }) => {
      await page.setViewportSize({ width: 390, height: 844 });
      await type(page, '/mops help');
      await message(page, '/feedback new', { ephemeral: true }).last().waitFor();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      expect(await composer(page).isVisible()).toBe(true);
      await page.screenshot({ path: join(ARTIFACTS, 'console-phone.png'), fullPage: false });
      // Opening the console on a phone shows the newest message, not the oldest.
      await page.reload();
      await page.locator('.msg').last().waitFor();
      await expect
        .poll(() =>
          page.evaluate(() => document.documentElement.scrollHeight - window.scrollY - window.innerHeight),
        )
        .toBeLessThanOrEqual(2);
      expect(await page.locator('.msg').last().isVisible()).toBe(true);
      const lastBox = await page.locator('.msg').last().boundingBox();
      expect(lastBox!.y).toBeLessThan(844);
      await page.screenshot({ path: join(ARTIFACTS, 'console-phone-open.png'), fullPage: false });
    },
  },
  {
    name: 'no script errors and no CSP violations on the page',
    run: async ({ errors }) => {
      expect(errors).toEqual([]);
    },
  },
];

describe.skipIf('reason' in launched)('local console in Chromium', () => {
  beforeAll(async () => {
    const browser = (launched as { browser: BrowserContext }).browser;
    world.errors = [];
    world.bot = await spawnBot({ env: { LOCALE: L } });
    // The one line a newcomer needs: where to open the console.
    expect(world.bot.url).toBe(`http://localhost:${world.bot.port}`);
    world.page = browser.pages()[0] ?? (await browser.newPage());
    // Fail a step in 10 s with Playwright's message, well inside vitest's 30 s.
    world.page.setDefaultTimeout(10_000);
    world.page.on('pageerror', (e) => world.errors.push(`pageerror: ${e.message}`));
    world.page.on('console', (m) => {
      if (m.type() === 'error') world.errors.push(`console: ${m.text()}`);
    });
    // The first start creates the embedded database (initdb) before the console answers.
  }, 150_000);

  afterAll(async () => {
    await (launched as { browser: BrowserContext }).browser.close();
    rmSync(profileDir, { recursive: true, force: true });
    await world.bot?.stop();
  });

  for (const step of steps) it(step.name, () => step.run(world), step.timeoutMs);
});
