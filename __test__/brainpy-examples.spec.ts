// The BrainPy-style examples keep printing the numbers they promise: the
// seed tutorial's 17 spikes (float64, float32 and the JS step loop), the
// analytic sub-threshold plateau, and in the model guide ALIF's spike count
// from brainpy.state's own run (fixture) with growing intervals.
import test from 'ava';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const root = new URL('..', import.meta.url);
function runExample(name: string): string {
  return execFileSync(process.execPath, ['--import', 'tsx', `examples/brainpy/${name}.ts`], { cwd: root, encoding: 'utf8' });
}
function svg(file: string): string {
  return readFileSync(new URL(`out/brainpy/${file}`, root), 'utf8');
}
const lif = JSON.parse(readFileSync(new URL('./fixtures/brainpy/lif.json', import.meta.url), 'utf8')) as { cases: Array<{ model: string; name: string; spikes: number[] }> };

test('first-neuron: shape (2000, 1) and 17 spikes as the seed prints; 8 mA settles at V_rest + R·I', (t) => {
  const out = runExample('first-neuron');
  t.regex(out, /membrane trace shape: \(2000, 1\)/);
  t.regex(out, /total spikes: 17 /);
  t.regex(out, /float32: 17 spikes; JS step loop \(update \+ get_spike\): 17 spikes/);
  // -60 + 1 ohm × 8 mA = -52 mV; after 200 ms at tau = 20 ms the distance is e^-10 of the start.
  const m = /final V = (-[\d.]+) mV; starting at V_rest: 0 spikes/.exec(out);
  t.truthy(m);
  t.true(Math.abs(Number(m![1]) + 52) < 1e-3);
  t.true(svg('first-neuron.svg').startsWith('<svg'));
});

test("choose-a-model: ALIF fires as brainpy.state does (fixture) and adapts; LIFRef's interval is 15.2 ms", (t) => {
  const out = runExample('choose-a-model');
  const alifRef = lif.cases.find((c) => c.model === 'ALIF' && c.name.startsWith('choose-a-model'))!.spikes.length;
  const alif = /ALIF +(\d+) spikes; ISI \(after the t=0 burst\) first ([\d.]+) ms, last ([\d.]+) ms/.exec(out);
  t.truthy(alif);
  t.is(Number(alif![1]), alifRef);
  t.true(Number(alif![3]) > Number(alif![2]), 'intervals grow (adaptation)');
  // LIFRef: tau_ref + tau·ln((V_inf − V_reset)/(V_inf − V_th)) = 5 + 20 ln(25/15) = 15.22 ms, on a 0.05 ms grid.
  const lifref = /LIFRef +17 spikes; ISI \(after the t=0 burst\) first ([\d.]+) ms/.exec(out);
  t.truthy(lifref);
  t.true(Math.abs(Number(lifref![1]) - (5 + 20 * Math.log(25 / 15))) < 0.1);
  t.true(svg('choose-a-model.svg').startsWith('<svg'));
});
