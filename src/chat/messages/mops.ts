import { defineMessages } from '../i18n';

export const tMops = defineMessages({
  'help.title': { 'zh-CN': 'mopsbot 命令', en: 'mopsbot commands' },
  'help.intro': {
    'zh-CN': '参数写成 key=value，含空格的值加引号（name="618 大促"）。不带参数的新建命令会打开表单。',
    en: 'Arguments are key=value; quote values with spaces (name="618 sale"). A create command without arguments opens a form.',
  },
  'help.intro_wecom': {
    'zh-CN': '参数写成 key=value，含空格的值加引号（name="618 大促"）。不带参数的新建命令会回复用法和示例。',
    en: 'Arguments are key=value; quote values with spaces (name="618 sale"). A create command without arguments replies with its usage and an example.',
  },
  'help.aliases': {
    'zh-CN': '中文别名：活动 反馈 舆情 预算 数据 内容 达人 实验 目标 帮助',
    en: 'Chinese aliases: 活动 campaign, 反馈 feedback, 舆情 incident, 预算 budget, 数据 metrics, 内容 content, 达人 kol, 实验 abtest, 目标 target, 帮助 help',
  },
  'help.values': {
    'zh-CN':
      '选项可以写代码或中文名称：source=社群、category=产品、severity=高、platform=微博、type=新品、channels=抖音,小红书、status=待响应 都可以。',
    en: 'Choices take the code or the Chinese name: source=社群 (community), category=产品 (product), severity=高 (high), platform=微博 (weibo), type=新品 (launch), channels=抖音,小红书, status=待响应 (open).',
  },
  'help.summary': { 'zh-CN': '显示全部命令', en: 'Show all commands' },
  'area.feedback': { 'zh-CN': '用户反馈', en: 'User feedback' },
  'area.campaign': { 'zh-CN': '营销活动', en: 'Campaigns' },
  'area.incident': { 'zh-CN': '舆情', en: 'Sentiment incidents' },
  'area.budget': { 'zh-CN': '预算', en: 'Budget' },
  'area.metrics': { 'zh-CN': '渠道数据', en: 'Channel metrics' },
  'area.content': { 'zh-CN': '内容审批与发布节奏', en: 'Content approvals and cadence' },
  'area.kol': { 'zh-CN': '达人合作', en: 'KOL deals' },
  'area.survey': { 'zh-CN': '满意度调查', en: 'Satisfaction surveys' },
  'area.abtest': { 'zh-CN': 'A/B 测试', en: 'A/B tests' },
  'area.target': { 'zh-CN': '目标与进度', en: 'Targets and pacing' },
  'area.mops': { 'zh-CN': '机器人', en: 'Bot' },
});
