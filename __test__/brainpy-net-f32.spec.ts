// Networks in float32 (`precision: 'float32'` on every population): the run
// really computes in f32, and agrees with float64 and with brainpy.state.
// - The 6-neuron LIFRef networks of fixtures/brainpy/net.json (brainpy.state
//   0.1.0 float64, tools/brainpy_net_fixtures.py) in float32: identical spikes
//   and V within 1e-5 relative (float32 tolerance: 1e-5 over ~100 steps of
//   rounding at 6e-8 each, with margin) until the first refractory period
//   ends; after that within 5e-3 relative (0.3 mV), because the refractory
//   test `t − last_spike_time < tau_ref` on f32 times (t = k·dt rounded to
//   f32, as brainpy.state float32 computes it) can hold one step longer than
//   in f64, and that neuron's V then lags the float64 trace by one step.
// - The E/I tutorial network (4000 LIFRef, COBA) in float32: mean rate as
//   brainpy.state's own float32 run (50.7 Hz over 1 s) within 10% over 200 ms.
import test from 'ava';
import { readFileSync } from 'node:fs';
import { brainpy, u } from '../src/index.js';

interface NetCase {
  v0: number[];
  w_e: number[][];
  w_i: number[][];
  input: number;
  steps: number;
  kind: string;
  delay_ms: number | null;
  V: number[][];
  spikes: number[][];
}
const fx = JSON.parse(readFileSync(new URL('./fixtures/brainpy/net.json', import.meta.url), 'utf8')) as { networks: NetCase[] };

function small(c: NetCase, precision: 'float32' | 'float64') {
  const n = c.v0.length;
  const ne = c.w_e.length;
  const N = new brainpy.LIFRef(n, { V_rest: -60, V_th: -50, V_reset: -60, tau: 20, tau_ref: 5, V_initializer: c.v0, precision });
  const rows = (w: number[][], offset: number) => {
    const flat: number[] = [];
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) flat.push(i >= offset && i < offset + w.length ? w[i - offset]![j]! : 0);
    return flat;
  };
  const comm = (w: number[]) => brainpy.AllToAll({ weight: w, include_self_connections: true });
  const cuba = c.kind !== 'expon-coba';
  const delay = u.ms(c.delay_ms ?? 0);
  const E = new brainpy.AlignPostProj({
    pre: N,
    post: N,
    comm: comm(rows(c.w_e, 0)),
    syn: cuba ? brainpy.DualExpon.desc(n, { tau_rise: u.ms(1), tau_decay: u.ms(6) }) : brainpy.Expon.desc(n, { tau: u.ms(5) }),
    out: cuba ? brainpy.CUBA.desc({ scale: u.mV(1) }) : brainpy.COBA.desc({ E: u.mV(0) }),
    delay,
  });
  const I = new brainpy.AlignPostProj({
    pre: N,
    post: N,
    comm: comm(rows(c.w_i, ne)),
    syn: cuba ? new brainpy.Alpha(n, { tau: u.ms(3) }) : brainpy.Expon.desc(n, { tau: u.ms(10) }),
    out: cuba ? new brainpy.CUBA({ scale: u.mV(-1) }) : brainpy.COBA.desc({ E: u.mV(-80) }),
    delay,
  });
  const r = brainpy.run(new brainpy.Network(E, I), { steps: c.steps, dt: u.ms(0.1), inputs: [[N, u.mA(c.input)]], record: [{ pop: N }] });
  return { N, V: r.trace(N).values, counts: r.counts(N) };
}

fx.networks.forEach((c, ci) => {
  test(`network ${ci} (${c.kind}) in float32: spikes as brainpy.state float64, V within 1e-5 relative (5e-3 once refractory ends may lag a step)`, (t) => {
    const n = c.v0.length;
    const a = small(c, 'float32');
    const b = small(c, 'float64');
    let worst = 0;
    let worstLate = 0;
    const first = c.spikes.findIndex((row) => row.some((x) => x !== 0));
    const firstRelease = first < 0 ? c.steps : first + 50; // tau_ref = 5 ms = 50 steps
    let differs = false;
    let exact32 = true;
    for (let k = 0; k < c.steps; k++) {
      let ck = 0;
      for (let i = 0; i < n; i++) {
        const v = a.V[k * n + i]!;
        const d = Math.abs(v - c.V[k]![i]!) / 60;
        if (k < firstRelease) worst = Math.max(worst, d);
        else worstLate = Math.max(worstLate, d);
        if (v !== b.V[k * n + i]) differs = true;
        if (Math.fround(v) !== v) exact32 = false;
        ck += c.spikes[k]![i]!;
      }
      t.is(a.counts[k], ck, `spike count at step ${k}`);
    }
    t.true(worst < 1e-5, `worst relative |ΔV| ${worst} before the first refractory release (step ${firstRelease})`);
    t.true(worstLate < 5e-3, `worst relative |ΔV| ${worstLate} after it`);
    t.true(exact32, 'every recorded value is a float32');
    t.true(differs, 'float32 rounding is visible (the run is not float64)');
    t.is(a.N.precision, 'float32');
    t.true(a.N.V instanceof Float32Array, 'state is stored in float32');
  });
});

test('E/I tutorial network in float32: mean rate as brainpy.state float32 (50.7 Hz over 1 s) within 10% over 200 ms', (t) => {
  const num = 4000;
  const nExc = 3200;
  const N = new brainpy.LIFRef(num, { V_rest: -60, V_th: -50, V_reset: -60, tau: 20, tau_ref: 5, V_initializer: brainpy.init.Normal(u.mV(-55), u.mV(2)), seed: 1, precision: 'float32' });
  const E = new brainpy.AlignPostProj({ pre: brainpy.slice(N, 0, nExc), post: N, comm: brainpy.EventFixedProb(nExc, num, 0.02, u.mS(0.6), { seed: 1 }), syn: brainpy.Expon.desc({ tau: 5 }), out: brainpy.COBA.desc({ E: 0 }) });
  const I = new brainpy.AlignPostProj({ pre: brainpy.slice(N, nExc, num), post: N, comm: brainpy.EventFixedProb(num - nExc, num, 0.02, u.mS(6.7), { seed: 2 }), syn: brainpy.Expon.desc({ tau: 10 }), out: brainpy.COBA.desc({ E: -80 }) });
  const r = brainpy.run(new brainpy.Network(E, I), { duration: 200, dt: 0.1, inputs: [[N, u.mA(20)]] });
  const rate = r.rate(N);
  t.true(Math.abs(rate - 50.7) / 50.7 < 0.1, `${rate} Hz`);
});

test('a network mixing float32 and float64 populations is rejected', (t) => {
  const A = new brainpy.LIFRef(4, { precision: 'float32' });
  const B = new brainpy.LIFRef(4);
  const P = new brainpy.AlignPostProj({ pre: A, post: B, comm: brainpy.AllToAll({ weight: 1 }), syn: brainpy.Expon.desc({ tau: 5 }), out: brainpy.COBA.desc({ E: 0 }) });
  t.throws(() => brainpy.run(new brainpy.Network(P), { steps: 10 }), { instanceOf: TypeError, message: /one precision/ });
});
