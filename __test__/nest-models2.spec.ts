/**
 * Milestone-2 NEST models against NEST 3.10: every case in
 * fixtures/nest/models2.json.gz was run in NEST by
 * `tools/nest_parity.py --models2` (iaf_psc_exp_htum, ignore_and_fire,
 * parrot_neuron, iaf_psc_exp_multisynapse, iaf_psc_alpha_multisynapse, and
 * iaf_psc_delta with refractory_input). Spike times and senders must be identical and recorded
 * V_m / I_syn within 1e-6; plus API checks of the new models.
 */
import test from 'ava';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { nest } from '../src/index.js';

interface Case {
  name: string;
  dt: number;
  T: number;
  nodes: Array<{ model: string; n: number; params: Record<string, number | number[]> }>;
  conns: Array<{ pre: number[]; post: number[]; weight: number[]; delay: number[]; receptor_type?: number }>;
  record: { meter: number[]; record_from: string[]; spikes: number[] };
  expect: { times_first_last: [number, number, number]; traces: Record<string, number[]>; senders: number[]; spike_times: number[] };
}

const fixture = JSON.parse(gunzipSync(readFileSync(new URL('./fixtures/nest/models2.json.gz', import.meta.url))).toString()) as { nest: string; cases: Case[] };

test('models2 fixture comes from NEST 3.10', (t) => {
  t.is(fixture.nest, '3.10.0');
  t.is(fixture.cases.length, 30);
});

for (const c of fixture.cases) {
  test(`exact parity: ${c.name}`, (t) => {
    const sim = new nest.Simulator({ dt: c.dt });
    for (const nd of c.nodes) sim.create(nd.model, nd.n, nd.params);
    for (const cn of c.conns) sim.connect(sim.nodes(cn.pre), sim.nodes(cn.post), { rule: 'one_to_one', weight: cn.weight, delay: cn.delay, receptor_type: cn.receptor_type ?? 0 });
    const mm = sim.create('multimeter', 1, { record_from: c.record.record_from });
    const sr = sim.create('spike_recorder');
    sim.connect(mm, sim.nodes(c.record.meter));
    sim.connect(sim.nodes(c.record.spikes), sr);
    const res = sim.simulate(c.T);
    const e = c.expect;
    const times = res.traceTimes(mm);
    const [first, last, nRef] = e.times_first_last;
    t.is(times[0], first);
    t.is(times[nRef - 1], last);
    // Spike recorders see a spike of multiplicity m m times, as in NEST.
    const sp = res.spikes(sr);
    t.deepEqual([...sp.times], e.spike_times, 'identical spike times');
    t.deepEqual([...sp.senders], e.senders, 'identical senders');
    for (const v of c.record.record_from) {
      const got = res.trace(mm, v);
      const want = e.traces[v]!;
      let worst = 0;
      for (let k = 0; k < want.length; k++) worst = Math.max(worst, Math.abs(got[k]! - want[k]!));
      t.true(worst <= 1e-6, `${v}: max |somata − NEST| = ${worst}`);
    }
  });
}

test('new models are in the directory with NEST names and defaults', (t) => {
  for (const m of ['iaf_psc_exp_htum', 'ignore_and_fire', 'parrot_neuron', 'iaf_psc_exp_multisynapse', 'iaf_psc_alpha_multisynapse']) t.true(nest.models().includes(m), m);
  const h = nest.modelInfo('iaf_psc_exp_htum');
  t.deepEqual(
    h.parameters.filter((p) => p.name.startsWith('t_ref')).map((p) => [p.name, p.value]),
    [['t_ref_abs', 2], ['t_ref_tot', 2]],
  );
  const f = nest.modelInfo('ignore_and_fire');
  t.deepEqual(f.parameters.map((p) => [p.name, p.value]), [['phase', 1], ['rate', 10]]);
  t.deepEqual(nest.modelInfo('parrot_neuron').recordables, []);
});

test('NEST checks of the new models', (t) => {
  const sim = new nest.Simulator({ dt: 0.1 });
  t.throws(() => sim.create('iaf_psc_exp_htum', 1, { t_ref_abs: 3, t_ref_tot: 2 }), { message: /t_ref_abs <= t_ref_tot/ });
  t.throws(() => sim.create('iaf_psc_exp_htum', 1, { t_ref_abs: 0 }), { message: /strictly positive/ });
  t.throws(() => sim.create('ignore_and_fire', 1, { phase: 1.5 }), { message: /Phase must be > 0 and <= 1/ });
  t.throws(() => sim.create('ignore_and_fire', 1, { rate: 0 }), { message: /Firing rate must be > 0/ });
  const p = sim.create('parrot_neuron');
  const dc = sim.create('dc_generator');
  t.throws(() => sim.connect(dc, p));
});

test('multisynapse: tau_syn array parameter, receptor_type 1..n, NEST checks', (t) => {
  const sim = new nest.Simulator({ dt: 0.1 });
  const a = sim.create('iaf_psc_exp_multisynapse', 1, { tau_syn: [1, 2] });
  const b = sim.create('iaf_psc_exp_multisynapse', 1, { tau_syn: [3, 4, 5] });
  const n = sim.nodes([a.ids[0]!, b.ids[0]!]);
  t.deepEqual([...sim.get(b, 'tau_syn')], [3, 4, 5]);
  t.deepEqual([...sim.get(n, 'n_synapses')], [2, 3]);
  t.throws(() => sim.create('iaf_psc_exp_multisynapse', 1, { tau_syn: [10] }), { message: /must differ/ });
  t.throws(() => sim.create('iaf_psc_alpha_multisynapse', 1, { tau_syn: [0] }), { message: /strictly positive/ });
  t.notThrows(() => sim.create('iaf_psc_alpha_multisynapse', 1, { tau_syn: [10] }));
  const sg = sim.create('spike_generator', 1, { spike_times: [1] });
  t.throws(() => sim.connect(sg, n, { receptor_type: 0 }));
  t.notThrows(() => sim.connect(sg, n, { receptor_type: 2, weight: -5 }));
});

test('multisynapse: the number of tau_syn ports cannot change once spikes connect to the neuron (NEST 3.10)', (t) => {
  // NEST 3.10, live (both models): after Connect(spike_generator, m[1], receptor_type 2), m[1].set(tau_syn=[1.]) and
  // tau_syn=[1., 2., 3.] (and [1., -2., 3.]) raise "Setting status of a '<model>' with node ID 2: The neuron has connections,
  // therefore the number of ports cannot be reduced."; tau_syn=[3., 4.] is accepted; a neuron fed only by a dc_generator,
  // only recorded, or only a source changes freely; m.set(tau_syn=[5.]) on all three sets node 1 and stops at node 2;
  // has_connections is (False, True, False).
  for (const model of ['iaf_psc_alpha_multisynapse', 'iaf_psc_exp_multisynapse']) {
    const sim = new nest.Simulator({ dt: 0.1 });
    const m = sim.create(model, 3, { tau_syn: [1, 2] });
    const sg = sim.create('spike_generator', 1, { spike_times: [1] });
    const dc = sim.create('dc_generator');
    const sr = sim.create('spike_recorder');
    const vm = sim.create('voltmeter');
    sim.connect(sg, m.at(1), { receptor_type: 2 });
    sim.connect(dc, m.at(2), { receptor_type: 0 });
    sim.connect(m.at(0), sr);
    sim.connect(vm, m.at(0));
    t.deepEqual([...m.get('has_connections')], [0, 1, 0]);
    const msg = new RegExp(`^Setting status of a '${model}' with node ID 2: The neuron has connections, therefore the number of ports cannot be reduced\\. \\(tau_syn would change the number of receptor ports from 2 to (1|3); node 2 has incoming spike connections`);
    t.throws(() => m.at(1).set({ tau_syn: [1] }), { instanceOf: RangeError, message: msg });
    t.throws(() => m.at(1).set({ tau_syn: [1, 2, 3] }), { instanceOf: RangeError, message: msg });
    t.throws(() => m.at(1).set({ tau_syn: [1, -2, 3] }), { instanceOf: RangeError, message: msg }, 'the port count is checked first');
    t.notThrows(() => m.at(1).set({ tau_syn: [3, 4] }));
    t.notThrows(() => m.at(2).set({ tau_syn: [1] }), 'current input does not fix the ports');
    t.notThrows(() => m.at(0).set({ tau_syn: [1] }), 'outgoing and recording connections do not');
    t.throws(() => m.set({ tau_syn: [5] }), { instanceOf: RangeError, message: /with node ID 2: The neuron has connections/ });
    t.deepEqual([0, 1, 2].map((i) => [...sim.get(m.at(i), 'tau_syn')]), [[5], [3, 4], [1]]);
    // After a run, as before it.
    const s2 = new nest.Simulator({ dt: 0.1 });
    const a = s2.create(model, 2, { tau_syn: [1, 2] });
    s2.connect(a.at(0), a.at(1), { receptor_type: 1 });
    s2.simulate(5);
    t.notThrows(() => a.at(0).set({ tau_syn: [1] }));
    t.throws(() => a.at(1).set({ tau_syn: [1] }), { message: /The neuron has connections/ });
  }
});

test('multisynapse analytic PSC: one spike per port gives w·e^(−t/τk) (exp) and w·t/τk·e^(1 − t/τk) (alpha)', (t) => {
  for (const model of ['iaf_psc_exp_multisynapse', 'iaf_psc_alpha_multisynapse']) {
    const tau = [0.8, 2.5, 6.0];
    const sim = new nest.Simulator({ dt: 0.1 });
    const n = sim.create(model, 1, { tau_syn: tau, V_th: 1e6 });
    const sg = sim.create('spike_generator', 1, { spike_times: [1.0] });
    tau.forEach((_, k) => sim.connect(sg, n, { weight: 100 * (k + 1), delay: 1.0, receptor_type: k + 1 }));
    const mm = sim.create('multimeter', 1, { record_from: ['I_syn_1', 'I_syn_2', 'I_syn_3'] });
    sim.connect(mm, n);
    const res = sim.simulate(30);
    const times = res.traceTimes(mm);
    let worst = 0;
    tau.forEach((ts, k) => {
      const tr = res.trace(mm, `I_syn_${k + 1}`);
      times.forEach((tm, j) => {
        const s = tm - 2.0; // spike at 1 ms + delay 1 ms
        const w = 100 * (k + 1);
        const want = s < 0 ? 0 : model.includes('exp') ? w * Math.exp(-s / ts) : (w * s) / ts * Math.exp(1 - s / ts);
        worst = Math.max(worst, Math.abs(tr[j]! - want));
      });
    });
    t.true(worst < 1e-9, `${model}: max error ${worst}`);
  }
});

test('refractory_input: a boolean of iaf_psc_delta (default false); read-only false on iaf_psc_delta_ps, as in NEST 3.10', (t) => {
  const sim = new nest.Simulator({ dt: 0.1 });
  t.true(nest.modelInfo('iaf_psc_delta').parameters.some((p) => p.name === 'refractory_input' && p.value === 0));
  const d = sim.create('iaf_psc_delta', 2, { refractory_input: [true, false] });
  t.deepEqual([...sim.get(d, 'refractory_input')], [1, 0]);
  // NEST 3.10: "Failed to cast 'refractory_input' from long to type bool".
  t.throws(() => sim.set(d, { refractory_input: 1 }), { instanceOf: TypeError, message: /iaf_psc_delta\.refractory_input must be a boolean \(true or false\)/ });
  t.deepEqual([...sim.get(d, 'refractory_input')], [1, 0]);
  const ps = sim.create('iaf_psc_delta_ps');
  t.deepEqual([...sim.get(ps, 'refractory_input')], [0]);
  t.throws(() => sim.set(ps, { refractory_input: true }), { instanceOf: TypeError, message: /iaf_psc_delta_ps\.refractory_input can be read but not set \(NEST 3\.10: Unaccessed elements in params/ });
  t.false(nest.modelInfo('iaf_psc_alpha').parameters.some((p) => p.name === 'refractory_input'));
  // The same input with and without it: refractory input changes V_m after refractoriness.
  const run = (ri: boolean) => {
    const s = new nest.Simulator({ dt: 0.1 });
    const n = s.create('iaf_psc_delta', 1, { refractory_input: ri, V_m: -54 });
    const sg = s.create('spike_generator', 1, { spike_times: [1.0] });
    s.connect(sg, n, { weight: 5, delay: 1 });
    const vm = s.create('voltmeter');
    s.connect(vm, n);
    return s.simulate(5).trace(vm);
  };
  const [a, b] = [run(true), run(false)];
  // Spike in step 0 (V_m above threshold), t_ref 2 ms (20 steps): the input arrives in step 19 with r = 2
  // steps left, is kept as 5·exp(−2·0.1/10) mV and added in step 21, the first step out of refractoriness.
  t.deepEqual([a[20], b[20], b[21]], [-70, -70, -70]);
  t.true(Math.abs(a[21]! - b[21]! - 5 * Math.exp(-0.2 / 10)) < 1e-12, `${a[21]} vs ${b[21]}`);
});
