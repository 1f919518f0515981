/**
 * Data claims (广告法 第十一条第二款, 第二十八条第二款第三项) are open-ended (any number, any unit), so
 * they are matched by pattern rather than listed in terms.json. All patterns run on normalised text:
 * half-width digits and punctuation, lower-case Latin, simplified characters.
 */
import type { Severity } from './terms';

export interface PatternRule {
  /** Shown as the finding's `term`: a name for the kind of claim. */
  term: string;
  severity: Severity;
  article: string;
  rewrite: string;
  /** Global, so `exec` can walk every match. */
  regex: RegExp;
  /** Extra context check on a match; false drops it. */
  accept?: (text: string, start: number, end: number, groups: Record<string, string | undefined>) => boolean;
}

const DATA_ARTICLE = '广告法 第十一条第二款、第二十八条第二款第三项';
const NUM = String.raw`(?<![\d.])\d+(?:\.\d+)?`;
const PEOPLE = '(?:用户|消费者|顾客|家庭|宝妈|妈妈|女性|男性|人|客户|企业|商家|受访者)';
// Verbs and metrics that lead into a figure; included so the finding quotes the claim (提升80%), not just 80%.
const PERCENT_LEADS = [
  ...['提升', '提高', '增长', '增加', '上涨', '降低', '减少', '下降', '缩短', '改善'],
  ...['高达', '超过', '超', '达到', '达', '近'],
  ...['好评率', '满意度', '复购率', '回购率', '占有率', '市占率', '转化率', '留存率', '增长率'],
].join('|');
const SALES_KEYS = '销量|销售额|累计销售|累计销量|月销|年销|卖出|售出|已售|热销';
const SCALE_KEYS = '服务|注册用户|用户数|用户量|会员数|会员|用户|下载量|装机量';
const SALES_KEY = new RegExp(`^(?:${SALES_KEYS})$`, 'u');
const MULTIPLIER_LEADS = '提升|提高|增长|增加|加快|快|高|多|强|大|翻|超|达';

// Percentages and multipliers in price terms (立减20%, 3倍积分) are offers, not factual claims.
const OFFER_BEFORE =
  /折扣|优惠|立减|直降|降价|满减|减免|返现|返利|返还|返|佣金|定金|订金|首付|税率|利率|让利|打折|红包|券|抵扣|分成|提成|抽成|积分|膨胀/u;
const PERCENT_OFFER_AFTER = /^(?:off|折|返|优惠|券|佣金|分成|提成)/u;
const MULTIPLIER_OFFER_AFTER = /^(?:积分|返|经验|券|膨胀|速|镜)/u;

function clauseBefore(text: string, start: number): string {
  const window = text.slice(Math.max(0, start - 8), start);
  const parts = window.split(/[,.;:!?。、\n]/u);
  return parts[parts.length - 1] ?? '';
}

function notAnOffer(after: RegExp) {
  return (text: string, start: number, end: number) =>
    !OFFER_BEFORE.test(clauseBefore(text, start)) && !after.test(text.slice(end, end + 4));
}

/** Data-claim patterns; every finding they produce has category `data_claim`. */
export const PATTERN_RULES: readonly PatternRule[] = [
  {
    term: '百分比数据',
    severity: 'medium',
    article: DATA_ARTICLE,
    rewrite: '注明数据出处、统计口径与时间（如"数据来源：某机构某年某月调研，样本若干人"），或删去具体比例',
    regex: new RegExp(
      `(?:(?:${PERCENT_LEADS})(?:了|至|到|为)?)?${NUM}%(?:的${PEOPLE})?|百分之[零一二两三四五六七八九十百点]+`,
      'gu',
    ),
    accept: notAnOffer(PERCENT_OFFER_AFTER),
  },
  {
    term: '倍数对比',
    severity: 'medium',
    article: DATA_ARTICLE,
    rewrite: '写明比较对象、测试条件与数据出处，或删去倍数',
    regex: new RegExp(
      `(?:(?:${MULTIPLIER_LEADS})(?:了|至|到)?)?(?:${NUM}|(?<!信心)[一二两三四五六七八九十百千万几数]+)倍`,
      'gu',
    ),
    accept: notAnOffer(MULTIPLIER_OFFER_AFTER),
  },
  {
    term: '销量/规模数据',
    severity: 'medium',
    article: DATA_ARTICLE,
    rewrite: '注明统计平台、时间与出处，或改为"热销"',
    regex: new RegExp(
      `(?<key>${SALES_KEYS}|${SCALE_KEYS})(?:已经|已|累计)?(?<verb>突破|超过|超|破|达到|达|高达|逾|近|过)?${NUM}(?<mag>千万|百万|万|亿|w)?\\+?(?<unit>件|瓶|单|份|盒|支|台|人次|人|位|名|家|个|套|次|户|罐|袋|条|杯)?`,
      'gu',
    ),
    // A bare number is usually not a claim (会员3折); for scale words even a verb is not enough
    // (服务超过10年 is tenure), so those need a magnitude or a unit.
    accept: (_text, _start, _end, g) => Boolean(g.mag || g.unit || (g.verb && SALES_KEY.test(g.key ?? ''))),
  },
  {
    term: '用户规模',
    severity: 'medium',
    article: DATA_ARTICLE,
    rewrite: '注明数据出处与统计时间，或改为"众多用户"',
    regex: new RegExp(
      String.raw`(?:${NUM}(?:千万|百万|万|亿|w)\+?|数百万|数千万|数十万|几十万|几百万|百万|千万|上亿|亿万|数万|上万|十万|过亿)(?:名|位)?${PEOPLE}(?:的)?(?:共同)?(?:选择|信赖|信任|好评|推荐|认可|使用|回购|见证|口碑|都在用|青睐|喜爱|验证)?`,
      'gu',
    ),
  },
  {
    term: '排名/榜单',
    severity: 'high',
    article: DATA_ARTICLE,
    rewrite: '删去排名；确有榜单依据的，写明榜单名称、发布方、统计时间与范围',
    regex:
      /登顶|(?:排名|排行|位列|位居|名列|荣登|稳居|蝉联|雄踞)(?:榜单|榜)?(?:第(?:\d+|[一二三四五六七八九十]+)(?:名|位)?|前(?:\d+|[一二三四五六七八九十]+)(?:名|位|强)?|top\d+|榜首|首位|冠军)/gu,
  },
];

// "来源" alone is not enough: 来源于天然植物 names an ingredient's origin, not a data source.
// 据统计 / 据不完全统计 / 据说 name no one, which is exactly the unverifiable claim the law targets.
const SOURCE_MARKERS: readonly RegExp[] = [
  /(?:数据|资料|信息|引用)来源|来源\s*:|出处|source\s*:|引自|摘自|数据来自/u,
  /据(?!说|传|称|悉|统计|调查|不完全)[^\n,.;!?。]{1,30}?(?:统计|调查|调研|数据|报告|显示|监测|测算|发布)/u,
  /根据[^\n,.;!?。]{2,30}?(?:统计|调查|调研|数据|报告|白皮书|榜单|检测)/u,
  /\([^()\n]{0,40}(?:报告|统计|调查|调研|白皮书|榜单|检测|研究|年鉴|来源)[^()\n]{0,20}\)/u,
  /《[^《》\n]{1,40}(?:报告|白皮书|榜单|统计|年鉴|调查)[^《》\n]{0,10}》/u,
];

/** True when normalised `text` cites a source for its data anywhere (a footnote counts for the whole post). */
export function citesSource(text: string): boolean {
  return SOURCE_MARKERS.some((re) => re.test(text));
}
