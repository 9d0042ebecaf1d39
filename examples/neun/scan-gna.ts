/**
 * The seed's "Parameter Scanning" example: firing frequency of a
 * Hodgkin–Huxley neuron (HHDoubleRK4, h = 0.001 ms, 100 ms, input 0.1 µA)
 * against the sodium conductance gNa = linspace(50, 200, 20) mS/cm².
 *
 * Done twice: the seed's way (one neuron at a time, a JS loop of
 * addSynapticInput/step/get) for the first few values, and with
 * `neun.sweep` for all 20 at once on every core. Spike counts agree exactly.
 *
 *   node --import tsx examples/neun/scan-gna.ts
 */
import { neun, plot } from '../../src/index.js';
import { OUT_DIR, isMain, linspace, row, seedStepCount } from './util.js';

const AREA = 7.854e-3; // cm²: Neun's HH parameters are absolute values for this patch

/** The seed's `scan_parameter`, line by line: returns spike counts. */
function scanParameterLoop(param: (typeof neun.HHDoubleParameter)[keyof typeof neun.HHDoubleParameter], values: number[]): number[] {
  const results: number[] = [];
  for (const paramValue of values) {
    const neuronArgs = new neun.HHDoubleConstructorArgs();
    const neuron = new neun.HHDoubleRK4(neuronArgs);
    // Set standard parameters
    neuron.setParam(neun.HHDoubleParameter.cm, 1 * AREA);
    neuron.setParam(neun.HHDoubleParameter.vna, 50);
    neuron.setParam(neun.HHDoubleParameter.vk, -77);
    neuron.setParam(neun.HHDoubleParameter.vl, -54.387);
    neuron.setParam(neun.HHDoubleParameter.gna, 120 * AREA);
    neuron.setParam(neun.HHDoubleParameter.gk, 36 * AREA);
    neuron.setParam(neun.HHDoubleParameter.gl, 0.3 * AREA);
    // Vary the parameter of interest
    neuron.setParam(param, paramValue);
    // Initial conditions
    neuron.set(neun.HHDoubleVariable.v, -65);
    neuron.set(neun.HHDoubleVariable.m, 0.05);
    neuron.set(neun.HHDoubleVariable.h, 0.6);
    neuron.set(neun.HHDoubleVariable.n, 0.3);
    // Simulate and count spikes
    let spikeCount = 0;
    let prevV = -65;
    const step = 0.001;
    const duration = 100;
    let time = 0.0;
    while (time < duration) {
      neuron.addSynapticInput(0.1);
      neuron.step(step);
      const v = neuron.get(neun.HHDoubleVariable.v);
      // Detect spike (voltage crosses threshold)
      if (prevV < 0 && v >= 0) spikeCount += 1;
      prevV = v;
      time += step;
    }
    results.push(spikeCount);
  }
  return results;
}

export default async function main(): Promise<void> {
  const duration = 100; // ms
  const step = 0.001; // ms
  const gnaValues = linspace(50, 200, 20).map((g) => g * AREA);
  const nLoop = 8;

  let t0 = performance.now();
  const loopCounts = scanParameterLoop(neun.HHDoubleParameter.gna, gnaValues.slice(0, nLoop));
  const loopMs = performance.now() - t0;

  // The same scan as one sweep: 20 neurons, identical steps, input and detection.
  t0 = performance.now();
  const res = neun.sweep({
    model: 'HH',
    integrator: 'RK4',
    params: { gna: gnaValues }, // every other parameter and the initial state are the seed's (= the defaults)
    input: 0.1,
    h: step,
    steps: seedStepCount(duration, step), // the seed's while-loop runs exactly this many steps
    spike: { variable: 'v', threshold: 0 },
  });
  const sweepMs = performance.now() - t0;
  const freq = Array.from(res.spikeCounts, (c) => c / (duration / 1000)); // Hz, as the seed computes it

  const w = [16, 11, 14, 15, 16];
  console.log(row(['gNa (mS/cm²)', 'gna (mS)', 'spikes (loop)', 'spikes (sweep)', 'frequency (Hz)'], w));
  gnaValues.forEach((g, j) => {
    console.log(row([(g / AREA).toFixed(2), g.toFixed(5), j < nLoop ? loopCounts[j]! : '', res.spikeCounts[j]!, freq[j]!.toFixed(0)], w));
  });
  const same = loopCounts.every((c, j) => c === res.spikeCounts[j]);
  console.log(`JS step loop and sweep agree on the first ${nLoop} values: ${same ? 'yes' : 'NO'}`);
  console.log(`JS step loop: ${(loopMs / nLoop).toFixed(0)} ms per neuron; sweep: ${sweepMs.toFixed(0)} ms for all ${res.n} neurons`);
  if (!same) throw new Error('scan-gna: the JS step loop and the sweep disagree');

  const svg = await plot.linePlot({
    series: [{ x: gnaValues.map((g) => g / AREA), y: freq }],
    points: true,
    xDomain: [50, 200],
    yDomain: [0, Math.max(...freq) + 10],
    xLabel: 'gNa (mS/cm²)',
    yLabel: 'Firing frequency (Hz)',
    title: 'Frequency vs sodium conductance (HHDoubleRK4, I = 0.1 µA)',
  });
  await plot.writeSvg(`${OUT_DIR}gna_scan.svg`, svg);
  console.log(`wrote ${OUT_DIR}gna_scan.svg`);
}

if (isMain(import.meta.url)) await main();
