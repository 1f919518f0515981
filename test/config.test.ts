import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config';

describe('config', () => {
  it('defaults: embedded PostgreSQL in ./data, Asia/Shanghai, zh-CN, port 3000, console on without credentials', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ port: 3000, dataDir: './data', tz: 'Asia/Shanghai', locale: 'zh-CN' });
    expect(c.databaseUrl).toBeUndefined();
    expect(c.slack).toBeUndefined();
    expect(c.console.enabled).toBe(true);
  });

  it('lists every bad variable at once and never prints a secret value', () => {
    const secret = 'xapp-very-secret-value';
    try {
      loadConfig({
        PORT: 'eighty',
        LOCALE: 'fr',
        TZ_NAME: 'Mars/Base',
        SLACK_BOT_TOKEN: 'xoxb-secret-bot-token',
        SLACK_APP_TOKEN: `bad${secret}`,
        WECOM_CORP_ID: 'ww1',
      });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      const msg = (e as Error).message;
      for (const k of ['PORT', 'LOCALE', 'TZ_NAME', 'SLACK_APP_TOKEN', 'WECOM_SECRET', 'WECOM_AES_KEY']) {
        expect(msg).toContain(k);
      }
      expect(msg).not.toContain(secret);
      expect(msg).not.toContain('xoxb-secret-bot-token');
    }
  });

  it('Slack HTTP mode needs the signing secret; Socket Mode needs the app token instead', () => {
    expect(() => loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1' })).toThrow(/SLACK_SIGNING_SECRET/);
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' }).slack?.appToken).toBe(
      'xapp-1',
    );
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' }).console.enabled).toBe(false);
  });

  it('role lists are comma-separated ids', () => {
    expect(loadConfig({ MOPS_APPROVERS: 'U1, U2,,wecom:zhangsan' }).roles.approvers).toEqual([
      'U1',
      'U2',
      'wecom:zhangsan',
    ]);
  });
});
