/**
 * Open-ended claims are matched by pattern rather than listed in terms.json: data claims (any number, any
 * unit), disease claims (any disease name), substitution for medicine, efficacy promises, guarantees of a
 * result, English absolutes with spaces (best, top 1, no. 1) and verifiable titles. All patterns run on
 * normalised text: half-width digits and punctuation, lower-case Latin, simplified characters.
 */
import type { Category, Severity } from './terms';

/** Which rule raised a finding; shown on the approval card next to the article. */
export const RULES = [
  'absolute',
  'ranking',
  'data-claim',
  'medical-term',
  'disease-claim',
  'drug-substitute',
  'efficacy-promise',
  'guarantee',
  'verifiable-title',
  'company-block',
] as const;
export type RuleId = (typeof RULES)[number];

export interface PatternRule {
  /** Shown as the finding's `term`: a name for the kind of claim. */
  term: string;
  category: Category;
  rule: RuleId;
  severity: Severity;
  article: string;
  rewrite: string;
  /** Global, so `exec` can walk every match. */
  regex: RegExp;
  /** Extra context check on a match; false drops it. */
  accept?: (text: string, start: number, end: number, groups: Record<string, string | undefined>) => boolean;
}

const DATA_ARTICLE = '广告法 第十一条第二款、第二十八条第二款第三项';
const ABSOLUTE_ARTICLE = '广告法 第九条第三项';
const MEDICAL_ARTICLE = '广告法 第十七条';
const EFFICACY_ARTICLE = '广告法 第十七条、第二十八条第二款第二项';
const NUM = String.raw`(?<![\d.])\d+(?:\.\d+)?`;
const PEOPLE = '(?:用户|消费者|顾客|家庭|宝妈|妈妈|女性|男性|人|客户|企业|商家|受访者|学员|家长|车主)';
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

/** The clause (up to `max` characters) that ends at `start`: text after the last clause break. */
export function clauseBefore(text: string, start: number, max = 8): string {
  const window = text.slice(Math.max(0, start - max), start);
  const parts = window.split(/[,.;:!?。、\n()]/u);
  return parts[parts.length - 1] ?? '';
}

function notAnOffer(after: RegExp) {
  return (text: string, start: number, end: number) =>
    !OFFER_BEFORE.test(clauseBefore(text, start)) && !after.test(text.slice(end, end + 4));
}

// Disease and symptom names (《化妆品命名指南》: 各类皮肤病名称、各种疾病名称; the SAMR's warning that ordinary
// food must not claim to prevent or treat disease). Cosmetic concerns that are not diseases (黑眼圈, 痘印,
// 细纹) are deliberately absent: covering them is a make-up claim, not a medical one.
const DISEASES = [
  ...['湿疹', '皮炎', '痤疮', '粉刺', '黄褐斑', '妊娠斑', '妊娠纹', '老年斑', '白癜风', '银屑病', '牛皮癣'],
  ...['斑秃', '脂溢性脱发', '脱发', '冻疮', '手足癣', '脚气', '足癣', '体癣', '灰指甲', '痔疮', '荨麻疹'],
  ...['糖尿病', '高血压', '高血糖', '高血脂', '三高', '心脑血管', '冠心病', '心脏病', '脑梗'],
  ...['关节炎', '风湿', '痛风', '骨质疏松', '颈椎病', '腰椎间盘突出', '肩周炎', '失眠', '焦虑症', '抑郁症'],
  ...['便秘', '胃病', '胃炎', '胃溃疡', '咽炎', '鼻炎', '哮喘', '支气管炎', '贫血'],
  ...['肿瘤', '癌症', '乳腺增生', '乳腺炎', '妇科炎症', '前列腺炎', '肝病', '脂肪肝', '肾病'],
  ...['传染病', '新冠', '畸形', '驼背', '脊柱侧弯', '炎症', '痛经', '口腔溃疡', '结石'],
];
// Conditions that also describe who a product is for (近视眼镜, 感冒时多喝水), and the generic 疾病, count
// only with a verb of prevention or cure in front; bare 焦虑 is left out on purpose (a mood, not a diagnosis).
const CONDITIONS = ['近视', '弱视', '感冒', '流感', '疾病', '百病', '皮肤病'];
const byLength = (a: string, b: string) => b.length - a.length;
const DISEASE = DISEASES.sort(byLength).join('|');
const CONDITION = CONDITIONS.sort(byLength).join('|');
const CURE_VERBS = '预防|防止|远离|告别|治疗|治|改善|缓解|调理|矫正|恢复|不再';
// Managing a clinical indicator (平稳血糖, 调节血脂) is a treatment claim for a food or a device.
const INDICATORS = '血糖|血压|血脂|尿酸|胆固醇|甘油三酯|血黏度|内分泌';
const INDICATOR_VERBS = '平稳|稳定|控制|调节|调理|改善|降低|平衡|控|降';

const DRUGS = '药物|药品|吃药|服药|打针|输液|手术|住院|医疗|治疗|药';
const RESULT_WORDS = [
  ...['全消', '消失', '消除', '根除', '祛除', '去除', '抚平', '全无', '不见了', '见效', '痊愈', '恢复'],
  ...['变白', '白了', '长高', '长出', '变黑', '变小', '好了', '治愈', '年轻', '变瘦', '瘦了', '掉了'],
].join('|');
const TIME_SPAN = String.raw`(?:\d+|[一二两三四五六七八九十半几数]+)(?:个)?(?:天|日|周|星期|月|次|分钟|小时|晚|夜|疗程)`;

/** Pattern rules, in a fixed order; categories and severities are part of each rule. */
export const PATTERN_RULES: readonly PatternRule[] = [
  {
    term: '百分比数据',
    category: 'data_claim',
    rule: 'data-claim',
    severity: 'medium',
    article: DATA_ARTICLE,
    rewrite: '注明数据出处、统计口径与时间（如"数据来源：某机构某年某月调研，样本若干人"），或删去具体比例',
    regex: new RegExp(
      `(?:(?:${PERCENT_LEADS})(?:了|至|到|为)?)?${NUM}%(?:的${PEOPLE})?|百分之[零一二两三四五六七八九十百点]+|(?<![\\d.])(?:[一二三四五六七八九]|\\d)成(?:以上)?的?${PEOPLE}`,
      'gu',
    ),
    accept: notAnOffer(PERCENT_OFFER_AFTER),
  },
  {
    term: '倍数对比',
    category: 'data_claim',
    rule: 'data-claim',
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
    category: 'data_claim',
    rule: 'data-claim',
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
    category: 'data_claim',
    rule: 'data-claim',
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
    category: 'data_claim',
    rule: 'ranking',
    severity: 'medium',
    article: DATA_ARTICLE,
    rewrite: '删去排名；确有榜单依据的，写明榜单名称、发布方、统计时间与范围',
    regex:
      /登顶|(?:排名|排行|位列|位居|名列|荣登|稳居|蝉联|雄踞)(?:榜单|榜)?(?:第(?:\d+|[一二三四五六七八九十]+)(?:名|位)?|前(?:\d+|[一二三四五六七八九十]+)(?:名|位|强)?|top\s?\d+|榜首|首位|冠军)/gu,
  },
  {
    // English absolutes; spaces and a dot are optional (top 1, no. 1, #1). `best before` is a date mark.
    term: '英文极限词',
    category: 'absolute',
    rule: 'absolute',
    severity: 'high',
    article: ABSOLUTE_ARTICLE,
    rewrite: '删去英文的夸大用语与名次，改为具体、可验证的描述',
    regex:
      /\bbest\b(?!\s*before)|\btop\s*1(?![\d.])|\bno\s*\.?\s*1(?![\d.])|#\s*1(?![\d.])|\bnumber\s+one\b/gu,
  },
  {
    term: '疾病名称',
    category: 'medical',
    rule: 'disease-claim',
    severity: 'high',
    article: MEDICAL_ARTICLE,
    rewrite: '删去病名与防治表述，改为描述使用感受；非药品不得宣称医疗作用',
    regex: new RegExp(
      `(?:(?:${CURE_VERBS})(?:${CONDITION})|(?:${CURE_VERBS})?(?:${DISEASE})|(?:${INDICATOR_VERBS})(?:${INDICATORS}))`,
      'gu',
    ),
  },
  {
    term: '替代药物',
    category: 'medical',
    rule: 'drug-substitute',
    severity: 'high',
    article: MEDICAL_ARTICLE,
    rewrite: '删去；非药品须如实提示"本品不能代替药物"',
    regex: new RegExp(
      `(?:(?<![不能可无法])(?:代替|替代|取代)(?:${DRUGS})|(?:不用|无需|无须|不必|告别|摆脱|甩掉|停掉|不再)(?:吃药|服药|打针|输液|手术|住院|看医生))`,
      'gu',
    ),
  },
  {
    term: '功效承诺',
    category: 'medical',
    rule: 'efficacy-promise',
    severity: 'high',
    article: EFFICACY_ARTICLE,
    rewrite: '删去见效时间与效果保证，改为描述产品特点；功效宣称须有评价报告支撑',
    regex: new RegExp(
      [
        `${TIME_SPAN}[^,.;:!?。\\n]{0,8}?(?:${RESULT_WORDS})`,
        `(?:一抹|一涂|一喝|一穿|一用|一吃|立刻|立即|立马|马上|当场|瞬间)(?:就|便)?(?:${RESULT_WORDS}|见效|瘦|去皱|祛斑|抚平|缩小|消退|淡化|有)`,
        String.raw`(?:瘦|掉秤|减重|减了|甩掉|减掉|掉了)\d+(?:\.\d+)?(?:斤|公斤|kg|磅)|长高\d+(?:厘米|cm|公分)|年轻\d+岁|白[一二两三\d]个?度`,
        '立竿见影|永不反弹|不反弹|恢复正常',
      ].join('|'),
      'gu',
    ),
  },
  {
    // 第二十四条 (education and training results), 第二十五条 (returns on investment). A negated promise
    // (不保证通过, 不承诺) is the honest version and is left alone.
    term: '保证性承诺',
    category: 'guarantee',
    rule: 'guarantee',
    severity: 'high',
    article: '广告法 第二十四条第一项、第二十五条第一项',
    rewrite: '删去对结果或收益的保证，改为介绍课程内容、服务流程；投资类须提示风险',
    regex:
      /(?<![不无未没并免勿]|暗示|表示)(?:保证|承诺|确保)[^,.;:!?。\n]{0,6}?(?:通过|过关|录取|提分|提高\d*分|拿证|就业|见效|收益|回报|回本|年化|赚|瘦|智力)|(?:不瘦|不见效|无效|没效果|不通过|没通过|考不过|拿不到证)(?:全额|包)?退(?:款|费|钱)/gu,
  },
  {
    // Official titles and awards are lawful when true: ask for the certificate, do not alarm.
    term: '称号/奖项',
    category: 'absolute',
    rule: 'verifiable-title',
    severity: 'low',
    article: '广告法 第九条第三项、第十一条第二款',
    rewrite: '核实并在审批中附上证书、认定文件或获奖公示的链接',
    regex:
      /(?:荣获|获得|获评|荣膺|斩获|入选|获)[^,.;:!?。\n]{1,24}?(?:金奖|银奖|铜奖|大奖|设计奖|奖项|称号|提名|奖)/gu,
  },
];

// "来源" alone is not enough: 来源于天然植物 names an ingredient's origin, not a data source.
// 据统计 / 据不完全统计 / 据说 name no one, which is exactly the unverifiable claim the law targets.
const SOURCE_MARKERS: readonly RegExp[] = [
  /(?:数据|资料|信息|引用)来源|来源\s*:|出处|source\s*:|引自|摘自|数据来自/u,
  /据(?!说|传|称|悉|统计|调查|不完全)[^\n,.;!?。]{1,30}?(?:统计|调查|调研|数据|报告|显示|监测|测算|发布|公报)/u,
  /根据[^\n,.;!?。]{2,30}?(?:统计|调查|调研|数据|报告|白皮书|榜单|检测)/u,
  /\([^()\n]{0,40}(?:报告|统计|调查|调研|白皮书|榜单|检测|研究|年鉴|来源)[^()\n]{0,20}\)/u,
  /《[^《》\n]{1,40}(?:报告|白皮书|榜单|统计|年鉴|调查)[^《》\n]{0,10}》/u,
];

/** True when normalised `text` cites a source for its data anywhere (a footnote counts for the whole post). */
export function citesSource(text: string): boolean {
  return SOURCE_MARKERS.some((re) => re.test(text));
}
