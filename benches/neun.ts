/**
 * Neun-side benchmarks, run side by side with Neun's C++ in the same run.
 *
 *   npm run bench            (all benchmarks)
 *   node --import tsx benches/neun.ts
 *
 * The Neun peer is a single-neuron driver compiled against Neun's headers
 * outside this repository (see docs/benchmarks.md); point NEUN_BENCH_BIN at
 * it (default /work/peers/neun-bench/neun_bench). Without it, the peer rows
 * are reported as missing and only somata is measured.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { neun } from '../src/index.js';
import { median, report, type Row } from './util.js';

const NEUN = process.env.NEUN_BENCH_BIN ?? '/work/peers/neun-bench/neun_bench';

/** ns per step of Neun's C++ single-neuron loop (add input, step, read v). */
function neunCpp(model: string, precision: string, integrator: string, steps: number): number | undefined {
  if (!existsSync(NEUN)) return undefined;
  const runs = [0, 1, 2].map(() => JSON.parse(execFileSync(NEUN, [model, precision, integrator, String(steps)], { encoding: 'utf8' }).trim().split('\n').pop()!).ns_per_step as number);
  return median(runs);
}

/** ns per neuron-step of a one-thread sweep of `n` neurons. */
function sweepNs(model: 'HH' | 'HR', precision: 'Double' | 'Float', n: number, steps: number, threads: number): number {
  const input = model === 'HH' ? 0.1 : 0;
  const h = model === 'HH' ? 0.001 : 0.001;
  const params = model === 'HH' ? { gna: Array.from({ length: n }, (_, j) => (50 + (150 * j) / n) * 7.854e-3) } : { e: Array.from({ length: n }, (_, j) => 2.5 + j / n) };
  neun.sweep({ model, precision, params, h, steps: 200, input, threads }); // warm-up
  const times = [0, 1, 2].map(() => {
    const t0 = process.hrtime.bigint();
    neun.sweep({ model, precision, params, h, steps, input, threads });
    return Number(process.hrtime.bigint() - t0) / (n * steps);
  });
  return median(times);
}

/** ns per iteration of the seed's JS loop: addSynapticInput, step, get. */
function jsStepLoop(precision: 'Double' | 'Float', steps: number): number {
  const cls = precision === 'Double' ? neun.HHDoubleRK4 : neun.HHFloatRK4;
  const times = [0, 1, 2].map(() => {
    const n = new cls();
    const v = precision === 'Double' ? neun.HHDoubleVariable.v : neun.HHFloatVariable.v;
    let sum = 0;
    const t0 = process.hrtime.bigint();
    for (let k = 0; k < steps; k++) {
      n.addSynapticInput(0.1);
      n.step(0.001);
      sum += n.get(v as never);
    }
    const dt = Number(process.hrtime.bigint() - t0) / steps;
    if (!Number.isFinite(sum)) throw new Error('diverged');
    return dt;
  });
  return median(times);
}

/** ns per step of `run()` (whole single-neuron run in one native call). */
function runNs(steps: number): number {
  return median(
    [0, 1, 2].map(() => {
      const n = new neun.HHDoubleRK4();
      const t0 = process.hrtime.bigint();
      n.run({ steps, h: 0.001, input: 0.1, record: [] });
      return Number(process.hrtime.bigint() - t0) / steps;
    }),
  );
}

/** Runs the Neun benchmarks and returns their rows. */
export function neunBenchmarks(): Row[] {
  const rows: Row[] = [];
  const cpp = neunCpp('hh', 'double', 'rk4', 2_000_000);
  const cppF = neunCpp('hh', 'float', 'rk4', 2_000_000);
  const cppHr = neunCpp('hr', 'double', 'rk4', 5_000_000);
  const cppRk6 = neunCpp('hh', 'double', 'rk6', 1_000_000);
  rows.push({ name: 'HH RK4 f64, batch of 4096, 1 thread (ns/neuron-step)', somata: sweepNs('HH', 'Double', 4096, 2000, 1), peer: cpp, peerName: 'Neun C++ single-neuron loop' });
  rows.push({ name: 'HH RK4 f32, batch of 4096, 1 thread (ns/neuron-step)', somata: sweepNs('HH', 'Float', 4096, 2000, 1), peer: cppF, peerName: 'Neun C++ single-neuron loop (float)' });
  rows.push({ name: 'HR RK4 f64, batch of 4096, 1 thread (ns/neuron-step)', somata: sweepNs('HR', 'Double', 4096, 5000, 1), peer: cppHr, peerName: 'Neun C++ single-neuron loop' });
  rows.push({ name: 'HH RK4 f64, one neuron, run() (ns/step)', somata: runNs(2_000_000), peer: cpp, peerName: 'Neun C++ single-neuron loop' });
  rows.push({ name: 'HH RK4 f64, JS loop addSynapticInput+step+get (ns/step)', somata: jsStepLoop('Double', 1_000_000), peer: cpp, peerName: 'Neun C++ single-neuron loop' });
  rows.push({ name: 'HH RK4 f32, JS loop addSynapticInput+step+get (ns/step)', somata: jsStepLoop('Float', 1_000_000), peer: cppF, peerName: 'Neun C++ single-neuron loop (float)' });
  rows.push({ name: 'HH RK6 f64, one neuron, JS loop (ns/step)', somata: (() => {
    const n = new neun.HHDoubleRK6();
    const t0 = process.hrtime.bigint();
    for (let k = 0; k < 500_000; k++) {
      n.addSynapticInput(0.1);
      n.step(0.001);
      n.get(neun.HHDoubleVariable.v);
    }
    return Number(process.hrtime.bigint() - t0) / 500_000;
  })(), peer: cppRk6, peerName: 'Neun C++ single-neuron loop (RK6)' });
  const t1 = sweepNs('HH', 'Double', 4096, 2000, 1);
  const t2 = sweepNs('HH', 'Double', 4096, 2000, 2);
  rows.push({ name: 'HH RK4 f64 sweep, 4096 neurons: speed-up 1 → 2 threads (×)', somata: t1 / t2, higherIsBetter: true });
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  report('Neun', neunBenchmarks());
}
