/**
 * Text normalisation for the compliance check. Drafts arrive with full-width digits (１００％), mixed
 * case Latin (NO.1), spaces or zero-width characters slipped between characters (最 佳), and in
 * traditional script (the job manual is traditional Chinese), so matching runs on a folded copy.
 */

// Traditional → simplified pairs, limited to characters used by our terms, allowlist, patterns and
// source markers. A full converter would be a dependency for no gain: unmatched characters are harmless.
const TRADITIONAL_PAIRS =
  '優优強强級级價价實实劃划進进專专業业權权歡欢銷销熱热門门適适時时經经純纯頂顶華华譜谱選选擇择' +
  '國国際际極极緻致絕绝對对無无僅仅獨独與与倫伦擬拟個个創创發发髮发後后補补內内萬万領领導导巔巅' +
  '終终敵敌殺杀網网亞亚療疗癒愈藥药妝妆醫医學学膚肤護护處处號号祕秘靈灵腫肿壓压鎮镇癢痒過过脫脱' +
  '細细幹干腸肠減减豐丰壯壮陽阳腎肾壽寿臨临驗验證证薦荐額额氣气軍军遙遥場场佔占評评滿满複复復复' +
  '購购迴回戶户億亿調调顯显穩稳賺赚賠赔報报風风險险錄录費费訂订碼码賞赏週周階阶屆届條条輪轮彈弹' +
  '單单間间標标識识編编據据來来數数統统計计說说傳传稱称資资於于書书測测監监佈布樣样長长漲涨縮缩' +
  '達达轉转積积脹胀賣卖務务註注冊册會会員员載载裝装機机臺台顧顾寶宝媽妈賴赖認认見见睞睐愛爱' +
  '榮荣蟬蝉聯联還还現现傭佣稅税讓让紅红幾几兩两';

const TRADITIONAL_TO_SIMPLIFIED = new Map<string, string>();
for (let i = 0; i + 1 < TRADITIONAL_PAIRS.length; i += 2) {
  TRADITIONAL_TO_SIMPLIFIED.set(TRADITIONAL_PAIRS[i]!, TRADITIONAL_PAIRS[i + 1]!);
}

// Invisible characters are a known trick to dodge keyword filters (最\u200b佳), so they are dropped.
const INVISIBLE = new Set(['\u00ad', '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff']);
const HORIZONTAL_SPACE = /^[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]$/u;
// Spaces next to these are layout, not word breaks, so 最 佳 and 提升 80 % match like 最佳 and 提升80%.
const TIGHT = /^[\p{Script=Han}\u3001-\u303f%]$/u;

/** A normalised text plus, for every UTF-16 unit of it, the span of the input it came from. */
export interface NormalizedText {
  text: string;
  /** `starts[i]`/`ends[i]`: the input span (UTF-16 offsets) that produced `text[i]`. */
  starts: number[];
  ends: number[];
}

function foldChar(ch: string): string {
  if (INVISIBLE.has(ch)) return '';
  const cp = ch.codePointAt(0)!;
  let folded = ch;
  if (cp >= 0xff01 && cp <= 0xff5e) folded = String.fromCharCode(cp - 0xfee0);
  else if (cp === 0x3000) folded = ' ';
  if (folded >= 'A' && folded <= 'Z') return folded.toLowerCase();
  return TRADITIONAL_TO_SIMPLIFIED.get(folded) ?? folded;
}

/** Normalises `input` and keeps the mapping back to input offsets (used to quote what the user typed). */
export function normalizeWithMap(input: string): NormalizedText {
  const units: { s: string; start: number; end: number }[] = [];
  let offset = 0;
  for (const ch of input) {
    const s = foldChar(ch);
    if (s !== '') units.push({ s, start: offset, end: offset + ch.length });
    offset += ch.length;
  }

  let text = '';
  const starts: number[] = [];
  const ends: number[] = [];
  let previous = '';
  for (let i = 0; i < units.length; i++) {
    const unit = units[i]!;
    if (HORIZONTAL_SPACE.test(unit.s)) {
      let j = i;
      while (j < units.length && HORIZONTAL_SPACE.test(units[j]!.s)) j++;
      const next = j < units.length ? units[j]!.s : '';
      if (TIGHT.test(previous) || TIGHT.test(next)) {
        i = j - 1;
        continue;
      }
    }
    text += unit.s;
    for (let k = 0; k < unit.s.length; k++) {
      starts.push(unit.start);
      ends.push(unit.end);
    }
    previous = unit.s;
  }
  return { text, starts, ends };
}

/** Folds full-width ASCII, Latin case, traditional script and layout spaces so terms match reliably. */
export function normalize(input: string): string {
  return normalizeWithMap(input).text;
}
