import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, channelMetrics } from '../../db/schema';
import { CsvParser, type ImportProgress, importMetricsCsv, parseCsv } from '../../src/ingest/csv';
import { createTestDb, driverName } from '../helpers/db';
import { testDeps } from '../helpers/deps';

let h: Awaited<ReturnType<typeof createTestDb>>;
let deps: ReturnType<typeof testDeps>;
let dir: string;

beforeAll(async () => {
  h = await createTestDb();
  deps = testDeps(h); // now = 2026-11-26 10:00 in Shanghai
  dir = mkdtempSync(join(tmpdir(), 'mops-csv-'));
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await h.close();
});

function file(name: string, content: string | Buffer): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}

describe('RFC 4180 parser', () => {
  it('quoted fields with commas, doubled quotes and line breaks; CRLF; line numbers of each record', () => {
    const text = '\uFEFFa,b,c\r\n1,"x, y","he said ""hi"""\r\n2,"multi\r\nline",z\r\n3,,\n';
    expect(parseCsv(text)).toEqual([
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['1', 'x, y', 'he said "hi"'] },
      { line: 3, fields: ['2', 'multi\r\nline', 'z'] },
      { line: 5, fields: ['3', '', ''] },
    ]);
  });

  it('a record may end at end of file without a newline; lone CR ends a line too', () => {
    expect(parseCsv('a,b\rc,d')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['c', 'd'] },
    ]);
  });

  it('malformed records are reported with their line and parsing continues', () => {
    expect(parseCsv('ok,1\nbad"quote,2\n"x"y,3\nfine,4\n"never closed,5\n')).toEqual([
      { line: 1, fields: ['ok', '1'] },
      { line: 2, problem: 'stray_quote' },
      { line: 3, problem: 'after_quote' },
      { line: 4, fields: ['fine', '4'] },
      { line: 5, problem: 'unclosed_quote' },
    ]);
  });

  it('any table written the RFC 4180 way reads back field for field (quotes, commas, CR/LF, emoji)', () => {
    const cell = fc.string({ unit: 'grapheme', maxLength: 12 }).map((v) => v.replace(/\uFEFF/g, ''));
    const quote = (v: string) => (/[",\r\n]/.test(v) || v === '' ? `"${v.replaceAll('"', '""')}"` : v);
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 4 })
          .chain((n) =>
            fc.array(fc.array(cell, { minLength: n, maxLength: n }), { minLength: 1, maxLength: 5 }),
          ),
        fc.constantFrom('\n', '\r\n'),
        (table, eol) => {
          const text = table.map((r) => r.map(quote).join(',')).join(eol);
          const parsed = parseCsv(text);
          expect(parsed.map((r) => ('fields' in r ? r.fields : r))).toEqual(table);
        },
      ),
    );
  });

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        for (const r of parseCsv(text)) expect(r.line).toBeGreaterThanOrEqual(1);
      }),
    );
  });

  it('gives the same records however the text is split into chunks', () => {
    const text = 'a,"b\r\nc",d\r\n"e""f",g\r\n';
    const whole = parseCsv(text);
    for (let cut = 1; cut < text.length; cut++) {
      const out: unknown[] = [];
      const p = new CsvParser();
      p.push(text.slice(0, cut), (r) => out.push(r));
      p.push(text.slice(cut), (r) => out.push(r));
      p.end((r) => out.push(r));
      expect(out).toEqual(whole);
    }
  });
});

describe(`import-metrics on ${driverName}`, () => {
  it('a file with a bad row writes nothing and names the line and the reason', async () => {
    const p = file(
      'bad.csv',
      [
        'date,channel,clicks,impressions,gmv',
        '2026-11-24,douyin,100,5000,"12,000"',
        '2026-11-24,jd,abc,100,5万',
        '',
        '2026-11-24,myspace,1,1,1',
        '2026-11-24,douyin,1,1,1',
      ].join('\n'),
    );
    const res = await importMetricsCsv(deps, p);
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.errorCount).toBe(3);
    expect(res.errors.map((e) => [e.line, e.field])).toEqual([
      [3, 'clicks'],
      [5, 'channel'],
      [6, 'channel'],
    ]);
    expect(res.summary).toContain('nothing was written');
    expect(res.summary).toContain('Line 3: `clicks`: `abc` is not a number');
    expect(res.summary).toContain('Line 5: `channel`: `myspace` is not a known channel');
    expect(res.summary).toContain('appears twice (already at line 2)');
    expect(await h.db.select().from(channelMetrics)).toHaveLength(0);
    expect(await h.db.select().from(auditLog)).toHaveLength(0);
  });

  it('a header with an unknown column is refused before any row is read', async () => {
    const res = await importMetricsCsv(deps, file('hdr.csv', 'date,channel,clickz\n2026-11-24,jd,1\n'));
    expect(res.ok).toBe(false);
    expect(res.summary).toContain('Line 1 (header): Unknown column `clickz`');
  });

  it('a good file is upserted in one go with progress, and importing it again changes nothing', async () => {
    const lines = ['Date,Channel,UV,GMV,Spend,New_Users'];
    const days = 40;
    for (let d = 0; d < days; d++) {
      const date = new Date(Date.UTC(2026, 9, 1 + d)).toISOString().slice(0, 10);
      for (const ch of ['douyin', '小红书', 'jd'])
        lines.push(`${date},${ch},${100 + d},¥${d + 1}000,${d + 1}00,${d}`);
    }
    const p = file('good.csv', `${lines.join('\r\n')}\r\n`);
    const progress: ImportProgress[] = [];
    const res = await importMetricsCsv(deps, p, { onProgress: (x) => progress.push(x), progressEvery: 50 });
    expect(res).toMatchObject({ ok: true, rows: days * 3, created: days * 3, updated: 0, unchanged: 0 });
    expect(progress.filter((x) => x.phase === 'validate').length).toBeGreaterThan(2);
    expect(progress.at(-1)).toEqual({ phase: 'write', done: days * 3, total: days * 3 });
    const rows = await h.db.select().from(channelMetrics);
    expect(rows).toHaveLength(days * 3);
    const first = rows.find((r) => r.date === '2026-10-01' && r.channel === 'xiaohongshu')!;
    expect(first).toMatchObject({ uv: 100, gmvFen: 100_000, spendFen: 10_000, newUsers: 0 });
    expect(first.updatedBy).toMatch(/^cli:/);

    const again = await importMetricsCsv(deps, p);
    expect(again).toMatchObject({ ok: true, created: 0, updated: 0, unchanged: days * 3 });
  });

  it('a file Excel saved as GB18030 (Chinese Windows default) is read correctly', async () => {
    const text = 'date,channel,orders\r\n2026-11-25,抖音,7\r\n';
    const gbk = Buffer.from([
      ...Buffer.from('date,channel,orders\r\n2026-11-25,'),
      0xb6,
      0xb6,
      0xd2,
      0xf4, // 抖音 in GB18030
      ...Buffer.from(',7\r\n'),
    ]);
    expect(new TextDecoder('gb18030').decode(gbk)).toBe(text);
    const res = await importMetricsCsv(deps, file('gbk.csv', gbk));
    expect(res).toMatchObject({ ok: true, created: 1 });
  });

  it('an empty file says so', async () => {
    const res = await importMetricsCsv(deps, file('empty.csv', ''));
    expect(res.ok).toBe(false);
    expect(res.summary).toContain('The file is empty');
  });
});
