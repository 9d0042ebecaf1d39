// The Neun examples (`npm run demo`) keep working and keep printing the
// numbers they promise: Neun's C++ result for the seed's HH neuron, spike
// counts of the seed's JS step loop equal to those of a sweep, identical
// loop and run() traces, and a figure for each.
import test from 'ava';
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';

const root = new URL('..', import.meta.url);
function runExample(name: string): string {
  return execFileSync(process.execPath, ['--import', 'tsx', `examples/neun/${name}.ts`], { cwd: root, encoding: 'utf8' });
}
function checkSvg(t: { true: (c: boolean, m?: string) => void }, file: string) {
  const path = new URL(`out/neun/${file}`, root);
  const svg = readFileSync(path, 'utf8');
  t.true(svg.startsWith('<svg') && svg.includes('<path'), `${file} is an SVG drawing`);
  t.true(statSync(path).size > 5000, `${file} has content`);
}

test('first-neuron: the seed HH neuron ends where Neun C++ does, by step loop and by run()', (t) => {
  const out = runExample('first-neuron');
  t.regex(out, /step loop: final v = -73\.03306693588868 mV, 8 spikes/);
  t.regex(out, /run\(\): +final v = -73\.03306693588868 mV, 8 spikes/);
  t.regex(out, /in 3 bursts/);
  checkSvg(t, 'first_neuron.svg');
});

test("scan-gna: the seed's per-neuron JS loop and one sweep count the same spikes", (t) => {
  const out = runExample('scan-gna');
  t.regex(out, /agree on the first 8 values: yes/);
  const rows = out.split('\n').filter((l) => /^\s+\d+\.\d\d\s+\d\.\d{5}\s/.test(l));
  t.is(rows.length, 20, 'one table row per gNa value');
  checkSvg(t, 'gna_scan.svg');
});

test('compare-models: JS loop and run() traces are identical for HH and HR', (t) => {
  const out = runExample('compare-models');
  t.regex(out, /50001 steps of h = 0\.001/);
  t.regex(out, /traces identical: yes/);
  checkSvg(t, 'model_comparison.svg');
});

test('fi-curve: async sweep of 200 currents and a raster', (t) => {
  const out = runExample('fi-curve');
  t.regex(out, /sweep: 100% of 10,000,000 neuron-steps/);
  const m = /(\d+) Hz at onset/.exec(out);
  t.truthy(m);
  t.true(Number(m![1]) >= 50 && Number(m![1]) <= 70);
  checkSvg(t, 'fi_curve.svg');
});

test('plot.downsample keeps every spike peak and trough of a long trace, in time order', async (t) => {
  const { plot, neun } = await import('../src/index.js');
  const r = new neun.HHDoubleRK4().run({ steps: 1_000_000, h: 0.001, input: 0.1, record: ['v'] }); // 1000 ms, 1e6 samples
  const d = plot.downsample(r.times, r.v!, 4000);
  t.true(d.x.length <= 4000);
  t.true(d.x.every((x, i) => i === 0 || x > d.x[i - 1]!), 'time order');
  let max = -Infinity;
  let min = Infinity;
  for (const v of r.v!) [max, min] = [Math.max(max, v), Math.min(min, v)];
  t.is(Math.max(...d.y), max);
  t.is(Math.min(...d.y), min);
  // every spike's peak survives: one local maximum above 0 mV per spike
  let peaks = 0;
  for (let i = 1; i < d.y.length; i++) if (d.y[i - 1]! < 0 && d.y[i]! >= 0) peaks++;
  t.is(peaks, r.spikeCount);
  const svg = await plot.linePlot({ series: [{ x: d.x, y: d.y, name: 'v' }], title: 'HH 1 s', xLabel: 'Time (ms)', yLabel: 'v (mV)' });
  t.true(svg.startsWith('<svg') && svg.includes('HH 1 s'));
});
