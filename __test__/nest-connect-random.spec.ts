/**
 * Random connection parameters (`nest.random.*`, `nest.math.*`) and the
 * connect-time receptor checks.
 *
 * NEST's random streams are not reproduced, so the drawn weights and delays
 * are compared statistically: with theory (moments of each distribution),
 * and with NEST 3.10 (fixtures/nest/connect_random.json.gz, written by
 * `tools/nest_random_fixtures.py`: the same specs, all_to_all 100 x 100, six
 * seeds; moments, the histogram of delays in steps, and 2000 NEST weights
 * for a two-sample Kolmogorov-Smirnov test). Receptor errors follow what
 * NEST 3.10 rejects at connect time (checked live).
 */
import test from 'ava';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { nest } from '../src/index.js';
import { mean, sd } from './helpers/stats.js';

type Spec = [string, number, number | null, Spec?] | [string, number];
interface SeedStats {
  seed: number;
  n: number;
  w_mean: number;
  w_std: number;
  w_min: number;
  d_mean: number;
  d_std: number;
  d_min: number;
  d_steps_hist: number[];
  w_at_clip: number;
  d_at_clip: number;
}
interface Case {
  name: string;
  weight: Spec;
  delay: Spec;
  seeds: SeedStats[];
  w_sample: number[];
}
const fixture = JSON.parse(gunzipSync(readFileSync(new URL('./fixtures/nest/connect_random.json.gz', import.meta.url))).toString()) as { nest: string; cases: Case[] };

function param(s: Spec): nest.Parameter {
  const [kind, a, b, inner] = s as [string, number, number | null, Spec | undefined];
  switch (kind) {
    case 'normal':
      return nest.random.normal({ mean: a, std: b! });
    case 'lognormal':
      return nest.random.lognormal({ mean: a, std: b! });
    case 'uniform':
      return nest.random.uniform({ min: a, max: b! });
    case 'exponential':
      return nest.random.exponential({ beta: a });
    case 'redraw':
      return nest.math.redraw(param(inner!), { min: a, max: b === null ? Infinity : b });
    case 'min':
      return nest.math.min(param(inner!), a);
    case 'max':
      return nest.math.max(param(inner!), a);
  }
  throw new Error(kind);
}

function draw(c: { weight: nest.Parameter; delay: nest.Parameter }, seed: number, threads = 1) {
  const sim = new nest.Simulator({ dt: 0.1, seed, threads });
  const a = sim.create('iaf_psc_alpha', 100);
  const b = sim.create('iaf_psc_alpha', 100);
  sim.connect(a, b, { weight: c.weight, delay: c.delay });
  return sim.getConnections();
}

test('connect fixture comes from NEST 3.10', (t) => {
  t.is(fixture.nest, '3.10.0');
  t.is(fixture.cases.length, 5);
  t.true(fixture.cases.every((c) => c.seeds.length === 6 && c.seeds[0]!.n === 10000 && c.w_sample.length === 2000));
});

for (const c of fixture.cases) {
  test(`statistical parity with NEST 3.10: ${c.name}`, (t) => {
    const spec = { weight: param(c.weight), delay: param(c.delay) };
    const ours = c.seeds.map((s) => {
      const k = draw(spec, s.seed);
      const steps = Array.from(k.delay, (d) => Math.round(d / 0.1));
      const hist = new Array<number>(41).fill(0);
      for (const x of steps) if (x < 41) hist[x]!++;
      return { w: k.weight, d: k.delay, w_mean: mean(k.weight), w_std: sd(k.weight), d_mean: mean(k.delay), d_std: sd(k.delay), hist, w_at_clip: k.weight.filter((x) => x === 0).length, d_at_clip: k.delay.filter((x) => Math.abs(x - 2) < 1e-9).length };
    });
    // Per-seed statistics: difference of the means over seeds within 4 standard errors (+0.5 % of the value).
    for (const key of ['w_mean', 'w_std', 'd_mean', 'd_std', 'w_at_clip', 'd_at_clip'] as const) {
      const a = ours.map((x) => x[key]);
      const b = c.seeds.map((x) => x[key]);
      const se = Math.sqrt(sd(a) ** 2 / a.length + sd(b) ** 2 / b.length);
      const diff = Math.abs(mean(a) - mean(b));
      t.true(diff <= 4 * se + 0.005 * Math.abs(mean(b)) + 1e-12, `${key}: somata ${mean(a).toFixed(5)} vs NEST ${mean(b).toFixed(5)} (4·se ${(4 * se).toFixed(5)})`);
    }
    // Delay histogram in steps: each step's share within 4.5 binomial standard errors.
    const N = 6 * 10000;
    for (let s = 0; s < 41; s++) {
      const pa = ours.reduce((p, x) => p + x.hist[s]!, 0) / N;
      const pb = c.seeds.reduce((p, x) => p + x.d_steps_hist[s]!, 0) / N;
      const pm = (pa + pb) / 2;
      t.true(Math.abs(pa - pb) <= 4.5 * Math.sqrt((pm * (1 - pm) * 2) / N) + 1e-9, `delay step ${s}: somata ${pa} vs NEST ${pb}`);
    }
    // Two-sample Kolmogorov-Smirnov on the weights (alpha = 0.001).
    const a = Float64Array.from(ours.flatMap((x) => Array.from(x.w))).sort();
    const b = c.w_sample;
    let i = 0;
    let j = 0;
    let D = 0;
    while (i < a.length && j < b.length) {
      const x = Math.min(a[i]!, b[j]!);
      while (i < a.length && a[i]! <= x) i++;
      while (j < b.length && b[j]! <= x) j++;
      D = Math.max(D, Math.abs(i / a.length - j / b.length));
    }
    const crit = 1.95 * Math.sqrt((a.length + b.length) / (a.length * b.length));
    t.true(D <= crit, `KS D = ${D.toFixed(4)} (critical ${crit.toFixed(4)})`);
    // Delays are on the grid and >= dt.
    t.true(ours.every((x) => x.d.every((d) => d >= 0.1 - 1e-12 && Math.abs(d * 10 - Math.round(d * 10)) < 1e-9)));
  });
}

test('draws: theory moments, per connection, seed-keyed, identical for any thread count', (t) => {
  const spec = { weight: nest.random.lognormal({ mean: 0.1, std: 0.3 }), delay: nest.random.uniform(0.5, 2.0) };
  const k = draw(spec, 11);
  // lognormal(μ, σ): mean e^(μ+σ²/2), sd sqrt((e^σ² − 1)·e^(2μ+σ²)); 10000 draws.
  const mu = Math.exp(0.1 + 0.045);
  const s = Math.sqrt((Math.exp(0.09) - 1) * Math.exp(0.2 + 0.09));
  t.true(Math.abs(mean(k.weight) - mu) < (4.5 * s) / 100, `mean ${mean(k.weight)} vs ${mu}`);
  t.true(Math.abs(sd(k.weight) - s) < 0.05 * s, `sd ${sd(k.weight)} vs ${s}`);
  // uniform(0.5, 2) rounded to 0.1 ms: steps 5 and 20 get half a bin each.
  const steps = Array.from(k.delay, (d) => Math.round(d * 10));
  t.is(Math.min(...steps), 5);
  t.is(Math.max(...steps), 20);
  t.true(Math.abs(mean(k.delay) - 1.25) < 0.01);
  const two = draw(spec, 11, 2);
  t.deepEqual([...two.weight], [...k.weight], 'threads 2 = threads 1');
  t.deepEqual([...two.delay], [...k.delay]);
  t.notDeepEqual([...draw(spec, 12).weight], [...k.weight], 'another seed');
  t.is(new Set(k.weight).size, k.weight.length, 'one draw per connection');
  // A second connect call draws other values; the rule's seed option keys the draws too.
  const sim = new nest.Simulator({ seed: 3 });
  const n = sim.create('iaf_psc_alpha', 2);
  sim.connect(n, n, { weight: nest.random.normal(0, 1) });
  sim.connect(n, n, { weight: nest.random.normal(0, 1) });
  const w = sim.getConnections().weight;
  t.notDeepEqual([...w.slice(0, 4)], [...w.slice(4)]);
});

test('redraw, min and max as NEST: bounds included, clipping, 1000 redraws at most', (t) => {
  const k = draw({ weight: nest.math.redraw(nest.random.normal({ mean: 1.5, std: 0.5 }), { min: 0.1, max: Infinity }), delay: nest.math.max(nest.random.normal(1, 0.3), 0.1) }, 4);
  t.true(k.weight.every((w) => w >= 0.1));
  t.true(k.delay.every((d) => d >= 0.1));
  t.true(k.delay.filter((d) => d === 0.1).length > 0, 'max() clips to 0.1');
  const m = draw({ weight: nest.math.min(nest.random.uniform(0, 2), 1.5), delay: nest.random.uniform(0.5, 1) }, 5);
  t.true(Math.abs(m.weight.filter((w) => w === 1.5).length / m.weight.length - 0.25) < 0.02);
  const sim = new nest.Simulator();
  const n = sim.create('iaf_psc_alpha', 3);
  t.throws(() => sim.connect(n, n, { weight: nest.math.redraw(nest.random.normal(), { min: 100, max: 101 }) }), { instanceOf: RangeError, message: /Number of redraws exceeded limit of 1000/ });
  t.throws(() => sim.connect(n, n, { weight: nest.random.normal({ mean: 1, std: 0 }) }), { instanceOf: RangeError, message: /std > 0 required/ });
  t.throws(() => sim.connect(n, n, { weight: nest.random.lognormal({ mean: 1, std: -1 }) }), { instanceOf: RangeError, message: /std > 0 required/ });
  t.throws(() => sim.connect(n, n, { weight: nest.random.uniform({ min: 2, max: 1 }) }), { instanceOf: RangeError, message: /min < max required/ });
  t.throws(() => sim.connect(n, n, { weight: nest.math.redraw(nest.random.normal(), 2, 1) }), { instanceOf: RangeError, message: /min <= max required/ });
  t.throws(() => nest.math.min(3 as unknown as nest.Parameter, 1), { instanceOf: TypeError, message: /nest\.random/ });
  t.throws(() => nest.random.normal({ mean: 1, sd: 2 } as never), { instanceOf: TypeError, message: /valid: mean, std/ });
  t.is(sim.getConnections().length, 0, 'failed calls leave no connections');
});

test('delays: rounded to the grid as NEST rounds, must round to >= dt', (t) => {
  const sim = new nest.Simulator({ dt: 0.1 });
  const n = sim.create('iaf_psc_alpha', 2);
  // NEST 3.10 (live): 0.06 → 0.1, 0.149 → 0.1, 0.15 → 0.2, 0.25 → 0.3, 1.05 → 1.1; 0.04 → BadDelay.
  sim.connect(n.at(0), n.at(1), { rule: 'one_to_one', delay: 0.06 });
  for (const d of [0.149, 0.15, 0.25, 1.05]) sim.connect(n.at(0), n.at(1), { delay: d });
  t.deepEqual([...sim.getConnections().delay], [0.1, 0.1, 0.2, 0.3, 1.1]);
  t.throws(() => sim.connect(n, n, { delay: 0.04 }), { instanceOf: RangeError, message: /must be >= dt/ });
  t.throws(() => sim.connect(n, n, { delay: nest.random.uniform({ min: -1, max: 0.04 }) }), { instanceOf: RangeError, message: /drawn from nest\.random\.uniform/ });
});

test('receptor_type checked per target neuron at connect time, as NEST', (t) => {
  const sim = new nest.Simulator();
  const a = sim.create('iaf_psc_alpha');
  const m2 = sim.create('iaf_psc_alpha_multisynapse', 1, { tau_syn: [1, 2] });
  const m4 = sim.create('iaf_psc_exp_multisynapse', 1, { tau_syn: [1, 2, 3, 4] });
  const e = sim.create('iaf_psc_exp');
  const p = sim.create('parrot_neuron');
  const dc = sim.create('dc_generator');
  // NEST: "Receptor type 1 is not available in iaf_psc_alpha."
  t.throws(() => sim.connect(a, a, { receptor_type: 1 }), { instanceOf: RangeError, message: /iaf_psc_alpha \(node 1\) does not accept spikes on receptor_type 1; valid receptor_type for spikes: 0 / });
  // NEST: "Receptor type 3 in iaf_psc_alpha_multisynapse does not accept SpikeEvent." (tau_syn of this neuron has 2 entries)
  t.throws(() => sim.connect(a, m2, { receptor_type: 3 }), { message: /iaf_psc_alpha_multisynapse \(node 2\) does not accept spikes on receptor_type 3; valid receptor_type for spikes: 1, 2 \(one port per tau_syn entry of this neuron: 2\)/ });
  t.throws(() => sim.connect(a, m2, { receptor_type: 0 }), { message: /valid receptor_type for spikes: 1, 2/ });
  t.is(sim.connect(a, m4, { receptor_type: 3 }), 1, 'receptor 3 exists in the neuron with 4 ports');
  t.throws(() => sim.connect(a, m2.concat(m4), { receptor_type: 3 }), { message: /node 2\)/ }, 'checked for every target');
  t.is(sim.connect(a, m2.concat(m4), { receptor_type: 2 }), 2);
  // Currents: receptor 0 only in the multisynapse models ("Receptor type 1 is not available ...").
  t.throws(() => sim.connect(dc, m2, { receptor_type: 1 }), { message: /does not accept currents on receptor_type 1; valid receptor_type for currents: 0 / });
  // Spikes into iaf_psc_exp's current-only port 1; currents into it are fine.
  t.throws(() => sim.connect(a, e, { receptor_type: 1 }), { message: /iaf_psc_exp \(node 4\) does not accept spikes on receptor_type 1; valid receptor_type for spikes: 0 / });
  t.is(sim.connect(dc, e, { receptor_type: 1 }), 1);
  t.throws(() => sim.connect(dc, e, { receptor_type: 2 }), { message: /valid receptor_type for currents: 0, 1/ });
  // parrot_neuron takes no current ("The target node or synapse model does not support current input").
  t.throws(() => sim.connect(dc, p), { message: /parrot_neuron \(node 5\) does not accept currents on receptor_type 0; valid receptor_type for currents: none/ });
  t.throws(() => sim.connect(a, p, { receptor_type: 2 }), { message: /valid receptor_type for spikes: 0, 1/ });
});

test('toPyNEST writes random parameters as nest.random / nest.math expressions', (t) => {
  const sim = new nest.Simulator({ seed: 7 });
  const a = sim.create('iaf_psc_alpha', 3);
  sim.connect(a, a, { weight: nest.random.normal({ mean: 1, std: 0.1 }), delay: nest.math.redraw(nest.random.normal({ mean: 1.5, std: 0.5 }), { min: 0.1, max: Infinity }) });
  const rules = sim.toPyNEST(undefined, { connections: 'rules' });
  t.regex(rules, /'weight': nest\.random\.normal\(mean=1\.0, std=0\.1\), 'delay': nest\.math\.redraw\(nest\.random\.normal\(mean=1\.5, std=0\.5\), min=0\.1, max=float\('inf'\)\)/);
  const edges = sim.toPyNEST();
  t.regex(edges, /weights drawn from nest\.random\.normal\(mean=1\.0, std=0\.1\)/);
  const w = sim.getConnections().weight;
  t.true(edges.includes(String(w[0])), 'edges mode carries the drawn values');
  // Receptor ports of multisynapse neurons come from tau_syn: exported per node before the connections (checked in NEST 3.10).
  const ms = new nest.Simulator();
  const m = ms.create('iaf_psc_alpha_multisynapse', 2, { tau_syn: [[1, 3], [2, 4]] as never });
  ms.connect(ms.create('iaf_psc_alpha'), m, { receptor_type: 2 });
  t.regex(ms.toPyNEST(), /_n\.set\(\[\{'tau_syn': np\.array\(\[1\.0, 3\.0\], dtype=np\.float64\)\.tolist\(\)\}, \{'tau_syn': np\.array\(\[2\.0, 4\.0\], dtype=np\.float64\)\.tolist\(\)\}\]\)/);
});
