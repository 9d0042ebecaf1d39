/**
 * Runs every example in order, each under a header: `npm run demo`.
 * Figures go to out/ (git-ignored).
 *
 * To add an example, add one line to EXAMPLES: a title and the module path
 * (relative to this file). The module's default export is awaited with no
 * arguments.
 */
import { performance } from 'node:perf_hooks';

const EXAMPLES: Array<[title: string, module: string]> = [
  ['Neun: first neuron (HH and HR snippets)', './neun/first-neuron.js'],
  ['Neun: firing frequency vs gNa (parameter scan)', './neun/scan-gna.js'],
  ['Neun: HH vs HR comparison', './neun/compare-models.js'],
  ['Neun: HH f-I curve (async sweep) and spike raster', './neun/fi-curve.js'],
  ['BrainPy: your first neuron (LIFRef, seed tutorial 1)', './brainpy/first-neuron.js'],
  ['BrainPy: choose a model (LIFRef, ALIF, ExpIF under one current)', './brainpy/choose-a-model.js'],
  ['BrainPy: E/I network (4000 LIFRef, COBA, brainpy.state tutorial 3)', './brainpy/ei-network.js'],
  ['NEST: one neuron, DC and Poisson drive (seed 003)', './nest/one-neuron.js'],
];

let failed = 0;
for (const [i, [title, path]] of EXAMPLES.entries()) {
  const header = `[${i + 1}/${EXAMPLES.length}] ${title}  (examples/${path.replace(/^\.\//, '').replace(/\.js$/, '.ts')})`;
  console.log(`\n${'='.repeat(header.length)}\n${header}\n${'='.repeat(header.length)}`);
  const t0 = performance.now();
  try {
    const mod = (await import(path)) as { default: () => unknown };
    await mod.default();
    console.log(`-- done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  } catch (e) {
    failed++;
    console.error(`-- FAILED: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  }
}
if (failed) {
  console.error(`\n${failed} of ${EXAMPLES.length} examples failed`);
  process.exitCode = 1;
} else console.log(`\nall ${EXAMPLES.length} examples ran; figures are in out/`);
