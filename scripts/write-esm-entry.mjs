// Writes dist/index.mjs, the ESM entry point: it re-exports every name of the
// CommonJS build, so that `import { neun, plot } from 'somata'` and
// `require('somata')` share one instance of the native addon.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const names = Object.keys(require('../dist/index.js')).filter((n) => n !== 'default' && n !== '__esModule');

writeFileSync(
  new URL('../dist/index.mjs', import.meta.url),
  `import cjs from './index.js';\nexport const { ${names.join(', ')} } = cjs;\nexport default cjs;\n`,
);
writeFileSync(new URL('../dist/index.d.mts', import.meta.url), `export * from './index.js';\n`);
