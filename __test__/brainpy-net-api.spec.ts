// BrainPy-style networks: connectivity statistics, determinism, pre-aligned
// AMPA against an independent computation, Poisson sources and inputs
// against their binomial statistics, the E/I tutorial's rate against
// brainpy.state's own run, async runs with progress and abort, bad inputs.
import test from 'ava';
import { brainpy, u } from '../src/index.js';
import eiNetwork from '../examples/brainpy/ei-network.js';

const lif = (n: number, extra: Record<string, unknown> = {}) =>
  new brainpy.LIFRef(n, { V_rest: -60, V_th: -50, V_reset: -60, tau: 20, tau_ref: 5, V_initializer: -60, ...extra });

test('FixedPreNum: in-degree exactly K, no autapses, the same for any thread count', (t) => {
  const N = lif(1000);
  const mk = (threads: number) => new brainpy.AlignPostProj({ pre: N, post: N, comm: brainpy.FixedPreNum(80, { weight: u.nS(1), seed: 7 }), syn: brainpy.Expon.desc(), out: brainpy.COBA.desc({ E: 0 }), threads });
  const a = mk(1);
  t.true(a.inDegrees().every((d) => d === 80));
  for (let i = 0; i < 1000; i++) t.false(a.indices.subarray(a.indptr[i], a.indptr[i + 1]).includes(i));
  const b = mk(2);
  t.deepEqual(Array.from(b.indices), Array.from(a.indices));
  t.deepEqual(Array.from(b.indptr), Array.from(a.indptr));
});

test('FixedProb (Bernoulli): mean degree p·N within binomial tolerance, no autapses', (t) => {
  const n = 4000;
  const p = 0.02;
  const N = lif(n);
  const pr = new brainpy.AlignPostProj({ pre: N, post: N, comm: brainpy.FixedProb(p, { seed: 3 }), syn: brainpy.Expon.desc(), out: brainpy.COBA.desc({ E: 0 }) });
  const pairs = n * (n - 1);
  const sd = Math.sqrt(pairs * p * (1 - p));
  t.true(Math.abs(pr.nnz - pairs * p) < 5 * sd, `${pr.nnz} synapses vs ${pairs * p} ± ${sd}`);
  let autapses = 0;
  for (let i = 0; i < n; i++) if (pr.indices.subarray(pr.indptr[i], pr.indptr[i + 1]).includes(i)) autapses++;
  t.is(autapses, 0);
});

test('EventFixedProb: floor(p·N_post) targets per presynaptic neuron (brainstate semantics), AllToAll and OneToOne sizes', (t) => {
  const N = lif(4000);
  const pr = new brainpy.AlignPostProj({ pre: brainpy.slice(N, 0, 3200), post: N, comm: brainpy.EventFixedProb(3200, 4000, 0.02, u.mS(0.6)), syn: brainpy.Expon.desc(), out: brainpy.COBA.desc({ E: 0 }) });
  t.is(pr.nnz, 3200 * 80);
  for (let i = 0; i < 3200; i++) t.is(pr.indptr[i + 1]! - pr.indptr[i]!, 80);
  t.is(pr.weights[0], 6e-4); // mS -> S, the LIF family's conductance unit
  const small = lif(5);
  t.is(new brainpy.AlignPostProj({ pre: small, post: small, comm: brainpy.AllToAll(), syn: brainpy.Expon.desc(), out: brainpy.CUBA.desc() }).nnz, 20);
  t.is(new brainpy.AlignPostProj({ pre: small, post: small, comm: brainpy.AllToAll({ include_self_connections: true }), syn: brainpy.Expon.desc(), out: brainpy.CUBA.desc() }).nnz, 25);
  t.throws(() => new brainpy.AlignPostProj({ pre: small, post: lif(6), comm: brainpy.OneToOne(), syn: brainpy.Expon.desc(), out: brainpy.CUBA.desc() }), { instanceOf: TypeError, message: /OneToOne needs equal sizes/ });
});

test('align_pre_projection: AMPA on the presynaptic side, CUBA onto a LIF, against an independent computation', (t) => {
  // The source starts above threshold, so its get_spike() is 1 before step 0
  // (brainpy's initial spike) and AMPA sees a spike at t = 0.
  const pre = lif(1, { V_initializer: -45 });
  const post = new brainpy.LIF(1, { tau: 10, V_rest: -65, V_th: 100, V_reset: -65, V_initializer: -65 });
  const w = 3;
  const proj = brainpy.align_pre_projection({ pre, post, comm: brainpy.OneToOne({ weight: w }), syn: new brainpy.AMPA(1), out: brainpy.CUBA.desc({ scale: 2 }) });
  const r = brainpy.run(new brainpy.Network(proj), { steps: 400, dt: 0.1, record: [{ pop: post }] });
  const g = brainpy.synapseResponse(new brainpy.AMPA(), { steps: 400, dt: 0.1, spikeStep: 0 });
  let v = -65;
  let worst = 0;
  const dt = 0.1;
  const z = -dt / 10;
  const a = dt * (Math.expm1(z) / z);
  for (let k = 0; k < 400; k++) {
    const I = w * g[k]! * 2;
    v = v + a * ((-v - 65 + I) / 10);
    worst = Math.max(worst, Math.abs(r.trace(post).values[k]! - v));
  }
  t.true(worst < 1e-12, `worst ${worst}`);
  t.true(Math.max(...r.trace(post).values) > -64.9);
  t.throws(() => new brainpy.AlignPostProj({ pre, post, comm: brainpy.OneToOne(), syn: brainpy.AMPA.desc(), out: brainpy.COBA.desc({ E: 0 }) }), { instanceOf: TypeError, message: /align_pre_projection/ });
});

test('PoissonSpike sources and PoissonInput counts follow their binomial statistics; seeded runs repeat exactly', (t) => {
  const src = new brainpy.PoissonSpike(1000, { freqs: u.Hz(20), seed: 5 });
  const tgt = new brainpy.LIF(100, { tau: 1e12, V_th: 1e12, V_reset: 0, V_initializer: 0 });
  const pin = new brainpy.PoissonInput({ target: tgt, num_input: 10, freq: u.Hz(100), weight: u.mV(1), seed: 9 });
  const sink = lif(10);
  const proj = new brainpy.AlignPostProj({ pre: src, post: sink, comm: brainpy.FixedPreNum(5, { weight: 1e-4 }), syn: brainpy.Expon.desc(), out: brainpy.COBA.desc({ E: 0 }) });
  const net = new brainpy.Network(proj, pin);
  const r = brainpy.run(net, { steps: 10000, dt: 0.1 });
  // 1000 sources x 10000 steps, p = 1 - exp(-20 Hz * 0.1 ms).
  const p = -Math.expm1(-20 * 1e-4);
  const total = r.counts(src).reduce((x, y) => x + y, 0);
  const m = 1e7 * p;
  t.true(Math.abs(total - m) < 5 * Math.sqrt(m * (1 - p)), `${total} vs ${m}`);
  // Each step adds Binomial(10, q) mV (q = 1 - exp(-100 Hz * 0.1 ms)) to V.
  const q = -Math.expm1(-100 * 1e-4);
  const mean = tgt.V.reduce((x, y) => x + y, 0) / 100;
  const expect = 10000 * 10 * q;
  const sdMean = Math.sqrt((10000 * 10 * q * (1 - q)) / 100);
  t.true(Math.abs(mean - expect) < 5 * sdMean, `${mean} vs ${expect} ± ${sdMean}`);
  // Determinism: the same seeds give the same spikes.
  brainpy.initAllStates(tgt, sink);
  const r2 = brainpy.run(net, { steps: 10000, dt: 0.1 });
  t.deepEqual(Array.from(r2.counts(src)), Array.from(r.counts(src)));
});

test('network runs are bit-identical for 1 and 2 threads', (t) => {
  const go = (threads: number) => {
    const N = lif(3000, { V_initializer: brainpy.init.Normal(-55, 2), seed: 4 });
    const src = new brainpy.PoissonSpike(500, { freqs: 50, seed: 2 });
    const a = new brainpy.AlignPostProj({ pre: N, post: N, comm: brainpy.FixedProb(0.01, { weight: u.mS(2), seed: 1 }), syn: brainpy.DualExpon.desc({ tau_rise: 1, tau_decay: 5 }), out: brainpy.COBA.desc({ E: 0 }) });
    const b = new brainpy.AlignPostProj({ pre: src, post: N, comm: brainpy.FixedPreNum(10, { weight: u.mS(3), seed: 2 }), syn: brainpy.Expon.desc(), out: brainpy.COBA.desc({ E: -80 }), delay: 0.5 });
    const r = brainpy.run(new brainpy.Network(a, b), { steps: 1000, inputs: [[N, 18]], record: [{ pop: N, indices: [0, 2999] }], threads });
    return { s: r.spikes(N), v: r.trace(N).values, V: N.V.slice() };
  };
  const one = go(1);
  const two = go(2);
  t.true(one.s.indices.length > 1000);
  t.deepEqual(Array.from(two.s.indices), Array.from(one.s.indices));
  t.deepEqual(Array.from(two.s.times), Array.from(one.s.times));
  t.deepEqual(Array.from(two.v), Array.from(one.v));
  t.deepEqual(Array.from(two.V), Array.from(one.V));
});

test('E/I tutorial network: mean rate as brainpy.state (50.7 Hz over 1 s, float32) within 10% over 200 ms', async (t) => {
  const s = await eiNetwork(200);
  t.deepEqual(s.synapses, [256000, 64000]);
  t.true(Math.abs(s.rate.all - 50.7) / 50.7 < 0.1, `${s.rate.all} Hz`);
});

test('runAsync: progress in steps, AbortSignal stops the run', async (t) => {
  const N = lif(2000, { V_initializer: brainpy.init.Normal(-55, 2) });
  const proj = new brainpy.AlignPostProj({ pre: N, post: N, comm: brainpy.FixedPreNum(50, { weight: u.mS(0.5) }), syn: brainpy.Expon.desc({ tau: 5 }), out: brainpy.COBA.desc({ E: 0 }) });
  const net = new brainpy.Network(proj);
  const seen: number[] = [];
  const r = await brainpy.runAsync(net, { steps: 2000, inputs: [[N, 20]] }, { onProgress: (p) => seen.push(p.done), progressInterval: 1 });
  t.is(seen[seen.length - 1], 2000);
  t.is(r.steps, 2000);
  const ac = new AbortController();
  const pending = brainpy.runAsync(net, { steps: 5_000_000, inputs: [[N, 20]] }, { signal: ac.signal });
  setTimeout(() => ac.abort(), 50);
  const e = await pending.then(() => undefined, (x: unknown) => x);
  t.is((e as { name?: string } | undefined)?.name, 'AbortError');
});

test('bad inputs: size mismatch, negative tau, unknown names', (t) => {
  const N = lif(10);
  const M = lif(20);
  t.throws(() => new brainpy.AlignPostProj({ pre: N, post: M, comm: brainpy.EventFixedProb(11, 20, 0.1, 1), syn: brainpy.Expon.desc(), out: brainpy.COBA.desc({ E: 0 }) }), { instanceOf: TypeError, message: /in_size 11 does not match/ });
  t.throws(() => new brainpy.AlignPostProj({ pre: N, post: M, comm: brainpy.AllToAll(), syn: brainpy.Expon.desc(10), out: brainpy.COBA.desc({ E: 0 }) }), { instanceOf: TypeError, message: /size 10 but the postsynaptic population has 20/ });
  t.throws(() => brainpy.AllToAll({ weight: [1, 2] }) && new brainpy.AlignPostProj({ pre: N, post: M, comm: brainpy.AllToAll({ weight: [1, 2] }), syn: brainpy.Expon.desc(), out: brainpy.COBA.desc({ E: 0 }) }), { instanceOf: TypeError, message: /2 weights for 200 synapses/ });
  t.throws(() => brainpy.Expon.desc({ tau: u.ms(-1) }), { instanceOf: RangeError, message: /tau must be finite and > 0/ });
  t.throws(() => brainpy.Expon.desc({ taus: 1 } as never), { instanceOf: TypeError, message: /unknown parameter 'taus'; valid parameters: tau/ });
  t.throws(() => brainpy.DualExpon.desc({ tau_rise: 2, tau_decay: 2 }), { instanceOf: RangeError, message: /must differ/ });
  t.throws(() => brainpy.COBA.desc({} as never), { instanceOf: TypeError, message: /E is required/ });
  t.throws(() => brainpy.COBA.desc({ E: u.ms(1) }), { instanceOf: TypeError });
  t.throws(() => brainpy.FixedProb(1.5), { instanceOf: RangeError });
  t.throws(() => new brainpy.PoissonInput({ target: N, num_input: 3, freq: 10, weight: 1, variable: 'W' }), { instanceOf: TypeError, message: /has no variable .*W/ });
  const net = new brainpy.Network(new brainpy.AlignPostProj({ pre: N, post: M, comm: brainpy.AllToAll(), syn: brainpy.Expon.desc(), out: brainpy.COBA.desc({ E: 0 }) }));
  t.throws(() => brainpy.run(net, { steps: 10, inputs: [[lif(3), 1]] }), { instanceOf: TypeError, message: /not in the network/ });
  t.throws(() => brainpy.run(net, { steps: 10, recordd: [] } as never), { instanceOf: TypeError, message: /unknown option 'recordd'/ });
  t.throws(() => brainpy.run(net, { steps: 10, inputs: [[N, [1, 2]]] }), { instanceOf: TypeError, message: /2 values for 10 neurons/ });
  t.throws(() => brainpy.run(net, { steps: 10, dt: -1 }), { instanceOf: RangeError });
});

test('a diverging network stops with a NonFiniteStateError naming model, population, neuron and time', (t) => {
  // Initial spikes (V0 above threshold) carry a weight that overflows the current.
  const N = lif(3, { V_initializer: -45 });
  const proj = new brainpy.AlignPostProj({ pre: N, post: N, comm: brainpy.OneToOne({ weight: 1e308 }), syn: brainpy.Expon.desc(), out: brainpy.CUBA.desc({ scale: 10 }) });
  t.throws(() => brainpy.run(new brainpy.Network(new brainpy.AlignPostProj({ pre: N, post: N, comm: brainpy.OneToOne(), syn: brainpy.Expon.desc(), out: brainpy.CUBA.desc({ scale: Infinity }) })), { steps: 5 }), { instanceOf: RangeError, message: /CUBA scale must be finite/ });
  const e = t.throws(() => brainpy.run(new brainpy.Network(proj), { steps: 5 }));
  t.is(e?.name, 'NonFiniteStateError');
  t.regex(e?.message ?? '', /LIFRef \(population 0\): state became non-finite at neuron 0, t = \d/);
});
