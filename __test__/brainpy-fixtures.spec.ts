// Every BrainPy-style model against reference traces computed by
// brainpy.state 0.1.0 itself in float64 (tools/brainpy_fixtures.py), through
// the fast path (brainpy.run); cases with delta inputs also through the JS
// step path (addDeltaInput + update). Spike outputs must match exactly; every
// recorded state value to 1e-9 relative.
import test from 'ava';
import { readFileSync } from 'node:fs';
import { brainpy } from '../src/index.js';

interface Case {
  model: brainpy.ModelName;
  name: string;
  params: Record<string, number | number[]>;
  init: Record<string, number>;
  spk_reset?: 'soft' | 'hard';
  dt: number;
  steps: number;
  n: number;
  every: number;
  input: number | number[];
  delta?: number[];
  /** A persistent conductance input g·(E − V) (brainpy: a callable current input). */
  cond?: { g: number; E: number };
  vars: Record<string, number[]>;
  spikes: number[];
  /** A looser tolerance with its reason in tools/brainpy_fixtures.py. */
  rtol?: number;
  /** The same for the float32 comparison. */
  rtol32?: number;
}

/** Relative tolerance of the comparison (see docs/models-brainpy.md). */
const RTOL = 1e-9;

function build(c: Case, precision: 'float64' | 'float32' = 'float64'): brainpy.Neuron {
  const opts: Record<string, unknown> = { ...c.params, dt: c.dt, precision, ref_var: c.model.endsWith('Ref') && c.model !== 'LIFRef' ? true : undefined };
  for (const [k, v] of Object.entries(c.init)) opts[`${k}_initializer`] = v;
  if (c.spk_reset) opts.spk_reset = c.spk_reset;
  // Reference runs used constant initial values; HH's random default V is replaced where the case sets it.
  const neuron = new brainpy.Neuron(c.model, c.n, opts as never);
  if (c.cond) neuron.addCurrentInput('syn', brainpy.conductanceInput(c.cond.g, c.cond.E));
  return neuron;
}

/** Runs a case; returns full traces (time-major) and the flat spike indices. */
export function simulate(c: Case, precision: 'float64' | 'float32' = 'float64', path: 'run' | 'step' = 'run'): { traces: Record<string, Float64Array>; spikes: number[] } {
  const neuron = build(c, precision);
  const names = Object.keys(c.vars);
  if (path === 'run') {
    const input = typeof c.input === 'number' ? c.input : { perStep: c.input };
    const r = brainpy.run(neuron, { steps: c.steps, input, delta: c.delta ? { perStep: c.delta } : undefined, record: names as never });
    const traces: Record<string, Float64Array> = {};
    for (const v of names) traces[v] = Float64Array.from((r as unknown as Record<string, Float64Array>)[v]!);
    const spikes: number[] = [];
    r.spikes.forEach((s, i) => s && spikes.push(i));
    return { traces, spikes };
  }
  const traces: Record<string, Float64Array> = Object.fromEntries(names.map((v) => [v, new Float64Array(c.steps * c.n)]));
  const spikes: number[] = [];
  for (let k = 0; k < c.steps; k++) {
    if (c.delta) neuron.addDeltaInput('d', c.delta[k]!);
    const spk = neuron.update(typeof c.input === 'number' ? c.input : c.input[k]!);
    for (const v of names) traces[v]!.set(neuron.getState(v as never), k * c.n);
    spk.forEach((s, i) => s && spikes.push(k * c.n + i));
  }
  return { traces, spikes };
}

/** Largest relative deviation over the fixture's samples, scaled by max(|ref|, 1e-6·max|ref| of the trace). */
export function deviation(c: Case, traces: Record<string, Float64Array>): { worst: number; where: string } {
  let worst = 0;
  let where = '';
  for (const [v, ref] of Object.entries(c.vars)) {
    const scale = Math.max(...ref.map(Math.abs));
    const samples = ref.length / c.n;
    for (let s = 0; s < samples; s++) {
      const k = (s + 1) * c.every - 1;
      for (let i = 0; i < c.n; i++) {
        const a = traces[v]![k * c.n + i]!;
        const b = ref[s * c.n + i]!;
        const d = Math.abs(a - b) / Math.max(Math.abs(b), 1e-6 * scale, 1e-300);
        if (!(d <= worst)) {
          worst = d;
          where = `${v}[step ${k}, neuron ${i}] = ${a} vs ${b}`;
        }
      }
    }
  }
  return { worst, where };
}

const families = ['lif', 'izhikevich', 'hh', 'reduced'];
for (const fam of families) {
  const url = new URL(`./fixtures/brainpy/${fam}.json`, import.meta.url);
  let data: { cases: Case[] };
  try {
    data = JSON.parse(readFileSync(url, 'utf8'));
  } catch {
    continue;
  }
  for (const c of data.cases) {
    test(`${c.model}: ${c.name} matches brainpy.state (float64)`, (t) => {
      const { traces, spikes } = simulate(c);
      t.deepEqual(spikes, c.spikes, 'spike outputs (step*n + i)');
      const { worst, where } = deviation(c, traces);
      t.true(worst <= (c.rtol ?? RTOL), `worst relative deviation ${worst.toExponential(2)} at ${where}`);
      if (c.delta || c.cond) {
        const step = simulate(c, 'float64', 'step');
        t.deepEqual(step.spikes, spikes, 'step path: same spikes');
        for (const v of Object.keys(traces)) t.deepEqual(Array.from(step.traces[v]!), Array.from(traces[v]!), `step path: same ${v}, bit for bit`);
      }
    });
  }
}

// brainpy.state's default precision (float32, as in the seed tutorials): a
// subset of the cases regenerated with `tools/brainpy_fixtures.py --float32`.
// Spike outputs must match exactly; values to 1e-4 of each trace's largest
// magnitude (f32 last bits differ where XLA fuses multiply-adds; nonlinear
// terms amplify them; Hindmarsh–Rose's bursting most, compared at 1e-3).
const f32 = JSON.parse(readFileSync(new URL('./fixtures/brainpy/float32.json', import.meta.url), 'utf8')) as { cases: Case[] };
for (const c of f32.cases) {
  test(`${c.model}: ${c.name} matches brainpy.state (float32)`, (t) => {
    const { traces, spikes } = simulate(c, 'float32');
    t.deepEqual(spikes, c.spikes, 'spike outputs (step*n + i)');
    let worst = 0;
    for (const [v, ref] of Object.entries(c.vars)) {
      const scale = Math.max(...ref.map(Math.abs)) || 1;
      ref.forEach((b, s) => {
        const i = s % c.n;
        const k = (Math.floor(s / c.n) + 1) * c.every - 1;
        worst = Math.max(worst, Math.abs(traces[v]![k * c.n + i]! - b) / scale);
      });
    }
    t.true(worst <= (c.rtol32 ?? 1e-4), `worst deviation ${worst.toExponential(2)} of the trace scale`);
  });
}
