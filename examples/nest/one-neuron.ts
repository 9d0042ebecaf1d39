/**
 * Seed 003, "One neuron": a single iaf_psc_alpha driven first by a constant
 * current (I_e = 376 pA), then by a two-channel Poisson generator with
 * signed weights [1.2, −1.0] pA, recorded with a voltmeter and a
 * spike_recorder — through the NEST-compatible Simulator.
 *
 *   node --import tsx examples/nest/one-neuron.ts
 *
 * Prints the seed's numbers next to the references (NEST 3.10 for the DC
 * drive: V_m starts at −69.85 mV, peaks at −55.00 mV, 16 spikes, the first at
 * 59.3, 120.6, 181.9 ms; the seed's brainpy.state run for the noise: mean
 * −61.25 mV, std 4.96 mV, 47 spikes/s — one random realisation) and writes
 * out/nest/one_neuron.svg.
 */
import { fileURLToPath, pathToFileURL } from 'node:url';
import { nest, plot, u } from '../../src/index.js';

/** The repository's `out/nest/` folder (git-ignored). */
const OUT_DIR = fileURLToPath(new URL('../../out/nest/', import.meta.url));

/** Runs the example; returns the numbers it prints. */
export default async function main(): Promise<{ start: number; max: number; spikes: number; first: number[]; mean: number; std: number; rate: number }> {
  // --- A single neuron driven by a constant current ---
  const sim = new nest.Simulator({ dt: u.ms(0.1) });
  const neuron = sim.create(nest.iaf_psc_alpha, 1, { I_e: u.pA(376) });
  const vm = sim.create(nest.voltmeter);
  const sr = sim.create(nest.spike_recorder);
  sim.connect(vm, neuron); // reversed: the voltmeter observes the neuron
  sim.connect(neuron, sr);
  const res = sim.simulate(u.ms(1000));
  const t = res.times;
  const v = res.trace(vm, 'V_m');
  let drops = 0;
  for (let k = 1; k < v.length; k++) if (v[k]! - v[k - 1]! < -10) drops++; // threshold resets show as big drops
  const max = Math.max(...v);
  const first = [...res.spikes(sr).times.slice(0, 3)];
  console.log(`V_m: start ${v[0]!.toFixed(2)} mV, max ${max.toFixed(2)} mV, ${drops} spikes in 1000 ms   (NEST 3.10: -69.85, -55.00, 16)`);
  console.log(`first spikes at ${first.map((x) => x.toFixed(1)).join(', ')} ms   (NEST 3.10: 59.3, 120.6, 181.9)`);

  // --- Driving the neuron with Poisson noise ---
  const sim2 = new nest.Simulator({ dt: 0.1 });
  const neuron2 = sim2.create('iaf_psc_alpha', 1);
  const noise = sim2.create('poisson_generator', 2, { rate: [u.Hz(80000), u.Hz(15000)], rng_seed: 0 });
  const vm2 = sim2.create('voltmeter');
  const sr2 = sim2.create('spike_recorder');
  sim2.connect(noise, neuron2, { weight: [u.pA(1.2), u.pA(-1.0)], delay: u.ms(1.0) });
  sim2.connect(vm2, neuron2);
  sim2.connect(neuron2, sr2);
  const res2 = await sim2.simulateAsync(1000);
  const v2 = res2.trace(vm2, 'V_m');
  const mean = v2.reduce((a, b) => a + b, 0) / v2.length;
  const std = Math.sqrt(v2.reduce((a, b) => a + (b - mean) ** 2, 0) / v2.length);
  const rate = res2.rate(sr2);
  console.log(`V_m: mean ${mean.toFixed(2)} mV, std ${std.toFixed(2)} mV   (seed's realisation: -61.25, 4.96)`);
  console.log(`firing rate: ${rate.toFixed(2)} spks/s   (seed's realisation: 47.00)`);

  const svg = await plot.panels(
    [
      { series: [{ x: t, y: v }], yLabel: 'V_m (mV)', title: 'one neuron, I_e = 376 pA' },
      { series: [{ x: res2.times, y: v2 }], xLabel: 'time (ms)', yLabel: 'V_m (mV)', title: 'Poisson noise: 80 kHz × 1.2 pA, 15 kHz × −1.0 pA' },
    ],
    { title: 'nest: one neuron (seed 003)' },
  );
  await plot.writeSvg(`${OUT_DIR}one_neuron.svg`, svg);
  console.log(`figure: ${OUT_DIR}one_neuron.svg`);
  return { start: v[0]!, max, spikes: drops, first, mean, std, rate };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
