/**
 * Replies to Slack commands, buttons and forms, delivered through the outbox (platform `slack-reply`) so a
 * reply queued in the transaction that did the work is never lost to a crash. A reply goes to the
 * command's response_url while that lives (30 minutes, 5 uses); a later reply, or one whose response_url
 * Slack no longer takes, goes out as an ephemeral message in the channel, or as a DM when that fails.
 */

import { webApi } from '@slack/bolt';
import axios from 'axios';
import { z } from 'zod';
import type { DbOrTx } from '../../../db/client';
import { enqueueOutbox } from '../../../db/queries/outbox';
import type { OutboxRow } from '../../../db/schema';
import type { Card, Reply } from '../../chat/card';
import { encodeCard } from '../../chat/card-codec';
import type { Locale } from '../../chat/i18n';
import { type OutboxPayload, type Sender, storedPayload } from '../../delivery/dispatcher';
import { failed } from '../../delivery/failures';
import type { Clock } from '../../deps';
import type { Logger } from '../../log';
import { errorCode } from '../../util/errors';
import { type SlackMessage, toBlocks } from './render';
import { classifySlackError } from './sender';

export const SLACK_REPLY_PLATFORM = 'slack-reply';

/** response_url lives 30 minutes; a reply due later than this goes the other way. */
export const RESPONSE_URL_LIFE_MS = 29 * 60_000;

/** Where a reply goes, as it is queued with the card (`slack-reply` rows). */
const replyTarget = z.object({
  responseUrl: z.string().optional(),
  /** in_channel replies are seen by everyone; the fallback posts them as a channel message. */
  inChannel: z.boolean(),
  replaceOriginal: z.boolean(),
  user: z.string(),
  channel: z.string().optional(),
  /** When the command arrived (ms): the response_url's birth. */
  receivedAt: z.number(),
});
type ReplyTarget = z.infer<typeof replyTarget>;
type SlackReplyPayload = OutboxPayload & ReplyTarget;

/** Queue a reply in the caller's transaction. `key` makes a retried event's reply one row. */
export async function enqueueSlackReply(
  tx: DbOrTx,
  r: {
    key: string;
    reply: Reply;
    user: string;
    channel?: string;
    responseUrl?: string;
    replaceOriginal?: boolean;
    receivedAt: Date;
    now: Date;
  },
): Promise<void> {
  const payload: SlackReplyPayload = {
    card: encodeCard(r.reply.card),
    responseUrl: r.responseUrl,
    inChannel: r.reply.visibility === 'channel',
    replaceOriginal: r.replaceOriginal ?? false,
    user: r.user,
    channel: r.channel,
    receivedAt: r.receivedAt.getTime(),
  };
  await enqueueOutbox(tx, {
    platform: SLACK_REPLY_PLATFORM,
    // One destination per reply: replies to different commands never wait for each other.
    destination: `${r.user}@${r.channel ?? 'dm'}#${r.key}`,
    payload,
    dedupeKey: `slack-reply:${r.key}`,
    now: r.now,
  });
}

/** Slack answered the response_url with something that says it will not take it again. */
class ExpiredUrl extends Error {}

export interface SlackReplySenderOptions {
  token: string;
  apiUrl?: string;
  locale: Locale;
  log: Logger;
  clock: Clock;
}

/** The outbox sender for `slack-reply` rows. */
export function slackReplySender(opts: SlackReplySenderOptions): Sender {
  const client = new webApi.WebClient(opts.token, {
    slackApiUrl: opts.apiUrl,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: 10_000,
  });
  return {
    minIntervalMs: 0,
    async send(row: OutboxRow, card: Card) {
      const p = storedPayload(row, replyTarget);
      const msg = toBlocks(card, { locale: opts.locale });
      const url =
        opts.clock.now().getTime() - p.receivedAt < RESPONSE_URL_LIFE_MS ? p.responseUrl : undefined;
      if (url) {
        try {
          await viaResponseUrl(url, p, msg);
          return {};
        } catch (e) {
          if (!(e instanceof ExpiredUrl)) throw e;
          opts.log.info('response_url no longer taken; sending the reply as a message', { outboxId: row.id });
        }
      }
      await viaApi(client, opts.log, p, msg);
      return {};
    },
  };
}

/** The reply through its response_url; ExpiredUrl when Slack no longer takes it there. */
async function viaResponseUrl(url: string, p: ReplyTarget, msg: SlackMessage): Promise<void> {
  let res: { status: number; data: unknown; headers?: Record<string, string> };
  try {
    res = await axios.post(
      url,
      {
        response_type: p.inChannel ? 'in_channel' : 'ephemeral',
        replace_original: p.replaceOriginal,
        text: msg.text,
        blocks: msg.blocks,
      },
      { timeout: 10_000, validateStatus: () => true },
    );
  } catch (e) {
    // Never the URL in the error: it is a bearer address for the channel.
    throw failed(`response_url: ${errorCode(e) ?? 'network error'}`, { code: 'network' });
  }
  const body = typeof res.data === 'string' ? res.data : JSON.stringify(res.data ?? '');
  if (res.status === 404 || res.status === 410 || /expired_url|used_url|invalid_url/.test(body)) {
    throw new ExpiredUrl(body);
  }
  if (res.status >= 300) {
    const retryAfter = Number(res.headers?.['retry-after']);
    throw failed(`response_url: HTTP ${res.status}`, {
      code: 'http',
      status: res.status,
      retryAfterMs: retryAfter > 0 ? retryAfter * 1000 : undefined,
    });
  }
}

/** The reply as a message: in the channel for in_channel replies, else ephemeral, else a DM. */
async function viaApi(
  client: webApi.WebClient,
  log: Logger,
  p: ReplyTarget,
  msg: SlackMessage,
): Promise<void> {
  try {
    if (p.channel && p.inChannel) {
      await client.chat.postMessage({ channel: p.channel, text: msg.text, blocks: msg.blocks });
      return;
    }
    if (p.channel) {
      try {
        await client.chat.postEphemeral({
          channel: p.channel,
          user: p.user,
          text: msg.text,
          blocks: msg.blocks,
        });
        return;
      } catch (e) {
        const err = classifySlackError(e);
        // Only a channel the bot cannot post in sends the reply to the DM instead.
        if (err.kind !== 'permanent') throw err;
        log.info('ephemeral reply refused; sending it as a DM', { error: err.message });
      }
    }
    await client.chat.postMessage({ channel: p.user, text: msg.text, blocks: msg.blocks });
  } catch (e) {
    throw classifySlackError(e);
  }
}
