// Baseline for the ack benchmark: a bare Bolt app in HTTP mode that only acks slash commands.
import { App, HTTPReceiver } from '@slack/bolt';

const receiver = new HTTPReceiver({
  signingSecret: process.env.SLACK_SIGNING_SECRET!,
  endpoints: '/slack/events',
});
const app = new App({
  receiver,
  authorize: async () => ({ botToken: process.env.SLACK_BOT_TOKEN!, botId: 'BBOT', botUserId: 'UBOT' }),
  clientOptions: { slackApiUrl: process.env.SLACK_API_URL },
});
app.command(/.*/, async ({ ack }) => {
  await ack();
});
await app.start(Number(process.env.PORT));
