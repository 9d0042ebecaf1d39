// Synapses and small networks against brainpy.state 0.1.0 itself in float64
// (tools/brainpy_net_fixtures.py -> fixtures/brainpy/net.json): the single-spike
// response of every synapse model, and 6-neuron LIFRef networks
// (AlignPostProj, Expon+COBA and DualExpon/Alpha+CUBA, dense per-connection
// weights, with and without delay) step for step: identical spikes, V to 1e-9.
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
const fx = JSON.parse(readFileSync(new URL('./fixtures/brainpy/net.json', import.meta.url), 'utf8')) as {
  dt: number;
  synapse_spike_step: number;
  synapses: Record<string, number[]>;
  networks: NetCase[];
};

const SYN: Record<string, brainpy.SynapseSpec> = {
  Expon: brainpy.Expon.desc(1, { tau: u.ms(5) }),
  DualExpon: brainpy.DualExpon.desc(1, { tau_rise: u.ms(0.5), tau_decay: u.ms(5) }),
  Alpha: new brainpy.Alpha(1, { tau: u.ms(4) }),
  AMPA: new brainpy.AMPA(1),
  GABAa: new brainpy.GABAa(1),
};

for (const [name, ref] of Object.entries(fx.synapses)) {
  test(`${name}: single-spike response matches brainpy.state`, (t) => {
    const g = brainpy.synapseResponse(SYN[name]!, { steps: ref.length, dt: fx.dt, spikeStep: fx.synapse_spike_step, weight: 1 });
    let worst = 0;
    for (let k = 0; k < ref.length; k++) worst = Math.max(worst, Math.abs(g[k]! - ref[k]!));
    t.true(worst <= 1e-12, `worst |Δg| ${worst}`);
    t.true(Math.max(...ref) > 0.1);
  });
}

test('Expon and Alpha single-spike responses are the exact solutions', (t) => {
  const dt = 0.1;
  const e = brainpy.synapseResponse(brainpy.Expon.desc({ tau: 5 }), { steps: 200, dt, weight: 2 });
  const a = brainpy.synapseResponse(brainpy.Alpha.desc({ tau: 4 }), { steps: 200, dt });
  const q = Math.exp(-dt / 4);
  for (let k = 0; k < 200; k++) {
    t.true(Math.abs(e[k]! - 2 * Math.exp((-k * dt) / 5)) < 1e-13);
    // g_k = k (1 - q) q^(k-1): exp-Euler of the alpha ODE pair, exact per step.
    t.true(Math.abs(a[k]! - (k === 0 ? 0 : k * (1 - q) * q ** (k - 1))) < 1e-13);
  }
});

fx.networks.forEach((c, ci) => {
  test(`network ${ci} (${c.kind}${c.delay_ms ? `, delay ${c.delay_ms} ms` : ''}): step for step as brainpy.state`, (t) => {
    const n = c.v0.length;
    const ne = c.w_e.length;
    const N = new brainpy.LIFRef(n, { V_rest: -60, V_th: -50, V_reset: -60, tau: 20, tau_ref: 5, V_initializer: c.v0 });
    // Two populations in brainpy are slices of N; here the projections use
    // all-to-all connectivity from N with zero rows for the other part, in
    // CSR order (row = pre neuron of N).
    const rows = (w: number[][], offset: number) => {
      const flat: number[] = [];
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) flat.push(i >= offset && i < offset + w.length ? w[i - offset]![j]! : 0);
      return flat;
    };
    const delay = c.delay_ms ?? 0;
    const comm = (w: number[]) => brainpy.AllToAll({ weight: w, include_self_connections: true });
    const cuba = c.kind !== 'expon-coba';
    const E = new brainpy.AlignPostProj({
      pre: N,
      post: N,
      comm: comm(rows(c.w_e, 0)),
      syn: cuba ? brainpy.DualExpon.desc(n, { tau_rise: u.ms(1), tau_decay: u.ms(6) }) : brainpy.Expon.desc(n, { tau: u.ms(5) }),
      out: cuba ? brainpy.CUBA.desc({ scale: u.mV(1) }) : brainpy.COBA.desc({ E: u.mV(0) }),
      delay: u.ms(delay),
    });
    const I = new brainpy.AlignPostProj({
      pre: N,
      post: N,
      comm: comm(rows(c.w_i, ne)),
      syn: cuba ? new brainpy.Alpha(n, { tau: u.ms(3) }) : brainpy.Expon.desc(n, { tau: u.ms(10) }),
      out: cuba ? new brainpy.CUBA({ scale: u.mV(-1) }) : brainpy.COBA.desc({ E: u.mV(-80) }),
      delay: u.ms(delay),
    });
    const net = new brainpy.Network(E, I);
    const r = brainpy.run(net, { steps: c.steps, dt: u.ms(0.1), inputs: [[N, u.mA(c.input)]], record: [{ pop: N }] });
    const V = r.trace(N).values;
    const counts = r.counts(N);
    let worst = 0;
    let nspk = 0;
    for (let k = 0; k < c.steps; k++) {
      let ck = 0;
      for (let i = 0; i < n; i++) {
        worst = Math.max(worst, Math.abs(V[k * n + i]! - c.V[k]![i]!) / 60);
        ck += c.spikes[k]![i]!;
      }
      t.is(counts[k], ck, `spike count at step ${k}`);
      nspk += ck;
    }
    const s = r.spikes(N);
    let j = 0;
    for (let k = 0; k < c.steps; k++) for (let i = 0; i < n; i++) if (c.spikes[k]![i]) {
      t.is(s.indices[j], i);
      t.true(Math.abs(s.times[j]! - k * 0.1) < 1e-9);
      j++;
    }
    t.true(nspk >= 5, `${nspk} spikes`);
    t.true(worst < 1e-9, `worst relative |ΔV| ${worst}`);
  });
});
