/**
 * brainpy.state's "Tutorial 3 · An E/I balanced network": 4000 LIFRef
 * neurons (3200 excitatory, 800 inhibitory), V_rest −60, V_th −50,
 * V_reset −60 mV, tau 20 ms, tau_ref 5 ms, V0 ~ Normal(−55, 2) mV; two
 * AlignPostProj onto the whole population, EventFixedProb(p = 0.02: 80
 * targets per presynaptic neuron) with weights 0.6 mS (E) and 6.7 mS (I),
 * Expon synapses of 5 and 10 ms, COBA outputs with E = 0 and −80 mV; a
 * 20 mA background current (R = 1 Ω: V∞ = −40 mV); 1 s at dt = 0.1 ms.
 *
 *   node --import tsx examples/brainpy/ei-network.ts
 *
 * The weights are written as the tutorial writes them (mS, with the LIF
 * family's R = 1 Ω), which makes one synaptic event 1000× weaker than the
 * Vogels–Abbott "0.6 g_L" of Brian's flavour: the network is driven by the
 * background and fires at about 50 Hz, as brainpy.state's own run of the
 * tutorial does (benches/peers/brainpy_state_bench.py). Figures:
 * out/brainpy/ei-network.svg.
 */
import { brainpy, plot, u } from '../../src/index.js';
import { OUT_DIR, isMain } from './util.js';

/** What the example computed (checked by __test__/brainpy-net-api.spec.ts). */
export interface EISummary {
  /** Mean rates, Hz. */
  rate: { all: number; exc: number; inh: number };
  /** Spikes in total. */
  spikes: number;
  /** Synapses of the two projections. */
  synapses: [number, number];
}

/** Builds and runs the network; `duration` in ms (default 1000). */
export default async function main(duration = 1000): Promise<EISummary> {
  const nExc = 3200;
  const nInh = 800;
  const num = nExc + nInh;
  const N = new brainpy.LIFRef(num, {
    V_rest: u.mV(-60), V_th: u.mV(-50), V_reset: u.mV(-60), tau: u.ms(20), tau_ref: u.ms(5),
    V_initializer: brainpy.init.Normal(u.mV(-55), u.mV(2)),
    seed: 1,
  });
  // brainpy's update() feeds spk[:n_exc] to E and spk[n_exc:] to I: slices of N.
  const E = new brainpy.AlignPostProj({
    pre: brainpy.slice(N, 0, nExc), post: N,
    comm: brainpy.EventFixedProb(nExc, num, 0.02, u.mS(0.6), { seed: 11 }),
    syn: brainpy.Expon.desc(num, { tau: u.ms(5) }),
    out: brainpy.COBA.desc({ E: u.mV(0) }),
  });
  const I = new brainpy.AlignPostProj({
    pre: brainpy.slice(N, nExc, num), post: N,
    comm: brainpy.EventFixedProb(nInh, num, 0.02, u.mS(6.7), { seed: 12 }),
    syn: brainpy.Expon.desc(num, { tau: u.ms(10) }),
    out: brainpy.COBA.desc({ E: u.mV(-80) }),
  });
  const net = new brainpy.Network(E, I);
  const t0 = performance.now();
  const r = await brainpy.runAsync(net, {
    duration: u.ms(duration), dt: u.ms(0.1), inputs: [[N, u.mA(20)]],
    record: [{ pop: N, indices: [0, 1, 2, 3200, 3201] }],
  });
  const wall = (performance.now() - t0) / 1000;
  const counts = r.spikeCounts(N);
  let e = 0;
  let i = 0;
  for (let k = 0; k < num; k++) (k < nExc ? (e += counts[k]!) : (i += counts[k]!));
  const sec = duration * 1e-3;
  const rate = { all: (e + i) / num / sec, exc: e / nExc / sec, inh: i / nInh / sec };
  console.log(`synapses: E ${E.nnz} + I ${I.nnz}; ${e + i} spikes in ${duration} ms (${wall.toFixed(2)} s wall)`);
  console.log(`mean rate ${rate.all.toFixed(2)} Hz (E ${rate.exc.toFixed(2)} Hz, I ${rate.inh.toFixed(2)} Hz); brainpy.state float32: about 50 Hz`);

  const s = r.spikes(N);
  const keep = s.indices.reduce((n, j) => n + (j % 10 === 0 ? 1 : 0), 0);
  const times = new Float64Array(keep);
  const senders = new Float64Array(keep);
  let m = 0;
  for (let k = 0; k < s.indices.length; k++) if (s.indices[k]! % 10 === 0) {
    times[m] = s.times[k]!;
    senders[m++] = s.indices[k]!;
  }
  const tr = r.trace(N);
  const nrec = tr.indices.length;
  const series = tr.indices.map((idx, j) => ({ x: r.times, y: Float64Array.from({ length: r.steps }, (_, k) => tr.values[k * nrec + j]!), name: `neuron ${idx}` }));
  const svg = await plot.panels(
    [
      { times, senders, title: 'every 10th neuron (0–3199 E, 3200–3999 I)', height: 260 },
      { series, yLabel: 'V (mV)', xLabel: 'Time (ms)' },
    ],
    { title: `E/I network (brainpy.state tutorial 3): ${rate.all.toFixed(1)} Hz` },
  );
  await plot.writeSvg(`${OUT_DIR}ei-network.svg`, svg);
  console.log(`figure: ${OUT_DIR}ei-network.svg`);
  return { rate, spikes: e + i, synapses: [E.nnz, I.nnz] };
}

if (isMain(import.meta.url)) await main();
