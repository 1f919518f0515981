import { describe, expect, it } from 'vitest';
import { checkCompliance, checkDraft, type Finding, summarize } from '../../../src/domain/compliance/check';

const phrases = (findings: Finding[]) => findings.map((f) => f.phrase);
const byPhrase = (findings: Finding[], phrase: string) => findings.find((f) => f.phrase === phrase);

describe('checkCompliance: clean drafts', () => {
  it.each([
    [
      'sunscreen launch',
      '【新品上市】夏日清爽防晒喷雾来啦！SPF50+ PA++++，轻薄不油腻，适合通勤和户外。' +
        '7月1日至7月7日下单满199减30，加赠旅行装一支。使用前请阅读产品说明。',
    ],
    [
      'KOL deliverables',
      '抖音短视频 1 条（60 秒），小红书图文笔记 2 篇，发布时间 3月15日 20:00，需带话题 #春日焕新# 并挂购物车链接。',
    ],
    [
      'event notice',
      '周末快闪店在静安嘉里中心开业，现场有手作体验和咖啡试饮，欢迎带朋友来打卡，营业时间10:00-22:00。',
    ],
  ])('%s has no findings', (_name, draft) => {
    expect(checkCompliance(draft)).toEqual([]);
  });

  it('returns nothing for empty or whitespace-only text', () => {
    expect(checkCompliance('')).toEqual([]);
    expect(checkCompliance(' \u3000\u200b ')).toEqual([]);
  });
});

describe('checkCompliance: absolute terms (第九条)', () => {
  it('reports 全网销量第一 once, not also as 第一 or 销量第一', () => {
    const findings = checkCompliance('这款洗发水全网销量第一，回购的姐妹都说好。');
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      category: 'absolute',
      phrase: '全网销量第一',
      term: '全网销量第一',
      severity: 'high',
      index: 5,
    });
    expect(findings[0]!.article).toContain('第九条');
    expect(findings[0]!.rewrite.length).toBeGreaterThan(0);
  });

  it('finds 最佳 in a tea post, and asks for the certificate of a 国家级 title at low severity', () => {
    const findings = checkCompliance('国家级非遗工艺，精选高山茶园，给你最佳的口感体验。');
    expect(findings.map((f) => [f.severity, f.rule, f.phrase])).toEqual([
      ['high', 'absolute', '最佳'],
      ['low', 'verifiable-title', '国家级'],
    ]);
    expect(findings[1]!.rewrite).toContain('证书');
    // Not a title: 国家级 praising the product itself stays a high-severity absolute.
    expect(checkCompliance('国家级品质，出口欧美标准')[0]).toMatchObject({
      severity: 'high',
      rule: 'absolute',
    });
  });

  it('expands the 最 stem to unlisted forms and stops before particles', () => {
    const findings = checkCompliance('今年最帅气的通勤夹克，是你衣柜里最好的搭档');
    expect(byPhrase(findings, '最帅气')).toMatchObject({
      term: '最',
      category: 'absolute',
      severity: 'high',
    });
    // A listed form wins over the generic expansion and keeps its own rewrite.
    expect(byPhrase(findings, '最好')).toMatchObject({ term: '最好' });
  });

  it('expands the 第一 stem, but listed forms such as 第一品牌 win', () => {
    expect(phrases(checkCompliance('我们就是第一！'))).toEqual(['第一']);
    expect(checkCompliance('国货第一品牌')[0]).toMatchObject({ phrase: '第一品牌', term: '第一品牌' });
  });

  it('merges overlapping matches into one finding described by the longest', () => {
    const findings = checkCompliance('史上最强续航');
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ phrase: '史上最强', term: '史上最' });
  });

  it('respects Latin word edges', () => {
    expect(phrases(checkCompliance('品类TOP1，No.1 的选择'))).toEqual(['top1', 'no.1']);
    expect(checkCompliance('TOP10 好物清单，laptop1 型号')).toEqual([]);
  });
});

describe('checkCompliance: allowlist', () => {
  it.each([
    '最新款已到店，最后一天特价，最近很多人问',
    '第一次购买的新客请先领券，第一步关注店铺，第一天就能收到',
    '活动第一期报名中，第一季度复盘见周报，收到消息第一时间回复',
    '每人最多限购2件，最少起订10盒，最高可减50元',
    '首次下单包邮，新品首发当天直播',
    '建议最好在睡前使用，最佳赏味期为开封后30天',
    '每件商品都有唯一码，可扫码验真',
    '治愈系香薰蜡烛，确保本次活动顺利，确保过程透明，面包过夜不硬',
  ])('"%s" is clean', (draft) => {
    expect(checkCompliance(draft)).toEqual([]);
  });

  it('only suppresses what the allowlist phrase covers', () => {
    // 最先 is allowed, 最先进 is a listed claim; 最新 is allowed, 最好 next to it is not.
    expect(phrases(checkCompliance('最先进的降噪芯片'))).toEqual(['最先进']);
    expect(phrases(checkCompliance('最新最好的款式'))).toEqual(['最好']);
  });
});

describe('checkCompliance: medical and efficacy claims (第十七条)', () => {
  it('flags treatment, drug and safety claims in a skincare post', () => {
    const draft =
      '换季烂脸救星！这款药妆精华能有效消炎、祛痘，坚持一个疗程根治痘痘，纯植物配方无副作用，100%有效。';
    const findings = checkCompliance(draft);
    expect(phrases(findings)).toEqual(['药妆', '消炎', '根治', '无副作用', '100%有效', '祛痘', '疗程']);
    for (const f of findings) expect(f.category).toBe('medical');
    // A skincare draft: the finding also names the cosmetics regulation that applies.
    expect(byPhrase(findings, '药妆')!.article).toBe('广告法 第十七条；化妆品监督管理条例 第三十七条');
    expect(byPhrase(findings, '无副作用')!.article).toContain('第十六条');
  });

  it('flags disease claims for a food product', () => {
    const findings = checkCompliance('每天一杯苦荞茶，帮助降血压、降血糖，增强免疫力');
    expect(phrases(findings)).toEqual(['降血压', '降血糖', '增强免疫力']);
    expect(findings.every((f) => f.category === 'medical')).toBe(true);
  });
});

describe('checkCompliance: data claims (第十一条, 第二十八条)', () => {
  const unsourced = '实测使用28天后肌肤含水量提升 80%，95%的用户表示肤色更均匀，销量突破100万瓶。';

  it('flags percentages and sales figures without a source', () => {
    const findings = checkCompliance(unsourced);
    expect(phrases(findings)).toEqual(['提升80%', '95%的用户', '销量突破100万瓶']);
    expect(findings.every((f) => f.category === 'data_claim' && f.severity === 'medium')).toBe(true);
    expect(findings[0]!.article).toContain('第十一条');
  });

  it.each([
    ['a 数据来源 footnote', `${unsourced}\n*数据来源：某第三方检测机构2024年3月报告，样本60人`],
    ['a parenthesised report', `${unsourced}（《2024中国护肤消费白皮书》）`],
    ['据 someone 统计', `据某电商平台2024年统计，${unsourced}`],
    ['an English source line', `${unsourced}\nSource: internal survey, n=1200`],
  ])('accepts %s as a cited source', (_name, draft) => {
    expect(checkCompliance(draft)).toEqual([]);
  });

  it('does not accept an anonymous 据统计 or 据说 as a source', () => {
    expect(checkCompliance(`据统计，${unsourced}`)).toHaveLength(3);
    expect(checkCompliance(`据说${unsourced}`)).toHaveLength(3);
    // Ingredient origin, not a data source.
    expect(checkCompliance(`成分来源于天然植物，${unsourced}`)).toHaveLength(3);
  });

  it('flags rankings and multipliers', () => {
    const findings = checkCompliance('年度榜单排名前三，清洁力提升3倍，1000万用户的选择，销量领先');
    expect(phrases(findings)).toEqual(['排名前三', '提升3倍', '1000万用户的选择', '销量领先']);
    // Rankings need evidence on file: medium, like other data claims.
    expect(findings[0]).toMatchObject({ severity: 'medium', rule: 'ranking' });
  });

  it('a source clears data claims but not absolute terms', () => {
    const findings = checkCompliance('排名第一，全网销量第一（数据来源：某平台2024年榜单）');
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ phrase: '全网销量第一', category: 'absolute' });
  });

  it('does not read tenure or idioms as data claims', () => {
    expect(checkCompliance('品牌服务超过10年，大家信心百倍，支持2倍速播放')).toEqual([]);
    expect(phrases(checkCompliance('服务超过1000家企业'))).toEqual(['服务超过1000家']);
  });

  it('ignores percentages and multipliers that are price offers', () => {
    expect(checkCompliance('限时立减20%，下单享3倍积分，会员3折，定金膨胀2倍，今晚50% off')).toEqual([]);
  });
});

describe('checkCompliance: guarantees (第二十四条, 第二十五条)', () => {
  it('flags investment and exam guarantees', () => {
    const findings = checkCompliance('加盟稳赚不赔，100%回本；考证班包过，不过退款');
    expect(phrases(findings)).toEqual(['稳赚不赔', '100%回本', '包过', '不过退款']);
    expect(findings.every((f) => f.category === 'guarantee')).toBe(true);
    expect(byPhrase(findings, '稳赚不赔')!.article).toContain('第二十五条');
    expect(byPhrase(findings, '包过')!.article).toContain('第二十四条');
  });
});

describe('checkCompliance: normalisation', () => {
  it('matches full-width input and quotes the original text', () => {
    const findings = checkCompliance('使用后提升　８０％，ＮＯ．１精华，１００％有效');
    expect(phrases(findings)).toEqual(['no.1', '100%有效', '提升80%']);
    expect(byPhrase(findings, '100%有效')).toMatchObject({ original: '１００％有效', category: 'medical' });
    expect(byPhrase(findings, '提升80%')).toMatchObject({ original: '提升　８０％' });
  });

  it('ignores spaces and invisible characters inside Chinese phrases', () => {
    const findings = checkCompliance('这是最 佳 选择，也是国\u200b家\u200b级标准');
    expect(phrases(findings)).toEqual(['最佳', '国家级']);
    expect(findings[0]).toMatchObject({ original: '最 佳', originalIndex: 2 });
  });

  it('matches traditional-script drafts', () => {
    const findings = checkCompliance('全網銷量第一，醫學護膚，無副作用');
    expect(phrases(findings)).toEqual(['全网销量第一', '医学护肤', '无副作用']);
    expect(findings.map((f) => f.original)).toEqual(['全網銷量第一', '醫學護膚', '無副作用']);
  });
});

describe('checkDraft: the company list', () => {
  const allow = (phrase: string, reason?: string) => ({ phrase, action: 'allow' as const, reason });
  const block = (phrase: string, reason?: string) => ({ phrase, action: 'block' as const, reason });

  it('an allowed phrase clears the findings inside it and reports them as allowed, in any script', () => {
    const r = checkDraft('我们是全網銷量第一的面霜，秋冬最佳选择', {
      policy: [allow('全网销量第一', '报告已存档')],
    });
    expect(phrases(r.findings)).toEqual(['最佳']);
    expect(r.allowed).toMatchObject([
      {
        original: '全網銷量第一',
        severity: 'high',
        rule: 'absolute',
        policy: { action: 'allow', phrase: '全网销量第一', reason: '报告已存档' },
      },
    ]);
  });

  it('allowing part of a finding clears nothing: the finding reaches past the phrase', () => {
    const r = checkDraft('全网销量第一', { policy: [allow('全网')] });
    expect(phrases(r.findings)).toEqual(['全网销量第一']);
    expect(r.allowed).toEqual([]);
  });

  it('a blocked phrase is a high finding, also where the law check already had one (the company reason wins)', () => {
    const r = checkDraft('闭眼入！全网第一', { policy: [block('闭眼入', '品牌调性'), block('全网第一')] });
    expect(r.findings.map((f) => [f.original, f.severity, f.rule, f.policy?.action])).toEqual([
      ['闭眼入', 'high', 'company-block', 'block'],
      ['全网第一', 'high', 'company-block', 'block'],
    ]);
  });

  it('a Latin phrase is matched as a word and without regard to case', () => {
    expect(phrases(checkDraft('Top choice for winter', { policy: [block('top')] }).findings)).toEqual([
      'top',
    ]);
    expect(checkDraft('A laptop stand, topless jar', { policy: [block('top')] }).findings).toEqual([]);
  });
});

describe('ordering and summary', () => {
  it('sorts high severity first, then by position', () => {
    const findings = checkCompliance('满意度95%，最低价，绝对好用，国家级');
    expect(findings.map((f) => [f.severity, f.phrase])).toEqual([
      ['high', '最低价'],
      ['high', '国家级'],
      ['medium', '满意度95%'],
      ['medium', '绝对'],
    ]);
  });

  it('summarises counts by category and the worst severity', () => {
    const findings = checkCompliance('最佳之选，药妆级护理，提升50%，稳赚');
    expect(summarize(findings)).toEqual({
      total: 4,
      byCategory: { absolute: 1, medical: 1, data_claim: 1, guarantee: 1, company: 0 },
      maxSeverity: 'high',
    });
    expect(summarize(checkCompliance('行业领先的研发团队'))).toMatchObject({
      total: 1,
      maxSeverity: 'medium',
    });
    expect(summarize([])).toEqual({
      total: 0,
      byCategory: { absolute: 0, medical: 0, data_claim: 0, guarantee: 0, company: 0 },
      maxSeverity: null,
    });
  });
});
