// Writes dist/index.mjs, the ESM entry point: it re-exports the CommonJS
// build so that `import { neun } from 'somata'` and `require('somata')`
// share one instance of the native addon.
import { writeFileSync } from 'node:fs';

writeFileSync(
  new URL('../dist/index.mjs', import.meta.url),
  `import cjs from './index.js';\nexport const { neun, brainpy, nest, u, Quantity, NonFiniteStateError } = cjs;\nexport default cjs;\n`,
);
writeFileSync(new URL('../dist/index.d.mts', import.meta.url), `export * from './index.js';\n`);
