/**
 * Context rules: a term that matches is still lawful in some well-known settings. Each rule here is a
 * general rule a reviewer would recognise, most of them named in the SAMR's 《广告绝对化用语执法指南》
 * (2023): an ordinal or a proper name is not a ranking, a composition or a measured limit is not a claim,
 * a consumption tip or a warning is not advertising, a negated claim ("不能代替药物") is the honest one.
 * The corpus (test/fixtures/compliance-corpus.jsonl) names, for every lawful sentence, the rule that covers it.
 */
import type { Category } from './terms';

export const EXEMPTIONS = [
  'ordinal',
  'proper-name',
  'composition',
  'spec-limit',
  'consumption-tip',
  'technical-term',
  'instruction',
  'warning',
  'negation',
  'model-number',
  'aspiration',
] as const;
export type ExemptionId = (typeof EXEMPTIONS)[number];

export interface Span {
  start: number;
  end: number;
  category: Category;
  /** The normalised text the term or pattern matched. */
  match: string;
  kind: 'term' | 'stem' | 'pattern';
  patternTerm?: string;
}

const CLAUSE_BREAK = /[,.;:!?。、，\n()]/u;
// For warnings an enumeration (湿疹、皮炎等…患者请遵医嘱) stays one clause.
const PHRASE_BREAK = /[,.;:!?。，\n()]/u;
const SENTENCE_BREAK = /[.;!?。\n]/u;

// Context never reaches further than this, so a long draft without punctuation stays linear.
const MAX_CLAUSE = 40;
const MAX_SENTENCE = 120;

function clauseStart(text: string, i: number, breaks = CLAUSE_BREAK, max = MAX_CLAUSE): number {
  let j = i;
  const limit = Math.max(0, i - max);
  while (j > limit && !breaks.test(text.charAt(j - 1))) j--;
  return j;
}

function clauseEnd(text: string, i: number, breaks = CLAUSE_BREAK, max = MAX_CLAUSE): number {
  let j = i;
  const limit = Math.min(text.length, i + max);
  while (j < limit && !breaks.test(text.charAt(j))) j++;
  return j;
}

function sentenceOf(text: string, start: number, end: number): string {
  return text.slice(
    clauseStart(text, start, SENTENCE_BREAK, MAX_SENTENCE),
    clauseEnd(text, end, SENTENCE_BREAK, MAX_SENTENCE),
  );
}

// A scope in front (全国第一, 业界最快, 史上最低) makes any superlative a comparison with others.
const SCOPE_BEFORE =
  /(?:全球|全国|全网|全城|全市|全省|本市|世界|中国|中华|亚洲|国内|国际|行业|业界|业内|品类|同类|市面上?|史上|地表|宇宙|国货|销量|口碑|人气|排名|位居|位列|稳居|名列|榜单|榜|销售额|同价位|同级)$/u;

// 第N + a classifier or unit is an ordinal (第一次, 第一代, 第一人称); 第N名/位 only in a contest or a queue.
const ORDINAL_AFTER =
  /^(?:次|步|天|日|周|个|年|期|季|阶段|批|届|章|节|条|款式|集|场|站|轮|波|弹|单|件|眼|口|部分|时间|手|代|人称|排|行|页|张|课|道|题|层|楼|项|点|种|类|组|号|杯|份|瓶|盒|小时|分钟|秒|名额|百|千|万|十)/u;
// 我们的第一款折叠屏: the company's own first model (指南: 仅用于自我比较), unlike 第一款搭载…的平板.
const SELF_BEFORE = /我们|我的|我家|我司|本店|本品牌|自家|品牌的|公司的|自己的/u;
const CONTEST = /答题|比赛|竞赛|大赛|抽奖|挑战|活动|下单|报名|签到|到店|排队|获得|可获|将获|奖/u;
// 市第一人民医院, 第一中学, 第一百货, 第一食品商店: institutions numbered by the city.
const INSTITUTION_AFTER =
  /^(?:人民医院|医院|中医院|人民|中学|小学|高级中学|实验|师范|附属|幼儿园|百货|食品|中心|分公司|工厂|商场|书店)/u;
const PLACE_BEFORE = /[市县区省镇]$/u;

// 最 + a measure (高低大小长短多少快慢…) followed by a number or a spec noun is a limit or a spec of the
// product itself (最大容量 2TB, 最高补贴 1000 元, 最低气温), not a comparison with other products.
const MEASURE_SUPERLATIVE = /^最(?:高|低|大|小|长|短|多|少|快|慢|早|晚|迟|轻|重|远|近|薄|厚|宽|窄)/u;
const SPEC_NOUN =
  /^(?:可|可达|可到|可享|可选|可承受|可承重|可连接|为|达|达到|支持|承受|承重|也有|有|也|仅|不超过|低于|高于|到|至|:)?(?:[a-z]{1,5}\s?\d|气温|温度|工作温度|容量|功率|电压|电流|转速|速度|速率|分辨率|亮度|刷新率|频率|主频|承重|负载|载重|补贴|优惠|折扣|额度|限额|消费|起订|购买|限购|配置|码|尺码|版本|读取|写入|续航|保质期|年龄|档|输出|支持|可|当天|次日|隔日|24小时|48小时|\d)/u;
// 最佳赏味期, 最佳饮用温度, 最好在睡前使用: a consumption tip (指南 第(二)种情形).
const TIP_AFTER =
  /^(?:最佳|最好|最适宜|最宜)(?:赏味|食用|饮用|使用|穿着|保存|保质|冲泡|服用)?(?:期|温度|时间|方法|时机|效果期|在|先|不要|别)/u;
// Only a stated goal or ethos (指南: 仅表明经营理念、追求目标), not a claim about the product.
const ASPIRATION_BEFORE =
  /(?:目标是|致力于|致力|追求|愿景是|愿景|梦想是|力争|希望|立志|使命是|努力成为|争做|争创)/u;
// 唯一需要注意的是…, 唯一的缺点: an instruction; 唯一码/标识/编号: a technical identifier.
const UNIQUE_INSTRUCTION = /^唯一(?:的)?(?:需要|要|需|缺点|不足|遗憾|区别|注意|提醒)/u;
const UNIQUE_TECHNICAL = /^唯一(?:的)?(?:溯源|防伪)?(?:码|标识|编号|编码|识别|序列号|id|二维码)/u;
// Compound technical nouns that merely contain a term: 顶级域名 (top-level domain), 首选项 (preferences).
const TECHNICAL_COMPOUND = /^(?:顶级域名?|首选(?:项|语言|设置|网络|dns|服务器|联系人|输入法))/u;
const NEGATION =
  /不能|不可|不得|无法|不具有|不具备|不是|并非|不属于|不提供|不作为|不作|不用于|不宜用于|不代替|不替代|不含|非药品|不承诺|不保证/u;
const WARNING =
  /遵医嘱|咨询医生|咨询医师|请咨询|医生指导|医师指导|药师指导|慎用|慎食|慎服|禁用|禁食|请勿|勿用|不宜|停用|停止使用|就医|就诊|复查/u;
const CONDITIONAL_START = /^(?:如|若|如果|假如|凡)|患者|人群|体质者|使用者|者$/u;
// 巴氏杀菌, 超高温灭菌乳: a food process, not an antiseptic claim.
const PROCESS_BEFORE = /(?:巴氏|高温|超高温|低温|uht|瞬时|蒸汽)$/u;
// 色号No.1, 款号 NO.1: a model or shade number.
const MODEL_BEFORE = /(?:色号|型号|款号|货号|编号|序号|颜色|批号|尺码|号)\s*$/u;
// Percentages of a composition (面料成分：100%棉, 可可含量70%, 羊绒30%) or of a device state (充至60%).
const COMPOSITION_BEFORE =
  /成分|含量|面料|里料|外层|内层|表层|填充|鞋面|材质|配料|纯度|浓度|占比|添加量|含|比例|充绒|棉|丝|毛|绒|纤维|乳|铝|充至|充到|充满|电量|湿度|亮度|音量|酒精度/u;
const CHANGE = /提升|提高|增长|增加|上涨|降低|减少|下降|缩短|改善|高达|超过|达到|快|强|好/u;
const MATERIAL_AFTER =
  /^(?:纯|白|灰)?(?:棉|桑蚕丝|蚕丝|真丝|羊毛|羊绒|绵羊毛|涤纶|聚酯|锦纶|尼龙|氨纶|天丝|莫代尔|亚麻|鹅绒|鸭绒|羽绒|牛皮|羊皮|再生|纯铜|铜|铝|钛|不锈钢|可可|果汁|原浆|生牛乳|鲜奶|阿拉比卡)/u;

/**
 * The context rule that makes this match lawful, or null when it stands. Only the rules that fit the
 * match's kind are tried: ordinals for 第一, limits and tips for 最, composition for percentages, and so on.
 */
export function exemptionFor(text: string, span: Span): ExemptionId | null {
  const { start, end, category, match } = span;
  const before = text.slice(clauseStart(text, start), start);
  const after = text.slice(start, clauseEnd(text, end));

  if (category === 'absolute') {
    const scoped = SCOPE_BEFORE.test(before);
    if (match.startsWith('第一') && !scoped) {
      const rest = text.slice(start + 2);
      if (/^(?:名|位)/u.test(rest)) {
        if (CONTEST.test(text.slice(clauseStart(text, start), clauseEnd(text, end)))) return 'ordinal';
      } else if (ORDINAL_AFTER.test(rest)) return 'ordinal';
      else if (/^(?:款|家)/u.test(rest) && SELF_BEFORE.test(before)) return 'ordinal';
      if (PLACE_BEFORE.test(before) || INSTITUTION_AFTER.test(rest)) return 'proper-name';
    }
    if (!scoped && MEASURE_SUPERLATIVE.test(after) && SPEC_NOUN.test(text.slice(start + 2, start + 12)))
      return 'spec-limit';
    if (TIP_AFTER.test(after)) return 'consumption-tip';
    if (UNIQUE_INSTRUCTION.test(after)) return 'instruction';
    if (UNIQUE_TECHNICAL.test(after) || TECHNICAL_COMPOUND.test(after)) return 'technical-term';
    if (
      span.kind === 'pattern' &&
      /^(?:no|#)/u.test(match) &&
      MODEL_BEFORE.test(text.slice(Math.max(0, start - 4), start))
    )
      return 'model-number';
    if (!scoped && ASPIRATION_BEFORE.test(before)) return 'aspiration';
    return null;
  }

  if (category === 'medical') {
    if (/(?:杀菌|灭菌|消毒)/u.test(match) && PROCESS_BEFORE.test(before)) return 'technical-term';
    if (NEGATION.test(before)) return 'negation';
    const clause = text.slice(clauseStart(text, start, PHRASE_BREAK), clauseEnd(text, end, PHRASE_BREAK));
    if (WARNING.test(clause)) return 'warning';
    if (CONDITIONAL_START.test(clause) && WARNING.test(sentenceOf(text, start, end))) return 'warning';
    return null;
  }

  // A change (含水量提升80%) is a claim even next to a composition word.
  if (
    category === 'data_claim' &&
    span.kind === 'pattern' &&
    /%$/u.test(match) &&
    !CHANGE.test(before + match)
  ) {
    if (COMPOSITION_BEFORE.test(before) || MATERIAL_AFTER.test(text.slice(end, end + 6)))
      return 'composition';
  }
  return null;
}

// 国家级非物质文化遗产, 国家级高新技术企业: an official title, true or not on evidence; ask for the
// certificate (low) instead of treating it as an absolute claim about the product.
const TITLE_AFTER =
  /^(?:国家级|省级|市级)(?:的)?(?:非物质文化遗产|非遗|高新技术企业|高新企业|专精特新|重点实验室|实验室|示范|保护单位|龙头企业|传承人|代表性传承人|技能大师|工程技术研究中心|技术中心|检测中心|自然保护区|景区|重点|荣誉|奖)/u;

/** True when an absolute term is the start of an official title (国家级非遗), which is verified, not banned. */
export function isVerifiableTitle(text: string, start: number): boolean {
  return TITLE_AFTER.test(text.slice(start, start + 20));
}
