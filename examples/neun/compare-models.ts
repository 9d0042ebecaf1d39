/**
 * The seed's "Comparison of Models": a Hodgkin–Huxley and a Hindmarsh–Rose
 * neuron driven by the same input (0.1) for 50 time units with h = 0.001,
 * stepped together in one JS loop exactly as the seed does, then the same
 * two runs in one native call each (identical numbers).
 *
 *   node --import tsx examples/neun/compare-models.ts
 */
import { neun, plot } from '../../src/index.js';
import { OUT_DIR, bursts, isMain, seedStepCount } from './util.js';

/** Upward crossings of `thr` (the previous sample must be below it). */
function crossings(y: ArrayLike<number>, thr: number, y0: number): number[] {
  const idx: number[] = [];
  let prev = y0;
  for (let i = 0; i < y.length; i++) {
    if (prev < thr && y[i]! >= thr) idx.push(i);
    prev = y[i]!;
  }
  return idx;
}

export default async function main(duration = 50, step = 0.001): Promise<void> {
  // Create HH neuron (seed lines)
  const hhArgs = new neun.HHDoubleConstructorArgs();
  const hh = new neun.HHDoubleRK4(hhArgs);
  // Standard HH parameters
  hh.setParam(neun.HHDoubleParameter.cm, 1 * 7.854e-3);
  hh.setParam(neun.HHDoubleParameter.vna, 50);
  hh.setParam(neun.HHDoubleParameter.vk, -77);
  hh.setParam(neun.HHDoubleParameter.vl, -54.387);
  hh.setParam(neun.HHDoubleParameter.gna, 120 * 7.854e-3);
  hh.setParam(neun.HHDoubleParameter.gk, 36 * 7.854e-3);
  hh.setParam(neun.HHDoubleParameter.gl, 0.3 * 7.854e-3);
  hh.set(neun.HHDoubleVariable.v, -65);
  hh.set(neun.HHDoubleVariable.m, 0.05);
  hh.set(neun.HHDoubleVariable.h, 0.6);
  hh.set(neun.HHDoubleVariable.n, 0.3);
  // Create HR neuron: only e, mu, S set, as in the seed
  const hrArgs = new neun.HRDoubleConstructorArgs();
  const hr = new neun.HRDoubleRK4(hrArgs);
  hr.setParam(neun.HRDoubleParameter.e, 3.0);
  hr.setParam(neun.HRDoubleParameter.mu, 0.001);
  hr.setParam(neun.HRDoubleParameter.S, 4.0);
  hr.set(neun.HRDoubleVariable.x, -1.5);
  hr.set(neun.HRDoubleVariable.y, 0.0);
  hr.set(neun.HRDoubleVariable.z, 0.0);

  // Simulate both (seed loop)
  const times: number[] = [];
  const hhVoltages: number[] = [];
  const hrVoltages: number[] = [];
  let time = 0.0;
  while (time < duration) {
    hh.addSynapticInput(0.1);
    hh.step(step);
    hr.addSynapticInput(0.1);
    hr.step(step);
    times.push(time);
    hhVoltages.push(hh.get(neun.HHDoubleVariable.v));
    hrVoltages.push(hr.get(neun.HRDoubleVariable.x));
    time += step;
  }

  // The same two runs, one native call each.
  const steps = seedStepCount(duration, step);
  const hhRun = new neun.HHDoubleRK4().run({ steps, h: step, input: 0.1, record: ['v'] });
  const hrFast = new neun.HRDoubleRK4({ e: 3.0, mu: 0.001, S: 4.0 });
  const hrRun = hrFast.run({ steps, h: step, input: 0.1, record: ['x'] });
  const identical = hhVoltages.every((v, i) => v === hhRun.v![i]) && hrVoltages.every((x, i) => x === hrRun.x![i]);

  const hhSpikes = crossings(hhVoltages, 0, -65).map((i) => times[i]!);
  const hrSpikes = crossings(hrVoltages, 0, -1.5).map((i) => times[i]!);
  const hrBursts = bursts(hrSpikes);
  const meanIsi = (t: number[]) => (t.length > 1 ? (t[t.length - 1]! - t[0]!) / (t.length - 1) : NaN);
  console.log(`${times.length} steps of h = ${step} (the seed's loop runs ${steps} steps for duration ${duration})`);
  console.log(`HH (v, mV):  ${hhSpikes.length} spikes (v crosses 0 mV upward), mean ISI ${meanIsi(hhSpikes).toFixed(3)} ms → ${(1000 / meanIsi(hhSpikes)).toFixed(1)} Hz; v in [${Math.min(...hhVoltages).toFixed(2)}, ${Math.max(...hhVoltages).toFixed(2)}]`);
  console.log(`HR (x):      ${hrSpikes.length} spikes (x crosses 0 upward) in ${hrBursts.length} burst(s) of ${hrBursts.map((b) => b.length).join(', ')} spikes; mean ISI ${meanIsi(hrSpikes).toFixed(3)}; x in [${Math.min(...hrVoltages).toFixed(3)}, ${Math.max(...hrVoltages).toFixed(3)}]`);
  console.log(`final: HH v = ${hh.get('v')}, HR x = ${hr.get('x')}, z = ${hr.get('z').toFixed(6)} (z grows on the slow time scale 1/mu = 1000, so a burst outlasts this window)`);
  console.log(`JS loop and run() traces identical: ${identical ? 'yes' : 'NO'}`);
  if (!identical) throw new Error('compare-models: the JS step loop and run() disagree');

  // Plot comparison
  const svg = await plot.panels([
    { series: [{ x: times, y: hhVoltages }], yLabel: 'Membrane Potential (mV)', title: 'Hodgkin-Huxley Model' },
    { series: [{ x: times, y: hrVoltages }], xLabel: 'Time (ms)', yLabel: 'x Variable', title: 'Hindmarsh-Rose Model' },
  ]);
  await plot.writeSvg(`${OUT_DIR}model_comparison.svg`, svg);
  console.log(`wrote ${OUT_DIR}model_comparison.svg`);
}

if (isMain(import.meta.url)) await main();
