export {
  type CheckOptions,
  type CheckResult,
  type CompanyPhrase,
  type ComplianceSummary,
  checkCompliance,
  checkDraft,
  FINDING_CATEGORIES,
  type Finding,
  type FindingCategory,
  summarize,
} from './check';
export { normalize } from './normalize';
export { citesSource, RULES, type RuleId } from './patterns';
export { CATEGORIES, type Category, SEVERITIES, type Severity, TERM_LIST, type TermEntry } from './terms';
