/**
 * Random node parameters: `sim.create(model, n, { V_m: nest.random.uniform(…) })`
 * and `nodes.set({ V_m: nest.random.normal(…) })`, drawn per node.
 *
 * NEST's random streams are not reproduced, so the drawn values are compared
 * statistically with NEST 3.10 (fixtures/nest/node_random.json.gz, written
 * by `tools/nest_node_random_fixtures.py`: eleven cases, 1000 nodes, six
 * seeds; per-seed moments, counts at a clipping bound, histograms of integer
 * draws, and 2000 pooled NEST values for a two-sample Kolmogorov-Smirnov
 * test). Errors follow NEST 3.10 (checked live): a drawn V_reset >= V_th
 * fails on the first such node ("Setting status of a 'iaf_psc_alpha' with
 * node ID 2: Reset potential must be smaller than threshold."), the nodes
 * before it keep their values; `start` of a spike_recorder and list
 * parameters (`tau_syn`) take no random parameter.
 */
import test from 'ava';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { nest } from '../src/index.js';
import { mean, sd } from './helpers/stats.js';

type Spec = [string, number, (number | null)?, Spec?];
interface SeedStats {
  seed: number;
  n: number;
  mean: number;
  std: number;
  min: number;
  max: number;
  distinct: number;
  at_clip?: number;
  hist?: number[];
}
interface Case {
  name: string;
  model: string;
  how: 'create' | 'set';
  param: string;
  spec: Spec;
  clip: number | null;
  seeds: SeedStats[];
  sample: number[];
}
const fixture = JSON.parse(gunzipSync(readFileSync(new URL('./fixtures/nest/node_random.json.gz', import.meta.url))).toString()) as { nest: string; n: number; cases: Case[] };

function param(s: Spec): nest.Parameter {
  const [kind, a, b, inner] = s;
  switch (kind) {
    case 'normal':
      return nest.random.normal({ mean: a, std: b! });
    case 'lognormal':
      return nest.random.lognormal({ mean: a, std: b! });
    case 'uniform':
      return nest.random.uniform({ min: a, max: b! });
    case 'uniform_int':
      return nest.random.uniform_int(a);
    case 'exponential':
      return nest.random.exponential({ beta: a });
    case 'redraw':
      return nest.math.redraw(param(inner!), { min: a, max: b === null ? Infinity : b! });
    case 'min':
      return nest.math.min(param(inner!), a);
    case 'max':
      return nest.math.max(param(inner!), a);
  }
  throw new Error(kind);
}

function draw(c: Case, seed: number, threads = 1): Float64Array {
  const sim = new nest.Simulator({ dt: 0.1, seed, threads });
  const p = { [c.param]: param(c.spec) };
  const nodes = c.how === 'create' ? sim.create(c.model, fixture.n, p) : sim.create(c.model, fixture.n);
  if (c.how === 'set') nodes.set(p);
  return nodes.get(c.param);
}

test('node fixture comes from NEST 3.10', (t) => {
  t.is(fixture.nest, '3.10.0');
  t.is(fixture.cases.length, 11);
  t.true(fixture.cases.every((c) => c.seeds.length === 6 && c.seeds[0]!.n === 1000 && c.sample.length === 2000));
});

for (const c of fixture.cases) {
  test(`statistical parity with NEST 3.10: ${c.name}`, (t) => {
    const ours = c.seeds.map((s) => {
      const x = draw(c, s.seed);
      const st: SeedStats = { seed: s.seed, n: x.length, mean: mean(x), std: sd(x), min: Math.min(...x), max: Math.max(...x), distinct: new Set(x).size };
      if (c.clip !== null) st.at_clip = x.filter((v) => v === c.clip).length;
      if (c.spec[0] === 'uniform_int') {
        st.hist = new Array<number>(c.spec[1]).fill(0);
        for (const v of x) st.hist[v]!++;
      }
      return { x, st };
    });
    // Per-seed statistics: difference of the means over the six seeds within 4 standard errors (+0.5 % of the value).
    for (const key of ['mean', 'std', ...(c.clip !== null ? ['at_clip'] : [])] as const) {
      const a = ours.map((o) => o.st[key as 'mean']);
      const b = c.seeds.map((s) => s[key as 'mean']);
      const se = Math.sqrt(sd(a) ** 2 / a.length + sd(b) ** 2 / b.length);
      const diff = Math.abs(mean(a) - mean(b));
      t.true(diff <= 4 * se + 0.005 * Math.abs(mean(b)) + 1e-12, `${key}: somata ${mean(a).toFixed(5)} vs NEST ${mean(b).toFixed(5)} (4·se ${(4 * se).toFixed(5)})`);
    }
    // Support: the bounds of the distribution hold for somata's and NEST's draws alike.
    const [kind, a0, b0] = c.spec;
    const bounds: [number, number] | undefined =
      kind === 'uniform' ? [a0, b0!] : kind === 'uniform_int' ? [0, a0 - 1] : kind === 'redraw' ? [a0, b0 ?? Infinity] : kind === 'min' ? [-Infinity, a0] : kind === 'max' ? [a0, Infinity] : undefined;
    if (bounds) {
      const inside = (lo: number, hi: number) => lo >= bounds[0] && hi <= bounds[1];
      t.true(inside(Math.min(...ours.map((o) => o.st.min)), Math.max(...ours.map((o) => o.st.max))), 'somata within bounds');
      t.true(inside(Math.min(...c.seeds.map((s) => s.min)), Math.max(...c.seeds.map((s) => s.max))), 'NEST within bounds');
    }
    if (c.spec[0] === 'uniform_int') {
      // Frequencies of 0..max−1: each within 4.5 binomial standard errors of NEST's.
      const N = 6 * fixture.n;
      for (let k = 0; k < c.spec[1]; k++) {
        const pa = ours.reduce((p, o) => p + o.st.hist![k]!, 0) / N;
        const pb = c.seeds.reduce((p, s) => p + s.hist![k]!, 0) / N;
        const pm = (pa + pb) / 2;
        t.true(Math.abs(pa - pb) <= 4.5 * Math.sqrt((pm * (1 - pm) * 2) / N), `value ${k}: somata ${pa} vs NEST ${pb}`);
      }
    } else if (c.clip === null) {
      // Continuous draws: every node its own value, as NEST.
      t.true(ours.every((o) => o.st.distinct === fixture.n) && c.seeds.every((s) => s.distinct === fixture.n));
    }
    // Two-sample Kolmogorov-Smirnov against 2000 NEST values (alpha = 0.001).
    const a = Float64Array.from(ours.flatMap((o) => Array.from(o.x))).sort();
    const b = c.sample;
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
  });
}

test('draws are keyed by (seed, node, parameter): thread count, other nodes and dictionary order do not change them', (t) => {
  const c = fixture.cases[0]!;
  const one = draw(c, 9, 1);
  t.deepEqual([...draw(c, 9, 2)], [...one], 'threads 2 = threads 1');
  t.notDeepEqual([...draw(c, 10)], [...one], 'another seed');
  // V_m and V_th drawn in one dictionary, in either order: the same values per node.
  const make = (order: 'vm-first' | 'th-first') => {
    const sim = new nest.Simulator({ seed: 4 });
    const vm = nest.random.uniform({ min: -70, max: -60 });
    const th = nest.random.normal({ mean: -50, std: 1 });
    const n = sim.create('iaf_psc_alpha', 20, order === 'vm-first' ? { V_m: vm, V_th: th } : { V_th: th, V_m: vm });
    return [...n.get('V_m'), ...n.get('V_th')];
  };
  t.deepEqual(make('th-first'), make('vm-first'));
  // A second random set draws new values; a set on a slice leaves the other nodes alone.
  const sim = new nest.Simulator({ seed: 4 });
  const n = sim.create('iaf_psc_alpha', 10, { V_m: nest.random.uniform(-70, -60) });
  const before = [...n.get('V_m')];
  n.slice(2, 5).set({ V_m: nest.random.uniform(-70, -60) });
  const after = [...n.get('V_m')];
  t.deepEqual(after.slice(0, 2), before.slice(0, 2));
  t.deepEqual(after.slice(5), before.slice(5));
  t.true(after.slice(2, 5).every((x, i) => x !== before[2 + i] && x >= -70 && x < -60));
  // Units on the arguments of the random parameter.
  const q = sim.create('iaf_psc_alpha', 50, { I_e: nest.random.uniform({ min: '0.1 nA', max: '0.2 nA' }) });
  t.true(q.get('I_e').every((x) => x >= 100 && x < 200));
});

test("NEST's checks per node with the drawn values; errors name node, parameter and value", (t) => {
  const sim = new nest.Simulator({ seed: 1 });
  const n = sim.create('iaf_psc_alpha', 200);
  // NEST 3.10: "Setting status of a 'iaf_psc_alpha' with node ID 2: Reset potential must be smaller than threshold."
  const e = t.throws(() => n.set({ V_reset: nest.random.uniform(-80, -40) }), { instanceOf: RangeError });
  t.regex(e!.message, /^Setting status of a 'iaf_psc_alpha' with node ID (\d+) \(V_reset = -?[\d.]+ drawn from nest\.random\.uniform\(min=-80\.0, max=-40\.0\)\): .*Reset potential must be smaller than threshold/);
  const bad = Number(/node ID (\d+)/.exec(e!.message)![1]);
  const vr = n.get('V_reset');
  // Nodes before the failing one keep their drawn values (< V_th = -55), the others keep -70 (NEST applies node by node).
  t.true(vr.slice(0, bad - 1).every((x) => x >= -80 && x < -55));
  t.true(vr.slice(bad - 1).every((x) => x === -70));
  t.throws(() => sim.create('iaf_psc_alpha', 3, { C_m: nest.random.uniform_int(3) }), { instanceOf: RangeError, message: /with node ID \d+ \(C_m = 0 drawn from nest\.random\.uniform_int\(max=3\)\): .*Capacitance must be (> 0|strictly positive)/ });
  t.throws(() => sim.create('iaf_psc_alpha', 1, { V_m: nest.math.redraw(nest.random.normal(), { min: 100, max: 101 }) }), { instanceOf: RangeError, message: /node ID \d+ \(drawing V_m\): nest\.math\.redraw: Number of redraws exceeded limit of 1000/ });
  t.throws(() => sim.create('iaf_psc_alpha', 1, { V_m: nest.random.normal({ mean: 0, std: -1 }) }), { instanceOf: RangeError, message: /std > 0 required/ });
  // NEST: "Failed to cast 'start' from std::shared_ptr<nest::Parameter> to type double."
  t.throws(() => sim.create('spike_recorder', 1, { start: nest.random.uniform(1, 2) }), { instanceOf: TypeError, message: /spike_recorder\.start cannot be a random parameter/ });
  t.throws(() => sim.create('poisson_generator', 1, { start: nest.random.uniform(1, 2) }), { instanceOf: TypeError, message: /poisson_generator\.start cannot be a random parameter .*: rate/ });
  t.throws(() => sim.create('iaf_psc_delta', 1, { ignore_and_spike: nest.random.uniform(0, 1) }), { instanceOf: TypeError, message: /ignore_and_spike cannot be a random parameter/ });
  t.throws(() => sim.create('iaf_psc_alpha_multisynapse', 1, { tau_syn: nest.random.uniform(1, 2) as never }), { instanceOf: TypeError, message: /tau_syn is a list parameter; it cannot be a random parameter/ });
  t.throws(() => sim.create('iaf_psc_alpha', 1, { V_x: nest.random.uniform(1, 2) }), { instanceOf: TypeError, message: /has no parameter .*V_x.*; valid: / });
  // Integer device parameters are truncated as NEST's C++ conversion to long does.
  const g = sim.create('gamma_sup_generator', 40, { gamma_shape: nest.random.uniform(2, 4) });
  t.true(g.get('gamma_shape').every((x) => x === 2 || x === 3));
});

test('toPyNEST writes the random parameters as nest.random expressions, in Create and set', (t) => {
  const sim = new nest.Simulator({ seed: 2 });
  const a = sim.create('iaf_psc_alpha', 10, { V_m: nest.random.uniform({ min: -70, max: -55 }), V_th: -50 });
  a.slice(0, 4).set({ I_e: nest.math.max(nest.random.normal({ mean: 0, std: 100 }), 0) });
  sim.create('poisson_generator', 2, { rate: nest.random.uniform(5, 15) });
  const b = sim.create('iaf_psc_exp', 3, { C_m: nest.random.lognormal({ mean: 5.5, std: 0.2 }) });
  b.set({ C_m: 300 }); // overridden: written as the value
  const py = sim.toPyNEST();
  t.regex(py, /_n\.set\(\{'V_th': -50\.0, .*'V_m': nest\.random\.uniform\(min=-70\.0, max=-55\.0\)\}\)/);
  t.regex(py, /nest\.NodeCollection\(list\(range\(1, 5\)\)\)\.set\(\{'I_e': nest\.math\.max\(nest\.random\.normal\(mean=0\.0, std=100\.0\), 0\.0\)\}\)/);
  t.regex(py, /'rate': nest\.random\.uniform\(min=5\.0, max=15\.0\)/);
  t.notRegex(py, /lognormal/);
  t.regex(py, /'C_m': 300\.0/);
  try {
    execFileSync('python3', ['-c', 'import ast, sys; ast.parse(sys.stdin.read())'], { input: py });
  } catch (err) {
    if ((err as { code?: string }).code !== 'ENOENT') throw err;
  }
});
