export {
  type CheckOptions,
  type CompanyPhrase,
  checkCompliance,
  checkDraft,
  type Finding,
  type FindingCategory,
} from './check';
export { normalize } from './normalize';
export type { RuleId } from './patterns';
export type { Severity } from './terms';
