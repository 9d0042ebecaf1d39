/**
 * NEST-side benchmarks, run side by side with NEST 3.10 in the same run:
 *
 *   npm run bench            (all benchmarks)
 *   node --import tsx benches/nest.ts
 *
 * (a) NEST's brunel_alpha_nest network (12,500 iaf_psc_alpha, fixed_indegree
 *     CE = 1000 / CI = 250, J_ex = 20.680 pA, g = 5, delay 1.5 ms, one
 *     poisson_generator at 17,789 Hz to every neuron), 1000 ms;
 * (b) Brette et al. 2007 CUBA as NEST builds it (4000 iaf_psc_exp,
 *     fixed_indegree 64 / 16, 16.2 / −139.5 pA, delay 0.1 ms, 300 Hz kick to
 *     50 neurons during 1–51 ms), 1000 ms;
 *     each at 1 and 2 threads: construction (create + connect) and simulation
 *     wall times separately, with the firing rates of both simulators;
 * (c) 1M iaf_psc_alpha driven by I_e only: ns per neuron-step next to the
 *     memory-bandwidth bound, from a Float64Array triad measured in the same
 *     run.
 *
 * The NEST peers are `benches/peers/nest_*.py`, run with `NEST_PYTHON`
 * (default /work/peers/venv/bin/python; NEST is installed by hand, never a
 * dependency). Without it the peer columns are missing. `BENCH_SCALE`
 * (default 1) shrinks every network for quick trial runs.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { nest } from '../src/index.js';
import { report, type Row } from './util.js';

const NEST_PYTHON = process.env.NEST_PYTHON ?? '/work/peers/venv/bin/python';
const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const PEERS = fileURLToPath(new URL('./peers/', import.meta.url));

/** One measured run: wall times (s) and the network's firing rate (Hz). */
interface Run {
  build_s: number;
  sim_s: number;
  rate_hz?: number;
  ns_per_neuron_step?: number;
}

/** Runs a NEST peer script; undefined if NEST is not available. */
function nestRun(script: string, threads: number, T: number, scale = SCALE): Run | undefined {
  if (!existsSync(NEST_PYTHON)) return undefined;
  try {
    const out = execFileSync(NEST_PYTHON, [`${PEERS}${script}`, '--threads', String(threads), '--T', String(T), '--scale', String(scale)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], cwd: PEERS, maxBuffer: 1 << 26 });
    return JSON.parse(out.trim().split('\n').pop()!) as Run;
  } catch (e) {
    console.error(`NEST peer ${script} failed: ${String(e).slice(0, 400)}`);
    return undefined;
  }
}

const seconds = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e9;

/** The W₋₁ branch of Lambert's W on (−1/e, 0), by Halley's iteration. */
function lambertWm1(x: number): number {
  let w = Math.log(-x) - Math.log(-Math.log(-x));
  for (let k = 0; k < 50; k++) {
    const ew = Math.exp(w);
    const f = w * ew - x;
    const next = w - f / (ew * (w + 1) - ((w + 2) * f) / (2 * w + 2));
    if (Math.abs(next - w) < 1e-15 * Math.abs(w)) return next;
    w = next;
  }
  return w;
}

/** brunel_alpha_nest's ComputePSPnorm: PSP peak (mV) of a 1 pA alpha current. */
function pspNorm(tauM: number, cM: number, tauSyn: number): number {
  const a = tauM / tauSyn;
  const b = 1 / tauSyn - 1 / tauM;
  const tMax = (1 / b) * (-lambertWm1(-Math.exp(-1 / a) / a) - 1 / a);
  return (Math.E / (tauSyn * cM * b)) * ((Math.exp(-tMax / tauM) - Math.exp(-tMax / tauSyn)) / b - tMax * Math.exp(-tMax / tauSyn));
}

/** NEST's brunel_alpha_nest in somata (same parameters as benches/peers/nest_brunel.py). */
export function brunelSomata(threads: number, T = 1000, scale = SCALE): Run {
  const order = Math.round(2500 * scale);
  const NE = 4 * order;
  const NI = order;
  const CE = scale === 1 ? 1000 : Math.min(1000, NE);
  const CI = scale === 1 ? 250 : Math.min(250, NI);
  const [tauSyn, tauM, cM, theta, g, eta, J, delay] = [0.5, 20, 250, 20, 5, 2, 0.1, 1.5];
  const Jex = J / pspNorm(tauM, cM, tauSyn); // 20.680 pA
  const nuTh = (theta * cM) / (Jex * 1000 * Math.E * tauM * tauSyn);
  const pRate = 1000 * eta * nuTh * 1000; // 17,789 Hz
  const params = { C_m: cM, tau_m: tauM, tau_syn_ex: tauSyn, tau_syn_in: tauSyn, t_ref: 2, E_L: 0, V_reset: 0, V_m: 0, V_th: theta };
  const t0 = process.hrtime.bigint();
  const sim = new nest.Simulator({ dt: 0.1, threads, seed: 12345 });
  const ex = sim.create('iaf_psc_alpha', NE, params);
  const inh = sim.create('iaf_psc_alpha', NI, params);
  const noise = sim.create('poisson_generator', 1, { rate: pRate });
  const sr = sim.create('spike_recorder');
  const all = sim.nodes([...ex.ids, ...inh.ids]);
  sim.connect(noise, ex, { weight: Jex, delay });
  sim.connect(noise, inh, { weight: Jex, delay });
  sim.connect(sim.nodes(ex.ids.slice(0, 50)), sr);
  sim.connect(ex, all, { rule: 'fixed_indegree', indegree: CE, weight: Jex, delay });
  sim.connect(inh, all, { rule: 'fixed_indegree', indegree: CI, weight: -g * Jex, delay });
  const build = seconds(t0);
  const t1 = process.hrtime.bigint();
  const res = sim.simulate(T);
  return { build_s: build, sim_s: seconds(t1), rate_hz: res.rate(sr) };
}

/** Brette 2007 CUBA as NEST builds it, in somata (same as benches/peers/nest_cuba.py). */
export function cubaSomata(threads: number, T = 1000, scale = SCALE): Run {
  const NE = Math.round(3200 * scale);
  const NI = Math.round(800 * scale);
  const params = { E_L: -49, V_m: -49, V_th: -50, V_reset: -60, C_m: 200, tau_m: 20, tau_syn_ex: 5, tau_syn_in: 10, t_ref: 5 };
  const t0 = process.hrtime.bigint();
  const sim = new nest.Simulator({ dt: 0.1, threads, seed: 12345 });
  const ex = sim.create('iaf_psc_exp', NE, params);
  const inh = sim.create('iaf_psc_exp', NI, params);
  const stim = sim.create('poisson_generator', 1, { rate: 300, start: 1, stop: 51, origin: 0 });
  const sr = sim.create('spike_recorder');
  const ee = { weight: 16.2, delay: 0.1 };
  const ii = { weight: -139.5, delay: 0.1 };
  sim.connect(ex, ex, { rule: 'fixed_indegree', indegree: Math.min(64, NE), ...ee });
  sim.connect(inh, ex, { rule: 'fixed_indegree', indegree: Math.min(16, NI), ...ii });
  sim.connect(ex, inh, { rule: 'fixed_indegree', indegree: Math.min(64, NE), ...ee });
  sim.connect(inh, inh, { rule: 'fixed_indegree', indegree: Math.min(16, NI), ...ii });
  sim.connect(stim, sim.nodes(ex.ids.slice(0, 50)), ee);
  sim.connect(sim.nodes(ex.ids.slice(0, Math.min(500, NE))), sr);
  const build = seconds(t0);
  const t1 = process.hrtime.bigint();
  const res = sim.simulate(T);
  return { build_s: build, sim_s: seconds(t1), rate_hz: res.rate(sr) };
}

/** n iaf_psc_alpha driven by I_e only (no connections, no recording): ns per neuron-step of the run. */
export function currentSomata(threads: number, n: number, T: number): Run {
  const t0 = process.hrtime.bigint();
  const sim = new nest.Simulator({ dt: 0.1, threads });
  sim.create('iaf_psc_alpha', n, { I_e: 376 });
  const build = seconds(t0);
  sim.simulate(1); // warm-up: allocation of ring buffers, propagators
  const t1 = process.hrtime.bigint();
  sim.simulate(T);
  const s = seconds(t1);
  return { build_s: build, sim_s: s, ns_per_neuron_step: (s * 1e9) / (n * Math.round(T / 0.1)) };
}

/**
 * Memory bandwidth in GB/s from a Float64Array triad a[i] = b[i] + s·c[i]
 * over three 64 MB arrays (best of 5; 24 bytes per element counted, as
 * STREAM does, without the write-allocate read).
 */
export function triadBandwidth(n = 8 * 1024 * 1024): number {
  const a = new Float64Array(n);
  const b = new Float64Array(n).fill(1);
  const c = new Float64Array(n).fill(2);
  let best = Infinity;
  for (let r = 0; r < 5; r++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < n; i++) a[i] = b[i]! + 3 * c[i]!;
    best = Math.min(best, seconds(t0));
  }
  if (a[n - 1] !== 7) throw new Error('triad check failed');
  return (24 * n) / best / 1e9;
}

/**
 * Bytes one neuron-step of iaf_psc_alpha moves through memory when the
 * population does not fit in cache. Its neurons share all parameters, so
 * they are stepped as lanes of one vectorised update: the 7 state arrays
 * (V_m, I_syn_ex, dI_syn_ex, I_syn_in, dI_syn_in, latched current,
 * refractory counter; 8 bytes each) read and written back, and this step's
 * slot of the 3 channels (8 bytes each, contiguous for a chunk's neurons in
 * the slot-major ring buffers) read and zeroed. The shared parameter record
 * stays in cache.
 */
export const IAF_PSC_ALPHA_BYTES_PER_STEP = 56 + 56 + 24 + 24;

/** Runs the NEST benchmarks and returns their rows. */
export function nestBenchmarks(): Row[] {
  const rows: Row[] = [];
  const peer = 'NEST 3.10 (PyNEST, same run)';
  for (const [label, somata, script] of [
    [`brunel_alpha_nest ${Math.round(12500 * SCALE).toLocaleString('en')} iaf_psc_alpha, 1000 ms`, brunelSomata, 'nest_brunel.py'],
    [`Brette 2007 CUBA ${Math.round(4000 * SCALE)} iaf_psc_exp, 1000 ms`, cubaSomata, 'nest_cuba.py'],
  ] as const) {
    for (const threads of [1, 2]) {
      const s = somata(threads, 1000);
      const p = nestRun(script, threads, 1000);
      const tag = `${label}, ${threads} thread${threads > 1 ? 's' : ''}`;
      rows.push({ name: `${tag}: construction (s)`, somata: s.build_s, peer: p?.build_s, peerName: peer });
      rows.push({ name: `${tag}: simulation (s)`, somata: s.sim_s, peer: p?.sim_s, peerName: peer });
      rows.push({ name: `${tag}: firing rate (Hz)`, somata: s.rate_hz!, peer: p?.rate_hz, peerName: peer, higherIsBetter: true });
    }
  }
  const n = Math.round(1_000_000 * SCALE);
  const T = 20;
  const bw = triadBandwidth();
  const bound = IAF_PSC_ALPHA_BYTES_PER_STEP / bw; // ns per neuron-step at full bandwidth
  let ns1 = NaN;
  for (const threads of [1, 2]) {
    const s = currentSomata(threads, n, T);
    if (threads === 1) ns1 = s.ns_per_neuron_step!;
    const p = nestRun('nest_current.py', threads, T, SCALE);
    rows.push({ name: `${n.toLocaleString('en')} iaf_psc_alpha, I_e only, ${threads} thread${threads > 1 ? 's' : ''} (ns/neuron-step)`, somata: s.ns_per_neuron_step!, peer: p?.ns_per_neuron_step, peerName: peer });
  }
  rows.push({ name: 'memory bandwidth, JS Float64Array triad, 1 thread (GB/s, 24 B per element)', somata: bw, higherIsBetter: true });
  rows.push({ name: `${IAF_PSC_ALPHA_BYTES_PER_STEP} B per neuron-step at the triad bandwidth (ns/neuron-step)`, somata: bound, higherIsBetter: true });
  rows.push({ name: `bandwidth the 1-thread run moves: ${IAF_PSC_ALPHA_BYTES_PER_STEP} B / measured ns (GB/s)`, somata: IAF_PSC_ALPHA_BYTES_PER_STEP / ns1, higherIsBetter: true });
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  report('NEST', nestBenchmarks());
}
