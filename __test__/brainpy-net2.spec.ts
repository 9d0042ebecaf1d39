// The remaining brainpy.state network pieces against brainpy.state 0.1.0
// itself in float64 (tools/brainpy_net2_fixtures.py ->
// fixtures/brainpy/net2.json): delays that are not whole steps (linear
// interpolation, one per projection or per presynaptic neuron, and
// EventFixedProb's binarisation of it), CurrentProj,
// STP/STD as align_pre_projection / align_post_projection compose them,
// BioNMDA with the MgBlock output (onto LIFRef and AdExIF), DeltaProj,
// Symmetry/AsymmetryGapJunction; the
// single-element responses of STP, STD and BioNMDA; bad inputs.
// Everything is deterministic, so the tolerance is float64 rounding:
// identical spikes, V within 1e-9 relative (to 60 mV), elements within 1e-12.
import test from 'ava';
import { readFileSync } from 'node:fs';
import { brainpy, u } from '../src/index.js';

type PU = [number, string];
interface ProjCase {
  kind: 'AlignPostProj' | 'align_pre' | 'CurrentProj' | 'DeltaProj' | 'SymGap' | 'AsymGap';
  Wpairs?: number[][];
  pre: [number, number];
  post: 'N' | 'P';
  W: number[][];
  unit: string;
  comm: 'dense' | 'event';
  syn?: { model: string; params?: Record<string, PU> };
  stp?: { model: string; params?: Record<string, PU> };
  out?: { model: string; params?: Record<string, PU> };
  delay_ms?: number | number[] | null;
}
interface NetCase {
  name: string;
  n: number;
  v0: number[];
  input: number;
  steps: number;
  post2: { model: string; n: number; v0: number[]; input: number; params?: Record<string, PU> } | null;
  projs: ProjCase[];
  V: number[][];
  spikes: number[][];
  V2: number[][];
  spikes2: number[][];
}
interface Element {
  spikes: number[];
  out: number[];
  state: number[][];
}
const fx = JSON.parse(readFileSync(new URL('./fixtures/brainpy/net2.json', import.meta.url), 'utf8')) as {
  dt: number;
  elements: Record<string, Element>;
  networks: NetCase[];
};

// Values with units: upstream's unitless comm weights (g in mS) are u.mS(w) here.
const Q: Record<string, (x: number) => unknown> = { S: u.S, mS: u.mS, mV: u.mV, ms: u.ms, '1': u.mS, '1/ms': (x) => x, '1/mV': (x) => x };
const opts = (p?: Record<string, PU>) => Object.fromEntries(Object.entries(p ?? {}).map(([k, [v, un]]) => [k, un === '1' ? v : Q[un]!(v)]));

const ELEMENTS: Record<string, brainpy.SynapseSpec | brainpy.PlasticitySpec> = {
  STP: new brainpy.STP(1, { U: 0.2, tau_f: u.ms(300), tau_d: u.ms(40) }),
  STP_default: brainpy.STP.desc(1),
  STD: new brainpy.STD(1, { tau: u.ms(30), U: 0.3 }),
  BioNMDA: new brainpy.BioNMDA(1),
};

for (const [name, ref] of Object.entries(fx.elements)) {
  test(`${name}: per-step output and state match brainpy.state`, (t) => {
    const r = brainpy.elementResponse(ELEMENTS[name]!, { steps: ref.out.length, dt: fx.dt, spikeSteps: ref.spikes });
    const vars = Object.values(r.state);
    let worst = 0;
    for (let k = 0; k < ref.out.length; k++) {
      worst = Math.max(worst, Math.abs(r.output[k]! - ref.out[k]!));
      ref.state[k]!.forEach((x, v) => (worst = Math.max(worst, Math.abs(vars[v]![k]! - x))));
    }
    t.true(worst <= 1e-12, `worst ${worst}`);
    t.true(ref.out.filter((x) => x !== 0).length >= ref.spikes.length - (name === 'BioNMDA' ? 0 : 0));
  });
}

function build(c: NetCase) {
  const N = new brainpy.LIFRef(c.n, { V_rest: -60, V_th: -50, V_reset: -60, tau: 20, tau_ref: 5, V_initializer: c.v0 });
  const P = c.post2 ? new brainpy[c.post2.model as 'LIFRef'](c.post2.n, { ...opts(c.post2.params), V_initializer: c.post2.v0 }) : undefined;
  const projs = c.projs.map((p) => {
    const pre = brainpy.slice(N, p.pre[0], p.pre[1]);
    const post = p.post === 'N' ? N : P!;
    const npre = p.pre[1] - p.pre[0];
    const comm =
      p.comm === 'event'
        ? brainpy.EventFixedProb(npre, post.num, 1, Q[p.unit]!(p.W[0]![0]!) as never)
        : brainpy.AllToAll({ weight: p.W.flat().map((w) => Q[p.unit]!(w)) as never, include_self_connections: true });
    const delay = p.delay_ms == null ? undefined : Array.isArray(p.delay_ms) ? p.delay_ms.map((d) => u.ms(d)) : u.ms(p.delay_ms);
    const out = p.out && (brainpy[p.out.model as 'COBA'] as unknown as { desc(o: unknown): brainpy.OutputSpec }).desc(opts(p.out.params));
    const stp = p.stp && new brainpy[p.stp.model as 'STP'](npre, opts(p.stp.params));
    const syn = (size: number) => p.syn && (brainpy[p.syn.model as 'Expon'] as unknown as { desc(n: number, o: unknown): brainpy.SynapseSpec }).desc(size, opts(p.syn.params));
    switch (p.kind) {
      case 'AlignPostProj':
        return new brainpy.AlignPostProj({ pre, post, comm, syn: syn(post.num)!, out: out!, delay, stp });
      case 'align_pre':
        return brainpy.align_pre_projection({ pre, post, comm, syn: syn(npre)!, out: out!, delay, stp });
      case 'CurrentProj':
        return new brainpy.CurrentProj({ pre, post, comm, out: out!, delay });
      case 'DeltaProj':
        return new brainpy.DeltaProj({ pre, post, comm });
      case 'SymGap':
        return new brainpy.SymmetryGapJunction(post === N ? N : [N, post], 'V', brainpy.AllToAll({ include_self_connections: true }), p.W.flat().map((w) => u.S(w)) as never);
      case 'AsymGap':
        return new brainpy.AsymmetryGapJunction(N, 'V', post, 'V', brainpy.AllToAll({ include_self_connections: true }), p.Wpairs!.map(([a, b]) => [u.S(a!), u.S(b!)]));
    }
  });
  return { N, P, net: new brainpy.Network(...projs) };
}

for (const c of fx.networks) {
  test(`network ${c.name}: step for step as brainpy.state`, (t) => {
    const { N, P, net } = build(c);
    const inputs: Array<[brainpy.Neuron<brainpy.ModelName, brainpy.Precision>, unknown]> = [[N, u.mA(c.input)]];
    if (P) inputs.push([P, u.mA(c.post2!.input)]);
    const r = brainpy.run(net, { steps: c.steps, dt: u.ms(fx.dt), inputs: inputs as never, record: P ? [{ pop: N }, { pop: P }] : [{ pop: N }] });
    const check = (pop: typeof N, V: number[][], spikes: number[][]) => {
      const n = pop.num;
      const tr = r.trace(pop).values;
      const counts = r.counts(pop);
      let worst = 0;
      let nspk = 0;
      for (let k = 0; k < c.steps; k++) {
        let ck = 0;
        for (let i = 0; i < n; i++) {
          worst = Math.max(worst, Math.abs(tr[k * n + i]! - V[k]![i]!) / 60);
          ck += spikes[k]![i]!;
        }
        t.is(counts[k], ck, `spike count at step ${k}`);
        nspk += ck;
      }
      t.true(worst < 1e-9, `worst relative |ΔV| ${worst}`);
      return nspk;
    };
    t.true(check(N, c.V, c.spikes) >= 4);
    if (P) check(P as typeof N, c.V2, c.spikes2);
  });
}

test('sub-step delays: EventFixedProb delivers an interpolated spike in both steps, a dense comm splits it', (t) => {
  // One source firing at step 0 (initial state above threshold), one target, delay 0.25 ms = 2.5 steps.
  const run = (event: boolean, delay: number) => {
    const pre = new brainpy.LIFRef(1, { V_rest: -60, V_th: -50, V_reset: -60, tau: 20, tau_ref: 1000, V_initializer: -45 });
    const post = new brainpy.LIF(1, { tau: 10, V_rest: -65, V_th: 100, V_reset: -65, V_initializer: -65 });
    const comm = event ? brainpy.EventFixedProb(1, 1, 1, 2) : brainpy.OneToOne({ weight: 2 });
    const proj = new brainpy.CurrentProj({ pre, post, comm, out: brainpy.CUBA.desc({ scale: 1 }), delay: u.ms(delay) });
    const r = brainpy.run(new brainpy.Network(proj), { steps: 8, dt: 0.1, record: [{ pop: post }] });
    // The current input at step k is I_k; V_{k+1} = V∞(I_k) + (V_k − V∞)e^{−dt/tau}: recover I_k.
    const V = [-65, ...r.trace(post).values];
    const q = Math.exp(-0.01);
    return V.slice(1).map((v, k) => (v - V[k]! * q) / (1 - q) + 65);
  };
  const close = (a: number[], b: number[]) => a.every((x, i) => Math.abs(x - b[i]!) < 1e-9);
  // The spike (sent at step 0) is read 2.5 steps later: steps 2 and 3.
  t.true(close(run(false, 0.25), [0, 0, 1, 1, 0, 0, 0, 0]), `${run(false, 0.25)}`);
  t.true(close(run(true, 0.25), [0, 0, 2, 2, 0, 0, 0, 0]), `${run(true, 0.25)}`);
  t.true(close(run(false, 0.2), [0, 0, 2, 0, 0, 0, 0, 0]));
  // 0.3/0.1 = 2.9999999999999996 in float64: a dense comm sees 4.4e-16 of it at step 2, an event comm all of it.
  t.true(close(run(false, 0.3), [0, 0, 0, 2, 0, 0, 0, 0]));
  t.true(close(run(true, 0.3), [0, 0, 2, 2, 0, 0, 0, 0]));
});

test('bad inputs: unknown parameters list the valid ones, bad ranges and units are refused', (t) => {
  t.throws(() => new brainpy.STP(1, { tau: 3 } as never), { instanceOf: TypeError, message: /unknown parameter 'tau'; valid parameters: U, tau_f, tau_d/ });
  t.throws(() => brainpy.STD.desc({ tau: u.ms(-5) }), { instanceOf: RangeError, message: /STD.tau must be finite and > 0/ });
  t.throws(() => brainpy.STP.desc({ U: 1.5 }), { instanceOf: RangeError, message: /STP.U must be in \[0, 1\]/ });
  t.throws(() => brainpy.STP.desc({ tau_f: u.mV(3) }), { instanceOf: TypeError, message: /STP.tau_f was given in mV/ });
  t.throws(() => brainpy.BioNMDA.desc({ beta1: -1 }), { instanceOf: RangeError, message: /BioNMDA.beta1/ });
  t.throws(() => brainpy.BioNMDA.desc({ T_dur: u.mV(1) }), { instanceOf: TypeError, message: /BioNMDA.T_dur was given in mV/ });
  t.throws(() => brainpy.MgBlock.desc({ cc: 1 } as never), { instanceOf: TypeError, message: /valid parameters: E, cc_Mg, alpha, beta, V_offset/ });
  t.throws(() => brainpy.MgBlock.desc({ E: u.ms(1) }), { instanceOf: TypeError, message: /MgBlock.E was given in ms/ });
  const N = new brainpy.LIFRef(4, { V_initializer: 0 });
  t.throws(() => new brainpy.AlignPostProj({ pre: N, post: N, comm: brainpy.AllToAll(), syn: brainpy.BioNMDA.desc(), out: brainpy.MgBlock.desc() }), { instanceOf: TypeError, message: /align_pre_projection/ });
  t.throws(() => new brainpy.DeltaProj({ pre: N, post: N, comm: brainpy.AllToAll(), syn: brainpy.Expon.desc() } as never), { instanceOf: TypeError, message: /unknown option 'syn'; valid options: pre, post, comm, label/ });
  t.throws(() => new brainpy.CurrentProj({ pre: N, post: N, comm: brainpy.AllToAll(), out: brainpy.CUBA.desc(), delay: u.ms(-1) }), { instanceOf: RangeError, message: /delay must be finite and >= 0/ });
  t.throws(() => new brainpy.CurrentProj({ pre: N, post: N, comm: brainpy.AllToAll() } as never), { instanceOf: TypeError, message: /out must be/ });
  t.throws(() => new brainpy.CurrentProj({ pre: N, post: N, comm: brainpy.AllToAll(), out: brainpy.CUBA.desc(), delay: [0.1, 0.2] }), { instanceOf: TypeError, message: /2 delays for 4 presynaptic neurons/ });
  t.throws(() => new brainpy.CurrentProj({ pre: N, post: N, comm: brainpy.AllToAll(), out: brainpy.CUBA.desc(), delay: [0.1, 0.2, u.mV(1), 0] }), { instanceOf: TypeError, message: /delay\[2\] was given in mV/ });
  t.throws(() => brainpy.align_pre_projection({ pre: N, post: N, comm: brainpy.AllToAll(), syn: brainpy.Expon.desc(), out: brainpy.CUBA.desc(), stp: brainpy.STP.desc(3) }), { instanceOf: TypeError, message: /STP was described with size 3 but the presynaptic population has 4/ });
  t.throws(() => brainpy.align_pre_projection({ pre: N, post: N, comm: brainpy.AllToAll(), syn: brainpy.Expon.desc(), out: brainpy.CUBA.desc(), stp: brainpy.Expon.desc() as never }), { instanceOf: TypeError, message: /stp must be brainpy.STP/ });
  t.throws(() => brainpy.elementResponse(brainpy.COBA.desc({ E: 0 }) as never), { instanceOf: TypeError });
  t.throws(() => new brainpy.SymmetryGapJunction(N, 'W', brainpy.AllToAll(), 1), { instanceOf: TypeError, message: /LIFRef has no state string W; variables: V, last_spike_time/ });
  t.throws(() => new brainpy.SymmetryGapJunction([N, new brainpy.HH(2)], 'V', brainpy.AllToAll(), 1), { instanceOf: TypeError, message: /different units/ });
  t.throws(() => new brainpy.AsymmetryGapJunction(N, 'V', N, 'V', brainpy.AllToAll(), [1, 2, 3]), { instanceOf: TypeError, message: /pair/ });
  t.throws(() => new brainpy.SymmetryGapJunction(N, 'V', brainpy.AllToAll(), u.mV(1)), { instanceOf: TypeError, message: /was given in mV/ });
});
