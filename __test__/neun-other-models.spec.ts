// The two smaller Neun models against their definitions.
//
// Matsuoka (1985): with t1 = t2 = beta = c = 1, no input and x(0) = v(0) = 0,
// x stays positive, so the system is linear: d/dt (x, v) = A (x, v) + (1, 0)
// with A = [[-1, -1], [1, -1]] (eigenvalues -1 ± i). Exact solution:
//   x(t) = 1/2 - e^(-t)/2 · (cos t - sin t),  v(t) = 1/2 - e^(-t)/2 · (cos t + sin t).
// At h = 0.01 the global error is O(h^4) = 1e-8 for RK4 and O(h^5) = 1e-10
// for RK6 times constants below 1 (measured 1.0e-10 and 2.9e-14), which are
// the tolerances.
//
// Rulkov (2002) map: one step is one iteration of
//   x ← f(x, y + βe·I), y ← y + μ(−(x + 1) + σ + σe·I),
//   f(x, y) = α/(1−x) + y (x ≤ 0), α + y (0 < x < α + y), −1 (otherwise),
// both from the old (x, y); the map is plain arithmetic, so an iteration
// written out here must agree to the last bit.
import test from 'ava';
import { neun } from '../src/index.js';

test('Matsuoka follows the exact solution of its linear regime (RK4 and RK6)', (t) => {
  const exact = (tm: number) => ({
    x: 0.5 - (Math.exp(-tm) / 2) * (Math.cos(tm) - Math.sin(tm)),
    v: 0.5 - (Math.exp(-tm) / 2) * (Math.cos(tm) + Math.sin(tm)),
  });
  for (const [cls, tol] of [[neun.MatsuokaDoubleRK4, 1e-8], [neun.MatsuokaDoubleRK6, 1e-10]] as const) {
    const n = new cls({ beta: 1, t1: 1, t2: 1, c: 1 });
    const r = n.run({ steps: 1000, h: 0.01, record: ['x', 'v'], every: 100, spike: false });
    let worst = 0;
    r.times.forEach((tm, s) => {
      const e = exact(tm);
      worst = Math.max(worst, Math.abs(r.x![s]! - e.x), Math.abs(r.v![s]! - e.v));
    });
    t.log(`${cls.name}: max error ${worst.toExponential(2)}`);
    t.true(worst < tol);
  }
  // Euler converges to it too, at first order: the error halves with h.
  const err = (h: number) => {
    const n = new neun.MatsuokaDoubleEuler();
    n.run({ steps: Math.round(2 / h), h, record: [] });
    return Math.abs(n.get('x') - exact(2).x);
  };
  const ratio = err(0.002) / err(0.001);
  t.true(ratio > 1.9 && ratio < 2.1, `Euler error ratio ${ratio}`);
});

test('Rulkov iterates its map exactly (chaotic bursting regime alpha = 4.5, with input)', (t) => {
  const p = { alpha: 4.5, mu: 0.001, sigma: 0.14, betae: 1, sigmae: 1 };
  const steps = 5000;
  const input = Float64Array.from({ length: steps }, (_, k) => (k % 500 < 50 ? 0.05 : 0));
  const n = new neun.RulkovDoubleStepper(p);
  const r = n.run({ steps, h: 1, input, record: ['x', 'y'] });
  let x = -1;
  let y = -3;
  let maxDiff = 0;
  for (let k = 0; k < steps; k++) {
    const I = input[k]!;
    const yy = y + p.betae * I;
    const nx = x <= 0 ? p.alpha / (1 - x) + yy : x < p.alpha + yy ? p.alpha + yy : -1;
    const ny = y + p.mu * (-(x + 1) + p.sigma + p.sigmae * I);
    x = nx;
    y = ny;
    maxDiff = Math.max(maxDiff, Math.abs(r.x![k]! - x), Math.abs(r.y![k]! - y));
  }
  t.log(`max |difference| ${maxDiff}; ${r.spikeCount} spikes`);
  // Written with Neun's grouping (y + mu·(−(x+1) + sigma + sigmae·I)), the iteration is bit-identical;
  // the regime is chaotic, so any other grouping would diverge to O(1) differences within a few thousand steps.
  t.is(maxDiff, 0);
  t.true(r.spikeCount > 10, 'the map spikes (x crosses 0 from below)');
});
