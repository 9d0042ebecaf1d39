// Convergence orders of the Neun integrators on Hodgkin–Huxley.
//
// Problem: HH (seed parameters and initial state), constant input 0.1 µA,
// 10 ms (one full action potential and the start of the next), double
// precision. Error: |v(10 ms) − v_ref| where v_ref comes from RK6 with
// h = 5e-5 ms (its own error is ~1e-13 mV, below the smallest error used).
// Halving h must divide the error by 2^p with p the order of the method:
// Euler 1, RK4 4, and Neun's "RungeKutta6" 5: it has six stages, but its
// tableau satisfies the order conditions only up to order 5 (checked with
// exact fractions in crates/somata-core/src/integrate/rk6.rs), so an
// observed order near 6 would mean the tableau had been changed.
//
// Step sizes lie in each method's asymptotic range and above the rounding
// floor (RK6 errors reach ~5e-12 mV at h = 0.005 ms; at 0.0025 ms they hit
// roundoff). Tolerances: the observed order is the least-squares slope of
// log error against log h over the three smallest steps; ±0.1 for Euler, ±0.25 for RK4 and ±0.35 for RK6 cover
// the pre-asymptotic drift measured (Euler 0.995–0.999, RK4 3.92–3.98,
// RK6 4.83–4.99), while 6 is excluded for RK6 (upper bound 5.35).
import test from 'ava';
import { neun } from '../src/index.js';

const T = 10; // ms
const I = 0.1; // µA

function vAt(cls: typeof neun.HHDoubleRK4, h: number): number {
  const n = new cls();
  n.run({ steps: Math.round(T / h), h, input: I, record: [], spike: false });
  return n.get('v');
}

/** Least-squares slope of log2(error) against log2(h). */
function order(hs: number[], errs: number[]): number {
  const x = hs.map(Math.log2);
  const y = errs.map(Math.log2);
  const mx = x.reduce((a, b) => a + b) / x.length;
  const my = y.reduce((a, b) => a + b) / y.length;
  let sxy = 0;
  let sxx = 0;
  x.forEach((xi, i) => {
    sxy += (xi - mx) * (y[i]! - my);
    sxx += (xi - mx) ** 2;
  });
  return sxy / sxx;
}

const vRef = vAt(neun.HHDoubleRK6, 5e-5);

const cases: Array<[string, typeof neun.HHDoubleRK4, number[], number, number]> = [
  ['Euler', neun.HHDoubleEuler, [0.002, 0.001, 0.0005, 0.00025], 1, 0.1],
  ['RK4', neun.HHDoubleRK4, [0.02, 0.01, 0.005, 0.0025], 4, 0.25],
  ['RK6', neun.HHDoubleRK6, [0.04, 0.02, 0.01, 0.005], 5, 0.35],
];

for (const [name, cls, hs, expected, tol] of cases) {
  test(`${name} converges with order ${expected} on HH (v at 10 ms, h = ${hs.join(', ')} ms)`, (t) => {
    const errs = hs.map((h) => Math.abs(vAt(cls, h) - vRef));
    const p = order(hs.slice(1), errs.slice(1));
    t.log(`errors ${errs.map((e) => e.toExponential(2)).join(', ')} mV; order ${p.toFixed(3)}`);
    t.true(Math.abs(p - expected) <= tol, `observed order ${p} not within ${tol} of ${expected}`);
    // errors fall monotonically over all four steps
    errs.slice(1).forEach((e, i) => t.true(e < errs[i]!, `error grew from h = ${hs[i]} to ${hs[i + 1]}`));
  });
}

test("Neun's RK6 is fifth order, not sixth: the error ratio per halving stays near 2^5 = 32", (t) => {
  const hs = [0.02, 0.01, 0.005];
  const errs = hs.map((h) => Math.abs(vAt(neun.HHDoubleRK6, h) - vRef));
  const ratio = errs[1]! / errs[2]!;
  t.log(`ratio ${ratio.toFixed(1)}`);
  // 2^5 = 32, 2^6 = 64: the geometric midpoint is 45
  t.true(ratio > 22 && ratio < 45, `ratio ${ratio}`);
});
