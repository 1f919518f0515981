/**
 * The home view (Slack App Home, console Home, `/mops me`) for a person with 200 open items, against a
 * table full of other people's work: target p99 ≤ 300 ms for building the whole view (four section
 * queries, the person lookup, the cards and the Block Kit view), beside one bare round trip.
 */
import { sql } from 'drizzle-orm';
import { homeCards } from '../src/chat/cards/home';
import { homeFigures } from '../src/domain/home';
import { getSettings } from '../src/domain/settings';
import { toHomeView } from '../src/platforms/slack/home';
import {
  type BenchDriver,
  bareQuery,
  benchDeps,
  fmt,
  loadNote,
  mdTable,
  onDrivers,
  type ScratchDb,
  type Timing,
  timeInterleaved,
} from './lib';
import { BENCH_NOW } from './seed';

const ITERATIONS = Number(process.env.BENCH_HOME_ITERATIONS ?? 300);
const WARMUP = 20;
const MINE = 200;
const OTHERS = 20_000;
const USER = 'slack:UHOME';

async function seed(h: ScratchDb): Promise<void> {
  const now = BENCH_NOW.toISOString();
  // Mine: 200 open feedback items; everyone else's: 20,000 feedback rows (half open), 2,000 approvals.
  await h.db.execute(sql`
    insert into feedbacks (code, source, category, severity, text, status, reporter, created_at, due_at, remind_at)
    select 'FB-' || g, 'review', 'product', 'medium', '反馈 ' || g,
           case when g <= ${MINE} or g % 2 = 0 then 'open' else 'resolved' end,
           case when g <= ${MINE} then ${USER} else 'slack:U' || (g % 300) end,
           ${now}::timestamptz, ${now}::timestamptz + (g % 48) * interval '1 hour',
           ${now}::timestamptz + (g % 48) * interval '1 hour'
    from generate_series(1, ${MINE + OTHERS}) g`);
  await h.db.execute(sql`
    insert into approvals (code, kind, status, title, requester, details, findings, created_at)
    select 'APR-' || g, 'content', case when g % 4 = 0 then 'pending' else 'approved' end, '稿件 ' || g,
           'slack:U' || (g % 300), '{"channel":"douyin","text":"x"}'::jsonb, '[]'::jsonb,
           ${now}::timestamptz - g * interval '1 minute'
    from generate_series(1, 2000) g`);
  await h.db.execute(sql`
    insert into campaigns (code, name, type, channels, start_date, end_date, budget_fen, owner, status, created_by, created_at)
    select 'CMP-' || g, '活动 ' || g, 'promotion', '["douyin"]'::jsonb, '2026-11-01', '2026-11-30', 100000,
           case when g <= 12 then ${USER} else 'slack:U' || (g % 300) end, 'live', ${USER}, ${now}::timestamptz
    from generate_series(1, 500) g`);
  await h.db.execute(sql`analyze`);
}

interface DriverResult {
  home: Timing;
  bare: Timing;
  blocks: number;
}

async function runOn(h: ScratchDb): Promise<DriverResult> {
  await seed(h);
  const deps = benchDeps(h, { MOPS_APPROVERS: 'UHOME' });
  const settings = await getSettings(deps.db, deps.config);
  const tz = deps.config.tz;
  const bare = bareQuery(h);
  let blocks = 0;
  const build = async () => {
    const figures = await homeFigures(deps.db, settings, USER, BENCH_NOW, tz);
    const view = toHomeView(homeCards('en', tz, BENCH_NOW, figures), 'en');
    blocks = view.blocks.length;
  };
  const t = await timeInterleaved(
    { home: build, bare: () => bare('select 1') },
    { iterations: ITERATIONS, warmup: WARMUP },
  );
  return { home: t.home, bare: t.bare, blocks };
}

export async function benchHome(): Promise<string> {
  const load = loadNote();
  const drivers: BenchDriver[] = ['postgres', 'embedded'];
  const results = await onDrivers(drivers, 'home', (h) => runOn(h));
  if (results.length === 0) return '### Home view\n\nNo database available.';
  const line = (name: string, t: Timing) => [name, fmt(t.p50), fmt(t.p99), fmt(t.mean), fmt(t.max)];
  const rows = results.flatMap(({ label, result: r }) => [
    line(`${label}: **home view** (person + 4 section queries + cards + Block Kit view)`, r.home),
    line(`${label}: bare round trip (\`select 1\`)`, r.bare),
  ]);
  const verdicts = results.map(
    ({ label, result: r }) =>
      `${label}: p99 ${fmt(r.home.p99)} ms (${r.home.p99 <= 300 ? 'meets' : 'misses'} ≤ 300 ms), ` +
      `${fmt(r.home.p99 / r.bare.p99, 1)}× one round trip; ${r.blocks} blocks (limit 100)`,
  );
  return [
    `### Home view for a person with ${MINE} open items (${ITERATIONS} builds, interleaved, after ${WARMUP} warm-up)`,
    '',
    `Data: ${MINE} open feedback items of the person among ${(MINE + OTHERS).toLocaleString('en')} (half of the others open), ` +
      '2,000 approvals (500 pending, the person an approver), 500 campaigns (12 the person’s).',
    '',
    mdTable(['path', 'p50 ms', 'p99 ms', 'mean ms', 'max ms'], rows),
    '',
    verdicts.join('; '),
    '',
    load,
  ].join('\n');
}
