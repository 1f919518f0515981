import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { auditLog, feedbacks, inbox, outbox } from '../../db/schema';
import { SLACK_TEST_TOKEN, useSlackTestBot } from '../helpers/bot';
import { auditOf } from '../helpers/db';
import { waitFor } from '../helpers/e2e';
import { blockText, captureResponse, postSigned, SIGNING_SECRET, slashBody } from '../helpers/slack';

const app = useSlackTestBot({ record: ['chat.postMessage', 'chat.update'] });
const posted = app.calls['chat.postMessage']!;
/** Inbox rows whose payload contains `text`: what the bot accepted and will run. */
const inboxTexts = async (text: string) =>
  (await app.db.select().from(inbox)).filter((r) => JSON.stringify(r.payload).includes(text));
const { clock, memlog, run } = app;

afterEach(() => {
  expect(memlog.lines.join('\n')).not.toContain(SLACK_TEST_TOKEN);
  expect(memlog.lines.join('\n')).not.toContain(SIGNING_SECRET);
});

describe('Slack /feedback end to end over signed HTTP', () => {
  it('new → channel card posted once via the outbox; list → ack → resolve with the DB following', async () => {
    const created = await run(
      '/feedback',
      'new source=wecom category=logistics severity=high text=快递三天没到 客户电话 13812345678',
    );
    expect(created.response_type).toBe('ephemeral');
    expect(blockText(created)).toMatch(/Feedback FB-\d+ logged/);
    expect(blockText(created)).toContain('masked');
    const [fb] = await app.db.select().from(feedbacks);
    expect(fb!.text).toBe('快递三天没到 客户电话 138****5678');
    expect(fb!.dueAt.toISOString()).toBe('2026-11-27T02:00:00.000Z');

    await waitFor(async () => (posted.length ? true : undefined));
    expect(posted[0]!.channel).toBe('C_MKT');
    expect(blockText(posted[0]!)).toContain(fb!.code);
    // The channel's rows only: on a loaded machine the ephemeral reply may go through the outbox too
    // (slack-reply:inbox:…, when the handler ran past the ack).
    const channelRows = () => app.db.select().from(outbox).where(eq(outbox.destination, 'C_MKT'));
    const [row] = await channelRows();
    expect(await waitFor(async () => ((await channelRows())[0]!.status === 'sent' ? true : undefined))).toBe(
      true,
    );
    expect(row!.dedupeKey).toBe(`feedback.created:${fb!.code}`);

    const list = await run('/feedback', 'list status=open');
    expect(blockText(list)).toContain(fb!.code);

    clock.advance(30 * 60_000);
    const acked = await run('/feedback', `ack ${fb!.code} note=已联系客户`);
    expect(blockText(acked)).toContain('acknowledged');
    const resolved = await run('/feedback', `resolve ${fb!.code} note="已补发"`);
    expect(blockText(resolved)).toContain('resolved');
    const [after] = await app.db.select().from(feedbacks).where(eq(feedbacks.id, fb!.id));
    expect(after!.status).toBe('resolved');
    expect(after!.resolveNote).toBe('已补发');
    const audit = await auditOf(app.db, fb!.code);
    expect(audit.map((a) => a.action)).toEqual(['feedback.create', 'feedback.ack', 'feedback.resolve']);
  });

  it.each([
    ['new source=wecom category=logistics text=hi', 'Missing argument `severity`'],
    ['new source=fax category=logistics severity=high text=hi', 'Argument `source` must be one of'],
    ['new colour=red source=wecom category=logistics severity=high text=hi', 'Unknown argument `colour`'],
    ['frobnicate', '`feedback` has no subcommand `frobnicate`'],
    ['ack FB-99999', 'No feedback `FB-99999` exists'],
    ['ack', 'Please give the code'],
    ['resolve FB-1', 'Missing argument `note`'],
    ['new source=wecom category=logistics severity=high text="unterminated', 'A quote is not closed'],
  ])('bad input `/feedback %s` → one clear ephemeral message with usage, nothing written', (text, message) =>
    app.expectRefused('/feedback', text, message, [feedbacks, auditLog]),
  );

  it('resolving a resolved item is refused with a reason', async () => {
    const created = await run('/feedback', 'new source=review category=price severity=low text=贵');
    const code = blockText(created).match(/FB-\d+/)![0];
    await run('/feedback', `resolve ${code} note=ok`);
    const again = await run('/feedback', `resolve ${code} note=again`);
    expect(blockText(again)).toContain(`${code} is already resolved`);
  });

  it('forged and stale signatures get 401 and write nothing', async () => {
    const before = (await app.db.select().from(feedbacks)).length;
    const { body } = slashBody('/feedback', 'new source=wecom category=product severity=low text=forged');
    expect((await postSigned(app.url, body, { secret: 'wrong-secret' })).status).toBe(401);
    const stale = Math.floor(Date.now() / 1000) - 60 * 10;
    expect((await postSigned(app.url, body, { ts: stale })).status).toBe(401);
    // Work is written to the inbox before the response, so nothing there now means nothing will run.
    expect(await inboxTexts('text=forged')).toEqual([]);
    expect((await app.db.select().from(feedbacks)).length).toBe(before);
  });

  it('a correctly signed request dated over 300 s ahead or behind gets 401; 298 s either way is taken', async () => {
    const before = (await app.db.select().from(feedbacks)).length;
    const now = Math.floor(Date.now() / 1000);
    for (const ts of [now + 302, now + 3600, now - 302]) {
      const { body } = slashBody('/feedback', 'new source=wecom category=product severity=low text=skewed');
      expect((await postSigned(app.url, body, { ts })).status).toBe(401);
    }
    expect(await inboxTexts('text=skewed')).toEqual([]);
    expect((await app.db.select().from(feedbacks)).length).toBe(before);
    for (const ts of [now + 298, now - 298]) {
      const { body, responsePath } = slashBody(
        '/feedback',
        'new source=wecom category=product severity=low text=inside',
      );
      const reply = captureResponse(responsePath);
      expect((await postSigned(app.url, body, { ts })).status).toBe(200);
      expect(blockText(await reply)).toContain('logged');
    }
  });

  it('a retried delivery (x-slack-retry-num: 1) creates nothing twice', async () => {
    const before = (await app.db.select().from(feedbacks)).length;
    const { body, responsePath } = slashBody(
      '/feedback',
      'new source=wecom category=product severity=low text=dup',
    );
    const reply = captureResponse(responsePath);
    await postSigned(app.url, body);
    await reply;
    const res = await postSigned(app.url, body, {
      headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' },
    });
    expect(res.status).toBe(200);
    // The retry is known before its ack (the inbox holds the event id): one item and one channel card.
    const items = await app.db.select().from(feedbacks);
    expect(items.length).toBe(before + 1);
    const code = items.find((f) => f.text === 'dup')?.code ?? 'none';
    // Posts to one channel are paced (about 1/s): move the bot's clock on while waiting.
    await waitFor(() => (posted.some((p) => blockText(p).includes(code)) ? true : undefined), {
      onRetry: () => clock.advance(1000),
    });
    expect(posted.filter((p) => blockText(p).includes(code))).toHaveLength(1);
  });

  it('/mops help lists the feedback commands; an unknown command names itself', async () => {
    const help = await run('/mops', 'help');
    expect(blockText(help)).toContain('/feedback new');
    const unknown = await run('/mops', 'frobnicate');
    expect(blockText(unknown)).toContain('`mops` has no subcommand `frobnicate`');
  });

  it('an internal error shows an error id that is in the log, not a stack trace', async () => {
    // The command runs in the inbox worker's transaction: after the worker's own first read (locking its
    // inbox row), every read there fails.
    const realTransaction = app.db.transaction.bind(app.db);
    (app.db as { transaction: unknown }).transaction = (fn: (tx: unknown) => unknown, cfg?: unknown) =>
      realTransaction((tx) => {
        const select = tx.select.bind(tx);
        let reads = 0;
        (tx as { select: unknown }).select = (...a: Parameters<typeof select>) => {
          if (reads++ === 0) return select(...a);
          throw new Error('db exploded');
        };
        return fn(tx) as never;
      }, cfg as never);
    try {
      const reply = await run('/feedback', 'list');
      const text = blockText(reply);
      const id = text.match(/E[0-9A-F]{8}/)![0];
      expect(text).not.toContain('db exploded');
      expect(memlog.lines.some((l) => l.includes(id) && l.includes('db exploded'))).toBe(true);
    } finally {
      (app.db as { transaction: unknown }).transaction = realTransaction;
    }
  });
});
