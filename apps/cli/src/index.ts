export { run, buildProgram } from './program';
