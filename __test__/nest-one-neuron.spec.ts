/**
 * Seed 003 ("One neuron") and NEST's iaf_psc_alpha test tables through the
 * public API. Reference numbers: NEST 3.10 run of the seed (16 spikes, the
 * first at 59.3, 120.6, 181.9 ms; V_m start −69.85, max −55.00), and
 * testsuite/pytests/neurons/test_iaf_psc_alpha.py (rtol 1e-6 in NEST; the
 * tables are printed to 6 significant digits, hence 1e-5 here).
 */
import test from 'ava';
import { nest, u } from '../src/index.js';

test('seed 003: constant current I_e = 376 pA (NEST 3.10 numbers)', (t) => {
  const sim = new nest.Simulator({ dt: u.ms(0.1) });
  const neuron = sim.create(nest.iaf_psc_alpha, 1, { I_e: u.pA(376) });
  const vm = sim.create('voltmeter');
  const sr = sim.create('spike_recorder');
  sim.connect(vm, neuron);
  sim.connect(neuron, sr);
  const res = sim.simulate(u.ms(1000));
  const v = res.trace(vm, 'V_m');
  t.is(res.times.length, 10000);
  t.is(res.times[0], 0.1);
  t.is(v.length, 10000);
  t.is(v[0]!.toFixed(2), '-69.85');
  t.is(Math.max(...v).toFixed(2), '-55.00');
  let drops = 0;
  for (let k = 1; k < v.length; k++) if (v[k]! - v[k - 1]! < -10) drops++;
  t.is(drops, 16);
  const s = res.spikes(sr);
  t.is(s.times.length, 16);
  // Times are NEST's bit for bit (tics · 0.001 ms: NEST 3.10 reports 59.300000000000004, 120.60000000000001, 181.9).
  t.deepEqual([...s.times.slice(0, 3)], [59.300000000000004, 120.60000000000001, 181.9]);
  t.deepEqual([...new Set(s.senders)], [neuron.ids[0]!]);
  t.is(res.rate(sr), 16);
});

test('seed 003: two-channel Poisson noise with signed weights (brainpy.state: mean −61.25 mV, std 4.96 mV, 47 Hz)', (t) => {
  // The published numbers come from one random realisation; ours is another
  // draw of the same process, so the comparison is statistical (seeds 1..8).
  const stats = [1, 2, 3, 4, 5, 6, 7, 8].map((seed) => {
    const sim = new nest.Simulator({ dt: 0.1, seed });
    const neuron = sim.create('iaf_psc_alpha', 1);
    const noise = sim.create('poisson_generator', 2, { rate: [80000, 15000] });
    const vm = sim.create('voltmeter');
    const sr = sim.create('spike_recorder');
    sim.connect(noise, neuron, { weight: [1.2, -1.0], delay: 1.0 });
    sim.connect(vm, neuron);
    sim.connect(neuron, sr);
    const res = sim.simulate(1000);
    const v = res.trace(vm, 'V_m');
    const mean = v.reduce((a, b) => a + b, 0) / v.length;
    const std = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length);
    return { mean, std, rate: res.rate(sr) };
  });
  const avg = (k: 'mean' | 'std' | 'rate') => stats.reduce((a, s) => a + s[k], 0) / stats.length;
  t.true(Math.abs(avg('mean') + 61.25) < 0.3, `mean ${avg('mean')}`);
  t.true(Math.abs(avg('std') - 4.96) < 0.3, `std ${avg('std')}`);
  t.true(Math.abs(avg('rate') - 47) < 6, `rate ${avg('rate')}`);
});

test('rng_seed fixes a generator\'s trains', (t) => {
  const once = (seed: number) => {
    const sim = new nest.Simulator({ seed });
    const n = sim.create('iaf_psc_alpha');
    const g = sim.create('poisson_generator', 1, { rate: 50000, rng_seed: 0 });
    const vm = sim.create('voltmeter');
    sim.connect(g, n, { weight: 1.5 });
    sim.connect(vm, n);
    return sim.simulate(50).trace(vm);
  };
  t.deepEqual(once(1), once(2));
});

test('A1 test_iaf_psc_alpha_basic: dc 1000 pA, delay 0.1 ms', (t) => {
  const sim = new nest.Simulator({ dt: 0.1 });
  const n = sim.create('iaf_psc_alpha');
  const dc = sim.create('dc_generator', 1, { amplitude: 1000 });
  const vm = sim.create('voltmeter');
  sim.connect(dc, n, { delay: 0.1 });
  sim.connect(vm, n);
  const res = sim.simulate(8);
  const v = res.trace(vm);
  const at = (ms: number) => v[Math.round(ms / 0.1) - 1]!;
  const table: Array<[number, number]> = [[0.1, -70], [0.2, -70], [0.3, -69.602], [0.4, -69.2079], [1.0, -66.9247], [4.5, -56.0204], [4.9, -55.0001], [5.0, -70], [7.0, -70], [7.1, -69.602], [7.9, -66.5572]];
  for (const [ms, want] of table) t.true(Math.abs(at(ms) - want) <= 1e-5 * Math.abs(want), `t ${ms}: ${at(ms)} vs ${want}`);
});

test('A3 test_iaf_psc_alpha_i0_refractory: the 1450 pA cross-resolution test', (t) => {
  const table: Array<[number, number]> = [[0.1, -69.4229], [0.2, -68.8515], [0.5, -67.1713], [1.0, -64.4806], [2.0, -59.4864], [2.9, -55.3993], [3.0, -70], [5.0, -70], [5.1, -69.4229], [6.0, -64.4806], [6.9, -59.9636]];
  for (const h of [0.1, 0.2, 0.5, 1.0]) {
    const sim = new nest.Simulator({ dt: h });
    const n = sim.create('iaf_psc_alpha', 1, { I_e: 1450 });
    const vm = sim.create('voltmeter');
    const sr = sim.create('spike_recorder');
    sim.connect(vm, n);
    sim.connect(n, sr);
    const res = sim.simulate(7);
    const v = res.trace(vm);
    t.deepEqual([...res.spikes(sr).times].map((x) => +x.toFixed(9)), [3]);
    for (const [ms, want] of table) {
      const k = Math.round(ms / h);
      if (Math.abs(k * h - ms) > 1e-9) continue;
      t.true(Math.abs(v[k - 1]! - want) <= 1e-5 * Math.abs(want), `h ${h} t ${ms}: ${v[k - 1]} vs ${want}`);
    }
  }
});

test('A4 test_iaf_psc_alpha_mindelay: 21 × cont(0.5) equals one run, sampled every 1 ms', (t) => {
  const want = [-70, -70, -66.55725, -63.07837, -59.93054, -57.08227, -70, -70, -69.60199, -65.83337];
  for (const minDelay of [0.1, 0.5, 2.0]) {
    const sim = new nest.Simulator({ dt: 0.1 });
    const n = sim.create('iaf_psc_alpha');
    const dc = sim.create('dc_generator', 1, { amplitude: 1000 });
    const vm = sim.create('voltmeter', 1, { interval: 1.0 });
    const other = sim.create('iaf_psc_delta');
    sim.connect(dc, n, { delay: 2.0 });
    sim.connect(other, other, { weight: 0, delay: minDelay });
    sim.connect(vm, n);
    const v: number[] = [];
    const times: number[] = [];
    for (let k = 0; k < 21; k++) {
      const r = k === 0 ? sim.simulate(0.5) : sim.cont(0.5);
      v.push(...r.trace(vm));
      times.push(...r.traceTimes(vm));
    }
    t.deepEqual(times.map((x) => +x.toFixed(9)), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    want.forEach((w, i) => t.true(Math.abs(v[i]! - w) <= 1e-7 * Math.abs(w), `min_delay ${minDelay}, t ${i + 1}: ${v[i]} vs ${w}`));
  }
});

test('examples/nest/one-neuron.ts prints the seed numbers', async (t) => {
  const log = console.log;
  console.log = () => {};
  try {
    const { default: main } = await import('../examples/nest/one-neuron.js');
    const r = await main();
    t.is(r.start.toFixed(2), '-69.85');
    t.is(r.max.toFixed(2), '-55.00');
    t.is(r.spikes, 16);
    t.deepEqual(r.first.map((x) => x.toFixed(1)), ['59.3', '120.6', '181.9']);
    t.true(Math.abs(r.mean + 61.25) < 0.5 && Math.abs(r.std - 4.96) < 0.5 && Math.abs(r.rate - 47) < 12);
  } finally {
    console.log = log;
  }
});

test('A5 test_iaf_psp / test_syn_hom_w: spike_generator spike at 2.0 ms, 100 pA, delay 1 ms', (t) => {
  for (const h of [0.1, 0.2, 0.5, 1.0]) {
    const sim = new nest.Simulator({ dt: h });
    const sg = sim.create(nest.spike_generator, 1, { spike_times: [u.ms(2)], start: 1, stop: 3 });
    const n = sim.create('iaf_psc_alpha');
    const vm = sim.create('voltmeter');
    sim.connect(sg, n, { weight: u.pA(100), delay: 1.0 });
    sim.connect(vm, n);
    const v = sim.simulate(7).trace(vm);
    t.deepEqual([...sg.get('spike_times')], [2]);
    const table: Array<[number, number]> = [[3.0, -70], [3.1, -69.9974], [3.2, -69.9899], [3.3, -69.9781], [3.5, -69.9434], [4.0, -69.8108], [5.0, -69.4681], [5.7, -69.2383]];
    for (const [ms, want] of table) {
      const k = Math.round(ms / h);
      if (Math.abs(k * h - ms) > 1e-9) continue;
      t.true(Math.abs(v[k - 1]! - want) <= 1e-5 * Math.abs(want), `h ${h} t ${ms}: ${v[k - 1]} vs ${want}`);
    }
  }
  const sim = new nest.Simulator();
  t.throws(() => sim.create('spike_generator', 1, { spike_times: [1.05] }), { instanceOf: RangeError, message: /not representable/ });
  // Two spikes at one time add (NEST 3.10: V(3.1) = −69.9948).
  const n = sim.create('iaf_psc_alpha');
  const sg = sim.create('spike_generator', 1, { spike_times: [2, 2, 5], start: 1, stop: 3 });
  const vm = sim.create('voltmeter');
  sim.connect(sg, n, { weight: 100 });
  sim.connect(vm, n);
  const v = sim.simulate(7).trace(vm);
  t.is(v[30]!.toFixed(4), '-69.9948');
  t.is(v[29], -70);
});
