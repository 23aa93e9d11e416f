export { createProgress } from './progress';
export type { Progress, ProgressOptions, ProgressStream } from './progress';
export { progressFigures } from './figures';
export type { ProgressFigures } from './figures';
