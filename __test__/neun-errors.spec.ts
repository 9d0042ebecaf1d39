// Bad input to the Neun API: every mistake is a clear error of the right
// class (TypeError for the wrong kind of thing, RangeError for a value out
// of range, ReferenceError for a freed neuron, NonFiniteStateError when the
// state blows up), the message names what was wrong, and the process never
// crashes (DESIGN.md principles 6 and 7).
import test from 'ava';
import { execFileSync } from 'node:child_process';
import { neun, NonFiniteStateError } from '../src/index.js';

const hh = () => new neun.HHDoubleRK4();
const call = (f: () => unknown) => () => void f();
const any = (x: unknown) => x as never;

test('enum members of another model, another precision or the other kind are TypeErrors naming the expected enum', (t) => {
  const n = hh();
  t.throws(call(() => n.set(any(neun.HRDoubleVariable.x), 1)), { instanceOf: TypeError, message: /expects a HHDoubleVariable member, got HRDoubleVariable\.x/ });
  t.throws(call(() => n.get(any(neun.HHFloatVariable.v))), { instanceOf: TypeError, message: /HHFloatVariable\.v/ });
  t.throws(call(() => n.set(any(neun.HHDoubleParameter.cm), 1)), { instanceOf: TypeError, message: /HHDoubleVariable/ });
  t.throws(call(() => n.setParam(any(neun.HHDoubleVariable.v), 1)), { instanceOf: TypeError, message: /HHDoubleParameter/ });
  t.throws(call(() => n.setParam(any(neun.IzDoubleParameter.threshold), 1)), { instanceOf: TypeError });
  t.throws(call(() => new neun.HHDoubleRK4(any(new neun.HRDoubleConstructorArgs()))), { instanceOf: TypeError, message: /takes HHDoubleConstructorArgs, got HRDoubleConstructorArgs/ });
  t.throws(call(() => new neun.HHDoubleRK4(any(new neun.HHFloatConstructorArgs()))), { instanceOf: TypeError, message: /got HHFloatConstructorArgs/ });
});

test('bad indices and names are TypeErrors listing the valid variables', (t) => {
  const n = hh();
  for (const bad of [4, -1, 1.5, NaN, 'V', undefined, null, {}]) {
    t.throws(call(() => n.get(any(bad))), { instanceOf: TypeError, message: /valid: HHDoubleVariable\.v, HHDoubleVariable\.h, HHDoubleVariable\.m, HHDoubleVariable\.n/ }, String(bad));
  }
  t.throws(call(() => n.getParam(any(7))), { instanceOf: TypeError, message: /HHDoubleParameter\.cm/ });
  t.throws(call(() => new neun.HHDoubleConstructorArgs(any({ CM: 1 }))), { instanceOf: TypeError, message: /unknown parameter 'CM'; valid parameters: cm, vna/ });
  t.throws(call(() => neun.neuronClass('Rulkov', 'Double', 'RK4')), { instanceOf: TypeError, message: /valid: Stepper/ });
  // valid forms still work: member, index and name address the same slot
  n.set(neun.HHDoubleVariable.m, 0.1);
  t.is(n.get(2), 0.1);
  t.is(n.get('m'), 0.1);
});

test('NaN and infinite parameters, values and inputs are RangeErrors; non-numbers are TypeErrors', (t) => {
  const n = hh();
  t.throws(call(() => n.setParam(neun.HHDoubleParameter.gna, NaN)), { instanceOf: RangeError, message: /parameter gna must be finite, got NaN/ });
  t.throws(call(() => n.set(neun.HHDoubleVariable.v, Infinity)), { instanceOf: RangeError, message: /variable v must be finite/ });
  t.throws(call(() => n.addSynapticInput(NaN)), { instanceOf: RangeError, message: /synaptic input must be finite/ });
  t.throws(call(() => n.set(neun.HHDoubleVariable.v, any('1'))), { instanceOf: TypeError, message: /must be a number/ });
  t.throws(call(() => new neun.HHDoubleRK4({ cm: NaN })), { instanceOf: RangeError, message: /cm must be finite/ });
  t.throws(call(() => new neun.HHDoubleRK4(any(5))), { instanceOf: TypeError });
  t.throws(call(() => n.run({ steps: 10, h: 0.01, input: NaN })), { instanceOf: RangeError });
  t.throws(call(() => n.run({ steps: 10, h: 0.01, input: [1, 2, NaN, 4, 5, 6, 7, 8, 9, 10] })), { instanceOf: RangeError });
  // nothing was changed by the rejected calls
  t.is(n.get('v'), -65);
  t.is(n.getParam('cm'), 7.854e-3);
  t.is(n.getSynapticInput(), 0);
});

test('h <= 0, NaN or infinite is a RangeError; a non-number h is a TypeError', (t) => {
  const n = hh();
  for (const h of [0, -0.01, NaN, Infinity, -Infinity]) {
    t.throws(call(() => n.step(h)), { instanceOf: RangeError, message: /h must be finite and > 0/ }, `step(${h})`);
    t.throws(call(() => n.run({ steps: 10, h })), { instanceOf: RangeError, message: /h must be finite and > 0/ }, `run h=${h}`);
    t.throws(call(() => neun.sweep({ model: 'HH', h, steps: 10 })), { instanceOf: RangeError, message: /h must be finite and > 0/ }, `sweep h=${h}`);
  }
  for (const h of ['0.01', undefined, null]) {
    t.throws(call(() => n.step(any(h))), { instanceOf: TypeError, message: /h must be a number/ }, `step(${String(h)})`);
    t.throws(call(() => n.run({ steps: 10, h: any(h) })), { instanceOf: TypeError, message: /h must be a number/ }, `run h=${String(h)}`);
  }
  t.is(n.get('v'), -65, 'rejected steps do not move the state');
});

test('a blown-up state is a NonFiniteStateError naming the model and the step', (t) => {
  const n = new neun.HHDoubleRK4({ cm: 0 }); // dv/dt divides by cm
  n.addSynapticInput(0.1);
  t.throws(call(() => n.step(0.01)), { instanceOf: NonFiniteStateError, message: /HH neuron state became non-finite .* at step 1/ });
  t.throws(call(() => new neun.HHDoubleRK4({ cm: 0 }).run({ steps: 100, h: 0.01, input: 0.1 })), { instanceOf: NonFiniteStateError });
  t.throws(call(() => neun.sweep({ model: 'HH', params: { cm: [7.854e-3, 0] }, h: 0.01, steps: 100 })), { instanceOf: NonFiniteStateError, message: /neuron 1/ });
});

test('calls after free() are ReferenceErrors', (t) => {
  const n = hh();
  n.free();
  t.true(n.freed);
  for (const f of [() => n.get('v'), () => n.set('v', 1), () => n.setParam('cm', 1), () => n.getParam('cm'), () => n.addSynapticInput(1), () => n.step(0.01), () => n.run({ steps: 1, h: 0.01 }), () => n.state()]) {
    t.throws(call(f), { instanceOf: ReferenceError, message: /HHDoubleRK4: this neuron was freed/ });
  }
});

test('run(): wrong input length, bad steps, every or record', (t) => {
  const n = hh();
  t.throws(call(() => n.run({ steps: 10, h: 0.01, input: new Float64Array(9) })), { instanceOf: TypeError, message: /input has 9 values for 10 steps/ });
  t.throws(call(() => n.run({ steps: 10, h: 0.01, input: any('0.1') })), { instanceOf: TypeError });
  t.throws(call(() => n.run({ steps: -1, h: 0.01 })), { instanceOf: RangeError, message: /steps must be an integer/ });
  t.throws(call(() => n.run({ steps: 1.5, h: 0.01 })), { instanceOf: RangeError });
  t.throws(call(() => n.run({ steps: 10, h: 0.01, every: 0 })), { instanceOf: RangeError, message: /every/ });
  t.throws(call(() => n.run({ steps: 10, h: 0.01, record: [any('x')] })), { instanceOf: TypeError, message: /not a variable of HH/ });
  t.throws(call(() => n.run(any(undefined))), { instanceOf: TypeError });
});

test('sweep(): mismatched arrays and bad options', (t) => {
  const base = { model: 'HH' as const, h: 0.01, steps: 10 };
  t.throws(call(() => neun.sweep({ ...base, params: { gna: [1, 2, 3], gk: [1, 2] } })), { instanceOf: TypeError, message: /'gk' has 2 values but the sweep has 3 neurons/ });
  t.throws(call(() => neun.sweep({ ...base, params: { gna: [1, 2, 3] }, init: { v: [1, 2] } })), { instanceOf: TypeError, message: /'v' has 2 values/ });
  t.throws(call(() => neun.sweep({ ...base, grid: { gna: [1, 2] }, params: { gna: [1, 2] } })), { instanceOf: TypeError, message: /both in grid and params/ });
  t.throws(call(() => neun.sweep({ ...base, grid: { gna: [] } })), { instanceOf: TypeError, message: /non-empty/ });
  t.throws(call(() => neun.sweep({ ...base, params: { gna: [1, NaN] } })), { instanceOf: RangeError, message: /gna\[1\] must be finite/ });
  t.throws(call(() => neun.sweep({ ...base, params: any({ foo: 1 }) })), { instanceOf: TypeError, message: /unknown parameter 'foo' for HH; valid: cm, vna, vk, vl, gna, gk, gl, input/ });
  t.throws(call(() => neun.sweep({ ...base, model: any('XX') })), { instanceOf: TypeError, message: /valid models: HH, HR, Iz, Rulkov, Matsuoka/ });
  t.throws(call(() => neun.sweep({ ...base, integrator: 'Stepper' })), { instanceOf: TypeError, message: /valid: Euler, RK4, RK6/ });
  t.throws(call(() => neun.sweep({ ...base, precision: any('Half') })), { instanceOf: TypeError });
  t.throws(call(() => neun.sweep({ ...base, input: { perStep: [1, 2] } })), { instanceOf: TypeError, message: /perStep has 2 values for 10 steps/ });
  t.throws(call(() => neun.sweep({ ...base, params: { gna: [1, 2] }, input: { perStepPerNeuron: [1, 2, 3] } })), { instanceOf: TypeError, message: /expected steps × n = 20/ });
  t.throws(call(() => neun.sweep({ ...base, threads: 0 })), { instanceOf: RangeError });
  t.throws(call(() => neun.sweep({ ...base, spike: { variable: any('x') } })), { instanceOf: TypeError });
  t.throws(call(() => neun.sweep(base).trace(0, 'v')), { instanceOf: TypeError, message: /not recorded/ });
});

test('sweepAsync() rejects (never throws synchronously) with the same classes', async (t) => {
  let p: Promise<unknown> | undefined;
  t.notThrows(() => {
    p = neun.sweepAsync({ model: 'HH', h: NaN, steps: 10 });
  });
  await t.throwsAsync(p!, { instanceOf: RangeError });
  await t.throwsAsync(neun.sweepAsync({ model: 'HH', params: { gna: [1, 2], gk: [1] }, h: 0.01, steps: 10 }), { instanceOf: TypeError });
  await t.throwsAsync(neun.sweepAsync({ model: 'HH', params: { cm: [0] }, h: 0.01, steps: 100 }), { instanceOf: NonFiniteStateError });
});

test('the process survives malformed calls straight into the native addon', (t) => {
  // In a child process, so that a crash (abort, segfault) would show as a failed exit, not kill ava.
  const script = `
    const native = require('./native/binding.js');
    const calls = [
      () => native.neunStepF64(0, 1, new Float64Array(3), 0.01),
      () => native.neunStepF64(99, 1, new Float64Array(12), 0.01),
      () => native.neunStepF64(0, 99, new Float64Array(12), 0.01),
      () => native.neunStepF64(-1, 1, new Float64Array(12), 0.01),
      () => native.neunStepF64(0, 1, new Float32Array(12), 0.01),
      () => native.neunStepF32(0, 3, new Float32Array(12), 0.01),
      () => native.neunRunF64(0, 1, new Float64Array(12), { steps: 10, h: 0.01, inputConst: 0, record: [9], every: 1, spikeThreshold: 0 }),
      () => native.neunRunF64(0, 1, new Float64Array(12), { steps: 10, h: 0.01, inputConst: 0, record: [], every: 0, spikeThreshold: 0 }),
      () => native.neunRunF64(0, 1, new Float64Array(12), { steps: 10, h: 0.01, inputConst: 0, inputSteps: new Float64Array(3), record: [], every: 1, spikeThreshold: 0 }),
      () => native.neunRunF64(0, 1, new Float64Array(12), {}),
      () => new native.NeunSweepJob({ model: 0, integrator: 1, precision: 64, n: 0, params: [], init: [], inputKind: 0, input: new Float64Array(1), h: 0.01, steps: 1, spikeVar: 0, spikeThreshold: 0, record: [], every: 1, threads: 1 }).runSync(),
      () => new native.NeunSweepJob({ model: 0, integrator: 1, precision: 64, n: 2, params: [], init: [], inputKind: 0, input: new Float64Array(1), h: 0.01, steps: 1, spikeVar: 0, spikeThreshold: 0, record: [], every: 1, threads: 1 }).runSync(),
      () => new native.NeunSweepJob({ model: 0, integrator: 1, precision: 16, n: 1, params: [], init: [], inputKind: 9, input: new Float64Array(0), h: 0.01, steps: 1, spikeVar: 7, spikeThreshold: 0, record: [5], every: 1, threads: 1 }).runSync(),
    ];
    let thrown = 0;
    for (const f of calls) { try { f(); } catch (e) { thrown++; } }
    console.log(thrown + '/' + calls.length);
  `;
  const out = execFileSync(process.execPath, ['-e', script], { cwd: new URL('..', import.meta.url), encoding: 'utf8' });
  t.is(out.trim(), '13/13');
});
