import { defineVocabulary, type Term } from './vocabulary';

/**
 * Marketing channels (渠道) from PRODUCT.md, grouped the way the job manual does: public-domain channels bring
 * traffic and sales, private-domain channels keep users. Codes are what is stored and typed
 * (`channel=douyin`); people may also type the Chinese name (`channel=抖音`).
 */

export const PUBLIC_CHANNELS = [
  'douyin',
  'xiaohongshu',
  'weibo',
  'wechat_channels',
  'baidu',
  'google',
  'taobao',
  'jd',
  'pinduoduo',
] as const;
export const PRIVATE_CHANNELS = ['wechat_official', 'wecom_community', 'website'] as const;
export const OTHER_CHANNELS = ['other'] as const;

/** Every channel code, in the order cards and forms list them. */
export const CHANNELS = [...PUBLIC_CHANNELS, ...PRIVATE_CHANNELS, ...OTHER_CHANNELS] as const;
export type Channel = (typeof CHANNELS)[number];
export type ChannelGroup = 'public' | 'private' | 'other';

const TERMS: { [C in Channel]: Term & { group: ChannelGroup } } = {
  douyin: { group: 'public', 'zh-CN': '抖音', en: 'Douyin', aliases: ['tiktok'] },
  xiaohongshu: { group: 'public', 'zh-CN': '小红书', en: 'Xiaohongshu', aliases: ['小紅書', 'xhs'] },
  weibo: { group: 'public', 'zh-CN': '微博', en: 'Weibo', aliases: [] },
  wechat_channels: {
    group: 'public',
    'zh-CN': '视频号',
    en: 'WeChat Channels',
    aliases: ['微信视频号', '視頻號', '微信視頻號'],
  },
  baidu: { group: 'public', 'zh-CN': '百度', en: 'Baidu (SEO/SEM)', aliases: [] },
  google: { group: 'public', 'zh-CN': '谷歌', en: 'Google', aliases: [] },
  taobao: { group: 'public', 'zh-CN': '淘宝', en: 'Taobao', aliases: ['淘寶', 'tmall', '天猫', '天貓'] },
  jd: { group: 'public', 'zh-CN': '京东', en: 'JD.com', aliases: ['京東', 'jd.com', 'jingdong'] },
  pinduoduo: { group: 'public', 'zh-CN': '拼多多', en: 'Pinduoduo', aliases: ['pdd'] },
  wechat_official: {
    group: 'private',
    'zh-CN': '公众号',
    en: 'WeChat Official Account',
    aliases: ['微信公众号', '公眾號', '微信公眾號'],
  },
  wecom_community: {
    group: 'private',
    'zh-CN': '企业微信/社群',
    en: 'WeCom / community',
    aliases: ['企业微信', '社群', '企業微信', 'wecom', 'community'],
  },
  website: { group: 'private', 'zh-CN': '官网', en: 'Website', aliases: ['官網', 'site'] },
  other: { group: 'other', 'zh-CN': '其他', en: 'Other', aliases: [] },
};

/** The channel vocabulary: codes, names in both languages and the spellings people type. */
export const CHANNEL = defineVocabulary<Channel>(TERMS);

/** True for a stored channel code. */
export const isChannel = CHANNEL.is;

/** The channel for a code or a name people type (`douyin`, `抖音`, `小紅書`, `JD`); undefined when unknown. */
export const parseChannel = CHANNEL.parse;

/**
 * A list of channels as typed (`douyin,weibo`, `抖音、小红书`, `抖音 微博`): known channels deduplicated in
 * the order typed, and the words that are not channels. A piece between commas is first read whole, so
 * names with spaces (`WeChat Channels`) work; otherwise its space-separated words are read one by one.
 */
export function parseChannels(input: string): { channels: Channel[]; unknown: string[] } {
  const channels: Channel[] = [];
  const unknown: string[] = [];
  const pieces = String(input ?? '')
    .normalize('NFKC')
    .split(/[,、;；]+/)
    .map((p) => p.trim())
    .filter(Boolean);
  for (const piece of pieces) {
    const whole = parseChannel(piece);
    for (const word of whole ? [piece] : piece.split(/\s+/).filter(Boolean)) {
      const c = whole ?? parseChannel(word);
      if (!c) unknown.push(word);
      else if (!channels.includes(c)) channels.push(c);
    }
  }
  return { channels, unknown };
}

/** The display name of a channel in a language; an unknown stored code is shown as is. */
export const channelLabel = (channel: string, locale: 'zh-CN' | 'en'): string =>
  CHANNEL.label(channel, locale);
