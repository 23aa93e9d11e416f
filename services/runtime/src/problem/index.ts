export {
  problem,
  problemHeaders,
  problemTypeOf,
  PROBLEM_MEDIA_TYPE,
  PROBLEM_RETRY_AFTER_SECONDS,
  PROBLEM_TYPE_BASE,
} from './problem';
export type { Problem, ProblemExtras, ProblemFieldError } from './problem';
export { problemOf, PROBLEM_STATUS_BY_CODE, UNAVAILABLE_DETAIL, INTERNAL_DETAIL } from './problem-of';
export type { ProblemMapping } from './problem-of';
