// Float (true f32) against Double for Hodgkin–Huxley where the dynamics are
// not chaotic: a regularly firing HH neuron (input 0.1 µA, 100 ms) is a
// stable limit cycle, so rounding differences stay bounded instead of
// growing. Spike times, interpolated linearly between steps at the 0 mV
// crossing, must agree within 0.01 ms (Neun itself reports the same spike
// times in float and double, with final v ~1e-4 mV apart: see the float
// rows of fixtures/neun/neun-cpp-reference.json).
import test from 'ava';
import { neun } from '../src/index.js';

/** Crossing times of 0 (upward), linearly interpolated between samples taken every `h` from t = h. */
function crossings(v: ArrayLike<number>, h: number, v0: number): number[] {
  const out: number[] = [];
  let prev = v0;
  for (let k = 0; k < v.length; k++) {
    const cur = v[k]!;
    if (prev < 0 && cur >= 0) out.push(k * h + (h * (0 - prev)) / (cur - prev));
    prev = cur;
  }
  return out;
}

const pairs = [
  [neun.HHDoubleRK4, neun.HHFloatRK4],
  [neun.HHDoubleRK6, neun.HHFloatRK6],
  [neun.HHDoubleEuler, neun.HHFloatEuler],
] as const;

for (const [D, F] of pairs) {
  for (const h of [0.001, 0.01]) {
    test(`${F.name} fires when ${D.name} does (100 ms, h = ${h} ms): spike times within 0.01 ms`, (t) => {
      const steps = Math.round(100 / h);
      const d = new D().run({ steps, h, input: 0.1, record: ['v'] });
      const f = new F().run({ steps, h, input: 0.1, record: ['v'] });
      const td = crossings(d.v!, h, -65);
      const tf = crossings(f.v!, h, -65);
      t.is(td.length, 8); // 8 spikes, as Neun's C++ (fixture)
      t.is(tf.length, td.length);
      const maxDiff = Math.max(...td.map((x, i) => Math.abs(x - tf[i]!)));
      t.log(`max |Δt| = ${maxDiff.toExponential(2)} ms; final v ${d.v!.at(-1)} vs ${f.v!.at(-1)}`);
      t.true(maxDiff < 0.01);
      t.true(Math.abs(d.v!.at(-1)! - f.v!.at(-1)!) < 1e-2, 'final v within 0.01 mV');
    });
  }
}

test('Float models really compute in f32: state is stored as f32 and differs from Double in the low digits', (t) => {
  const f = new neun.HHFloatRK4();
  const d = new neun.HHDoubleRK4();
  f.run({ steps: 1000, h: 0.01, input: 0.1, record: [] });
  d.run({ steps: 1000, h: 0.01, input: 0.1, record: [] });
  const vf = f.get('v');
  t.is(Math.fround(vf), vf, 'a Float neuron stores f32 values');
  t.not(vf, d.get('v'));
  t.true(Math.abs(vf - d.get('v')) < 1e-3);
});
