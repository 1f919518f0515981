import { connectorById } from '../../connectors/registry';
import { defineMessages, type Locale } from '../i18n';

/** Metrics connectors: errors (stored as key + params, rendered for the reader), status, alerts, CLI. */
export const tConnectors = defineMessages({
  // ---- errors, one per documented failure ----
  'err.network': {
    'zh-CN': '{source}：无法连接 {path}（{code}），稍后重试。',
    en: '{source}: could not reach {path} ({code}); will retry later.',
  },
  'err.http_429': {
    'zh-CN': '{source}：{path} 请求过于频繁（HTTP 429），已退避重试。',
    en: '{source}: {path} said too many requests (HTTP 429); backed off and retried.',
  },
  'err.http_5xx': {
    'zh-CN': '{source}：{path} 服务端错误（HTTP {status}），已退避重试。',
    en: '{source}: {path} had a server error (HTTP {status}); backed off and retried.',
  },
  'err.not_json': {
    'zh-CN': '{source}：{path} 返回的不是 JSON（HTTP {status}），接口可能已变更。',
    en: '{source}: {path} answered with something that is not JSON (HTTP {status}); the API may have changed.',
  },
  'err.shape': {
    'zh-CN': '{source}：返回数据的字段 `{field}` 不符合文档（收到 {got}），接口可能已变更，未写入任何数据。',
    en: '{source}: field `{field}` of the response is not as documented (got {got}); the API may have changed, nothing was written.',
  },
  'err.invalid_row': {
    'zh-CN': '{source}：{date} {channel} 的 `{field}` 未通过校验（{reason}），本批未写入。',
    en: '{source}: `{field}` of {date} {channel} failed validation ({reason}); this batch was not written.',
  },
  'err.duplicate_row': {
    'zh-CN': '{source}：同一天同一渠道返回了两行（{key}），本批未写入。',
    en: '{source}: two rows for the same day and channel ({key}); this batch was not written.',
  },
  'err.api': {
    'zh-CN': '{source}：{path} 返回错误 {errcode}：{errmsg}',
    en: '{source}: {path} answered error {errcode}: {errmsg}',
  },
  'err.not_configured': {
    'zh-CN': '{source} 未配置（缺少环境变量，见 README）。',
    en: '{source} is not configured (its env variables are missing; see the README).',
  },
  'err.internal': {
    'zh-CN': '内部错误，已记录（错误编号 {id}）。',
    en: 'Internal error, logged (error id {id}).',
  },
  'err.raw': { 'zh-CN': '{text}', en: '{text}' },
  'err.wechat.busy': {
    'zh-CN': '微信公众号：系统繁忙（-1），已退避重试。',
    en: 'WeChat Official Account: system busy (-1); backed off and retried.',
  },
  'err.wechat.appid': {
    'zh-CN': '微信公众号：AppID 无效（{errcode}），请检查 WECHAT_MP_APPID。',
    en: 'WeChat Official Account: the AppID is invalid ({errcode}); check WECHAT_MP_APPID.',
  },
  'err.wechat.secret': {
    'zh-CN':
      '微信公众号：AppSecret 无效（{errcode}），请检查 WECHAT_MP_SECRET（公众平台 → 设置与开发 → 基本配置）。',
    en: 'WeChat Official Account: the AppSecret is invalid ({errcode}); check WECHAT_MP_SECRET (mp.weixin.qq.com → Settings & Development → Basic configuration).',
  },
  'err.wechat.ip': {
    'zh-CN': '微信公众号：服务器 IP 不在白名单（40164），请在公众平台 → 基本配置 → IP白名单 中添加。',
    en: 'WeChat Official Account: this server’s IP is not whitelisted (40164); add it under Basic configuration → IP whitelist.',
  },
  'err.wechat.quota': {
    'zh-CN': '微信公众号：今日接口调用次数已用完（45009），明天自动续拉；回填会从中断处继续。',
    en: 'WeChat Official Account: today’s API quota is used up (45009); pulling continues tomorrow and a backfill resumes where it stopped.',
  },
  'err.wechat.minute_quota': {
    'zh-CN': '微信公众号：每分钟调用次数超限（45011），已退避重试。',
    en: 'WeChat Official Account: per-minute quota reached (45011); backed off and retried.',
  },
  'err.wechat.unauthorized': {
    'zh-CN': '微信公众号：没有数据统计接口权限（48001），需要已认证的公众号。',
    en: 'WeChat Official Account: no permission for the analytics API (48001); it needs a verified account.',
  },
  'err.wechat.date': {
    'zh-CN': '微信公众号：日期超出接口允许的范围（{errcode}：{errmsg}）。',
    en: 'WeChat Official Account: the dates are outside what the API allows ({errcode}: {errmsg}).',
  },
  'err.baidu.busy': {
    'zh-CN': '百度统计：服务暂不可用（{errcode}），已退避重试。',
    en: 'Baidu Tongji: service temporarily unavailable ({errcode}); backed off and retried.',
  },
  'err.baidu.rate': {
    'zh-CN': '百度统计：调用过于频繁（{errcode}），已退避重试。',
    en: 'Baidu Tongji: request rate limit reached ({errcode}); backed off and retried.',
  },
  'err.baidu.quota': {
    'zh-CN': '百度统计：今日调用次数已用完（{errcode}），明天自动续拉；回填会从中断处继续。',
    en: 'Baidu Tongji: the daily request limit is reached ({errcode}); pulling continues tomorrow and a backfill resumes where it stopped.',
  },
  'err.baidu.ip': {
    'zh-CN': '百度统计：服务器 IP 未被授权（5），请在百度开发者中心的应用设置中添加。',
    en: 'Baidu Tongji: this server’s IP is not authorized (5); add it in the app’s settings at the Baidu developer center.',
  },
  'err.baidu.permission': {
    'zh-CN': '百度统计：该账号无权查看站点 BAIDU_TONGJI_SITE_ID 的数据（6）。',
    en: 'Baidu Tongji: this account may not read the site BAIDU_TONGJI_SITE_ID (6).',
  },
  'err.baidu.param': {
    'zh-CN': '百度统计：参数无效（100：{errmsg}），请检查 BAIDU_TONGJI_SITE_ID。',
    en: 'Baidu Tongji: invalid parameter (100: {errmsg}); check BAIDU_TONGJI_SITE_ID.',
  },
  'err.baidu.refresh': {
    'zh-CN':
      '百度统计：刷新令牌失败（{error}）。请重新授权，并把新的 refresh_token 填入 BAIDU_TONGJI_REFRESH_TOKEN（见 README）。',
    en: 'Baidu Tongji: the token refresh failed ({error}). Authorize again and put the new refresh_token in BAIDU_TONGJI_REFRESH_TOKEN (see the README).',
  },
  'err.baidu.secret_key': {
    'zh-CN': '百度统计：缺少 MOPS_SECRET_KEY，无法保存轮换的令牌。',
    en: 'Baidu Tongji: MOPS_SECRET_KEY is missing, so the rotated tokens cannot be stored.',
  },
  'err.ga4.token': {
    'zh-CN': 'GA4：服务账号取令牌失败（{reason}），请检查 GA4_CREDENTIALS_FILE 的密钥是否仍有效。',
    en: 'GA4: the service account could not get a token ({reason}); check that the key in GA4_CREDENTIALS_FILE is still valid.',
  },
  'err.ga4.unauthenticated': {
    'zh-CN': 'GA4：令牌被拒绝（{errcode}），请检查服务账号密钥。',
    en: 'GA4: the token was refused ({errcode}); check the service-account key.',
  },
  'err.ga4.permission': {
    'zh-CN':
      'GA4：服务账号没有该媒体资源的权限（{errcode}）。请在 GA4 管理 → 媒体资源访问权限管理 中把服务账号邮箱添加为“查看者”。',
    en: 'GA4: the service account has no access to the property ({errcode}). Add its e-mail as a Viewer under Admin → Property access management.',
  },
  'err.ga4.property': {
    'zh-CN': 'GA4：找不到媒体资源 GA4_PROPERTY_ID（{errcode}），应为数字 ID（管理 → 媒体资源设置）。',
    en: 'GA4: property GA4_PROPERTY_ID not found ({errcode}); it is the numeric id under Admin → Property settings.',
  },
  'err.ga4.argument': {
    'zh-CN': 'GA4：请求被拒绝（{errcode}：{errmsg}）。',
    en: 'GA4: the request was refused ({errcode}: {errmsg}).',
  },
  'err.ga4.quota': {
    'zh-CN': 'GA4：配额已用完（{errcode}），稍后自动续拉；回填会从中断处继续。',
    en: 'GA4: the quota is used up ({errcode}); pulling continues later and a backfill resumes where it stopped.',
  },

  // ---- status (/mops settings connectors) ----
  'status.title': { 'zh-CN': '数据连接器', en: 'Metrics connectors' },
  'status.configured': { 'zh-CN': '已配置', en: 'configured' },
  'status.unconfigured': {
    'zh-CN': '未配置（见 README「数据连接器」）',
    en: 'not configured (see the README, "Metrics connectors")',
  },
  'status.last_success': { 'zh-CN': '上次成功：{at}', en: 'Last success: {at}' },
  'status.never': { 'zh-CN': '从未', en: 'never' },
  'status.last_error': { 'zh-CN': '上次错误（{at}）：{error}', en: 'Last error ({at}): {error}' },
  'status.rows': { 'zh-CN': '上次拉取 {n} 行', en: 'Rows in the last pull: {n}' },
  'status.next': { 'zh-CN': '下次运行：{at}', en: 'Next run: {at}' },
  'status.failing': { 'zh-CN': '⚠️ 连续失败 {n} 次', en: '⚠️ failed {n} {n|run|runs} in a row' },
  'status.channels': { 'zh-CN': '填充渠道：{channels}', en: 'Fills: {channels}' },
  'status.prefer.manual': {
    'zh-CN': '同一天同一渠道，手工录入的数字优先于拉取的数字（metrics_prefer=manual）。',
    en: 'For the same day and channel, hand-logged figures win over pulled ones (metrics_prefer=manual).',
  },
  'status.prefer.pulled': {
    'zh-CN': '同一天同一渠道，拉取的数字覆盖手工录入的数字（metrics_prefer=pulled）。',
    en: 'For the same day and channel, pulled figures replace hand-logged ones (metrics_prefer=pulled).',
  },
  'status.ga4_map': {
    'zh-CN': '渠道映射（管理员设置）：{map}',
    en: 'Channel mapping (set by an admin): {map}',
  },
  'status.usage': {
    'zh-CN': '回填：npm run mops -- pull SOURCE --from YYYY-MM-DD --to YYYY-MM-DD',
    en: 'Backfill: npm run mops -- pull SOURCE --from YYYY-MM-DD --to YYYY-MM-DD',
  },

  // ---- alert after three failed runs ----
  'alert.title': {
    'zh-CN': '数据拉取连续失败：{source}',
    en: 'Metrics pull keeps failing: {source}',
  },
  'alert.text': {
    'zh-CN': '{source} 已连续 {n} 次拉取失败，日报中的相关数字可能缺失。最近一次错误：{error}',
    en: '{source} failed {n} {n|run|runs} in a row; its figures may be missing from the digest. Latest error: {error}',
  },
  'alert.context': {
    'zh-CN': '恢复前不再重复提醒。/mops settings connectors 查看状态。',
    en: 'No further alerts until it recovers. /mops settings connectors shows the status.',
  },

  // ---- digest ----
  'digest.source_at': { 'zh-CN': '{source}（截至 {at}）', en: '{source} (as of {at})' },
  'digest.sources': { 'zh-CN': '来源：{sources}', en: 'Source: {sources}' },
  'digest.sources_and_manual': {
    'zh-CN': '来源：{sources}；其余为手工录入',
    en: 'Source: {sources}; the rest logged by hand',
  },
  'digest.no_data_heading': { 'zh-CN': '暂无数据', en: 'No data yet' },
  'digest.no_data': {
    'zh-CN': '{channel}：{source} 还没有这一天的数据',
    en: '{channel}: {source} has no figures for this day yet',
  },

  // ---- CLI ----
  'cli.progress': {
    'zh-CN': '{source}：{done}/{total} 天 ({pct}) · {rows} 行 · {changed} 行有变化 · 至 {through}',
    en: '{source}: {done}/{total} {total|day|days} ({pct}) · {rows} {rows|row|rows} · {changed} changed · through {through}',
  },
  'cli.resume': {
    'zh-CN': '接着上次中断的回填，从 {from} 继续（{rangeFrom} 至 {before} 已完成）。',
    en: 'Resuming the earlier backfill from {from} ({rangeFrom} to {before} already done).',
  },
  'cli.already': {
    'zh-CN': '{source}：{from} 至 {to} 已全部拉取，无需再拉。',
    en: '{source}: {from} to {to} was already pulled completely; nothing to do.',
  },
  'cli.done': {
    'zh-CN': '{source}：{from} 至 {to} 完成，{rows} 行，其中 {changed} 行有变化，{kept} 个手工数字被保留。',
    en: '{source}: {from} to {to} done, {rows} {rows|row|rows}, {changed} changed, {kept} hand-logged {kept|figure|figures} kept.',
  },
  'cli.failed': {
    'zh-CN': '{source}：在 {at} 处停止：{error}\n再次运行同一命令会从中断处继续。',
    en: '{source}: stopped at {at}: {error}\nRun the same command again to resume where it stopped.',
  },
});

/** A stored connector error in the reader's language. */
export function connectorErrorText(
  locale: Locale,
  e: { key: string; params: Record<string, string | number> } | undefined,
): string {
  if (!e) return '';
  const key = tConnectors.has(e.key) ? e.key : 'err.raw';
  const params = { ...e.params };
  if (typeof params.source === 'string') params.source = sourceLabel(locale, params.source);
  return tConnectors(locale, key, key === 'err.raw' && !('text' in params) ? { text: e.key } : params);
}

/** A source's name for people ("百度统计"), its id when unknown. */
export function sourceLabel(locale: Locale, id: string): string {
  return connectorById(id)?.label[locale] ?? id;
}
