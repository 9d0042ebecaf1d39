/**
 * The NEST Simulator API: node collections, parameters and units, the model
 * directory, connection rules and getConnections, clear errors, async runs
 * with progress and cancellation, and bit-identical results for any thread
 * count.
 */
import test from 'ava';
import { nest, u } from '../src/index.js';

test('model directory lists models with NEST defaults and units', (t) => {
  t.true(nest.models().includes('iaf_psc_alpha'));
  t.true(nest.models().includes('poisson_generator'));
  const m = nest.modelInfo('iaf_psc_alpha');
  t.is(m.kind, 'neuron');
  t.is(m.family, 'iaf_psc');
  t.regex(m.category, /exact/);
  const p = Object.fromEntries(m.parameters.map((x) => [x.name, [x.value, x.unit]]));
  t.deepEqual(p.C_m, [250, 'pF']);
  t.deepEqual(p.tau_syn_ex, [2, 'ms']);
  t.deepEqual(p.V_th, [-55, 'mV']);
  t.deepEqual(m.recordables.map((r) => r.name), ['V_m', 'I_syn_ex', 'I_syn_in']);
  t.throws(() => nest.modelInfo('iaf_psc_alfa'), { instanceOf: TypeError, message: /iaf_psc_alpha/ });
});

test('node collections: ids, slicing, concatenation, get/set with units', (t) => {
  const sim = new nest.Simulator();
  const a = sim.create('iaf_psc_alpha', 10, { params: { tau_m: 20 } });
  const b = sim.create('iaf_psc_exp', 5, { V_th: u.mV(-50) });
  t.deepEqual(a.ids, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  t.deepEqual(b.ids, [11, 12, 13, 14, 15]);
  t.deepEqual(a.slice(0, 3).ids, [1, 2, 3]);
  t.deepEqual(a.slice(8).concat(b.slice(0, 1)).ids, [9, 10, 11]);
  t.is([...a].length, 10);
  t.deepEqual([...a.get('tau_m')], Array(10).fill(20));
  t.deepEqual([...b.get('V_th')], Array(5).fill(-50));
  a.slice(0, 2).set({ I_e: [u.nA(0.1), '200 pA'] });
  const ie = a.slice(0, 3).get('I_e');
  t.true(Math.abs(ie[0]! - 100) < 1e-9 && ie[1] === 200 && ie[2] === 0);
  // E_L change keeps absolute potentials (NEST semantics).
  a.at(0).set({ E_L: -65 });
  t.deepEqual([...a.at(0).get('V_th')], [-55]);
  t.deepEqual(b.models, Array(5).fill('iaf_psc_exp'));
});

test('errors are clear and typed', (t) => {
  const sim = new nest.Simulator();
  const n = sim.create('iaf_psc_alpha', 2);
  const vm = sim.create('voltmeter');
  const sr = sim.create('spike_recorder');
  t.throws(() => sim.create('iaf_psc_alfa'), { instanceOf: TypeError, message: /valid: .*iaf_psc_alpha/ });
  t.throws(() => sim.create('iaf_psc_alpha', 1, { tau_syn: 2 }), { instanceOf: TypeError, message: /tau_syn_ex/ });
  t.throws(() => sim.create('iaf_psc_alpha', 1, { C_m: 0 }), { instanceOf: RangeError, message: /C_m > 0/ });
  t.throws(() => sim.create('iaf_psc_alpha', 1, { V_reset: -50 }), { instanceOf: RangeError, message: /V_reset < V_th/ });
  t.throws(() => sim.create('iaf_psc_exp', 1, { t_ref: -1 }), { instanceOf: RangeError, message: /t_ref >= 0/ });
  t.throws(() => sim.create('iaf_psc_alpha', 1, { I_e: u.mV(3) }), { instanceOf: TypeError, message: /expects pA/ });
  t.throws(() => sim.connect(n, vm), { instanceOf: TypeError, message: /connect\(meter, neurons\)/ });
  t.throws(() => sim.connect(sr, n), { instanceOf: TypeError, message: /spike_recorder/ });
  t.throws(() => sim.connect(n, n, { delay: 0.04 }), { instanceOf: RangeError, message: /below the resolution/ });
  t.throws(() => sim.connect(n, n, { rule: 'all_to_one' }), { instanceOf: TypeError, message: /fixed_indegree/ });
  t.throws(() => sim.connect(n, n, { synapse: 'stdp_synapse' }), { instanceOf: TypeError, message: /static_synapse/ });
  t.throws(() => sim.connect(n, n, { receptor_type: 3 }), { instanceOf: RangeError, message: /receptor/ });
  t.throws(() => sim.simulate(-1), { instanceOf: RangeError, message: />= 0/ });
  t.throws(() => sim.simulate(0.05), { instanceOf: RangeError, message: /multiple of dt/ });
  const mm = sim.create('multimeter', 1, { record_from: ['g_ex'] });
  sim.connect(mm, n);
  t.throws(() => sim.simulate(1), { instanceOf: TypeError, message: /recordables: V_m, I_syn_ex, I_syn_in/ });
  t.throws(() => new nest.Simulator({ dt: -0.1 }), { instanceOf: RangeError });
});

test('connection rules and getConnections with settable weights', (t) => {
  const sim = new nest.Simulator({ seed: 3 });
  const a = sim.create('iaf_psc_alpha', 50);
  const b = sim.create('iaf_psc_delta', 40);
  t.is(sim.connect(a, b, { rule: 'fixed_indegree', indegree: 5, weight: u.mV(0.5), delay: u.ms(1.5) }), 200);
  t.is(sim.connect(b, b, { rule: { rule: 'fixed_outdegree', outdegree: 3 }, allow_autapses: false, allow_multapses: false }), 120);
  t.is(sim.connect(a.slice(0, 10), a.slice(10, 20), { rule: 'one_to_one', weight: 2 }), 10);
  t.is(sim.connect(a, a, { rule: 'fixed_total_number', N: 77 }), 77);
  const pb = sim.connect(a, a, { rule: 'pairwise_bernoulli', p: 0.2 });
  t.true(pb > 350 && pb < 650);
  const c = sim.getConnections({ source: a, target: b });
  t.is(c.length, 200);
  t.true(c.weight.every((w) => w === 0.5));
  t.true(c.delay.every((d) => d === 1.5));
  for (const tgt of b.ids) t.is(c.target.filter((x) => x === tgt).length, 5);
  const bb = sim.getConnections({ source: b, target: b });
  t.true([...bb.source].every((s, i) => s !== bb.target[i]));
  c.set('weight', 1.25);
  t.true(sim.getConnections({ source: a, target: b }).weight.every((w) => w === 1.25));
  c.set({ weight: Array.from({ length: 200 }, (_, i) => i) });
  t.deepEqual([...sim.getConnections({ source: a, target: b }).get('weight')].slice(0, 3), [0, 1, 2]);
  // The same seed builds the same network.
  const again = new nest.Simulator({ seed: 3 });
  const a2 = again.create('iaf_psc_alpha', 50);
  const b2 = again.create('iaf_psc_delta', 40);
  again.connect(a2, b2, { rule: 'fixed_indegree', indegree: 5 });
  t.deepEqual(again.getConnections().source, sim.getConnections({ source: a, target: b }).source);
});

test('weights change the run: getConnections().set takes effect', (t) => {
  const sim = new nest.Simulator();
  const pre = sim.create('iaf_psc_alpha', 1, { I_e: 1000 });
  const post = sim.create('iaf_psc_delta');
  const vm = sim.create('voltmeter');
  sim.connect(pre, post, { weight: 1.0 });
  sim.connect(vm, post);
  const v1 = sim.simulate(10).trace(vm);
  // pre spikes at 4.8 ms; with d = 1 ms the jump is in the state at 5.8 ms.
  t.is(v1[57]! - v1[56]! > 0.99 * Math.exp(-0.01), true);
  t.is(v1[56], -70);
  sim.getConnections({ source: pre }).set('weight', 3.0);
  const v2 = sim.simulate(10).trace(vm);
  t.true(Math.abs(v2[57]! + 67) < 1e-12);
});

function network(threads: number) {
  const sim = new nest.Simulator({ threads, seed: 11 });
  const ex = sim.create('iaf_psc_alpha', 1600);
  const inh = sim.create('iaf_psc_exp', 400);
  const all = ex.concat(inh);
  const noise = sim.create('poisson_generator', 1, { rate: 20000 });
  const sr = sim.create('spike_recorder');
  const vm = sim.create('voltmeter');
  sim.connect(noise, all, { weight: 10 });
  sim.connect(ex, all, { rule: 'fixed_indegree', indegree: 80, weight: 20, delay: 1.5 });
  sim.connect(inh, all, { rule: 'fixed_indegree', indegree: 20, weight: -90, delay: 0.8 });
  sim.connect(all, sr);
  sim.connect(vm, all.slice(0, 20));
  return { sim, sr, vm };
}

test('bit-identical results for 1, 2 and 4 threads', (t) => {
  const runs = [1, 2, 4].map((th) => {
    const { sim, sr, vm } = network(th);
    const r = sim.simulate(100);
    return { s: r.spikes(sr), v: r.trace(vm) };
  });
  t.true(runs[0]!.s.times.length > 500);
  for (const r of runs.slice(1)) {
    t.deepEqual(r.s.senders, runs[0]!.s.senders);
    t.deepEqual(r.s.times, runs[0]!.s.times);
    t.deepEqual(Buffer.from(r.v.buffer), Buffer.from(runs[0]!.v.buffer));
  }
});

test('simulateAsync: same result as simulate, progress, and never blocks the event loop', async (t) => {
  const { sim, sr } = network(2);
  const ref = sim.simulate(100).spikes(sr);
  let ticks = 0;
  const timer = setInterval(() => ticks++, 1);
  const seen: number[] = [];
  const r = await sim.simulateAsync(100, { onProgress: (p) => seen.push(p.fraction), progressInterval: 5 });
  clearInterval(timer);
  t.deepEqual(r.spikes(sr).times, ref.times);
  t.is(seen[seen.length - 1], 1);
  t.true(ticks > 0);
  const c = await sim.contAsync(10);
  t.is(c.t0, 100);
});

test('simulateAsync: AbortSignal cancels with an AbortError', async (t) => {
  const { sim } = network(1);
  const ac = new AbortController();
  const p = sim.simulateAsync(100000, { signal: ac.signal });
  setTimeout(() => ac.abort(), 20);
  const name = async (q: Promise<unknown>) => q.then(() => 'resolved', (e: Error) => e.name);
  t.is(await name(p), 'AbortError');
  const pre = new AbortController();
  pre.abort();
  t.is(await name(sim.simulateAsync(10, { signal: pre.signal })), 'AbortError');
  // The simulator is usable again afterwards.
  t.is(sim.simulate(1).times.length, 10);
});

test('cont continues where simulate stopped; simulate starts fresh', (t) => {
  const sim = new nest.Simulator();
  const n = sim.create('iaf_psc_alpha', 1, { I_e: 376 });
  const vm = sim.create('voltmeter');
  sim.connect(vm, n);
  const whole = sim.simulate(200).trace(vm);
  const a = sim.simulate(120).trace(vm);
  const b = sim.cont(80);
  t.is(b.times[0]!.toFixed(9), '120.100000000');
  t.deepEqual([...a, ...b.trace(vm)], [...whole]);
});

test('meters: interval, start/stop and multimeter recordables', (t) => {
  const sim = new nest.Simulator();
  const n = sim.create('iaf_psc_exp', 2, { I_e: [300, 400] });
  const mm = sim.create('multimeter', 1, { record_from: ['V_m', 'I_syn_ex'], interval: 0.5, start: 1, stop: 3 });
  sim.connect(mm, n);
  const r = sim.simulate(5);
  t.deepEqual([...r.traceTimes(mm)], [1.5, 2, 2.5, 3]);
  t.is(r.trace(mm, 'V_m').length, 8);
  t.deepEqual([...r.traceTargets(mm)], [1, 2]);
  t.true(r.trace(mm, 'I_syn_ex').every((x) => x === 0));
  t.throws(() => r.trace(mm, 'g_ex'), { instanceOf: TypeError, message: /V_m, I_syn_ex/ });
});

test('state read after a run is the state the run reached (vectorised lane chunks and record-by-record chunks agree)', async (t) => {
  // 1024 identical iaf_psc_exp except neuron 1023 (another V_th): the first
  // 512 share all parameters and are stepped as lanes of one vectorised
  // update; the second 512 are stepped one record at a time. Driven by I_e
  // only, neuron 0 and neuron 600 go through the same states.
  const sim = new nest.Simulator({ threads: 2 });
  const pop = sim.create('iaf_psc_exp', 1024, { I_e: 420, tau_syn_ex: 1.5 });
  pop.at(1023).set({ V_th: -54 });
  const vm = sim.create('voltmeter');
  sim.connect(vm, sim.nodes([pop.ids[0]!, pop.ids[600]!]));
  const same = (what: string) => {
    const v = pop.get('V_m');
    t.is(Buffer.from(new Float64Array([v[0]!]).buffer).toString('hex'), Buffer.from(new Float64Array([v[600]!]).buffer).toString('hex'), what);
    return v[0]!;
  };
  const r = sim.simulate(37.3);
  const tr = r.trace(vm);
  t.is(same('after simulate'), tr[tr.length - 2]!);
  t.is(tr[tr.length - 1], tr[tr.length - 2]!);
  t.is(pop.get('I_syn_ex')[0], 0);
  const c = sim.cont(11.1);
  const tc = c.trace(vm);
  t.is(same('after cont'), tc[tc.length - 2]!);
  // Set on one neuron of a lane chunk: it leaves the lanes with its state.
  pop.at(5).set({ I_e: 420 });
  t.is(pop.get('V_m')[5], pop.get('V_m')[0]);
  sim.cont(3);
  t.is(pop.get('V_m')[5], pop.get('V_m')[0]);
  same('after a set and cont');
  const ac = new AbortController();
  const p = sim.simulateAsync(1e6, { signal: ac.signal });
  setTimeout(() => ac.abort(), 30);
  t.is(await p.then(() => 'resolved', (e: Error) => e.name), 'AbortError');
  same('after an aborted async run');
  const after = sim.cont(5).trace(vm);
  t.is(same('after cont following the abort'), after[after.length - 2]!);
});
