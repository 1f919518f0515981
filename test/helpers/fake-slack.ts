import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for Slack on loopback for a bot in a child process (nock cannot reach it): the Web API
 * answers ok, and every POST to /resp/<id> (the commands' response_url) is recorded by id.
 */
export async function startFakeSlack(): Promise<{
  url: string;
  replies: Map<string, Record<string, unknown>[]>;
  close(): Promise<void>;
}> {
  const replies = new Map<string, Record<string, unknown>[]>();
  const server: Server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => {
      body += c;
    });
    req.on('end', () => {
      const m = req.url?.match(/^\/resp\/(.+)$/);
      if (m) {
        let parsed: Record<string, unknown> = {};
        try {
          parsed = JSON.parse(body) as Record<string, unknown>;
        } catch {
          parsed = { raw: body };
        }
        replies.set(m[1]!, [...(replies.get(m[1]!) ?? []), parsed]);
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: true, user_id: 'UBOT', bot_id: 'BBOT', ts: '1.0', channel: 'C1' }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    replies,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** A signed slash command as Slack sends it, whose response_url is the fake's /resp/<id>. */
export function slashForm(fakeUrl: string, id: string, command: string, text: string): string {
  return new URLSearchParams({
    team_id: 'T1',
    channel_id: 'C1',
    user_id: 'U1',
    user_name: 'tester',
    command,
    text,
    response_url: `${fakeUrl}/resp/${id}`,
    trigger_id: `trig.${id}`,
  }).toString();
}
