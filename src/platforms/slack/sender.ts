import { webApi } from '@slack/bolt';
import type { OutboxRow } from '../../../db/schema';
import type { Card } from '../../chat/card';
import type { Locale } from '../../chat/i18n';
import type { Sender } from '../../delivery/dispatcher';
import { asSendError, type FailureReader, SendError } from '../../delivery/failures';
import type { Logger } from '../../log';
import { errorCode, errorMessage } from '../../util/errors';
import { propOf } from '../../util/narrow';
import { type SlackMessage, toBlocks } from './render';

/** What a Web API failure is, read from @slack/web-api's coded errors (src/delivery/failures.ts judges it). */
const readSlackError: FailureReader = (e) => {
  const num = (key: string) => {
    const v = propOf(e, key);
    return typeof v === 'number' ? v : undefined;
  };
  switch (errorCode(e)) {
    case 'slack_webapi_rate_limited_error':
      return {
        message: 'rate limited (429)',
        failure: { code: 'http', status: 429, retryAfterMs: (num('retryAfter') ?? 1) * 1000 },
      };
    case 'slack_webapi_request_error':
      return {
        message: `network error: ${e instanceof Error ? e.message : ''}`,
        failure: { code: 'network' },
      };
    case 'slack_webapi_http_error': {
      const status = num('statusCode');
      return { message: `HTTP ${status}`, failure: { code: 'http', status } };
    }
    case 'slack_webapi_platform_error': {
      const said = propOf(propOf(e, 'data'), 'error');
      const error = typeof said === 'string' ? said : 'unknown_error';
      return { message: `slack error: ${error}`, failure: { code: 'slack', error } };
    }
    default:
      return undefined;
  }
};

/**
 * A Web API failure as a SendError: network, 5xx and 429 are transient; a platform error goes by the
 * table in src/delivery/failures.ts (channel_not_found is permanent, with what to do).
 */
export const classifySlackError = (e: unknown): SendError => asSendError(e, readSlackError);

export interface SlackSenderOptions {
  token: string;
  apiUrl?: string;
  locale: Locale;
  log: Logger;
  /**
   * The Slack ts of an already-sent outbox row, for `update` rows queued before their original was posted
   * (e.g. `db/queries/outbox.ts` sentMessageRef). Without it such updates go dead with a clear error.
   */
  lookupRef?: (outboxId: number) => Promise<string | undefined>;
}

/** Replaces a posted message (kind 'update'): chat.update on the original's channel and ts. */
async function updateMessage(
  client: webApi.WebClient,
  opts: SlackSenderOptions,
  row: OutboxRow,
  msg: SlackMessage,
): Promise<{ ref?: string }> {
  const p = row.payload;
  const ts = p.ref ?? (p.updateOf !== undefined ? await opts.lookupRef?.(p.updateOf) : undefined);
  // No ts means the original was never posted (dead) or cannot be found: retrying would not help.
  if (!ts) throw new SendError(`no posted message to update (outbox row ${p.updateOf ?? '?'})`, 'permanent');
  try {
    await client.chat.update({ channel: row.destination, ts, text: msg.text, blocks: msg.blocks });
  } catch (e) {
    throw classifySlackError(e);
  }
  return { ref: ts };
}

/** Posts outbox cards to Slack channels; a chart image goes as a file in the message's thread. */
export function slackSender(opts: SlackSenderOptions): Sender {
  const client = new webApi.WebClient(opts.token, {
    slackApiUrl: opts.apiUrl,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: 10_000,
  });
  return {
    minIntervalMs: 1000,
    async send(row: OutboxRow, card: Card) {
      const msg = toBlocks(card, { locale: opts.locale });
      if (row.kind === 'update') return updateMessage(client, opts, row, msg);
      let ts: string | undefined;
      try {
        const r = await client.chat.postMessage({
          channel: row.destination,
          text: msg.text,
          blocks: msg.blocks,
        });
        ts = r.ts;
      } catch (e) {
        throw classifySlackError(e);
      }
      if (card.image) {
        // The text already stands on its own; a failed image upload must not re-post it.
        try {
          // In the message's thread when Slack said where it is, else in the channel.
          const where = ts ? { channel_id: row.destination, thread_ts: ts } : { channel_id: row.destination };
          await client.filesUploadV2({
            ...where,
            file: Buffer.from(card.image.png),
            filename: 'chart.png',
            title: card.image.title ?? card.image.alt,
            alt_text: card.image.alt,
          });
        } catch (e) {
          opts.log.warn('chart upload failed; message was posted without it', {
            error: errorMessage(e),
          });
        }
      }
      return { ref: ts };
    },
  };
}
