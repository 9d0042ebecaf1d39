/**
 * Seed tutorial 1, "Your first neuron" (brainpy.state): one LIFRef neuron
 * driven by a constant current, run for 200 ms, then a weaker current.
 *
 *   node --import tsx examples/brainpy/first-neuron.ts
 *
 * brainpy.state prints `membrane trace shape: (2000, 1)` and
 * `total spikes: 17.0`; somata gives the same count (also in float32, the
 * tutorial's precision). Figures: out/brainpy/first-neuron.svg.
 */
import { brainpy, plot, u } from '../../src/index.js';
import { OUT_DIR, isMain, spikeTimes } from './util.js';

/** What the example computed (checked by __test__/brainpy-examples.spec.ts). */
export interface FirstNeuronSummary {
  /** Steps and neurons of the trace. */
  shape: [number, number];
  /** Spikes under 25 mA (float64, float32, JS step loop). */
  totalSpikes: { float64: number; float32: number; stepLoop: number };
  /** Spike times under 25 mA, ms. */
  spikeTimes: number[];
  /** Under 8 mA: spikes (V starts at the default 0 mV) and the final V. */
  weak: { spikes: number; finalV: number; spikesFromRest: number };
}

export default async function main(): Promise<FirstNeuronSummary> {
  // Create the neuron: the population size first, then the membrane parameters.
  const params = {
    R: u.ohm(1), // membrane resistance
    tau: u.ms(20), // membrane time constant
    V_rest: u.mV(-60), // resting potential
    V_th: u.mV(-50), // spike threshold
    V_reset: u.mV(-60), // reset after a spike
    tau_ref: u.ms(5), // refractory period
  };
  const neuron = new brainpy.LIFRef(1, params);
  // Allocate (here: re-initialise) the state variables V and last_spike_time.
  brainpy.initAllStates(neuron);
  console.log(String(neuron), 'V0 =', neuron.V[0], 'mV (upstream default initializer: Constant(0 mV))');

  // Drive it with a constant current: the whole 200 ms rollout in one native call.
  const r = brainpy.run(neuron, { duration: u.ms(200), dt: u.ms(0.1), input: u.mA(25) });
  console.log('membrane trace shape:', `(${r.steps}, ${r.num})`);
  console.log('total spikes:', r.spikeCounts[0], '(brainpy.state: 17.0)');
  const times = spikeTimes(r.times, r.spikes);
  console.log('spike times (ms):', times.map((t) => t.toFixed(1)).join(', '));

  // The same in float32 (brainpy.state's default precision) and as a JS step loop.
  const f32 = brainpy.run(new brainpy.LIFRef(1, { ...params, precision: 'float32' }), { duration: 200, dt: 0.1, input: 25 });
  const stepper = new brainpy.LIFRef(1, params);
  let stepLoop = 0;
  for (let k = 0; k < 2000; k++) stepLoop += stepper.update(u.mA(25))[0]!;
  console.log(`float32: ${f32.spikeCounts[0]} spikes; JS step loop (update + get_spike): ${stepLoop} spikes`);

  // Sub-threshold drive. V starts again at 0 mV (the default initializer), above
  // threshold, so the first steps still fire; then V settles at V_rest + R·I = -52 mV.
  brainpy.initAllStates(neuron);
  const weak = brainpy.run(neuron, { duration: 200, dt: 0.1, input: u.mA(8) });
  const fromRest = brainpy.run(new brainpy.LIFRef(1, { ...params, V_initializer: u.mV(-60) }), { duration: 200, dt: 0.1, input: 8 });
  const finalV = weak.V![weak.steps - 1]!;
  console.log(`8 mA: ${weak.spikeCounts[0]} spikes (all in the first ms, from V0 = 0 mV), final V = ${finalV.toFixed(4)} mV; starting at V_rest: ${fromRest.spikeCounts[0]} spikes`);

  const svg = await plot.panels(
    [
      { series: [{ x: r.times, y: r.V!, name: '25 mA' }, { x: weak.times, y: weak.V!, name: '8 mA' }], yLabel: 'V (mV)', yDomain: [-62, 0] },
      { times, senders: times.map(() => 0), yLabel: 'Spikes (25 mA)' },
    ],
    { title: 'LIFRef: your first neuron' },
  );
  await plot.writeSvg(`${OUT_DIR}first-neuron.svg`, svg);
  console.log(`figure: ${OUT_DIR}first-neuron.svg`);
  return {
    shape: [r.steps, r.num],
    totalSpikes: { float64: r.spikeCounts[0]!, float32: f32.spikeCounts[0]!, stepLoop },
    spikeTimes: times,
    weak: { spikes: weak.spikeCounts[0]!, finalV, spikesFromRest: fromRest.spikeCounts[0]! },
  };
}

if (isMain(import.meta.url)) await main();
