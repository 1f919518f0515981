/**
 * Which kind of product a draft sells, guessed from its words. Medical claims are judged differently per
 * kind: a cosmetic or a food must not claim any medical effect (化妆品监督管理条例 第三十七条, 食品安全法
 * 第七十三条 on top of 广告法 第十七条), while an appliance's antibacterial function is a claim that needs a
 * test report. The finding names the regime it applied.
 */
export const PRODUCTS = ['cosmetics', 'food', 'apparel', 'electronics', 'services'] as const;
export type Product = (typeof PRODUCTS)[number];

const CUES: Record<Product, RegExp> = {
  cosmetics:
    /面霜|精华|乳液|面膜|口红|唇釉|唇膏|粉底|气垫|防晒|洗面奶|洁面|卸妆|眼霜|护手霜|洗发|护发|香氛|香水|化妆品|护肤|彩妆|肌肤|皮肤|爽肤水|手工皂|洗液|生发液|育发液|祛疤膏|凝胶/gu,
  food: /茶|咖啡|牛奶|奶粉|酸奶|饮料|零食|食品|蜂蜜|胶囊|软糖|大米|坚果|鱼油|益生菌|酵素|氨糖|孢子粉|果汁|巧克力|喝|吃|食用|饮用|口感|好吃/gu,
  apparel: /面料|衣|裤|裙|袜|鞋|羽绒|T恤|衬衫|卫衣|内衣|护膝|穿/giu,
  electronics:
    /手机|耳机|芯片|电池|充电|屏幕|续航|电脑|平板|音箱|路由器|按摩仪|净化器|吹风机|台灯|消毒柜|扫地机|家电|净水器|康复仪/gu,
  services: /课程|培训|辅导|诊所|医院|门店|到店|上门|服务|加盟|理财|投资|学员|报名|中介|年卡|健身/gu,
};

/** The product kind with the most cue words in `text` (normalised), or null when none appears. */
export function inferProduct(text: string): Product | null {
  let best: Product | null = null;
  let bestCount = 0;
  for (const product of PRODUCTS) {
    const count = text.match(CUES[product])?.length ?? 0;
    if (count > bestCount) {
      best = product;
      bestCount = count;
    }
  }
  return best;
}

/** The extra regulation a medical finding cites for this kind of product, if any. */
export const MEDICAL_REGIME: Partial<Record<Product, string>> = {
  cosmetics: '化妆品监督管理条例 第三十七条',
  food: '食品安全法 第七十三条',
};
