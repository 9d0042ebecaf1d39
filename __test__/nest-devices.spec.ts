/**
 * Milestone-2 NEST devices against NEST 3.10: every case in
 * fixtures/nest/devices.json.gz was run in NEST by
 * `tools/nest_parity.py --models2` (step_current_generator and ac_generator
 * with start/stop/origin windows, delays and receptors: identical spike times
 * and senders, V_m / I_syn within 1e-6; noise_generator statistically over 6
 * seeds: rate, V_m mean and std), plus API checks.
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
  kind: 'exact' | 'stat';
  expect: { times_first_last: [number, number, number]; traces: Record<string, number[]>; senders: number[]; spike_times: number[]; seeds: Array<{ seed: number; rate: number; v_mean: number; v_std: number }> };
}

const fixture = JSON.parse(gunzipSync(readFileSync(new URL('./fixtures/nest/devices.json.gz', import.meta.url))).toString()) as { nest: string; cases: Case[] };

test('devices fixture comes from NEST 3.10', (t) => {
  t.is(fixture.nest, '3.10.0');
  t.is(fixture.cases.filter((c) => c.kind === 'exact').length, 6);
  t.is(fixture.cases.filter((c) => c.kind === 'stat').length, 6);
});

for (const c of fixture.cases.filter((x) => x.kind === 'exact')) {
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

test('step_current_generator: array parameters and NEST checks', (t) => {
  const sim = new nest.Simulator({ dt: 0.1 });
  const g = sim.create('step_current_generator', 1, { amplitude_times: [1, 2.5], amplitude_values: [10, 20] });
  t.deepEqual([...sim.get(g, 'amplitude_times')], [1, 2.5]);
  t.deepEqual([...sim.get(g, 'amplitude_values')], [10, 20]);
  t.throws(() => sim.create('step_current_generator', 1, { amplitude_times: [0], amplitude_values: [1] }), { message: /strictly positive/ });
  t.throws(() => sim.create('step_current_generator', 1, { amplitude_times: [1.05], amplitude_values: [1] }), { message: /not representable/ });
  t.throws(() => sim.create('step_current_generator', 1, { amplitude_times: [2, 2], amplitude_values: [1, 2] }), { message: /strictly increasing/ });
  const n = sim.create('iaf_psc_alpha');
  const bad = sim.create('step_current_generator', 1, { amplitude_times: [1, 2], amplitude_values: [1] });
  sim.connect(bad, n);
  t.throws(() => sim.simulate(5), { message: /same size/ });
});

test('ac_generator: defaults and NEST parameter names', (t) => {
  const info = nest.modelInfo('ac_generator');
  t.deepEqual(info.parameters.slice(0, 4).map((p) => [p.name, p.unit, p.value]), [
    ['amplitude', 'pA', 0],
    ['offset', 'pA', 0],
    ['phase', 'deg', 0],
    ['frequency', 'Hz', 0],
  ]);
  t.true(nest.models().includes('step_current_generator'));
});

function build(c: Case, seed?: number) {
  const sim = new nest.Simulator({ dt: c.dt, seed });
  for (const nd of c.nodes) sim.create(nd.model, nd.n, nd.params);
  for (const cn of c.conns) sim.connect(sim.nodes(cn.pre), sim.nodes(cn.post), { rule: 'one_to_one', weight: cn.weight, delay: cn.delay, receptor_type: cn.receptor_type ?? 0 });
  const mm = sim.create('multimeter', 1, { record_from: c.record.record_from });
  const sr = sim.create('spike_recorder');
  sim.connect(mm, sim.nodes(c.record.meter));
  sim.connect(sim.nodes(c.record.spikes), sr);
  return { res: sim.simulate(c.T), mm, sr };
}

for (const c of fixture.cases.filter((x) => x.kind === 'stat')) {
  test(`statistical parity: ${c.name}`, (t) => {
    const ref = c.expect.seeds;
    const ours = ref.map((s) => {
      const { res, mm, sr } = build(c, s.seed);
      const v = res.trace(mm, 'V_m');
      const mean = v.reduce((a, b) => a + b, 0) / v.length;
      const std = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length);
      return { rate: res.rate(sr), v_mean: mean, v_std: std };
    });
    for (const key of ['rate', 'v_mean', 'v_std'] as const) {
      const a = ours.map((x) => x[key]);
      const b = ref.map((x) => x[key]);
      const m = (x: number[]) => x.reduce((p, q) => p + q, 0) / x.length;
      const sd = (x: number[]) => Math.sqrt(x.reduce((p, q) => p + (q - m(x)) ** 2, 0) / (x.length - 1));
      // Difference of means within 4 standard errors (plus 1 % of the value).
      const se = Math.sqrt(sd(a) ** 2 / a.length + sd(b) ** 2 / b.length);
      const diff = Math.abs(m(a) - m(b));
      t.true(diff <= 4 * se + 0.01 * Math.abs(m(b)), `${key}: somata ${m(a).toFixed(4)} vs NEST ${m(b).toFixed(4)} (4·se = ${(4 * se).toFixed(4)})`);
    }
  });
}

test('noise_generator: NEST checks, independent targets, seed-determined', (t) => {
  const sim = new nest.Simulator({ dt: 0.1 });
  t.throws(() => sim.create('noise_generator', 1, { std: -1 }), { message: /cannot be negative/ });
  t.throws(() => sim.create('noise_generator', 1, { std: 1, std_mod: 2 }), { message: /smaller or equal/ });
  const g = sim.create('noise_generator', 1, { dt: 0.25 });
  sim.connect(g, sim.create('iaf_psc_alpha'));
  t.throws(() => sim.simulate(1), { message: /multiple of the simulation resolution/ });
  const run = (seed: number) => {
    const s = new nest.Simulator({ dt: 0.1, seed });
    const n = s.create('iaf_psc_alpha', 2, { V_th: 1e6 });
    const ng = s.create('noise_generator', 1, { mean: 0, std: 100, dt: 0.1 });
    s.connect(ng, n);
    const vm = s.create('voltmeter');
    s.connect(vm, n);
    return s.simulate(20).trace(vm, 'V_m');
  };
  const a = run(5);
  t.deepEqual([...a], [...run(5)]);
  t.notDeepEqual([...a], [...run(6)]);
  t.not(a[100], a[101], 'the two targets get independent noise');
});

test('sinusoidal_poisson_generator: individual_spike_trains 0 gives every target the same train', (t) => {
  const sim = new nest.Simulator({ dt: 0.1, seed: 3 });
  const n = sim.create('iaf_psc_alpha', 3, { V_th: 1e6 });
  const g = sim.create('sinusoidal_poisson_generator', 1, { rate: 5000, amplitude: 3000, frequency: 10, individual_spike_trains: 0 });
  sim.connect(g, n, { weight: 20 });
  const vm = sim.create('voltmeter');
  sim.connect(vm, n);
  const v = sim.simulate(50).trace(vm, 'V_m');
  t.is(v[3 * 400], v[3 * 400 + 1]);
  t.is(v[3 * 400], v[3 * 400 + 2]);
  t.not(v[3 * 400], -70);
  t.deepEqual([...sim.get(g, 'individual_spike_trains')], [0]);
});

test('inhomogeneous_poisson_generator: rate_times/rate_values arrays and checks', (t) => {
  const sim = new nest.Simulator({ dt: 0.1 });
  const g = sim.create('inhomogeneous_poisson_generator', 1, { rate_times: [1, 2], rate_values: [100, 0] });
  t.deepEqual([...sim.get(g, 'rate_values')], [100, 0]);
  t.throws(() => sim.create('inhomogeneous_poisson_generator', 1, { rate_times: [1.05], rate_values: [1] }), { message: /inhomogeneous_poisson_generator: Time point 1.05 is not representable/ });
  t.throws(() => sim.create('inhomogeneous_poisson_generator', 1, { rate_times: [2, 1], rate_values: [1, 2] }), { message: /strictly increasing/ });
});

test('mip_generator: NEST checks; p_copy 1 gives every target the parent train', (t) => {
  const sim = new nest.Simulator({ dt: 0.1, seed: 9 });
  t.throws(() => sim.create('mip_generator', 1, { rate: -1 }), { message: /Rate must be non-negative/ });
  t.throws(() => sim.create('mip_generator', 1, { p_copy: 1.5 }), { message: /Copy probability must be in \[0, 1\]/ });
  const n = sim.create('iaf_psc_alpha', 2, { V_th: 1e6 });
  const g = sim.create('mip_generator', 1, { rate: 3000, p_copy: 1 });
  sim.connect(g, n, { weight: 20 });
  const vm = sim.create('voltmeter');
  sim.connect(vm, n);
  const v = sim.simulate(50).trace(vm, 'V_m');
  t.is(v[2 * 400], v[2 * 400 + 1]);
  t.not(v[2 * 400], -70);
});
