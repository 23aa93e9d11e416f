export * from './stack';
export { buildProgram } from './main';
