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
 * "Time to first result" is everything before the first simulated second is
 * available: somata's construction (connectivity) + run; brainpy.state's
 * construction + jit compilation + run; Brian2's construction + code
 * generation + compilation + run. "Simulation" is the run alone
 * (brainpy.state: a second call of the compiled function; Brian2
 * standalone: the binary's own timer; Brian2 cython: a second run).
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
    if (script.startsWith('brainpy')) return { first: j.build_s! + j.compile_s! + j.run_s!, run: j.run_s!, rate: j.rate_hz! };
    return { first: j.first_s!, run: j.run_s!, rate: j.rate_hz! };
  } catch {
    return undefined;
  }
}

/** somata's E/I network: construction and run times (s), rate (Hz). */
function somataEI(duration: number, threads = 1): PeerResult {
  const runs = [0, 1, 2].map(() => {
    const t0 = performance.now();
    const nExc = 3200;
    const num = 4000;
    const N = new brainpy.LIFRef(num, { V_rest: -60, V_th: -50, V_reset: -60, tau: 20, tau_ref: 5, V_initializer: brainpy.init.Normal(u.mV(-55), u.mV(2)), seed: 1 });
    const E = new brainpy.AlignPostProj({ pre: brainpy.slice(N, 0, nExc), post: N, comm: brainpy.EventFixedProb(nExc, num, 0.02, u.mS(0.6), { seed: 1 }), syn: brainpy.Expon.desc({ tau: 5 }), out: brainpy.COBA.desc({ E: 0 }) });
    const I = new brainpy.AlignPostProj({ pre: brainpy.slice(N, nExc, num), post: N, comm: brainpy.EventFixedProb(num - nExc, num, 0.02, u.mS(6.7), { seed: 2 }), syn: brainpy.Expon.desc({ tau: 10 }), out: brainpy.COBA.desc({ E: -80 }) });
    const net = new brainpy.Network(E, I);
    const t1 = performance.now();
    const r = brainpy.run(net, { duration, dt: 0.1, inputs: [[N, u.mA(20)]], threads });
    const t2 = performance.now();
    return { first: (t2 - t0) / 1e3, run: (t2 - t1) / 1e3, rate: r.rate(N) };
  });
  return { first: median(runs.map((r) => r.first)), run: median(runs.map((r) => r.run)), rate: runs[0]!.rate };
}

/** somata's HH population (all cores and one thread). */
function somataHH(duration: number, threads?: number, precision: 'float64' | 'float32' = 'float64'): PeerResult {
  const runs = [0, 1, 2].map(() => {
    const t0 = performance.now();
    const n = new brainpy.HH(10000, { seed: 1, precision });
    const t1 = performance.now();
    const r = brainpy.run(n, { duration, dt: 0.1, input: u.uA(10), record: [], threads });
    const t2 = performance.now();
    let s = 0;
    for (const c of r.spikeCounts) s += c;
    return { first: (t2 - t0) / 1e3, run: (t2 - t1) / 1e3, rate: s / 10000 / (duration * 1e-3) };
  });
  return { first: median(runs.map((r) => r.first)), run: median(runs.map((r) => r.run)), rate: runs[0]!.rate };
}

function rows(label: string, s: PeerResult, peers: Array<[string, PeerResult | undefined]>): Row[] {
  const out: Row[] = [];
  for (const [name, p] of peers) {
    out.push({ name: `${label}: time to first result (s)`, somata: s.first, peer: p?.first, peerName: name });
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
  const eiPeers: Array<[string, PeerResult | undefined]> = [
    ['brainpy.state 0.1.0 (jit, CPU, float32)', peer(BRAINPY, 'brainpy_state_bench.py', ['ei', d, '0.1'])],
    ['Brian2 cpp_standalone', peer(BRIAN2, 'brian2_bench.py', ['ei', d, '0.1', 'cpp_standalone'])],
    ['Brian2 runtime (cython)', peer(BRIAN2, 'brian2_bench.py', ['ei', d, '0.1', 'cython'])],
  ];
  const hh = somataHH(duration);
  const hh1 = somataHH(duration, 1);
  const hh32 = somataHH(duration, undefined, 'float32');
  const hhPeers: Array<[string, PeerResult | undefined]> = [
    ['brainpy.state 0.1.0 (jit, CPU, float32)', peer(BRAINPY, 'brainpy_state_bench.py', ['hh', d, '0.1'])],
    ['Brian2 cpp_standalone', peer(BRIAN2, 'brian2_bench.py', ['hh', d, '0.1', 'cpp_standalone'])],
    ['Brian2 runtime (cython)', peer(BRIAN2, 'brian2_bench.py', ['hh', d, '0.1', 'cython'])],
  ];
  return [
    ...rows(`E/I COBA 4000 LIFRef, ${duration} ms (1 thread)`, ei, eiPeers),
    { name: `E/I COBA 4000 LIFRef, ${duration} ms: simulation, 2 threads (s)`, somata: ei2.run },
    ...rows(`10,000 HH, ${duration} ms (all cores)`, hh, hhPeers),
    { name: `10,000 HH, ${duration} ms: simulation, 1 thread (s)`, somata: hh1.run },
    { name: `10,000 HH, ${duration} ms: simulation, float32, all cores (s)`, somata: hh32.run },
  ];
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  report('BrainPy', brainpyBenchmarks(Number(process.argv[2] ?? 1000)));
}
