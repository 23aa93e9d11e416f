import { criterionToReside } from '../avro/hospital-vocabulary';
import type { CriterionToReside } from '../generated/events';

/** The criteria to reside (NHS Data Dictionary 01–12), in code order: the contract's enum symbols. */
export const CRITERIA_TO_RESIDE = criterionToReside.symbols as readonly [
  CriterionToReside,
  ...CriterionToReside[],
];

const byCode: ReadonlyMap<string, CriterionToReside> = new Map(
  CRITERIA_TO_RESIDE.map((criterion) => [codeOfCriterionToReside(criterion), criterion]),
);

/** The two-digit national code of a criterion (`CTR04_NEWS_ABOVE_3` → `04`). */
export function codeOfCriterionToReside(criterion: CriterionToReside): string {
  return criterion.slice(3, 5);
}

/**
 * The criterion of an exact two-digit national code ('01'–'12'), or undefined for anything else
 * (callers that accept '4' for '04' pad first).
 */
export const criterionToResideOfCode = (code: string): CriterionToReside | undefined => byCode.get(code);
