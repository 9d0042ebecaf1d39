// The BrainPy-style API: the seed tutorials' numbers, analytic solutions,
// refractory and rising-edge rules, units, async runs and bad input.
import test from 'ava';
import { readFileSync } from 'node:fs';
import { brainpy, u, NonFiniteStateError } from '../src/index.js';

const seedParams = { R: u.ohm(1), tau: u.ms(20), V_rest: u.mV(-60), V_th: u.mV(-50), V_reset: u.mV(-60), tau_ref: u.ms(5) };
const lif = JSON.parse(readFileSync(new URL('./fixtures/brainpy/lif.json', import.meta.url), 'utf8')) as { cases: Array<{ name: string; spikes: number[] }> };

test('seed 001: LIFRef under 25 mA for 200 ms fires 17 spikes (as printed), in float64 and float32', (t) => {
  for (const precision of ['float64', 'float32'] as const) {
    const neuron = new brainpy.LIFRef(1, { ...seedParams, precision });
    brainpy.initAllStates(neuron);
    const r = brainpy.run(neuron, { duration: u.ms(200), dt: u.ms(0.1), input: u.mA(25) });
    t.is(r.V!.length, 2000, 'membrane trace shape (2000, 1)');
    t.is(r.times.length, 2000);
    t.is(r.spikeCounts[0], 17, `total spikes (${precision})`);
    t.is(r.V instanceof Float32Array, precision === 'float32');
  }
});

test('precision may be given as its bit count ({ precision: 32 } / 64), with the same results as the names', (t) => {
  const a = brainpy.run(new brainpy.LIFRef(1, { ...seedParams, precision: 32 }), { duration: 200, dt: 0.1, input: u.mA(25) });
  const b = brainpy.run(new brainpy.LIFRef(1, { ...seedParams, precision: 'float32' }), { duration: 200, dt: 0.1, input: u.mA(25) });
  t.true(a.V instanceof Float32Array);
  t.deepEqual(a.V, b.V);
  t.is(new brainpy.LIFRef(1, { precision: 64 }).precision, 'float64');
  t.throws(() => new brainpy.LIFRef(1, { precision: 16 as never }), { instanceOf: TypeError, message: /precision must be 'float64' \(or 64\) or 'float32' \(or 32\), got number 16/ });
});

test("seed 001 with spk_reset 'hard' gives brainpy.state's hard-reset count (13)", (t) => {
  const ref = lif.cases.find((c) => c.name === 'seed 001, hard reset')!.spikes.length;
  t.is(ref, 13);
  const neuron = new brainpy.LIFRef(1, { ...seedParams, spk_reset: 'hard' });
  t.is(brainpy.run(neuron, { duration: 200, dt: 0.1, input: 25 }).spikeCounts[0], ref);
});

test('one step from JS equals the native rollout bit for bit; get_spike and the clock', (t) => {
  const a = new brainpy.LIFRef(3, { ...seedParams, V_initializer: [-60, -55, 0] });
  const b = new brainpy.LIFRef(3, { ...seedParams, V_initializer: [-60, -55, 0] });
  const r = brainpy.run(a, { steps: 300, input: [20, 25, 30] });
  let count = 0;
  for (let k = 0; k < 300; k++) {
    const spk = b.update([20, 25, 30]);
    t.deepEqual(spk, b.get_spike());
    count += spk.reduce((x, y) => x + y, 0);
    for (let i = 0; i < 3; i++) if (b.V[i] !== r.V![k * 3 + i]) return t.fail(`step ${k} neuron ${i}`);
  }
  t.is(count, r.spikeCounts.reduce((x, y) => x + y, 0));
  t.deepEqual(Array.from(a.V), Array.from(b.V));
  t.is(a.t, b.t);
  t.true(Math.abs(b.t - 30) < 1e-9);
});

test('float32: the JS step loop equals the native rollout bit for bit (same f32 clock)', (t) => {
  const mk = () => new brainpy.LIFRef(2, { ...seedParams, precision: 'float32', V_initializer: [0, -60] });
  const a = mk();
  const b = mk();
  const r = brainpy.run(a, { steps: 2000, input: 25 });
  t.true(r.V instanceof Float32Array);
  for (let k = 0; k < 2000; k++) {
    b.update(25);
    if (b.V[0] !== r.V![2 * k] || b.V[1] !== r.V![2 * k + 1]) return t.fail(`step ${k}`);
  }
  t.deepEqual(Array.from(a.last_spike_time), Array.from(b.last_spike_time));
});

test('LIF is exact for constant input: V(t) = V_inf + (V0 - V_inf) e^(-t/tau)', (t) => {
  const tau = 12.5;
  const neuron = new brainpy.LIF(1, { R: 2, tau, V_rest: -65, V_th: 100, V_reset: -65, V_initializer: -70 });
  const r = brainpy.run(neuron, { duration: 100, dt: 0.1, input: 4 });
  const vinf = -65 + 2 * 4;
  let worst = 0;
  r.V!.forEach((v, k) => (worst = Math.max(worst, Math.abs(v - (vinf + (-70 - vinf) * Math.exp(-((k + 1) * 0.1) / tau))))));
  t.true(worst < 1e-12, `max error ${worst}`);
});

test('ALIF adaptation decays exactly: a(t) = a0 e^(-t/tau_a) without spikes', (t) => {
  const neuron = new brainpy.ALIF(1, { tau_a: 80, V_th: 1000, a_initializer: 2 });
  const r = brainpy.run(neuron, { duration: 50, dt: 0.1, record: ['a'] });
  let worst = 0;
  r.a!.forEach((a, k) => (worst = Math.max(worst, Math.abs(a / (2 * Math.exp(-((k + 1) * 0.1) / 80)) - 1))));
  t.true(worst < 1e-13, `max relative error ${worst}`);
});

test('refractory: V is held at its reset value and current and delta inputs are discarded while t - last_spike_time < tau_ref', (t) => {
  const tau_ref = 2;
  const n = new brainpy.LIFRef(1, { ...seedParams, tau_ref, V_initializer: -60 });
  let spikeStep = -1;
  let lastAtSpike = NaN;
  const V: number[] = [];
  const dt = 0.1;
  for (let k = 0; k < 400; k++) {
    if (spikeStep >= 0) n.addDeltaInput('kick', 5); // would add 5 mV if not refractory
    n.update(spikeStep >= 0 ? 1000 : 30);
    V.push(n.V[0]!);
    if (spikeStep < 0 && n.get_spike()[0] === 1) {
      spikeStep = k;
      lastAtSpike = n.last_spike_time[0]!;
    }
    if (spikeStep >= 0 && k > spikeStep + 40) break;
  }
  t.true(spikeStep > 0);
  const tSpike = spikeStep * dt;
  const held = V.slice(spikeStep + 1).findIndex((_, j) => !((spikeStep + 1 + j) * dt - tSpike < tau_ref));
  // Steps s+1 … s+held are refractory by the float rule (19 here), all at the soft-reset value.
  t.is(held, 19);
  const vReset = V[spikeStep]! - 10; // soft: V - (V_th - V_reset)
  for (let j = 1; j <= held; j++) t.is(V[spikeStep + j], vReset, `step s+${j}`);
  t.true(V[spikeStep + held + 1]! > vReset + 5, 'inputs act again after the refractory period');
  t.is(lastAtSpike, tSpike);
});

test('HH emits rising edges: 1 only on the step V first reaches V_th from below', (t) => {
  const neuron = new brainpy.HH(1, { V_initializer: -65 });
  const r = brainpy.run(neuron, { duration: 50, dt: 0.01, input: u.uA(10) });
  const V = r.V!;
  let crossings = 0;
  let above = 0;
  for (let k = 0; k < r.steps; k++) {
    const prev = k === 0 ? -65 : V[k - 1]!;
    const rising = V[k]! >= 20 && prev < 20 ? 1 : 0;
    crossings += rising;
    above += V[k]! >= 20 ? 1 : 0;
    if (r.spikes[k] !== rising) return t.fail(`step ${k}`);
  }
  t.true(crossings >= 3);
  t.true(above > 5 * crossings, 'V stays above threshold for many steps per spike');
});

test('HH gates start at their steady state; random V is seeded per neuron and in [-70, -60) mV', (t) => {
  const a = new brainpy.HH(5, { seed: 42 });
  const b = new brainpy.HH(3, { seed: 42 });
  const c = new brainpy.HH(5, { seed: 43 });
  t.deepEqual(Array.from(a.V.subarray(0, 3)), Array.from(b.V));
  t.notDeepEqual(Array.from(a.V), Array.from(c.V));
  t.true(Array.from(a.V).every((v) => v >= -70 && v < -60));
  const V = a.V[0]!;
  const am = (0.1 * (V + 40)) / (1 - Math.exp(-(V + 40) / 10));
  const bm = 4 * Math.exp(-(V + 65) / 18);
  t.true(Math.abs(a.m[0]! - am / (am + bm)) < 1e-14);
  const before = Array.from(a.V);
  a.update(10);
  a.init_all_states();
  t.deepEqual(Array.from(a.V), before, 'initAllStates re-draws the same seeded values');
  const u0 = new brainpy.HH(4, { V_initializer: brainpy.init.Uniform(u.mV(-80), u.mV(-79)), seed: 1 });
  t.true(Array.from(u0.V).every((v) => v >= -80 && v < -79));
});

test('units: quantities are converted once; V is a writable live view in mV; sizes may be shapes', (t) => {
  const a = new brainpy.LIF([2, 3], { tau: u.s(0.02), V_th: u.V(-0.05), V_rest: '-60 mV', V_reset: -60, R: u.kohm(0.001) });
  t.is(a.num, 6);
  t.deepEqual(a.varshape, [2, 3]);
  t.deepEqual(Array.from(a.param('tau')), [20, 20, 20, 20, 20, 20]);
  t.deepEqual(Array.from(a.param('R')), [1, 1, 1, 1, 1, 1]);
  a.V.fill(-55);
  a.V[0] = -60;
  t.is(a.getState('V')[1], -55);
  a.setState('V', u.mV(-58));
  t.is(a.V[3], -58);
  t.is(a.units.V, 'mV');
  const b = new brainpy.LIF(1, { tau: 20, V_rest: -60, V_th: -50, V_reset: -60, V_initializer: -60 });
  const c = new brainpy.LIF(1, { tau: 20, V_rest: -60, V_th: -50, V_reset: -60, V_initializer: -60 });
  const rb = brainpy.run(b, { duration: 50, input: u.uA(25000) });
  const rc = brainpy.run(c, { duration: 50, input: 25 });
  // 25000 uA is 25 mA up to the rounding of the unit conversion.
  t.true(rb.V!.every((v, k) => Math.abs(v - rc.V![k]!) < 1e-12 * Math.abs(v)));
});

test('per-neuron quantities, ref_var, Izhikevich ignores spk_reset, setParam', (t) => {
  const a = new brainpy.LIF(2, { tau: [u.ms(10), u.s(0.02)], V_th: [u.mV(1), 2] });
  t.deepEqual(Array.from(a.param('tau')), [10, 20]);
  t.deepEqual(Array.from(a.param('V_th')), [1, 2]);
  const r1 = new brainpy.ExpIFRef(1, { ref_var: true });
  const r0 = new brainpy.ExpIFRef(1);
  t.true(r1.refractory instanceof Float64Array);
  t.is(r0.refractory, undefined);
  brainpy.run(r1, { steps: 300, input: 12, record: ['refractory'] });
  const iz = (reset: 'soft' | 'hard') => brainpy.run(new brainpy.Izhikevich(1, { spk_reset: reset }), { steps: 1000, input: 10 }).V!;
  t.deepEqual(Array.from(iz('soft')), Array.from(iz('hard')));
  const b = new brainpy.LIF(1, { V_th: 100 });
  b.setParam('V_rest', u.mV(-10));
  const rb = brainpy.run(b, { duration: 100 });
  t.true(Math.abs(rb.V![rb.V!.length - 1]! + 10) < 1e-6, 'relaxes to the new V_rest');
});

test('input forms: per step, per step and neuron, per neuron and a function of t agree', (t) => {
  const steps = 200;
  const f = (tt: number) => 20 + 10 * Math.sin(tt / 3);
  const perStep = Array.from({ length: steps }, (_, k) => f(k * 0.1));
  const mk = () => new brainpy.ExpIFRef(2, { tau: 20, V_rest: -60, V_reset: -60 });
  const r1 = brainpy.run(mk(), { steps, input: perStep });
  const r2 = brainpy.run(mk(), { steps, input: { perStepPerNeuron: perStep.flatMap((x) => [x, x]) } });
  const r3 = brainpy.run(mk(), { steps, input: f });
  t.deepEqual(Array.from(r1.V!), Array.from(r2.V!));
  t.deepEqual(Array.from(r1.V!), Array.from(r3.V!));
  t.deepEqual(Array.from(r1.spikes), Array.from(r3.spikes));
  const d = Array.from({ length: steps }, (_, k) => (k % 10 === 0 ? 3 : 0));
  const r5 = brainpy.run(mk(), { steps, input: perStep, delta: d });
  const r6 = brainpy.run(mk(), { steps, input: f, delta: { perStepPerNeuron: d.flatMap((x) => [x, x]) } });
  t.deepEqual(Array.from(r5.V!), Array.from(r6.V!), 'delta inputs: fast path and function-input path agree');
  t.notDeepEqual(Array.from(r5.V!), Array.from(r1.V!));
  const r4 = brainpy.run(mk(), { steps: 10, input: { perNeuron: [0, 30] } });
  t.true(r4.V![18]! !== r4.V![19]!);
});

test('conductance inputs: units, persistence across steps and runs, removal', (t) => {
  const mk = () => new brainpy.LIF(2, { tau: 10, V_rest: -60, V_th: 100, V_reset: -60, V_initializer: -60 });
  const a = mk();
  a.addCurrentInput('syn', brainpy.conductanceInput(u.mS(200), u.mV(0))); // 0.2 S
  const r = brainpy.run(a, { duration: 200 });
  // Steady state of tau dV/dt = -(V + 60) + R g (E - V): V = (-60 + 0.2·0)/(1 + 0.2) = -50 mV.
  t.true(Math.abs(r.V![r.V!.length - 1]! + 50) < 1e-6);
  const b = mk();
  b.add_current_input('syn', brainpy.conductanceInput(0.2, [0, 0]));
  for (let k = 0; k < 2000; k++) b.update();
  t.is(b.V[0], a.V[0], 'persistent in the step loop; same numbers as run()');
  t.true(b.removeCurrentInput('syn'));
  b.update();
  t.true(b.V[0]! < a.V[0]!, 'removed: V decays toward V_rest again');
  t.throws(() => mk().addCurrentInput('x', brainpy.conductanceInput(u.mV(1), 0)), { instanceOf: TypeError, message: /\.g .*mV.*S/ });
  const h = new brainpy.HH(1, { V_initializer: -65 });
  h.addCurrentInput('syn', brainpy.conductanceInput(u.uS(150), u.mV(0))); // 0.15 mS
  t.true(brainpy.run(h, { duration: 30, dt: 0.01 }).spikeCounts[0]! >= 1);
});

test('runAsync matches run, reports progress, and an AbortSignal rejects with AbortError', async (t) => {
  const mk = () => new brainpy.AdExIF(2000, { a: 0.05, b: 2 });
  const sync = brainpy.run(mk(), { duration: 20, input: 30 });
  let last = 0;
  const asyncR = await brainpy.runAsync(mk(), { duration: 20, input: 30 }, { onProgress: (p) => (last = p.fraction) });
  t.deepEqual(Array.from(asyncR.V!.subarray(0, 4000)), Array.from(sync.V!.subarray(0, 4000)));
  t.is(last, 1);
  const ac = new AbortController();
  const n = mk();
  const before = Array.from(n.V.subarray(0, 5));
  const p = brainpy.runAsync(n, { duration: 100000, input: 30, record: [] }, { signal: ac.signal });
  setTimeout(() => ac.abort(), 20);
  const e = await t.throwsAsync(p, { any: true });
  t.is((e as { name?: string } | undefined)?.name, 'AbortError');
  t.deepEqual(Array.from(n.V.subarray(0, 5)), before, 'an aborted run leaves the state unchanged');
});

test('NaN or infinite state stops a run with an error naming model, neuron and time', (t) => {
  const n = new brainpy.ExpIF(3);
  const e = t.throws(() => brainpy.run(n, { steps: 10, input: { perNeuron: [0, 0, Infinity] } }));
  t.true(e instanceof NonFiniteStateError, String(e));
  t.regex(e!.message, /ExpIF.*neuron 2.*t = 0 ms/);
  // The same from one JS step, and from the function-input path (state restored).
  t.throws(() => n.update([0, Infinity, 0]), { instanceOf: NonFiniteStateError, message: /ExpIF.*neuron 1.*t = 0 ms/ });
  const m = new brainpy.ExpIF(2);
  const before = Array.from(m.V);
  t.throws(() => brainpy.run(m, { steps: 20, input: (tt) => (tt >= 1 ? [0, Infinity] : 0) }), { instanceOf: NonFiniteStateError, message: /neuron 1, t = 1 ms/ });
  t.deepEqual(Array.from(m.V), before);
  t.is(m.t, 0);
});

test('bad input: unknown names, wrong units, bad constraints, wrong lengths', (t) => {
  const e1 = t.throws(() => new brainpy.LIFRef(1, { tua: 5 } as never), { instanceOf: TypeError });
  t.regex(e1!.message, /unknown parameter 'tua'.*R, tau, tau_ref, V_th, V_reset, V_rest/);
  const e2 = t.throws(() => new brainpy.LIF(1, { tau: u.mV(5) }), { instanceOf: TypeError });
  t.regex(e2!.message, /LIF\.tau.*mV.*voltage.*ms.*time/);
  const e3 = t.throws(() => new brainpy.LIF(1, { R: u.mA(1) }), { instanceOf: TypeError });
  t.regex(e3!.message, /LIF\.R .*mA.*ohm/);
  t.throws(() => new brainpy.LIF(1, { tau: -5 }), { instanceOf: RangeError, message: /tau must be > 0/ });
  t.throws(() => new brainpy.LIF(1, { tau: 0 }), { instanceOf: RangeError, message: /tau must be > 0/ });
  t.throws(() => new brainpy.LIFRef(2, { tau_ref: [1, -1] }), { instanceOf: RangeError, message: /tau_ref must be >= 0.*neuron 1/ });
  t.throws(() => new brainpy.HH(1, { C: 0 }), { instanceOf: RangeError, message: /C must be > 0/ });
  t.throws(() => new brainpy.LIF(3, { tau: [10, 20] }), { instanceOf: TypeError, message: /2 values for 3 neurons/ });
  t.throws(() => new brainpy.LIF(3, { V_initializer: [1, 2] }), { instanceOf: TypeError, message: /2 values for 3 neurons/ });
  t.throws(() => new brainpy.LIF(1, { spk_reset: 'medium' as never }), { instanceOf: TypeError, message: /'soft' or 'hard'/ });
  t.throws(() => new brainpy.LIF(0), { instanceOf: TypeError });
  const n = new brainpy.LIF(2);
  t.throws(() => n.update([1, 2, 3]), { instanceOf: TypeError, message: /3 values for 2 neurons/ });
  t.throws(() => n.update(u.mV(3)), { instanceOf: TypeError, message: /mA/ });
  t.throws(() => brainpy.run(n, { steps: 10, record: ['W' as never] }), { instanceOf: TypeError, message: /no variable 'W'|no variable string W/ });
  t.throws(() => brainpy.run(n, { steps: 10, input: [1, 2, 3] }), { instanceOf: TypeError });
  t.throws(() => brainpy.run(n, { duration: 10, dt: -1 }), { instanceOf: RangeError });
  t.throws(() => n.setParam('tau', -1), { instanceOf: RangeError });
  t.is(n.param('tau')[0], 5, 'a rejected setParam leaves the parameter unchanged');
});

test('the TypeScript model table agrees with the native directory (names, order, units)', (t) => {
  for (const name of brainpy.MODEL_NAMES) {
    const info = brainpy.modelInfo(name);
    t.deepEqual(info.parameters.map((p) => p.name), [...brainpy.MODELS[name].params], name);
    t.deepEqual(info.variables.map((v) => v.name), [...brainpy.MODELS[name].vars], name);
    t.is(typeof (brainpy as Record<string, unknown>)[name], 'function');
  }
  t.is(brainpy.modelInfo('HH').inputUnit, 'uA');
  t.is(brainpy.modelInfo('Izhikevich').defaultReset, 'hard');
});
