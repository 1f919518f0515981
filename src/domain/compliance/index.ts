export { type ComplianceSummary, checkCompliance, type Finding, summarize } from './check';
export { normalize } from './normalize';
export { citesSource } from './patterns';
export { CATEGORIES, type Category, SEVERITIES, type Severity, TERM_LIST, type TermEntry } from './terms';
