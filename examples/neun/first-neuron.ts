/**
 * The seed's first snippets (Neun Python docs, "Neuron Models"): a
 * Hodgkin–Huxley and a Hindmarsh–Rose neuron built line by line as in
 * neun_py, then simulated for a short while.
 *
 *   node --import tsx examples/neun/first-neuron.ts
 */
import { neun, plot } from '../../src/index.js';
import { OUT_DIR, bursts, isMain } from './util.js';

export default async function main(): Promise<void> {
  // --- Hodgkin–Huxley, double precision, RK4 (seed lines, ported 1:1) ---
  const neuronArgs = new neun.HHDoubleConstructorArgs();
  const neuron = new neun.HHDoubleRK4(neuronArgs);
  // Standard parameters (absolute values for a 7.854e-3 cm² patch)
  neuron.setParam(neun.HHDoubleParameter.cm, 1 * 7.854e-3);
  neuron.setParam(neun.HHDoubleParameter.vna, 50);
  neuron.setParam(neun.HHDoubleParameter.vk, -77);
  neuron.setParam(neun.HHDoubleParameter.vl, -54.387);
  neuron.setParam(neun.HHDoubleParameter.gna, 120 * 7.854e-3);
  neuron.setParam(neun.HHDoubleParameter.gk, 36 * 7.854e-3);
  neuron.setParam(neun.HHDoubleParameter.gl, 0.3 * 7.854e-3);
  // Initial conditions
  neuron.set(neun.HHDoubleVariable.v, -65);
  neuron.set(neun.HHDoubleVariable.m, 0.05);
  neuron.set(neun.HHDoubleVariable.h, 0.6);
  neuron.set(neun.HHDoubleVariable.n, 0.3);

  // Neun's input lifecycle: add the input before every step; step() clears it.
  const h = 0.001;
  let spikes = 0;
  let prev = neuron.get(neun.HHDoubleVariable.v);
  for (let k = 0; k < 100_000; k++) {
    neuron.addSynapticInput(0.1);
    neuron.step(h);
    const v = neuron.get(neun.HHDoubleVariable.v);
    if (prev < 0 && v >= 0) spikes++;
    prev = v;
  }
  console.log(`HHDoubleRK4, 100 ms at I = 0.1 µA (12.7 µA/cm²), h = ${h} ms:`);
  console.log(`  step loop: final v = ${neuron.get(neun.HHDoubleVariable.v)} mV, ${spikes} spikes (Neun's C++: -73.03306693588868 mV, 8)`);

  // The same 100 ms in one native call: identical numbers.
  const fast = new neun.HHDoubleRK4(neuronArgs); // ConstructorArgs already hold these defaults and initial state
  const r = fast.run({ steps: 100_000, h, input: 0.1, record: ['v'] });
  console.log(`  run():     final v = ${fast.get('v')} mV, ${r.spikeCount} spikes at ${Array.from(r.spikeTimes, (t) => t.toFixed(3)).join(', ')} ms`);

  // --- Hindmarsh–Rose, double precision, RK4 (seed lines) ---
  const hrArgs = new neun.HRDoubleConstructorArgs();
  const hr = new neun.HRDoubleRK4(hrArgs);
  // Example parameters for bursting
  hr.set_param(neun.HRDoubleParameter.e, 3.0); // the neun_py spellings work too
  hr.set_param(neun.HRDoubleParameter.mu, 0.001);
  hr.set_param(neun.HRDoubleParameter.S, 4.0);
  // Initial conditions
  hr.set(neun.HRDoubleVariable.x, -1.5);
  hr.set(neun.HRDoubleVariable.y, 0.0);
  hr.set(neun.HRDoubleVariable.z, 0.0);
  // a, b, c, d, xr, vh keep their defaults 1, 3, 1, 5, -1.6, 1 (the constants of the
  // Neun version the seed describes; today's Neun would leave them 0).
  const hrRun = hr.run({ steps: 2_000_000, h: 0.001, input: 0, record: ['x'], every: 100 });
  console.log(`HRDoubleRK4, 2000 time units, e = 3, mu = 0.001, S = 4, no input:`);
  const hrBursts = bursts(Array.from(hrRun.spikeTimes), 60); // quiet phases last ~200 units
  console.log(`  ${hrRun.spikeCount} upward crossings of x = 0 in ${hrBursts.length} bursts (${hrBursts.map((b) => b.length).join(', ')} spikes); final x = ${hr.get('x').toFixed(6)}, z = ${hr.get('z').toFixed(6)}`);

  const svg = await plot.panels([
    { series: [{ x: r.times, y: r.v! }], yLabel: 'v (mV)', xLabel: 'Time (ms)', title: 'HHDoubleRK4, I = 0.1 µA' },
    { series: [{ x: hrRun.times, y: hrRun.x! }], yLabel: 'x', xLabel: 'Time (model units)', title: 'HRDoubleRK4, e = 3, mu = 0.001, S = 4' },
  ], { shareX: false });
  await plot.writeSvg(`${OUT_DIR}first_neuron.svg`, svg);
  console.log(`  wrote ${OUT_DIR}first_neuron.svg`);
}

if (isMain(import.meta.url)) await main();
