// The package's entry points: CommonJS and ESM builds expose the same namespaces.
import test from 'ava';
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';

const require = createRequire(import.meta.url);

test('require("somata") and import("somata") expose neun, brainpy, nest and u', async (t) => {
  const cjs = require('../dist/index.js');
  const esm: Record<string, unknown> = await import('../dist/index.mjs');
  for (const ns of ['neun', 'brainpy', 'nest', 'u', 'plot']) {
    t.truthy(cjs[ns], `CJS ${ns}`);
    t.is(esm[ns], cjs[ns], `ESM ${ns} is the CJS instance`);
  }
  t.is(typeof cjs.neun.HHDoubleRK4, 'function');
});

test('the package resolves by its name from CommonJS and ESM (exports map)', (t) => {
  const root = new URL('..', import.meta.url);
  const cjs = execFileSync(process.execPath, ['-e', "console.log(typeof require('somata').neun.HHDoubleRK4)"], { cwd: root, encoding: 'utf8' });
  t.is(cjs.trim(), 'function');
  const esm = execFileSync(process.execPath, ['--input-type=module', '-e', "import { neun } from 'somata'; console.log(typeof neun.HHDoubleRK4)"], { cwd: root, encoding: 'utf8' });
  t.is(esm.trim(), 'function');
});
