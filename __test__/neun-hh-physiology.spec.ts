// Hodgkin–Huxley against facts that do not come from this code base: the
// resting potential of the HH equations (as a fixed point computed here
// from the rate functions, independently of any integrator) and the
// bifurcation structure of squid HH under constant current (Rinzel & Miller
// 1980, Math. Biosci. 49:27; also Rinzel & Ermentrout 1998, "Analysis of
// neural excitability and oscillations"):
//   - rest is stable for I below the subcritical Hopf point I₁ ≈ 9.78 µA/cm²;
//   - stable repetitive firing exists only above I_ν ≈ 6.26 µA/cm² (a fold
//     of periodic orbits), so 6.26 < I < 9.78 is bistable; as I decreases
//     slowly, firing stops near 6.26;
//   - firing starts at a non-zero rate, ≈ 50–70 Hz (type II excitability),
//     and the rate increases with I;
//   - above I₂ ≈ 154.5 µA/cm² (supercritical Hopf) the membrane rests at a
//     depolarised level (depolarisation block).
// Neun's HH is area-scaled: input in µA for a 7.854e-3 cm² patch, so a
// density of D µA/cm² is an input of D·7.854e-3. All runs: RK4, h = 0.01 ms
// (RK4 error at this step is ~1e-7 mV, see neun-convergence.spec.ts).
import test from 'ava';
import { neun } from '../src/index.js';

const AREA = 7.854e-3;
const H = 0.01;

// ---- Independent steady-state analysis (textbook forms of the rates, -65 mV rest convention) ----
const vtrap = (x: number, y: number) => (Math.abs(x / y) < 1e-6 ? y * (1 - x / y / 2) : x / (Math.exp(x / y) - 1));
function gates(v: number) {
  const am = 0.1 * vtrap(-(v + 40), 10);
  const bm = 4 * Math.exp(-(v + 65) / 18);
  const ah = 0.07 * Math.exp(-(v + 65) / 20);
  const bh = 1 / (1 + Math.exp(-(v + 35) / 10));
  const an = 0.01 * vtrap(-(v + 55), 10);
  const bn = 0.125 * Math.exp(-(v + 65) / 80);
  return { m: am / (am + bm), h: ah / (ah + bh), n: an / (an + bn) };
}
/** Steady-state ionic current density (µA/cm²) at v with gates at their steady states. */
function iSteady(v: number): number {
  const { m, h, n } = gates(v);
  return 120 * m ** 3 * h * (v - 50) + 36 * n ** 4 * (v + 77) + 0.3 * (v + 54.387);
}
/** The fixed point at input density `d` µA/cm² (I_ss is increasing in v on [-90, -40] mV, so bisection finds the unique root there). */
function fixedPoint(d: number): { v: number; m: number; h: number; n: number } {
  let lo = -90;
  let hi = -40;
  for (let i = 0; i < 100; i++) {
    const mid = (lo + hi) / 2;
    if (iSteady(mid) > d) hi = mid;
    else lo = mid;
  }
  const v = (lo + hi) / 2;
  return { v, ...gates(v) };
}

test('resting potential: the zero-input fixed point (≈ -65 mV) is where the simulated neuron settles', (t) => {
  const rest = fixedPoint(0);
  t.log(`fixed point v* = ${rest.v} mV, m = ${rest.m}, h = ${rest.h}, n = ${rest.n}`);
  t.true(Math.abs(rest.v - -65) < 0.01, 'the -65 mV convention puts rest at -65 mV (to within the rounding of vl = -54.387)');
  const n = new neun.HHDoubleRK4(); // seed initial state, near but not at rest
  n.run({ steps: 50_000, h: H, input: 0, record: [], spike: false }); // 500 ms
  t.true(Math.abs(n.get('v') - rest.v) < 1e-6, `v = ${n.get('v')}`);
  for (const g of ['m', 'h', 'n'] as const) t.true(Math.abs(n.get(g) - rest[g]) < 1e-7, `${g} = ${n.get(g)} vs ${rest[g]}`);
});

test('rest loses stability between 9.5 and 10.1 µA/cm² (subcritical Hopf I₁ ≈ 9.78)', (t) => {
  // Start at the exact fixed point for each I, displaced by 1e-3 mV (linear regime), and compare the
  // deviation envelope over the first and the last 100 ms of 1 s.
  const ds = [9.5, 10.1];
  const fps = ds.map(fixedPoint);
  const r = neun.sweep({
    model: 'HH',
    params: { input: ds.map((d) => d * AREA) },
    init: { v: fps.map((f) => f.v + 1e-3), m: fps.map((f) => f.m), h: fps.map((f) => f.h), n: fps.map((f) => f.n) },
    h: H,
    steps: 100_000,
    record: ['v'],
    every: 10,
  });
  const env = (j: number, from: number, to: number) => {
    const tr = r.trace(j, 'v');
    let m = 0;
    for (let s = from; s < to; s++) m = Math.max(m, Math.abs(tr[s]! - fps[j]!.v));
    return m;
  };
  const [early0, late0, early1, late1] = [env(0, 0, 1000), env(0, 9000, 10000), env(1, 0, 1000), env(1, 9000, 10000)];
  t.log(`9.5 µA/cm²: ${early0.toExponential(2)} → ${late0.toExponential(2)} mV; 10.1 µA/cm²: ${early1.toExponential(2)} → ${late1.toExponential(2)} mV`);
  t.true(late0 < 0.5 * early0, 'at 9.5 µA/cm² the perturbation must decay');
  t.is(r.spikeCounts[0], 0);
  t.true(late1 > 10 * early1, 'at 10.1 µA/cm² the perturbation must grow');
});

test('bistability at 8 µA/cm²: rest stays at rest, a state on the firing cycle keeps firing', (t) => {
  const d = 8;
  const fp = fixedPoint(d);
  // A state on the cycle: fire at 12 µA/cm² for 100 ms, then 8 µA/cm² for 300 ms.
  const c = new neun.HHDoubleRK4();
  c.run({ steps: 10_000, h: H, input: 12 * AREA, record: [] });
  c.run({ steps: 30_000, h: H, input: d * AREA, record: [] });
  const s = c.state();
  const r = neun.sweep({
    model: 'HH',
    init: { v: [fp.v + 0.1, s.v], m: [fp.m, s.m], h: [fp.h, s.h], n: [fp.n, s.n] },
    input: d * AREA,
    h: H,
    steps: 50_000,
  });
  t.is(r.spikeCounts[0], 0);
  t.true(r.spikeCounts[1]! >= 25, `the cycle fired ${r.spikeCounts[1]} times in 500 ms`);
});

test('repetitive firing ends between 6.2 and 6.35 µA/cm² as I decreases slowly (I_ν ≈ 6.26), at ≈ 50–70 Hz', (t) => {
  // Start on the firing cycle at 6.5 µA/cm², ramp linearly to the target over 1 s, hold it for 1 s.
  const targets = [6.0, 6.2, 6.35, 6.5];
  const c = new neun.HHDoubleRK4();
  c.run({ steps: 10_000, h: H, input: 12 * AREA, record: [] });
  c.run({ steps: 50_000, h: H, input: 6.5 * AREA, record: [] });
  const s = c.state();
  const [T1, T2] = [1000, 2000];
  const steps = Math.round(T2 / H);
  const n = targets.length;
  const input = new Float64Array(steps * n);
  for (let k = 0; k < steps; k++) {
    const tm = k * H;
    for (let j = 0; j < n; j++) input[k * n + j] = AREA * (tm < T1 ? 6.5 + ((targets[j]! - 6.5) * tm) / T1 : targets[j]!);
  }
  // (the neuron count comes from the per-neuron initial state arrays)
  const init = { v: Array(n).fill(s.v), h: Array(n).fill(s.h), m: Array(n).fill(s.m), n: Array(n).fill(s.n) };
  const r = neun.sweep({ model: 'HH', init, input: { perStepPerNeuron: input }, h: H, steps });
  t.log(`last spikes: ${targets.map((d, j) => `${d}: ${r.lastSpike[j]!.toFixed(1)} ms`).join(', ')}`);
  const sustained = targets.map((_, j) => r.lastSpike[j]! > T2 - 50); // ISI ≈ 18 ms < 50 ms
  t.deepEqual(sustained, [false, false, true, true]);
  // Frequency at 6.35 µA/cm², from where the ramp left it, over 500 ms.
  const f = neun.sweep({ model: 'HH', init: { v: r.finalState.v[2]!, h: r.finalState.h[2]!, m: r.finalState.m[2]!, n: r.finalState.n[2]! }, input: 6.35 * AREA, h: H, steps: 50_000 });
  t.log(`rate at 6.35 µA/cm²: ${f.rates[0]} Hz`);
  t.true(f.rates[0]! >= 50 && f.rates[0]! <= 70);
});

test('f-I curve from the seed initial state: none below 6 µA/cm², onset at 50–70 Hz between I_ν and I₁, rising to > 100 Hz at 100 µA/cm²', (t) => {
  // Spikes are counted as upward crossings of -30 mV: at large I the peaks stay below 0 mV
  // (about -20 mV at 100 µA/cm²), and -30 mV lies above every trough for I <= 100 µA/cm².
  const dens = [0, 1, 2, 3, 4, 5, 6, 6.2, 6.4, 6.6, 6.8, 7, 7.5, 8, 8.5, 9, 9.5, 10, 12, 15, 20, 30, 40, 50, 75, 100];
  const spike = { threshold: -30 };
  const warm = neun.sweep({ model: 'HH', grid: { input: dens.map((d) => d * AREA) }, h: H, steps: 20_000, spike }); // 200 ms transient
  const r = neun.sweep({ model: 'HH', params: { input: warm.params.input! }, init: warm.finalState, h: H, steps: 50_000, spike }); // 500 ms counted
  const f = Array.from(r.rates);
  t.log(dens.map((d, j) => `${d}: ${f[j]}`).join(', '));
  dens.forEach((d, j) => d <= 6 && t.is(f[j], 0, `no sustained firing at ${d} µA/cm²`));
  const on = f.findIndex((x) => x > 0);
  t.true(dens[on]! > 6.2 && dens[on]! < 9.8, `onset at ${dens[on]} µA/cm²`);
  t.true(f[on]! >= 50 && f[on]! <= 70, `rate at onset ${f[on]} Hz (type II: no low rates)`);
  for (let j = on + 1; j < dens.length; j++) t.true(f[j]! >= f[j - 1]!, `rate falls from ${dens[j - 1]} to ${dens[j]} µA/cm²`);
  t.true(f[f.length - 1]! > 100, `rate at 100 µA/cm² is ${f[f.length - 1]} Hz`);
});

test('depolarisation block above I₂ ≈ 154.5 µA/cm²: oscillation at 140, steady depolarised rest at 200', (t) => {
  const r = neun.sweep({ model: 'HH', grid: { input: [140 * AREA, 200 * AREA] }, h: H, steps: 50_000, record: ['v'], every: 10 });
  const swing = (j: number) => {
    const tr = r.trace(j, 'v').subarray(4000); // last 100 ms
    return Math.max(...tr) - Math.min(...tr);
  };
  t.log(`peak-to-trough over the last 100 ms: 140 → ${swing(0).toFixed(3)} mV, 200 → ${swing(1).toExponential(2)} mV; v at 200: ${r.finalState.v[1]}`);
  t.true(swing(0) > 5);
  t.true(swing(1) < 0.01);
  t.true(r.finalState.v[1]! > -50 && r.finalState.v[1]! < -30, 'the blocked membrane rests depolarised');
  // and that resting level is the fixed point of the steady-state analysis
  let lo = -60;
  let hi = 0;
  for (let i = 0; i < 100; i++) {
    const mid = (lo + hi) / 2;
    if (iSteady(mid) > 200) hi = mid;
    else lo = mid;
  }
  t.true(Math.abs(r.finalState.v[1]! - (lo + hi) / 2) < 1e-3);
});
