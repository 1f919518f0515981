import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutboxRow } from '../../../db/schema';
import { renderTrendChart } from '../../../src/charts/trend-chart';
import { createLogger } from '../../../src/log';
import { slackSender } from '../../../src/platforms/slack/sender';
import { MemoryLog } from '../../helpers/deps';
import { apiBody, SLACK_API } from '../../helpers/slack';

beforeAll(() => nock.disableNetConnect());
afterAll(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

const row = { id: 1, platform: 'slack', destination: 'C_DIGEST', kind: 'message', payload: {} } as OutboxRow;

describe('Slack sender with a chart', () => {
  it('posts the text first, then uploads the PNG into its thread with the files v2 flow', async () => {
    const png = await renderTrendChart({
      points: [{ date: '2026-11-25', gmvFen: 100_00, spendFen: 30_00 }],
      labels: { gmv: 'GMV', spend: 'Spend' },
    });
    const calls: string[] = [];
    nock(SLACK_API)
      .post('/api/chat.postMessage')
      .reply(200, (_u, b) => {
        calls.push(`post:${apiBody(b).channel}`);
        return { ok: true, ts: '1700.01', channel: 'C_DIGEST' };
      });
    nock(SLACK_API)
      .post('/api/files.getUploadURLExternal')
      .reply(200, (_u, b) => {
        const body = apiBody(b);
        calls.push(`url:${body.filename}:${body.length}`);
        return { ok: true, upload_url: 'https://files.slack.test/upload/F1', file_id: 'F1' };
      });
    nock('https://files.slack.test')
      .post('/upload/F1')
      .reply(200, () => {
        calls.push('bytes');
        return 'OK';
      });
    nock(SLACK_API)
      .post('/api/files.completeUploadExternal')
      .reply(200, (_u, b) => {
        const body = apiBody(b);
        calls.push(`complete:${body.channel_id}:${body.thread_ts}`);
        return { ok: true, files: [{ id: 'F1' }] };
      });
    const sender = slackSender({
      token: 'xoxb-t',
      apiUrl: `${SLACK_API}/api/`,
      locale: 'en',
      log: createLogger('info', {}, new MemoryLog()),
    });
    const r = await sender.send(row, {
      title: 'Daily report',
      text: 'GMV ¥12,000',
      image: { png, alt: 'GMV and spend' },
    });
    expect(r.ref).toBe('1700.01');
    expect(calls).toEqual([
      'post:C_DIGEST',
      `url:chart.png:${png.byteLength}`,
      'bytes',
      'complete:C_DIGEST:1700.01',
    ]);
  });

  it('a failed upload does not fail (or repeat) the posted text', async () => {
    const memlog = new MemoryLog();
    nock(SLACK_API).post('/api/chat.postMessage').reply(200, { ok: true, ts: '1700.02' });
    nock(SLACK_API)
      .post('/api/files.getUploadURLExternal')
      .reply(200, { ok: false, error: 'not_allowed_token_type' });
    const sender = slackSender({
      token: 'xoxb-t',
      apiUrl: `${SLACK_API}/api/`,
      locale: 'en',
      log: createLogger('info', {}, memlog),
    });
    const r = await sender.send(row, {
      title: 'Daily report',
      image: { png: new Uint8Array([137, 80, 78, 71]), alt: 'chart' },
    });
    expect(r.ref).toBe('1700.02');
    expect(memlog.lines.join('\n')).toContain('chart upload failed; message was posted without it');
  });
});
