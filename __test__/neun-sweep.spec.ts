// Parameter sweeps: the same answers for any thread count and as each
// neuron run alone (DESIGN.md principle 5), grid expansion order, and the
// async form (progress, AbortSignal, a free event loop; principle 6).
// The async tests run serially so that no other sweep shares the pool while
// one is being timed.
import test from 'ava';
import { neun } from '../src/index.js';

/** The rejection reason of a promise that must reject (an AbortError is a DOMException, which ava's throwsAsync does not accept). */
async function rejection(p: Promise<unknown>): Promise<{ name?: string } | undefined> {
  try {
    await p;
  } catch (e) {
    return e as { name?: string };
  }
  return undefined;
}

const AREA = 7.854e-3;
// 3 × 13 = 39 neurons: not a multiple of the SIMD group width (8), so the last group is partial.
const grid = { gna: Array.from({ length: 3 }, (_, i) => (100 + 20 * i) * AREA), input: Array.from({ length: 13 }, (_, i) => 0.01 * i) };

for (const precision of ['Double', 'Float'] as const) {
  test(`${precision}: 1 and 2 threads give bit-identical results`, (t) => {
    const opts = { model: 'HH' as const, precision, grid, h: 0.01, steps: 3000, record: ['v' as const, 'n' as const], every: 7 };
    const a = neun.sweep({ ...opts, threads: 1 });
    const b = neun.sweep({ ...opts, threads: 2 });
    t.is(a.n, 39);
    t.deepEqual(a.spikeCounts, b.spikeCounts);
    t.deepEqual(a.firstSpike, b.firstSpike);
    t.deepEqual(a.lastSpike, b.lastSpike);
    for (const v of ['v', 'h', 'm', 'n'] as const) t.deepEqual(a.finalState[v], b.finalState[v]);
    t.deepEqual(a.traces.v, b.traces.v);
    t.deepEqual(a.traces.n, b.traces.n);
    t.true(a.spikeCounts.some((c) => c > 0) && a.spikeCounts.some((c) => c === 0), 'the grid spans silent and firing neurons');
  });
}

test('each neuron of a sweep is bit-identical to the same neuron run alone (HH RK4, HR RK6, Iz Euler)', (t) => {
  const hh = neun.sweep({ model: 'HH', grid, h: 0.01, steps: 3000, record: ['v'], every: 5 });
  for (const j of [0, 7, 8, 13, 38]) {
    const n = new neun.HHDoubleRK4({ gna: hh.params.gna[j]! });
    const r = n.run({ steps: 3000, h: 0.01, input: hh.params.input![j]!, record: ['v'], every: 5 });
    t.deepEqual(hh.trace(j, 'v'), r.v!, `HH neuron ${j} trace`);
    t.is(hh.spikeCounts[j], r.spikeCount);
    t.is(hh.finalState.v[j], n.get('v'));
    t.is(hh.finalState.n[j], n.get('n'));
    t.is(hh.firstSpike[j], r.spikeCount ? r.spikeTimes[0] : NaN);
  }
  const hr = neun.sweep({ model: 'HR', integrator: 'RK6', params: { e: [2.9, 3.0, 3.1, 3.2, 3.3, 3.4, 3.5, 3.6, 3.7], mu: 0.001 }, h: 0.01, steps: 20_000 });
  const x = new neun.HRDoubleRK6({ e: 3.7, mu: 0.001 });
  const rx = x.run({ steps: 20_000, h: 0.01, record: [] });
  t.is(hr.finalState.x[8], x.get('x'));
  t.is(hr.spikeCounts[8], rx.spikeCount);
  const iz = neun.sweep({ model: 'Iz', integrator: 'Euler', precision: 'Float', params: { d: [8, 4, 2] }, input: 10, h: 0.01, steps: 20_000 });
  const z = new neun.IzFloatEuler({ d: 2 });
  const rz = z.run({ steps: 20_000, h: 0.01, input: 10, record: [] });
  t.is(iz.finalState.v[2], z.get('v'));
  t.is(iz.spikeCounts[2], rz.spikeCount);
  t.is(iz.lastSpike[2], rz.spikeTimes.at(-1));
});

test('grid expansion: the Cartesian product with the first key varying slowest', (t) => {
  const r = neun.sweep({ model: 'HH', grid: { gna: [1, 2, 3], gk: [10, 20], input: [0.5, 0.6] }, h: 0.01, steps: 0 });
  t.is(r.n, 12);
  t.deepEqual(Array.from(r.params.gna), [1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3]);
  t.deepEqual(Array.from(r.params.gk), [10, 10, 20, 20, 10, 10, 20, 20, 10, 10, 20, 20]);
  t.deepEqual(Array.from(r.params.input!), [0.5, 0.6, 0.5, 0.6, 0.5, 0.6, 0.5, 0.6, 0.5, 0.6, 0.5, 0.6]);
  t.deepEqual(Array.from(r.params.cm), Array(12).fill(7.854e-3), 'unlisted parameters take the defaults');
  t.deepEqual(Array.from(r.finalState.v), Array(12).fill(-65), '0 steps leave the initial state');
  // scalar params apply to every grid point
  const s = neun.sweep({ model: 'HH', grid: { gna: [1, 2] }, params: { gl: 0.5 }, h: 0.01, steps: 0 });
  t.deepEqual(Array.from(s.params.gl), [0.5, 0.5]);
});

test.serial('sweepAsync gives the sync result and reports progress up to completion', async (t) => {
  const opts = { model: 'HH' as const, grid: { input: Array.from({ length: 16 }, (_, i) => 0.01 * i) }, h: 0.01, steps: 300_000 };
  const reports: neun.SweepProgress[] = [];
  const a = await neun.sweepAsync(opts, { onProgress: (p) => reports.push(p), progressInterval: 20 });
  const s = neun.sweep(opts);
  t.deepEqual(a.spikeCounts, s.spikeCounts);
  t.deepEqual(a.finalState.v, s.finalState.v);
  t.true(reports.length >= 2, `${reports.length} progress reports`);
  const last = reports.at(-1)!;
  t.is(last.total, 16 * 300_000);
  t.is(last.done, last.total);
  t.is(last.fraction, 1);
  t.true(reports.every((p, i) => i === 0 || p.done >= reports[i - 1]!.done), 'progress never goes back');
});

test.serial('the event loop keeps ticking during sweepAsync', async (t) => {
  let ticks = 0;
  const timer = setInterval(() => ticks++, 5);
  const t0 = performance.now();
  await neun.sweepAsync({ model: 'HH', grid: { input: Array.from({ length: 16 }, (_, i) => 0.01 * i) }, h: 0.01, steps: 300_000 });
  const ms = performance.now() - t0;
  clearInterval(timer);
  t.log(`${ticks} ticks of a 5 ms interval during a ${ms.toFixed(0)} ms sweep`);
  // A blocked loop would give at most 1 tick; allow a very slow runner 5× the interval.
  t.true(ticks >= Math.min(10, Math.floor(ms / 25)), `${ticks} ticks in ${ms} ms`);
});

test.serial('an AbortSignal stops a long sweep promptly with an AbortError', async (t) => {
  // ~1e9 neuron-steps of HH: tens of seconds if it ran to completion.
  const ac = new AbortController();
  let progressAtAbort = 0;
  const p = neun.sweepAsync(
    { model: 'HH', grid: { input: Array.from({ length: 64 }, (_, i) => 0.002 * i) }, h: 0.01, steps: 15_000_000 },
    { signal: ac.signal, onProgress: (q) => (progressAtAbort = q.done), progressInterval: 10 },
  );
  await new Promise((r) => setTimeout(r, 200));
  const t0 = performance.now();
  ac.abort();
  const err = await rejection(p);
  const latency = performance.now() - t0;
  t.log(`rejected ${latency.toFixed(0)} ms after abort(); ${progressAtAbort} of ${64 * 15_000_000} neuron-steps done`);
  t.is(err?.name, 'AbortError');
  t.true(latency < 1000, `took ${latency} ms to stop`);
  t.true(progressAtAbort > 0, 'the sweep was running when aborted');
  t.true(progressAtAbort < 64 * 15_000_000);
});

test.serial('an already-aborted signal rejects at once with an AbortError, before any work', async (t) => {
  const ac = new AbortController();
  ac.abort();
  let reported = false;
  const err = await rejection(
    neun.sweepAsync({ model: 'HH', grid: { input: [0.1, 0.2] }, h: 0.01, steps: 100_000_000 }, { signal: ac.signal, onProgress: () => (reported = true) }),
  );
  t.is(err?.name, 'AbortError');
  t.false(reported);
});

test('Iz neurons with different thresholds count spikes at their own threshold, as each alone does', (t) => {
  // Found by this test: the sweep used the first neuron's threshold for every neuron, so a neuron
  // with threshold 0 (neun_py's value) never "crossed" 30 mV and counted no spikes.
  const thresholds = [30, 0, 10, 30, 0, 20, 25, 5, 15];
  const r = neun.sweep({ model: 'Iz', params: { threshold: thresholds }, input: 10, h: 0.01, steps: 50_000 });
  thresholds.forEach((thr, j) => {
    const alone = new neun.IzDoubleRK4({ threshold: thr }).run({ steps: 50_000, h: 0.01, input: 10, record: [] });
    t.is(r.spikeCounts[j], alone.spikeCount, `threshold ${thr}`);
    t.is(r.firstSpike[j], alone.spikeTimes[0]);
  });
  t.true(r.spikeCounts.every((c) => c > 0));
  // an explicit spike threshold still applies to all
  const e = neun.sweep({ model: 'Iz', params: { threshold: [30, 0] }, input: 10, h: 0.01, steps: 50_000, spike: { threshold: -20 } });
  t.true(e.spikeCounts[0]! > 0 && e.spikeCounts[1]! > 0);
});

test('the number of neurons follows from input.perStepPerNeuron alone', (t) => {
  const steps = 2000;
  const inputs = [0, 0.05, 0.1];
  const perStepPerNeuron = new Float64Array(steps * inputs.length);
  for (let k = 0; k < steps; k++) inputs.forEach((x, j) => (perStepPerNeuron[k * inputs.length + j] = x));
  const a = neun.sweep({ model: 'HH', h: 0.01, steps, input: { perStepPerNeuron }, threads: 1 });
  const b = neun.sweep({ model: 'HH', h: 0.01, steps, params: { input: inputs }, threads: 1 });
  t.is(a.n, 3);
  t.deepEqual(a.spikeCounts, b.spikeCounts);
  t.deepEqual(a.finalState.v, b.finalState.v);
  t.throws(() => neun.sweep({ model: 'HH', h: 0.01, steps, input: { perStepPerNeuron: new Float64Array(steps * 2 + 1) } }), { message: /not a positive multiple of steps/ });
});
