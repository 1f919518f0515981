import { defineMessages } from '../i18n';

/** Content and KOL approvals: commands, cards, decisions and their errors. */
export const tApprovals = defineMessages({
  'content.submit.summary': {
    'zh-CN': '提交内容稿件审批（先做广告法合规检查）',
    en: 'Submit a content draft for approval (checked against the advertising law first)',
  },
  'content.list.summary': { 'zh-CN': '列出内容审批', en: 'List content approvals' },
  'kol.propose.summary': {
    'zh-CN': '提议达人合作，附 CPM、千粉单价和预算影响',
    en: 'Propose a KOL deal with CPM, fee per 1k followers and budget impact',
  },
  'kol.list.summary': { 'zh-CN': '列出达人合作审批', en: 'List KOL deals' },
  'kol.result.summary': {
    'zh-CN': '记录已发布合作的效果并计算 ROI',
    en: 'Record how a published deal did and show its ROI',
  },
  'approve.summary': { 'zh-CN': '批准审批（审批人）', en: 'Approve (approvers)' },
  'changes.summary': {
    'zh-CN': '要求修改，需写明原因（审批人）',
    en: 'Request changes with a reason (approvers)',
  },
  'reject.summary': { 'zh-CN': '驳回，需写明原因（审批人）', en: 'Reject with a reason (approvers)' },

  'form.content.title': { 'zh-CN': '提交内容审批', en: 'Submit content' },
  'form.kol.title': { 'zh-CN': '提议达人合作', en: 'Propose a KOL deal' },
  'form.submit': { 'zh-CN': '提交', en: 'Submit' },
  'form.changes.title': { 'zh-CN': '要求修改 {code}', en: 'Request changes {code}' },
  'form.reject.title': { 'zh-CN': '驳回 {code}', en: 'Reject {code}' },
  'form.changes.generic': { 'zh-CN': '要求修改', en: 'Request changes' },
  'form.reject.generic': { 'zh-CN': '驳回', en: 'Reject' },
  'form.reason.submit': { 'zh-CN': '发送', en: 'Send' },
  'form.reason.hint': {
    'zh-CN': '申请人会收到这条原因。',
    en: 'The requester receives this reason.',
  },
  'form.reason.prompt': {
    'zh-CN': '请写明原因：`{command} reason="…"`',
    en: 'Give a reason: `{command} reason="…"`',
  },
  'form.text_hint': {
    'zh-CN': '填写正文或链接（二选一）；只有正文会做合规检查。',
    en: 'Give the text or a link; only text can be compliance-checked.',
  },

  'field.title': { 'zh-CN': '标题', en: 'Title' },
  'field.channel': { 'zh-CN': '发布渠道', en: 'Channel' },
  'field.text': { 'zh-CN': '正文', en: 'Text' },
  'field.link': { 'zh-CN': '链接', en: 'Link' },
  'field.brief': { 'zh-CN': '需求简报', en: 'Brief' },
  'field.name': { 'zh-CN': '达人', en: 'KOL' },
  'field.platform': { 'zh-CN': '平台', en: 'Platform' },
  'field.followers': { 'zh-CN': '粉丝数', en: 'Followers' },
  'field.fee': { 'zh-CN': '费用', en: 'Fee' },
  'field.deliverables': { 'zh-CN': '交付内容', en: 'Deliverables' },
  'field.date': { 'zh-CN': '发布日期', en: 'Publish date' },
  'field.expected_views': { 'zh-CN': '预计播放/阅读', en: 'Expected views' },
  'field.reason': { 'zh-CN': '原因', en: 'Reason' },
  'field.code': { 'zh-CN': '审批编号', en: 'Approval code' },
  'field.requester': { 'zh-CN': '申请人', en: 'Requester' },
  'field.status': { 'zh-CN': '状态', en: 'Status' },
  'field.approvals': { 'zh-CN': '批准进度', en: 'Approvals' },
  'field.cpm': { 'zh-CN': 'CPM（每千次播放）', en: 'CPM (per 1k views)' },
  'field.fee_per_1k': { 'zh-CN': '千粉单价', en: 'Fee per 1k followers' },
  'field.budget': { 'zh-CN': '内容预算 {month}', en: 'Content budget {month}' },
  'field.views': { 'zh-CN': '播放/阅读', en: 'Views' },
  'field.engagements': { 'zh-CN': '互动', en: 'Engagements' },
  'field.gmv': { 'zh-CN': 'GMV', en: 'GMV' },
  'field.roi': { 'zh-CN': 'ROI（GMV ÷ 费用）', en: 'ROI (GMV ÷ fee)' },

  'severity.high': { 'zh-CN': '高', en: 'high' },
  'severity.medium': { 'zh-CN': '中', en: 'medium' },
  'severity.low': { 'zh-CN': '低', en: 'low' },
  'category.absolute': { 'zh-CN': '极限词', en: 'absolute term' },
  'category.medical': { 'zh-CN': '医疗/功效', en: 'medical/efficacy claim' },
  'category.data_claim': { 'zh-CN': '无出处数据', en: 'unsourced data claim' },
  'category.guarantee': { 'zh-CN': '保证性承诺', en: 'guarantee' },
  'category.company': { 'zh-CN': '公司禁用词', en: 'company-blocked phrase' },
  'rule.absolute': { 'zh-CN': '绝对化用语', en: 'absolute term' },
  'rule.ranking': { 'zh-CN': '排名（需证据）', en: 'ranking (needs evidence)' },
  'rule.data-claim': { 'zh-CN': '数据宣称（需出处）', en: 'data claim (needs a source)' },
  'rule.medical-term': { 'zh-CN': '医疗用语', en: 'medical term' },
  'rule.disease-claim': { 'zh-CN': '疾病防治宣称', en: 'disease claim' },
  'rule.drug-substitute': { 'zh-CN': '暗示替代药物', en: 'substitute for medicine' },
  'rule.efficacy-promise': { 'zh-CN': '功效承诺', en: 'efficacy promise' },
  'rule.guarantee': { 'zh-CN': '保证性承诺', en: 'guarantee of a result' },
  'rule.verifiable-title': { 'zh-CN': '称号/奖项（请核实）', en: 'title or award (verify)' },
  'rule.company-block': { 'zh-CN': '公司禁用词', en: 'blocked by the company' },
  'where.title': { 'zh-CN': '标题', en: 'title' },
  'where.text': { 'zh-CN': '正文', en: 'text' },
  'where.deliverables': { 'zh-CN': '交付内容', en: 'deliverables' },

  'card.content.title': { 'zh-CN': '内容审批 {code} · {title}', en: 'Content approval {code} · {title}' },
  'card.kol.title': { 'zh-CN': '达人合作 {code} · {name}', en: 'KOL deal {code} · {name}' },
  'card.requests': { 'zh-CN': '提交了审批。', en: 'asks for approval.' },
  'card.high_warning': {
    'zh-CN': '⚠️ 有 {n} 处高风险合规问题，批准前需再次确认。',
    en: '⚠️ {n} high-severity compliance {n|finding|findings}: approving asks for confirmation.',
  },
  'card.findings.heading': {
    'zh-CN': '广告法合规检查：{n} 处',
    en: 'Advertising-law check: {n} {n|finding|findings}',
  },
  'card.findings.none': {
    'zh-CN': '广告法合规检查：未发现问题。',
    en: 'Advertising-law check: no findings.',
  },
  'card.findings.link_only': {
    'zh-CN': '只提供了链接，合规检查无法读取稿件内容，请审批人自行查看。',
    en: 'Only a link was given: the compliance check could not read the draft, so please review it yourself.',
  },
  'card.findings.more': { 'zh-CN': '…另有 {n} 处', en: '…and {n} more' },
  'card.finding': {
    'zh-CN': '[{severity}] 「{phrase}」（{where}）规则：{rule} · {article} → 建议：{rewrite}',
    en: '[{severity}] “{phrase}” ({where}) rule: {rule} · {article} → suggest: {rewrite}',
  },
  'card.finding.blocked': {
    'zh-CN': '[{severity}] 「{phrase}」（{where}）公司名单禁用：「{entry}」{reason}',
    en: '[{severity}] “{phrase}” ({where}) blocked by company list: “{entry}”{reason}',
  },
  'card.finding.allowed': {
    'zh-CN': '✓ 公司名单放行：「{entry}」{reason}（否则为[{severity}] {rule}：「{phrase}」，{where}）',
    en: '✓ allowed by company list: “{entry}”{reason} (otherwise [{severity}] {rule}: “{phrase}” in {where})',
  },
  'card.policy.reason': { 'zh-CN': ' — {reason}', en: ' — {reason}' },
  'card.draft': { 'zh-CN': '稿件', en: 'Draft' },
  'card.brief': { 'zh-CN': '需求简报', en: 'Brief' },
  'card.deliverables': { 'zh-CN': '交付内容', en: 'Deliverables' },
  'card.requested_by': { 'zh-CN': '申请人 {who} · {at}', en: 'Requested by {who} · {at}' },
  'card.two_approvers': {
    'zh-CN': '费用超过双人审批线：需要两位不同的审批人批准。',
    en: 'Fee above the two-approver line: two different approvers must approve.',
  },
  'card.progress': { 'zh-CN': '{n}/{m}', en: '{n}/{m}' },
  'card.voted': { 'zh-CN': '{who} 已于 {at} 批准', en: 'Approved by {who} at {at}' },
  'card.decided.approved': { 'zh-CN': '于 {at} 批准。', en: 'approved at {at}.' },
  'card.decided.rejected': { 'zh-CN': '于 {at} 驳回。', en: 'rejected at {at}.' },
  'card.decided.changes_requested': { 'zh-CN': '于 {at} 要求修改。', en: 'requested changes at {at}.' },
  'card.reason': { 'zh-CN': '原因：{reason}', en: 'Reason: {reason}' },
  'budget.no_plan': {
    'zh-CN': '{month} 未设置内容预算；已花 {spent}',
    en: 'No content budget set for {month}; {spent} spent',
  },
  'budget.within': {
    'zh-CN': '加上此费用后 {pct}（{after} / {plan}），在预算内',
    en: '{pct} with this fee ({after} of {plan}), within plan',
  },
  'budget.over_100': {
    'zh-CN': '⚠️ 加上此费用后 {pct}（{after} / {plan}），达到或超过 100%',
    en: '⚠️ {pct} with this fee ({after} of {plan}): at or over 100% of plan',
  },
  'budget.over_105': {
    'zh-CN': '🚨 加上此费用后 {pct}（{after} / {plan}），超过 105% 升级线',
    en: '🚨 {pct} with this fee ({after} of {plan}): over the 105% escalation line',
  },
  'button.approve': { 'zh-CN': '批准', en: 'Approve' },
  'button.changes': { 'zh-CN': '要求修改', en: 'Request changes' },
  'button.reject': { 'zh-CN': '驳回', en: 'Reject' },
  'confirm.title': { 'zh-CN': '仍要批准？', en: 'Approve anyway?' },
  'confirm.text': {
    'zh-CN': '这份申请有 {n} 处高风险广告法问题。确认仍要批准吗？',
    en: 'This request has {n} high-severity advertising-law {n|finding|findings}. Approve it anyway?',
  },
  'confirm.ok': { 'zh-CN': '仍要批准', en: 'Approve anyway' },
  'confirm.cancel': { 'zh-CN': '取消', en: 'Cancel' },

  'submitted.title': { 'zh-CN': '已提交审批 {code}', en: 'Submitted {code} for approval' },
  'proposed.title': { 'zh-CN': '已提议达人合作 {code}', en: 'Proposed KOL deal {code}' },
  'submitted.posted': {
    'zh-CN': '审批卡片已发到审批频道。',
    en: 'The approval card is posted to the approvals channel.',
  },
  'submitted.no_channel': {
    'zh-CN': '没有可发送审批卡片的频道；审批人可用 `/{area} approve {code}` 决定。',
    en: 'There is no channel to post the approval card to; an approver can decide with `/{area} approve {code}`.',
  },
  'submitted.findings': {
    'zh-CN': '合规检查发现 {n} 处问题（其中高风险 {high} 处），详见卡片。',
    en: 'The compliance check found {n} {n|issue|issues}, {high} high severity: see the card.',
  },
  'submitted.clean': { 'zh-CN': '合规检查未发现问题。', en: 'The compliance check found nothing.' },

  'you.approved': { 'zh-CN': '你已批准 {code}。', en: 'You approved {code}.' },
  'you.rejected': { 'zh-CN': '你已驳回 {code}。', en: 'You rejected {code}.' },
  'you.changes_requested': { 'zh-CN': '你已要求修改 {code}。', en: 'You requested changes to {code}.' },
  'you.notified': { 'zh-CN': '已通知申请人。', en: 'The requester is notified.' },
  'you.voted': {
    'zh-CN': '已记录你对 {code} 的批准（{n}/{m}），还需要另一位审批人。',
    en: 'Your approval of {code} is recorded ({n}/{m}); it needs another approver.',
  },
  'already.title': { 'zh-CN': '{code} 已有决定', en: '{code} is already decided' },
  'already.approved': {
    'zh-CN': '已于 {at} 批准 {code}。本次操作没有改变任何内容。',
    en: 'already approved {code} at {at}. Nothing changed.',
  },
  'already.rejected': {
    'zh-CN': '已于 {at} 驳回 {code}。本次操作没有改变任何内容。',
    en: 'already rejected {code} at {at}. Nothing changed.',
  },
  'already.changes_requested': {
    'zh-CN': '已于 {at} 要求修改 {code}。本次操作没有改变任何内容。',
    en: 'already requested changes to {code} at {at}. Nothing changed.',
  },
  'already.voted.title': { 'zh-CN': '你已批准过 {code}', en: 'You already approved {code}' },
  'already.voted': {
    'zh-CN': '当前 {n}/{m}，还需要另一位审批人批准。本次操作没有改变任何内容。',
    en: 'It stands at {n}/{m} and needs another approver. Nothing changed.',
  },

  'dm.approved.title': { 'zh-CN': '{code} 已批准', en: '{code} approved' },
  'dm.rejected.title': { 'zh-CN': '{code} 被驳回', en: '{code} rejected' },
  'dm.changes_requested.title': { 'zh-CN': '{code} 需要修改', en: 'Changes requested on {code}' },
  'dm.approved': {
    'zh-CN': '于 {at} 批准了你的申请「{title}」。',
    en: 'approved your request “{title}” at {at}.',
  },
  'dm.rejected': {
    'zh-CN': '于 {at} 驳回了你的申请「{title}」。',
    en: 'rejected your request “{title}” at {at}.',
  },
  'dm.changes_requested': {
    'zh-CN': '于 {at} 要求修改你的申请「{title}」。',
    en: 'asked for changes to your request “{title}” at {at}.',
  },

  'list.content.title': { 'zh-CN': '内容审批', en: 'Content approvals' },
  'list.kol.title': { 'zh-CN': '达人合作', en: 'KOL deals' },
  'result.title': { 'zh-CN': '已记录 {code} 的合作效果', en: 'Result recorded for {code}' },

  'err.approvers_only': {
    'zh-CN': '只有审批人可以决定 {code}，本次没有任何改变。管理员可在 `/mops settings` 中设置审批人。',
    en: 'Only approvers can decide {code}; nothing changed. Admins set approvers in `/mops settings`.',
  },
  'err.self_decision': {
    'zh-CN': '{code} 是你本人提交的，不能自己审批。',
    en: '{code} is your own request: you cannot decide on it.',
  },
  'err.reason_required': {
    'zh-CN': '要求修改或驳回 {code} 需要写明原因：加上 `reason="…"`。',
    en: 'Requesting changes to or rejecting {code} needs a reason: add `reason="…"`.',
  },
  'err.confirm_needed': {
    'zh-CN': '{code} 有 {n} 处高风险合规问题。如仍要批准，请加上 `confirm=yes`。',
    en: '{code} has {n} high-severity compliance {n|finding|findings}. To approve anyway, add `confirm=yes`.',
  },
  'err.text_or_link': {
    'zh-CN': '请提供稿件：`text=` 或 `link=`。',
    en: 'Give the draft as `text=` or `link=`.',
  },
  'err.bad_link': {
    'zh-CN': '参数 `{key}` 必须是以 http:// 或 https:// 开头的链接。',
    en: 'Argument `{key}` must be a link starting with http:// or https://.',
  },
  'err.kol_past_date': {
    'zh-CN': '参数 `date`：{date} 已经过去（今天是 {today}），发布日期不能早于今天。',
    en: 'Argument `date`: {date} has passed (today is {today}); the publish date cannot be before today.',
  },
  'err.amount_positive': {
    'zh-CN': '参数 `{key}` 必须大于 0。',
    en: 'Argument `{key}` must be more than 0.',
  },
  'err.not_kol': {
    'zh-CN': '{code} 不是达人合作审批。',
    en: '{code} is not a KOL deal.',
  },
  'err.result_not_approved': {
    'zh-CN': '{code} 尚未批准，只有已批准的达人合作才能记录效果。',
    en: '{code} is not approved; results can be recorded only for an approved KOL deal.',
  },
  'err.bad_action': {
    'zh-CN': '这个按钮已失效（`{action}`）。请用 `/content list` 或 `/kol list` 查看最新状态。',
    en: 'This button is no longer valid (`{action}`). Use `/content list` or `/kol list` for the latest state.',
  },
});
