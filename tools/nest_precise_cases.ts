/**
 * The precise-spiking parity cases (NEST's `_ps` models, parrot_neuron_ps,
 * poisson_generator_ps, spike_generator with precise_times), built through
 * somata's `nest.Simulator`. They are shared by
 *
 * - `tools/nest_precise_parity.py`, which runs this file to export every
 *   case as a PyNEST 3.10 script (`sim.toPyNEST`), runs the scripts in NEST
 *   and stores their recordings in `__test__/fixtures/nest/precise.json.gz`;
 * - `__test__/nest-precise.spec.ts`, which builds the same cases in somata
 *   and compares them with the recordings.
 *
 *     node --import tsx tools/nest_precise_cases.ts <dir>   # writes <dir>/<case>.py and <dir>/cases.json
 *
 * Exact cases compare spike times and V_m (and synaptic currents) sample by
 * sample; the Poisson cases (NEST draws its own random numbers) compare
 * statistics over several seeds.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { nest } from '../src/index.js';

type Sim = InstanceType<typeof nest.Simulator>;
type Nodes = ReturnType<Sim['create']>;

/** One case: how to build it and what it records. */
export interface PreciseCase {
  /** Unique name (the script's file name). */
  name: string;
  /** `exact`: sample-by-sample comparison; `stat`: statistics over seeds. */
  kind: 'exact' | 'stat';
  /** Resolution (ms). */
  dt: number;
  /** Simulated time (ms), one Simulate call; `split` runs it as consecutive calls of these lengths. */
  T: number;
  split?: number[];
  /** Builds the network; returns the recorders (a multimeter and/or a spike recorder). */
  build: (sim: Sim) => { sr: Nodes; mm?: Nodes };
  /** State changes between the Simulate calls of a split run: somata, and the same in PyNEST (lines of Python). */
  between?: { somata: (sim: Sim) => void; python: string[] };
  /** Seeds of a `stat` case. */
  seeds?: number[];
}

/** A small deterministic generator (mulberry32) for the input spike times. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Sorted off-grid times: a Poisson train of `rate` Hz on (t0, t1), rounded to 1e-6 ms. */
function train(seed: number, rate: number, t0: number, t1: number): number[] {
  const r = rng(seed);
  const out: number[] = [];
  let t = t0;
  for (;;) {
    t += -Math.log(1 - r()) * (1000 / rate);
    if (t >= t1) return out;
    out.push(Math.round(t * 1e6) / 1e6);
  }
}

const RECORD: Record<string, string[]> = {
  iaf_psc_alpha_ps: ['V_m', 'I_syn_ex', 'I_syn_in'],
  iaf_psc_exp_ps: ['V_m'],
  iaf_psc_exp_ps_lossless: ['V_m', 'I_syn_ex', 'I_syn_in'],
  iaf_psc_delta_ps: ['V_m'],
};
const PS = ['iaf_psc_alpha_ps', 'iaf_psc_exp_ps', 'iaf_psc_exp_ps_lossless', 'iaf_psc_delta_ps'] as const;

function meter(sim: Sim, targets: Nodes, model: string): Nodes {
  const mm = sim.create('multimeter', 1, { record_from: RECORD[model]!, interval: sim.dt });
  sim.connect(mm, targets);
  return mm;
}

function recorder(sim: Sim, sources: Nodes): Nodes {
  const sr = sim.create('spike_recorder');
  sim.connect(sources, sr);
  return sr;
}

export const cases: PreciseCase[] = [];

// 1. DC: constant I_e per neuron and a dc_generator (step-wise constant current input), several resolutions.
for (const model of PS) {
  for (const dt of [0.1, 1.0, 0.125]) {
    cases.push({
      name: `dc_${model}_h${dt}`,
      kind: 'exact',
      dt,
      T: 200,
      build: (sim) => {
        const ie = [376, 500, 1000, 2500, 0];
        const n = sim.create(model, ie.length, { I_e: ie, t_ref: [2, 1, 3.5, 2, 2], V_th: [-55, -55, -52, -50, -55], V_reset: [-70, -65, -70, -60, -70], C_m: [250, 250, 200, 300, 250], tau_m: [10, 10, 15, 8, 10] });
        // A dc_generator drives the last neuron from 20 to 120 ms (delay dt).
        const dc = sim.create('dc_generator', 1, { amplitude: 450, start: 20, stop: 120 });
        sim.connect(dc, n.at(-1), { delay: dt });
        return { sr: recorder(sim, n), mm: meter(sim, n, model) };
      },
    });
  }
}

// 2. Precise spike_generator input: excitatory and inhibitory off-grid trains, equal times, on-grid times, several delays.
for (const model of PS) {
  const w = model === 'iaf_psc_delta_ps' ? [1.5, -2.0, 16] : [120, -160, 900];
  cases.push({
    name: `spikes_${model}`,
    kind: 'exact',
    dt: 0.1,
    T: 300,
    build: (sim) => {
      const syn = model === 'iaf_psc_delta_ps' ? {} : { tau_syn_ex: 0.8, tau_syn_in: model === 'iaf_psc_exp_ps_lossless' ? 0.8 : 3 };
    const n = sim.create(model, 3, { I_e: [300, 360, 0], ...syn });
      const ex = sim.create('spike_generator', 1, { precise_times: true, spike_times: train(1, 800, 0.05, 290) });
      const inh = sim.create('spike_generator', 1, { precise_times: true, spike_times: train(2, 300, 0.05, 290) });
      // Strong kicks at fixed times, two at the same time, one on the grid.
      const kick = sim.create('spike_generator', 1, { precise_times: true, spike_times: [10.01, 50.123456, 50.123456, 120.0, 200.999999] });
      sim.connect(ex, n, { weight: w[0]!, delay: 1.0 });
      sim.connect(inh, n, { weight: w[1]!, delay: 0.7 });
      sim.connect(kick, n, { weight: w[2]!, delay: 2.3 });
      return { sr: recorder(sim, n), mm: meter(sim, n, model) };
    },
  });
}

// 3. Refractoriness ending at the time of an input spike, input during refractoriness, an instant spike at the start (V_m above threshold).
for (const model of PS) {
  const w = model === 'iaf_psc_delta_ps' ? 16 : 3000;
  cases.push({
    name: `refractory_${model}`,
    kind: 'exact',
    dt: 0.1,
    T: 40,
    split: [10, 15, 15],
    build: (sim) => {
      const n = sim.create(model, 2, { V_m: [-70, -50], t_ref: [2, 1.5] });
      const sg = sim.create('spike_generator', 1, { precise_times: true, spike_times: [1.25, 3.25, 3.75, 12.5, 13.9, 14.0, 20.05, 22.05] });
      sim.connect(sg, n, { weight: w, delay: 1 });
      return { sr: recorder(sim, n), mm: meter(sim, n, model) };
    },
  });
}

// 4. A recurrent precise network: off-grid spikes between _ps neurons, parrots, on-grid neurons (which ignore offsets) and back.
cases.push({
  name: 'network_mixed',
  kind: 'exact',
  dt: 0.1,
  T: 200,
  build: (sim) => {
    const a = sim.create('iaf_psc_alpha_ps', 30, { I_e: Array.from({ length: 30 }, (_, i) => 330 + 4 * i), tau_syn_ex: 0.5, tau_syn_in: 0.5 });
    const e = sim.create('iaf_psc_exp_ps', 20, { I_e: Array.from({ length: 20 }, (_, i) => 340 + 5 * i) });
    const d = sim.create('iaf_psc_delta_ps', 20, { I_e: Array.from({ length: 20 }, (_, i) => 350 + 3 * i) });
    const l = sim.create('iaf_psc_exp_ps_lossless', 10, { I_e: Array.from({ length: 10 }, (_, i) => 345 + 6 * i) });
    const g = sim.create('iaf_psc_alpha', 20, { I_e: Array.from({ length: 20 }, (_, i) => 360 + 4 * i) });
    const p = sim.create('parrot_neuron_ps', 10);
    const sg = sim.create('spike_generator', 1, { precise_times: true, spike_times: train(3, 200, 0.5, 190) });
    const all = a.concat(e, d, l, g);
    const r = rng(9);
    // Explicit random edges (exported edge by edge): 6 inputs per neuron.
    const src = all.concat(p);
    const pre: number[] = [];
    const post: number[] = [];
    const wts: number[] = [];
    const dls: number[] = [];
    for (const t of all.ids) {
      for (let k = 0; k < 6; k++) {
        const s = src.ids[Math.floor(r() * src.length)]!;
        const inhib = r() < 0.3;
        const toDelta = d.ids.includes(t);
        pre.push(s);
        post.push(t);
        wts.push((inhib ? -1 : 1) * (toDelta ? 0.6 + r() : 30 + 50 * r()));
        dls.push(Math.round((0.1 + 2 * r()) * 10) / 10);
      }
    }
    sim.connect(sim.nodes(pre), sim.nodes(post), { rule: 'one_to_one', weight: wts, delay: dls });
    sim.connect(sg, p, { delay: 0.5 });
    sim.connect(sg, a.slice(0, 10), { weight: 200, delay: 1.1 });
    const sr = recorder(sim, all.concat(p));
    const mm = sim.create('multimeter', 1, { record_from: ['V_m'], interval: 0.1 });
    sim.connect(mm, a.slice(0, 3).concat(e.slice(0, 3), d.slice(0, 3), l.slice(0, 3), g.slice(0, 3)));
    return { sr, mm };
  },
});

// 5. The lossless test as its SLI original ran it (h = 1 ms; the trigger weights applied): iaf_psc_exp_ps misses the crossing of w = 70.
cases.push({
  name: 'lossless_missed_spikes',
  kind: 'exact',
  dt: 1.0,
  T: 12,
  split: [2, 10],
  build: (sim) => {
    const ps = { tau_m: 100, tau_syn_ex: 1, tau_syn_in: 1, C_m: 250, V_th: -49 };
    const n = sim.create('iaf_psc_exp_ps_lossless', 3, ps);
    const m = sim.create('iaf_psc_exp_ps', 3, ps);
    const both = n.concat(m);
    const sg = sim.create('spike_generator', 1, { precise_times: true, spike_times: [3.0] });
    [55, 70, 90].forEach((w, k) => sim.connect(sg, n.at(k).concat(m.at(k)), { weight: w, delay: 1 }));
    const dc = sim.create('dc_generator', 1, { amplitude: 52.5 });
    sim.connect(dc, both, { delay: 1 });
    return { sr: recorder(sim, both), mm: meter(sim, n, 'iaf_psc_exp_ps_lossless') };
  },
  // NEST's test: after 2 ms, V_m = −49.001 and the dc off (its change reaches the neurons at 3 ms).
  between: {
    somata: (sim) => {
      sim.nodes([1, 2, 3, 4, 5, 6]).set({ V_m: -49.001 });
      sim.nodes([8]).set({ amplitude: 0 });
    },
    python: ["nest.NodeCollection([1, 2, 3, 4, 5, 6]).set({'V_m': -49.001})", "nest.NodeCollection([8]).set({'amplitude': 0.0})"],
  },
});

// 6. parrot_neuron_ps: relays exact times (plus delay), with multiplicities and port 1 ignored; on-grid parrots see stamps.
cases.push({
  name: 'parrots',
  kind: 'exact',
  dt: 0.1,
  T: 60,
  build: (sim) => {
    const sg = sim.create('spike_generator', 1, { precise_times: true, spike_times: [1.123456789, 5.5, 7.05, 7.05, 20.000001, 33.3], spike_multiplicities: [1, 2, 1, 3, 1, 1] });
    const p = sim.create('parrot_neuron_ps', 3);
    const q = sim.create('parrot_neuron', 1);
    sim.connect(sg, p.at(0), { delay: 1 });
    sim.connect(p.at(0), p.at(1), { delay: 0.5, weight: 7 });
    sim.connect(p.at(1), p.at(2), { delay: 2.0 });
    sim.connect(p.at(0), p.at(2), { delay: 0.2, receptor_type: 1 });
    sim.connect(p.at(2), q, { delay: 0.3 });
    return { sr: recorder(sim, p.concat(q)) };
  },
});

// 7. poisson_generator_ps (rate, dead time) through parrots and into neurons: statistics over seeds.
cases.push({
  name: 'poisson_ps_stats',
  kind: 'stat',
  dt: 0.1,
  T: 2000,
  seeds: [1, 2, 3, 4],
  build: (sim) => {
    const pg = sim.create('poisson_generator_ps', 1, { rate: 400, dead_time: 1.5, start: 100 });
    const p = sim.create('parrot_neuron_ps', 100);
    const n = sim.create('iaf_psc_alpha_ps', 20, { tau_syn_ex: 0.5 });
    const d = sim.create('iaf_psc_delta_ps', 20);
    sim.connect(pg, p, { delay: 1 });
    sim.connect(pg, n, { weight: 750, delay: 1 });
    sim.connect(pg, d, { weight: 3.9, delay: 1 });
    return { sr: recorder(sim, p.concat(n, d)) };
  },
});

// 8. Simultaneous on-grid spikes of mixed signs into each _ps model: spike_generators (devices deliver at once, in id
//    order), parrot_neurons (neurons deliver at the next slice start) and a multapse, with delays that make spikes sent
//    in different steps arrive together, plus precise spikes at offset 0 and one tied off-grid pair. NEST applies them
//    one by one (iaf_psc_delta_ps sums equal offsets), the last arrived first; weights are chosen so that another order
//    or summing per sign changes the last bits.
for (const model of PS) {
  const delta = model === 'iaf_psc_delta_ps';
  const s = delta ? 0.01 : 1;
  const w = [123.456789, -87.654321, 0.1, -45.678901, 300.3, 1e-13, -0.3, 77.7].map((x) => x * s);
  cases.push({
    name: `ongrid_simultaneous_${model}`,
    kind: 'exact',
    dt: 0.1,
    T: 40,
    build: (sim) => {
      const syn = delta ? {} : { tau_syn_ex: 0.9, tau_syn_in: model === 'iaf_psc_exp_ps_lossless' ? 0.9 : 1.7 };
      // Neuron 1 stays below threshold (synaptic currents and V_m only); neuron 2 fires from the input.
      const n = sim.create(model, 2, { V_th: [1e6, -69.2], I_e: [0, 200], ...syn });
      const times = [[5.0, 12.0, 20.0], [5.0, 12.0, 20.0, 30.0], [5.5, 12.0], [4.5, 20.0, 30.0]];
      const gens = times.map((t) => sim.create('spike_generator', 1, { spike_times: t })).reduce((a, b) => a.concat(b));
      const drive = sim.create('spike_generator', 1, { spike_times: [4.0, 11.0, 19.0, 29.0] });
      const parrots = sim.create('parrot_neuron', 3);
      sim.connect(drive, parrots, { delay: 1.0 });
      const kick = sim.create('spike_generator', 1, { precise_times: true, spike_times: [5.0, 12.0, 25.123456, 25.123456] });
      // Generators (created in id order; connected in another order), delays bringing 4.5/5.0/5.5 ms spikes together.
      sim.connect(gens.at(2), n, { weight: w[2]!, delay: 1.0 });
      sim.connect(gens.at(0), n, { weight: w[0]!, delay: 1.5 });
      sim.connect(gens.at(1), n, { weight: w[1]!, delay: 1.5 });
      sim.connect(gens.at(3), n, { weight: w[3]!, delay: 2.0 });
      sim.connect(gens.at(1), n, { weight: w[5]!, delay: 1.5 }); // multapse of a generator
      // Parrots spike at 5.0 / 12.0 / 20.0 / 30.0 ms (stamps) and arrive with the generators' spikes.
      sim.connect(parrots.at(1), n, { weight: w[4]!, delay: 1.5 });
      sim.connect(parrots.at(0), n, { weight: w[6]!, delay: 1.5 });
      sim.connect(parrots.at(2), n, { weight: w[7]!, delay: 1.5 });
      sim.connect(parrots.at(0), n, { weight: w[1]!, delay: 1.5 }); // multapse of a neuron
      // Precise spikes: on the grid (offset 0) at the same steps, and a tied off-grid pair of mixed signs.
      sim.connect(kick, n, { weight: w[3]! * 0.5, delay: 1.5 });
      sim.connect(kick, n, { weight: w[0]! * -0.25, delay: 1.5 });
      return { sr: recorder(sim, n), mm: meter(sim, n, model) };
    },
  });
}

// Per-node list parameters of several generators made by one create call (toPyNEST writes one dictionary per
// node: NEST 3.10 rejects a list of lists): precise spike_generators with their own times and weights,
// step_current_generators with their own steps, pulsepacket_generators (sdev 0: deterministic) into parrots.
cases.push({
  name: 'per_node_lists',
  kind: 'exact',
  dt: 0.1,
  T: 30,
  build: (sim) => {
    const n = sim.create('iaf_psc_alpha_ps', 3, { V_th: -60 });
    const sg = sim.create('spike_generator', 3, {
      precise_times: true,
      spike_times: [[2.0, 5.123, 9.87], [3.3, 3.31], [1.05, 7.0, 12.5, 20.25]],
      spike_weights: [[300, -200, 500], [700, 650], [100, 200, 300, 900]],
    });
    sim.connect(sg, n, { rule: 'one_to_one', delay: 1.0 });
    const sc = sim.create('step_current_generator', 3, { amplitude_times: [[4.0, 10.0], [6.0, 8.0, 15.0], [2.5]], amplitude_values: [[250, 0], [180, 420, 0], [330]] });
    sim.connect(sc, n, { rule: 'one_to_one' });
    const pp = sim.create('pulsepacket_generator', 2, { pulse_times: [[5.0, 15.0], [11.0]], activity: 3, sdev: 0 });
    const parrots = sim.create('parrot_neuron', 2);
    sim.connect(pp, parrots, { rule: 'one_to_one' });
    return { sr: recorder(sim, n.concat(parrots)), mm: meter(sim, n, 'iaf_psc_alpha_ps') };
  },
});

/** Builds and runs a case in somata. */
export function runCase(c: PreciseCase, seed?: number, threads = 1) {
  const sim = new nest.Simulator({ dt: c.dt, seed, threads });
  const rec = c.build(sim);
  const parts = [sim.simulate(c.split ? c.split[0]! : c.T)];
  for (const t of (c.split ?? []).slice(1)) {
    c.between?.somata(sim);
    parts.push(sim.cont(t));
  }
  return { sim, rec, parts };
}

/** Writes every case's PyNEST script (one `Simulate` per run part) and the case list. */
function emit(dir: string): void {
  mkdirSync(dir, { recursive: true });
  const list: Array<{ name: string; kind: string; seeds?: number[]; file: string }> = [];
  for (const c of cases) {
    const sim = new nest.Simulator({ dt: c.dt, seed: c.seeds?.[0] });
    c.build(sim);
    let script = sim.toPyNEST(undefined, { T: c.T });
    if (c.split) script = splitSimulate(script, c);
    const file = join(dir, `${c.name}.py`);
    writeFileSync(file, script);
    list.push({ name: c.name, kind: c.kind, seeds: c.seeds, file });
  }
  writeFileSync(join(dir, 'cases.json'), JSON.stringify(list, null, 1));
}

/** A case run as several Simulate calls, with the case's state changes between them. */
function splitSimulate(script: string, c: PreciseCase): string {
  const between = c.between ? c.between.python.join('\n') + '\n' : '';
  const calls = c.split!.map((t) => `nest.Simulate(${t.toFixed(1)})`).join('\n' + between);
  return script.replace(/nest\.Simulate\([^)]*\)/, () => calls);
}

// Run as a script (not when the spec imports the cases).
if (/nest_precise_cases\.ts$/.test(process.argv[1] ?? '')) {
  const dir = process.argv[2];
  if (!dir) throw new Error('usage: node --import tsx tools/nest_precise_cases.ts <dir>');
  emit(dir);
}
