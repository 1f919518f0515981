import { sql } from 'drizzle-orm';
import { rowsOf } from '../db/queries/outbox';
import { encodeCard } from '../src/chat/card-codec';
import { Dispatcher } from '../src/delivery/dispatcher';
import { systemClock } from '../src/deps';
import { slackSender } from '../src/platforms/slack/sender';
import {
  type BenchDriver,
  benchDeps,
  fakeSlack,
  fmt,
  loadNote,
  mdTable,
  onDrivers,
  type ScratchDb,
  slackField,
} from './lib';

const CHANNELS = 10;
const PER_CHANNEL_MS = 1000;
const TICK_MS = 50;
const TOTAL: Record<BenchDriver, number> = {
  postgres: Number(process.env.BENCH_OUTBOX_TOTAL ?? 1000),
  // The embedded server is the single-machine setup: a shorter run shows it keeps the pace too.
  embedded: Number(process.env.BENCH_OUTBOX_EMBEDDED_TOTAL ?? 200),
};

interface DriverResult {
  total: number;
  sent: number;
  dead: number;
  seconds: number;
  rateLimited: number;
  /** Smallest gap between two accepted posts to one channel, ms. */
  minGapMs: number;
  /** Mean gap between consecutive accepted posts to one channel, ms. */
  meanGapMs: number;
  outOfOrder: number;
}

async function runOn(h: ScratchDb, driver: BenchDriver): Promise<DriverResult> {
  const total = TOTAL[driver];
  const fake = await fakeSlack(undefined, { perChannelMs: PER_CHANNEL_MS });
  const titles: Map<string, number[]> = new Map();
  fake.server.on('request', (req) => {
    // Record the order each channel receives its messages in (the title carries the message number).
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      if (!req.url?.endsWith('/chat.postMessage')) return;
      const n = Number(slackField(body, 'text')?.match(/#(\d+)/)?.[1]);
      const ch = slackField(body, 'channel') ?? '?';
      if (Number.isFinite(n)) titles.set(ch, [...(titles.get(ch) ?? []), n]);
    });
  });
  try {
    // The queue, interleaved over the channels as jobs and commands would fill it.
    const payload = {
      card: encodeCard({ title: 'Bench message', text: 'Outbox drain benchmark', tone: 'info' }),
    };
    await h.db.execute(sql`
      insert into outbox (created_at, platform, destination, kind, payload, dedupe_key, status, attempts,
        next_attempt_at)
      select now(), 'slack', 'CBENCH' || (g % ${CHANNELS}::int), 'message',
             jsonb_set(${JSON.stringify(payload)}::jsonb, '{card,title}', to_jsonb('Bench message #' || g)),
             'bench:' || g, 'pending', 0, now()
      from generate_series(0, ${total - 1}::int) g
      order by g`);

    // Each 429 is counted by the fake; the dispatcher's retry warnings would only flood the output.
    const deps = benchDeps(h, { LOG_LEVEL: 'error' }, systemClock);
    const sender = slackSender({
      token: 'xoxb-bench',
      apiUrl: `${fake.url}/api/`,
      locale: 'en',
      log: deps.log,
    });
    const dispatcher = new Dispatcher(deps, { slack: sender });
    const count = async () =>
      rowsOf<{ sent: number; dead: number }>(
        await h.db.execute(sql`
          select count(*) filter (where status = 'sent')::int as sent,
                 count(*) filter (where status = 'dead')::int as dead
          from outbox`),
      )[0] ?? { sent: 0, dead: 0 };

    const t0 = performance.now();
    dispatcher.start(TICK_MS);
    // Twice the ideal time plus a margin, then give up and report what was delivered.
    const deadline = t0 + (total / CHANNELS) * PER_CHANNEL_MS * 2 + 30_000;
    let c = await count();
    while (c.sent + c.dead < total && performance.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
      c = await count();
    }
    await dispatcher.stop();
    const posts = [...fake.stats.byChannel.values()];
    const last = Math.max(...posts.map((p) => p[p.length - 1] ?? t0));
    const gaps = posts.flatMap((p) => p.slice(1).map((t, i) => t - p[i]!));
    const outOfOrder = [...titles.values()].reduce(
      (n, seq) => n + seq.filter((v, i) => i > 0 && v < seq[i - 1]!).length,
      0,
    );
    return {
      total,
      sent: c.sent,
      dead: c.dead,
      seconds: (last - t0) / 1000,
      rateLimited: fake.stats.rateLimited,
      minGapMs: Math.min(...gaps),
      meanGapMs: gaps.reduce((a, b) => a + b, 0) / Math.max(1, gaps.length),
      outOfOrder,
    };
  } finally {
    fake.server.close();
  }
}

/** Draining the outbox to 10 Slack channels against a fake Slack that enforces 1 message/s per channel. */
export async function benchOutbox(): Promise<string> {
  const load = loadNote();
  const drivers: BenchDriver[] = ['postgres', 'embedded'];
  const results = await onDrivers(drivers, 'outbox', (h, d) => runOn(h, d));
  if (results.length === 0) return '### Outbox drain\n\nNo database available.';
  const allowed = CHANNELS * (1000 / PER_CHANNEL_MS);
  const rows = results.map(({ label, result: r }) => {
    const rate = r.sent / r.seconds;
    return [
      label,
      `${r.sent} / ${r.total}`,
      r.dead,
      fmt(r.seconds, 1),
      fmt(rate),
      `**${fmt(rate / allowed)}**`,
      `**${r.rateLimited}**`,
      fmt(r.minGapMs, 0),
      fmt(r.meanGapMs, 0),
      r.outOfOrder,
    ];
  });
  return [
    `### Outbox drain: ${results.map((r) => `${r.result.total} messages`).join(' / ')} to ${CHANNELS} channels`,
    '',
    `The real Dispatcher (\`start(${TICK_MS})\`, real clock) and slackSender against a local fake Slack that, like ` +
      `Slack, takes one chat.postMessage per channel per ${PER_CHANNEL_MS / 1000} s and answers 429 with ` +
      '`Retry-After: 1` to a faster one. Messages are queued interleaved over the channels; the time runs from ' +
      `dispatcher start to the last accepted post. Allowed rate: ${CHANNELS} channels × 1/s = ${allowed} msg/s. ` +
      `PostgreSQL drains ${TOTAL.postgres} messages (at least ${fmt(TOTAL.postgres / allowed - 1, 0)} s by the limit); ` +
      `the embedded server a shorter ${TOTAL.embedded}.`,
    '',
    mdTable(
      [
        'database',
        'sent',
        'dead',
        'seconds',
        'msg/s',
        'ratio to allowed (target ≥ 0.9)',
        '429s (target 0)',
        'min gap ms',
        'mean gap ms',
        'out of order',
      ],
      rows,
    ),
    '',
    load,
  ].join('\n');
}
