// somata against Neun's own C++: final state and spike counts of the seed's
// HH and HR neurons after 100 ms (100000 steps of h = 0.001), measured with
// Neun built from source (fixture and how it was made:
// __test__/fixtures/neun/neun-cpp-reference.json, tools/neun-reference.md).
//
// Tolerances:
// - Double: 1e-9 (mV for HH). Our exp is within 1 ulp of glibc's, and we
//   multiply by rounded reciprocals (1/18, 1/20, 1/80) where Neun divides,
//   so one right-hand side may differ from Neun's in the last bit or two.
//   Between spikes HH is contracting, so such differences do not grow
//   exponentially; even adding up linearly over 1e5 steps they stay near
//   1e5 · 1e-16 · 73 ≈ 1e-9. Measured: 0 for RK4 and RK6 (bit-identical),
//   8e-14 for Euler. HR has no transcendental functions and is bit-identical.
//   Any real change of the model or integrator (a constant, a tableau entry)
//   moves the result by far more than 1e-9.
// - Float: Neun's float models mix double constants into float arithmetic,
//   ours are true f32 throughout, so the rounding differs at every step. The
//   f32 spacing at 73 mV is 7.6e-6 mV; we allow 1e-3 mV (≈130 spacings;
//   measured 4.6e-5 for RK4, 5.4e-5 for RK6) and 1e-4 for HR's x (≈ 1700
//   spacings at 0.65; measured 0). Spike counts must be identical.
import test from 'ava';
import { readFileSync } from 'node:fs';
import { neun } from '../src/index.js';

interface Run {
  model: 'HH' | 'HR';
  precision: 'Double' | 'Float';
  integrator: 'Euler' | 'RK4' | 'RK6';
  h: number;
  steps: number;
  input: number;
  final: number;
  upCrossings0: number;
}
const fixture = JSON.parse(readFileSync(new URL('./fixtures/neun/neun-cpp-reference.json', import.meta.url), 'utf8')) as {
  models: { HH: { params: Record<string, string>; init: Record<string, number> }; HR: { params: Record<string, number>; init: Record<string, number> } };
  runs: Run[];
};

/** The value of a C++ product of double literals such as "120*7.854e-3" (evaluated left to right, as C++ does). */
const product = (expr: string) => expr.split('*').map(Number).reduce((a, b) => a * b);

function makeNeuron(r: Run) {
  const cls = (neun as unknown as Record<string, new () => neun.NeunNeuron<'HH' | 'HR', 'Double' | 'Float'>>)[`${r.model}${r.precision}${r.integrator}`]!;
  const n = new cls();
  const m = fixture.models[r.model];
  for (const [k, v] of Object.entries(m.params)) n.setParam(k as never, typeof v === 'string' ? product(v) : v);
  for (const [k, v] of Object.entries(m.init)) n.set(k as never, v);
  return n;
}

test('the seed parameters are the HH defaults (as Neun computes them)', (t) => {
  const args = new neun.HHDoubleConstructorArgs();
  for (const [k, v] of Object.entries(fixture.models.HH.params)) t.is(args.params[k as keyof typeof args.params], product(v), k);
  t.deepEqual(new neun.HHDoubleConstructorArgs().init, { v: -65, h: 0.6, m: 0.05, n: 0.3 });
});

for (const r of fixture.runs) {
  const name = `${r.model}${r.precision}${r.integrator}, input ${r.input}: final ${r.model === 'HH' ? 'v' : 'x'} = ${r.final}, ${r.upCrossings0} crossings (Neun C++)`;
  test(name, (t) => {
    const n = makeNeuron(r);
    const out = n.run({ steps: r.steps, h: r.h, input: r.input, record: [], spike: { threshold: 0 } });
    const got = n.get(r.model === 'HH' ? ('v' as never) : ('x' as never));
    const tol = r.precision === 'Double' ? 1e-9 : r.model === 'HH' ? 1e-3 : 1e-4;
    const diff = Math.abs(got - r.final);
    t.log(`somata ${got}, Neun ${r.final}, |diff| = ${diff.toExponential(2)}${diff === 0 ? ' (bit-identical)' : ''}`);
    t.true(diff <= tol, `|${got} - ${r.final}| = ${diff} > ${tol}`);
    t.is(out.spikeCount, r.upCrossings0);
  });
}

test("the seed's JS step loop gives the same numbers as run() (HHDoubleRK4 vs Neun C++)", (t) => {
  const r = fixture.runs.find((x) => x.model === 'HH' && x.precision === 'Double' && x.integrator === 'RK4')!;
  const n = makeNeuron(r);
  let prev = n.get('v' as never);
  let count = 0;
  for (let k = 0; k < r.steps; k++) {
    n.addSynapticInput(r.input);
    n.step(r.h);
    const v = n.get('v' as never);
    if (prev < 0 && v >= 0) count++;
    prev = v;
  }
  const m = makeNeuron(r);
  m.run({ steps: r.steps, h: r.h, input: r.input, record: [] });
  t.is(n.get('v' as never), m.get('v' as never));
  t.is(count, r.upCrossings0);
  t.true(Math.abs(n.get('v' as never) - r.final) <= 1e-9);
});
