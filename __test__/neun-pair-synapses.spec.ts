// neun_py's per-pair synapse classes ({ESyn|DSyn}{M1}{M2}{Float|Double}{RK4|RK6}):
// the 72 names, the neuron-class checks, and the same numbers as the generic
// classes — ESynHHHHDoubleRK4 against Neun's own examples/synapsis.cpp output
// (fixture from tools/neun-synapse-fixtures.sh).
import test from 'ava';
import { readFileSync } from 'node:fs';
import { neun } from '../src/index.js';

const MODELS = ['HH', 'HR', 'Iz'] as const;
const lookup = neun as unknown as Record<string, unknown>;

test('all 72 neun_py pair classes exist under their neun_py names', (t) => {
  const names: string[] = [];
  for (const k of ['ESyn', 'DSyn']) for (const a of MODELS) for (const b of MODELS) for (const p of ['Float', 'Double']) for (const i of ['RK4', 'RK6']) names.push(`${k}${a}${b}${p}${i}`);
  t.is(names.length, 72);
  for (const n of names) {
    t.is(typeof lookup[n], 'function', n);
    t.is((lookup[n] as { name: string }).name, n);
  }
});

test("ESynHHHHDoubleRK4 reproduces Neun's examples/synapsis.cpp (first 200 ms)", (t) => {
  const V = neun.HHDoubleVariable;
  const ref = readFileSync(new URL('./fixtures/neun/synapsis.txt', import.meta.url), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '' && !l.startsWith('#'))
    .map((l) => l.trim().split(/\s+/).map(Number))
    .slice(0, 200);
  const make = (v: number) => {
    const n = new neun.HHDoubleRK4();
    n.set(V.v, v);
    for (const x of [V.h, V.m, V.n]) n.set(x, 0);
    return n;
  };
  const h1 = make(-75);
  const h2 = make(0);
  const s = new neun.ESynHHHHDoubleRK4(h1, V.v, h2, V.v, -0.002, -0.002);
  t.true(s instanceof neun.ElectricalSynapsis);
  let row = 0;
  for (let k = 1; row < ref.length; k++) {
    s.step(0.001);
    h1.addSynapticInput(0.5);
    h2.addSynapticInput(0.5);
    h1.step(0.001);
    h2.step(0.001);
    if (ref[row]![0] !== k) continue;
    const [, , v1, v2, i1] = ref[row]!;
    // Neun printed 6 significant digits.
    for (const [ours, r] of [
      [h1.get(V.v), v1!],
      [h2.get(V.v), v2!],
      [s.get(neun.ESynDoubleVariable.i1), i1!],
    ] as const)
      t.true(Math.abs(ours - r) <= 0.5 * 10 ** (Math.floor(Math.log10(Math.abs(r) || 1)) - 5) + 1e-9, `step ${k}: ${ours} vs ${r}`);
    row++;
  }
});

test('DSynHRIzDoubleRK6 is DiffusionSynapsis with RK6, bit for bit', (t) => {
  const run = (pair: boolean) => {
    const a = new neun.HRDoubleRK6();
    const b = new neun.IzDoubleRK6();
    a.set(neun.HRDoubleVariable.x, -1.5);
    b.set(neun.IzDoubleVariable.v, -65);
    const s = pair
      ? new neun.DSynHRIzDoubleRK6(a, neun.HRDoubleVariable.x, b, neun.IzDoubleVariable.v, { gsyn: -0.1, threshold: 0 })
      : new neun.DiffusionSynapsis(a, neun.HRDoubleVariable.x, b, neun.IzDoubleVariable.v, { gsyn: -0.1, threshold: 0 }, 1, { integrator: 'RK6' });
    const out: number[] = [];
    for (let k = 0; k < 5000; k++) {
      s.step(0.01);
      a.addSynapticInput(3);
      a.step(0.01);
      b.step(0.01);
      out.push(b.get(neun.IzDoubleVariable.v), s.get(neun.DSynDoubleVariable.r));
    }
    return out;
  };
  const pair = run(true);
  t.deepEqual(pair, run(false));
  t.true(pair.some((x, i) => i % 2 === 1 && x > 0), 'the synapse released');
});

test('pair classes accept only their own neuron classes', (t) => {
  const hh = new neun.HHDoubleRK4();
  const iz = new neun.IzDoubleRK4();
  const hhF = new neun.HHFloatRK4();
  const hh6 = new neun.HHDoubleRK6();
  t.throws(() => new neun.ESynHHHHDoubleRK4(hh, 'v', iz as never, 'v' as never, 0.1, 0.1), { instanceOf: TypeError, message: /ESynHHHHDoubleRK4: n2 must be a HHDoubleRK4, got IzDoubleRK4/ });
  t.throws(() => new neun.ESynHHHHDoubleRK4(hh6 as never, 'v', hh, 'v', 0.1, 0.1), { instanceOf: TypeError, message: /n1 must be a HHDoubleRK4, got HHDoubleRK6/ });
  t.throws(() => new neun.DSynHHHHFloatRK4(hhF, 'v', hh as never, 'v'), { instanceOf: TypeError, message: /n2 must be a HHFloatRK4, got HHDoubleRK4/ });
  t.notThrows(() => new neun.ESynHHIzDoubleRK4(hh, 'v', iz, 'v', 0.1, 0.1));
});
