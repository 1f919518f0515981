/**
 * The local console in a real browser: Debian's Chromium driven by playwright-core (no downloaded
 * browsers). When Chromium cannot start, the whole file is skipped with the reason printed; CI installs it.
 *
 * The flow is a list of steps sharing one page (one user's session), so a new feature adds a step where it
 * belongs. The server is built in-process like src/app.ts builds it for the console, with the real jobs.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nock from 'nock';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueueOutbox } from '../../db/queries/outbox';
import { runJob } from '../../jobs/index';
import { renderTrendChart } from '../../src/charts/trend-chart';
import type { Card } from '../../src/chat/card';
import { encodeCard } from '../../src/chat/card-codec';
import { ta } from '../../src/chat/messages/approvals';
import { tc } from '../../src/chat/messages/common';
import { tf } from '../../src/chat/messages/feedback';
import { tcon } from '../../src/platforms/console/messages';
import { type ConsoleHarness, startConsole } from '../platforms/console/harness';

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

const CHART_ALT = 'GMV 与花费，近 14 天';
const JOB_TITLE = '图表测试卡片';
const CONFIRM = { title: '确认', text: '要列出全部反馈吗？', ok: '列出', cancel: '先不' };
/** What a job would post: a chart and a button that asks first. */
const JOB_CARD = (png: Uint8Array): Card => ({
  title: JOB_TITLE,
  text: '由任务经 outbox 发送',
  tone: 'warning',
  image: { png, alt: CHART_ALT, title: 'GMV / 花费' },
  buttons: [{ text: '查看反馈', action: 'cmd:feedback list', confirm: CONFIRM }],
});

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
  server: ConsoleHarness;
  page: Page;
  /** Uncaught page errors and console errors (a CSP violation shows up here). */
  errors: string[];
  jobsRun: string[];
  code?: string;
  approval?: string;
}

const world = {} as World;

const composer = (p: Page) => p.getByRole('textbox', { name: tcon(L, 'composer.label') });

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

const actingAs = (p: Page, id: string) => p.getByLabel(tcon(L, 'people.label')).selectOption(id);

async function openChannel(p: Page, id: string) {
  await p.locator(`[data-channel="${id}"]`).click();
  await expect
    .poll(() => p.locator('#channel-title').textContent())
    .toBe(id === 'dm' ? tcon(L, 'nav.dm') : `#${id}`);
}

const steps: { name: string; run(w: World): Promise<void> }[] = [
  {
    name: 'the page opens in Chinese as 李娜 in #marketing, live, with labelled controls',
    run: async ({ page, server }) => {
      await page.goto(server.url);
      await expect.poll(() => page.locator('#live').getAttribute('data-state')).toBe('live');
      expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
      await expect.poll(() => page.locator('#channel-title').textContent()).toBe('#marketing');
      expect(await page.getByLabel(tcon(L, 'people.label')).inputValue()).toBe('lina');
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
      expect(await reply.textContent()).toContain(tcon(L, 'msg.ephemeral'));
      w.code = /FB-\d+/.exec((await reply.locator('.card-title').textContent()) ?? '')![0];
      const card = message(page, tf(L, 'channel.title', { code: w.code, severity: tf(L, 'severity.high') }), {
        ephemeral: false,
      });
      await card.waitFor();
      expect(await card.locator('.card-text').textContent()).toBe('快递三天没到 <b>急</b>');
      expect(await card.locator('.card-text b').count()).toBe(0);
      expect(await card.locator('dt').allTextContents()).toContain(tf(L, 'field.due'));
      expect(await composer(page).inputValue()).toBe('');
    },
  },
  {
    name: 'another person sees the channel card but not 李娜’s ephemeral reply',
    run: async ({ page, code }) => {
      await page.getByLabel(tcon(L, 'people.label')).selectOption('wangqiang');
      await expect.poll(() => message(page, `已记录反馈 ${code}`).count()).toBe(0);
      await message(page, `新反馈 ${code}`, { ephemeral: false }).waitFor();
      await page.getByLabel(tcon(L, 'people.label')).selectOption('lina');
      await message(page, `已记录反馈 ${code}`, { ephemeral: true }).waitFor();
    },
  },
  {
    name: '/feedback new without arguments → the form; a missing field is named next to it, then it submits',
    run: async ({ page }) => {
      await type(page, '/feedback new');
      const dialog = page.getByRole('dialog', { name: tf(L, 'form.title') });
      await dialog.waitFor();
      await dialog.getByLabel(tf(L, 'field.source')).selectOption('review');
      await dialog.getByLabel(tf(L, 'field.category')).selectOption('price');
      await dialog.getByLabel(tf(L, 'field.text')).fill('价格比竞品贵 20%');
      await dialog.getByRole('button', { name: tf(L, 'form.submit') }).click();
      const severity = dialog.getByLabel(tf(L, 'field.severity'));
      await expect.poll(() => severity.getAttribute('aria-invalid')).toBe('true');
      const errorId = (await severity.getAttribute('aria-describedby'))!.split(' ').pop()!;
      // The page shows `severity` as inline code, so its text has no backticks.
      expect(await page.locator(`#${errorId}`).textContent()).toBe(
        tc(L, 'err.missing_arg', { key: 'severity' }).replace(/`/g, ''),
      );
      await severity.selectOption('medium');
      await dialog.getByRole('button', { name: tf(L, 'form.submit') }).click();
      await dialog.waitFor({ state: 'hidden' });
      const reply = message(page, '已记录反馈', { ephemeral: true }).nth(1);
      await reply.waitFor();
      const code = /FB-\d+/.exec((await reply.textContent()) ?? '')![0];
      await message(page, tf(L, 'channel.title', { code, severity: tf(L, 'severity.medium') }), {
        ephemeral: false,
      }).waitFor();
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
      const card = message(page, ta(L, 'card.content.title', { code: w.approval, title: '双11 面霜预热' }));
      await card.waitFor();
      const findings = card.locator('.card-section').first();
      expect(await findings.locator('h4').textContent()).toMatch(/^广告法合规检查：\d+ 处$/);
      expect(await findings.textContent()).toContain('全网销量第一');
      expect(await card.locator('.mention').textContent()).toBe('@李娜');
      // 李娜 may not decide her own request; she sees the buttons, the domain refuses.
      expect(await card.getByRole('button', { name: ta(L, 'button.approve') }).count()).toBe(1);
    },
  },
  {
    name: '王强 (approver) clicks 批准, confirms the high-severity dialog → the card updates in place; 李娜 gets a DM',
    run: async ({ page, approval }) => {
      await actingAs(page, 'wangqiang');
      const card = message(page, ta(L, 'card.content.title', { code: approval!, title: '双11 面霜预热' }));
      await card.getByRole('button', { name: ta(L, 'button.approve') }).click();
      const dialog = page.getByRole('dialog', { name: ta(L, 'confirm.title') });
      await dialog.waitFor();
      await dialog.getByRole('button', { name: ta(L, 'confirm.ok') }).click();
      await expect.poll(() => card.locator('.actions button').count()).toBe(0);
      expect(await card.locator('dd').first().textContent()).toBe(ta(L, 'status.approved'));
      expect(await card.locator('.mention').allTextContents()).toContain('@王强');
      expect(
        await message(page, ta(L, 'card.content.title', { code: approval!, title: '双11 面霜预热' })).count(),
      ).toBe(1);
      await actingAs(page, 'lina');
      await openChannel(page, 'dm');
      await message(page, ta(L, 'dm.approved.title', { code: approval! })).waitFor();
      await openChannel(page, 'marketing');
    },
  },
  {
    name: 'a week of metrics, then Run now 日报 → the daily digest appears live in #marketing with its chart loaded',
    run: async ({ page }) => {
      // A week of one channel's figures, so the digest has 环比 and the chart has a shape.
      for (let i = 0; i < 7; i++) {
        const date = `2026-11-${19 + i}`;
        const gmv = 90_000 + i * 11_000 + (i % 2) * 15_000;
        await type(
          page,
          `/metrics log date=${date} channel=douyin uv=${10_000 + i * 700} pv=${26_000 + i * 1500} impressions=500000 clicks=${8000 + i * 300} orders=${200 + i * 18} buyers=${190 + i * 16} gmv=${gmv} spend=${26_000 + i * 900}`,
        );
        await expect.poll(() => message(page, date, { ephemeral: true }).count()).toBeGreaterThan(0);
      }
      await page.getByLabel(tcon(L, 'jobs.label')).selectOption('daily-digest');
      await page.getByRole('button', { name: tcon(L, 'jobs.run_label') }).click();
      const chart = page.locator('.msg:not(.ephemeral) img.card-image').last();
      await chart.waitFor();
      await expect
        .poll(() =>
          chart.evaluate((el) => (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth),
        )
        .toBeGreaterThan(0);
      expect(await chart.getAttribute('alt')).toBeTruthy();
    },
  },
  {
    name: 'screenshot of the console → test-artifacts/console.png and docs/console.png',
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
      mkdirSync(join(process.cwd(), 'docs'), { recursive: true });
      copyFileSync(SCREENSHOT, DOCS_SCREENSHOT);
      expect(existsSync(DOCS_SCREENSHOT)).toBe(true);
      await page.setViewportSize({ width: 1280, height: 860 });
    },
  },
  {
    name: 'an unknown command → the same clear message as Slack, only for the caller',
    run: async ({ page }) => {
      await type(page, '/frobnicate');
      await message(page, tc(L, 'err.unknown_command', { word: 'frobnicate' }).replace(/`/g, ''), {
        ephemeral: true,
      }).waitFor();
    },
  },
  {
    name: '"Run now" runs the chosen job and "+1 天" moves the bot clock a day',
    run: async ({ page, jobsRun, server }) => {
      await page.getByLabel(tcon(L, 'jobs.label')).selectOption('sla-sweep');
      await page.getByRole('button', { name: tcon(L, 'jobs.run_label') }).click();
      await expect
        .poll(() => page.locator('#toast').textContent())
        .toContain(tcon(L, 'jobs.ran', { job: tcon(L, 'job.sla-sweep') }));
      expect(jobsRun).toEqual(['daily-digest', 'sla-sweep']);
      const before = Date.parse((await page.locator('#bot-time').getAttribute('datetime'))!);
      const botBefore = server.deps.clock.now().getTime();
      await page.getByRole('button', { name: tcon(L, 'clock.day_label') }).click();
      await expect
        .poll(async () => Date.parse((await page.locator('#bot-time').getAttribute('datetime'))!) - before)
        .toBeGreaterThanOrEqual(24 * 3_600_000);
      expect(server.deps.clock.now().getTime() - botBefore).toBe(24 * 3_600_000);
    },
  },
  {
    name: 'a card a job posts to #mkt-alerts arrives live (unread badge), with its PNG chart loaded',
    run: async ({ page, server }) => {
      const png = await renderTrendChart({
        points: Array.from({ length: 14 }, (_, i) => ({
          date: `2026-11-${String(i + 10).padStart(2, '0')}`,
          gmvFen: 12_000_000 + i * 900_000,
          spendFen: 3_000_000 + i * 120_000,
        })),
        labels: { gmv: 'GMV', spend: '花费' },
      });
      await enqueueOutbox(server.deps.db, {
        platform: 'console',
        destination: 'mkt-alerts',
        payload: { card: encodeCard(JOB_CARD(png)) },
        now: server.deps.clock.now(),
      });
      const channel = page.locator('[data-channel="mkt-alerts"]');
      await expect.poll(() => channel.locator('.badge').textContent()).toBe('1');
      await channel.click();
      const img = page.getByRole('img', { name: CHART_ALT });
      await img.waitFor();
      expect(
        await img.evaluate(
          (el) => (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth,
        ),
      ).toBe(800);
      expect(await channel.locator('.badge').count()).toBe(0);
    },
  },
  {
    name: 'a button with a confirm dialog: cancel changes nothing; OK runs the action and replaces the card in place',
    run: async ({ page }) => {
      const card = message(page, JOB_TITLE);
      const dialog = page.getByRole('dialog', { name: CONFIRM.title });
      await card.getByRole('button', { name: '查看反馈' }).click();
      await dialog.waitFor();
      expect(await dialog.textContent()).toContain(CONFIRM.text);
      await dialog.getByRole('button', { name: CONFIRM.cancel }).click();
      await dialog.waitFor({ state: 'hidden' });
      expect(await card.count()).toBe(1);
      await card.getByRole('button', { name: '查看反馈' }).click();
      await dialog.getByRole('button', { name: CONFIRM.ok }).click();
      await message(page, tf(L, 'list.title')).waitFor();
      expect(await message(page, JOB_TITLE).count()).toBe(0);
      expect(await page.locator('#messages > .msg').count()).toBe(1);
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
    nock.disableNetConnect();
    nock.enableNetConnect(/127\.0\.0\.1|localhost/);
    const browser = (launched as { browser: BrowserContext }).browser;
    world.jobsRun = [];
    world.errors = [];
    world.server = await startConsole({
      locale: L,
      // The real jobs, at the bot's (fake, movable) time: what src/app.ts will wire.
      hooks: (deps) => ({
        runJob: async (name) => {
          world.jobsRun.push(name);
          return runJob(deps, name, deps.clock.now());
        },
        advanceClock: (ms) => deps.clock.advance(ms),
      }),
    });
    world.page = browser.pages()[0] ?? (await browser.newPage());
    // Fail a step in 10 s with Playwright's message, well inside vitest's 30 s.
    world.page.setDefaultTimeout(10_000);
    world.page.on('pageerror', (e) => world.errors.push(`pageerror: ${e.message}`));
    world.page.on('console', (m) => {
      if (m.type() === 'error') world.errors.push(`console: ${m.text()}`);
    });
  });

  afterAll(async () => {
    await (launched as { browser: BrowserContext }).browser.close();
    rmSync(profileDir, { recursive: true, force: true });
    await world.server?.close();
    nock.enableNetConnect();
  });

  for (const step of steps) it(step.name, () => step.run(world));
});
