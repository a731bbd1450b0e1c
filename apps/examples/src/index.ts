export type { Example, ExampleContext } from './example.js';
export { examples } from './examples/index.js';
