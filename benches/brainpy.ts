/**
 * BrainPy-side benchmarks, side by side with brainpy.state (JAX, CPU, jit)
 * and Brian2 (cpp_standalone and runtime cython) in the same run:
 * - the E/I network of brainpy.state's tutorial 3 (4000 LIFRef, COBA,
 *   EventFixedProb p = 0.02, 1 s at dt = 0.1 ms);
 * - 10,000 HH neurons under a constant 10 µA (1 s at dt = 0.1 ms).
 *
 *   npm run bench            (all benchmarks)
 *   node --import tsx benches/brainpy.ts [duration_ms]
 *
 * Peers run through benches/peers/*.py with the interpreters named by
 * BRAINPY_PYTHON (default /work/peers/bpvenv/bin/python) and BRIAN2_PYTHON
 * (default /work/peers/venv/bin/python); a missing peer is reported as n/a.
 * "Time to first result" (the issue's "construction + compilation") is,
 * for every column, everything before the first simulated step's result is
 * available:
 * - somata: construction (neurons, connectivity, projections) + a 1-step
 *   run (nothing is compiled at run time; the addon is loaded once);
 * - brainpy.state: construction + state init + jit compilation of the
 *   rollout (its first call minus its second call); the jitted loop cannot
 *   return a first step before it is compiled. Python imports (≈ 2.5 s) are
 *   excluded;
 * - Brian2 cpp_standalone: construction + code generation + C++ compilation
 *   + the binary's start, i.e. the whole build-and-run minus the binary's
 *   own simulation timer;
 * - Brian2 runtime (cython): construction + code generation/compilation
 *   (cython's cache is warm after the first ever run) + one step.
 * "Simulation" is the run alone (somata: the full run after construction;
 * brainpy.state: a second call of the compiled function; Brian2
 * standalone: the binary's own timer; Brian2 cython: the run after the first
 * step). The targets compare somata on one thread with Brian2
 * cpp_standalone (single-threaded).
 * Firing rates are reported beside the times.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { brainpy, u } from '../src/index.js';
import { median, report, type Row } from './util.js';

const BRAINPY = process.env.BRAINPY_PYTHON ?? '/work/peers/bpvenv/bin/python';
const BRIAN2 = process.env.BRIAN2_PYTHON ?? '/work/peers/venv/bin/python';
const PEERS = fileURLToPath(new URL('./peers/', import.meta.url));

interface PeerResult {
  first: number;
  run: number;
  rate: number;
}

function peer(python: string, script: string, args: string[]): PeerResult | undefined {
  if (!existsSync(python)) return undefined;
  try {
    const out = execFileSync(python, [PEERS + script, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 1_800_000 });
    const j = JSON.parse(out.trim().split('\n').pop()!) as Record<string, number>;
    return { first: j.first_s!, run: j.run_s!, rate: j.rate_hz! };
  } catch {
    return undefined;
  }
}

/** The E/I network of brainpy's tutorial (4000 LIFRef, COBA). */
function eiNetwork(precision: 'float64' | 'float32') {
  const nExc = 3200;
  const num = 4000;
  const N = new brainpy.LIFRef(num, { V_rest: -60, V_th: -50, V_reset: -60, tau: 20, tau_ref: 5, V_initializer: brainpy.init.Normal(u.mV(-55), u.mV(2)), seed: 1, precision });
  const E = new brainpy.AlignPostProj({ pre: brainpy.slice(N, 0, nExc), post: N, comm: brainpy.EventFixedProb(nExc, num, 0.02, u.mS(0.6), { seed: 1 }), syn: brainpy.Expon.desc({ tau: 5 }), out: brainpy.COBA.desc({ E: 0 }) });
  const I = new brainpy.AlignPostProj({ pre: brainpy.slice(N, nExc, num), post: N, comm: brainpy.EventFixedProb(num - nExc, num, 0.02, u.mS(6.7), { seed: 2 }), syn: brainpy.Expon.desc({ tau: 10 }), out: brainpy.COBA.desc({ E: -80 }) });
  return { N, net: new brainpy.Network(E, I) };
}

/** somata's E/I network: time to first result (construction + 1 step) and run time (s), rate (Hz). */
function somataEI(duration: number, threads = 1, precision: 'float64' | 'float32' = 'float64'): PeerResult {
  const runs = [0, 1, 2].map(() => {
    const t0 = performance.now();
    const a = eiNetwork(precision);
    brainpy.run(a.net, { steps: 1, dt: 0.1, inputs: [[a.N, u.mA(20)]], threads, spikes: false });
    const t1 = performance.now();
    const { N, net } = eiNetwork(precision);
    const t2 = performance.now();
    const r = brainpy.run(net, { duration, dt: 0.1, inputs: [[N, u.mA(20)]], threads });
    const t3 = performance.now();
    return { first: (t1 - t0) / 1e3, run: (t3 - t2) / 1e3, rate: r.rate(N) };
  });
  return { first: median(runs.map((r) => r.first)), run: median(runs.map((r) => r.run)), rate: runs[0]!.rate };
}

/** somata's HH population: time to first result (construction + 1 step) and run time (s), rate (Hz). */
function somataHH(duration: number, threads?: number, precision: 'float64' | 'float32' = 'float64'): PeerResult {
  const runs = [0, 1, 2].map(() => {
    const t0 = performance.now();
    const m = new brainpy.HH(10000, { seed: 1, precision });
    brainpy.run(m, { steps: 1, dt: 0.1, input: u.uA(10), record: [], threads });
    const t1 = performance.now();
    const n = new brainpy.HH(10000, { seed: 1, precision });
    const t2 = performance.now();
    const r = brainpy.run(n, { duration, dt: 0.1, input: u.uA(10), record: [], threads });
    const t3 = performance.now();
    let s = 0;
    for (const c of r.spikeCounts) s += c;
    return { first: (t1 - t0) / 1e3, run: (t3 - t2) / 1e3, rate: s / 10000 / (duration * 1e-3) };
  });
  return { first: median(runs.map((r) => r.first)), run: median(runs.map((r) => r.run)), rate: runs[0]!.rate };
}

function rows(label: string, s: PeerResult, peers: Array<[string, PeerResult | undefined]>): Row[] {
  const out: Row[] = [];
  for (const [name, p] of peers) {
    out.push({ name: `${label}: time to first result (ms)`, somata: s.first * 1e3, peer: p && p.first * 1e3, peerName: name });
    out.push({ name: `${label}: simulation (s)`, somata: s.run, peer: p?.run, peerName: name });
    out.push({ name: `${label}: firing rate (Hz)`, somata: s.rate, peer: p?.rate, peerName: name, higherIsBetter: true });
  }
  return out;
}

/** The rows of the BrainPy benchmarks (`duration` ms simulated, default 1000). */
export function brainpyBenchmarks(duration = 1000): Row[] {
  const d = String(duration);
  const ei = somataEI(duration);
  const ei2 = somataEI(duration, 2);
  const ei32 = somataEI(duration, 1, 'float32');
  const eiPeers: Array<[string, PeerResult | undefined]> = [
    ['brainpy.state 0.1.0 (jit, CPU, float32)', peer(BRAINPY, 'brainpy_state_bench.py', ['ei', d, '0.1'])],
    ['Brian2 cpp_standalone', peer(BRIAN2, 'brian2_bench.py', ['ei', d, '0.1', 'cpp_standalone'])],
    ['Brian2 runtime (cython)', peer(BRIAN2, 'brian2_bench.py', ['ei', d, '0.1', 'cython'])],
  ];
  const hh1 = somataHH(duration, 1);
  const hh = somataHH(duration);
  const hh32 = somataHH(duration, 1, 'float32');
  const hhPeers: Array<[string, PeerResult | undefined]> = [
    ['brainpy.state 0.1.0 (jit, CPU, float32)', peer(BRAINPY, 'brainpy_state_bench.py', ['hh', d, '0.1'])],
    ['Brian2 cpp_standalone', peer(BRIAN2, 'brian2_bench.py', ['hh', d, '0.1', 'cpp_standalone'])],
    ['Brian2 runtime (cython)', peer(BRIAN2, 'brian2_bench.py', ['hh', d, '0.1', 'cython'])],
  ];
  return [
    ...rows(`E/I COBA 4000 LIFRef, ${duration} ms (1 thread)`, ei, eiPeers),
    { name: `E/I COBA 4000 LIFRef, ${duration} ms: simulation, 2 threads (s)`, somata: ei2.run },
    { name: `E/I COBA 4000 LIFRef, ${duration} ms: simulation, float32, 1 thread (s)`, somata: ei32.run, peer: eiPeers[1]![1]?.run, peerName: 'Brian2 cpp_standalone' },
    { name: `E/I COBA 4000 LIFRef, ${duration} ms: firing rate, float32 (Hz)`, somata: ei32.rate, peer: eiPeers[0]![1]?.rate, peerName: 'brainpy.state (float32)', higherIsBetter: true },
    ...rows(`10,000 HH, ${duration} ms (1 thread)`, hh1, hhPeers),
    { name: `10,000 HH, ${duration} ms: simulation, all cores (s)`, somata: hh.run },
    { name: `10,000 HH, ${duration} ms: simulation, float32, 1 thread (s)`, somata: hh32.run, peer: hhPeers[0]![1]?.run, peerName: 'brainpy.state (float32)' },
  ];
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  report('BrainPy', brainpyBenchmarks(Number(process.argv[2] ?? 1000)));
}
