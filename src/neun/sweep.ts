/**
 * Parameter sweeps: many independent Neun neurons whose parameters vary, run
 * in SIMD groups on an owned thread pool. Results are bit-identical for any
 * thread count, and identical to running each neuron alone.
 */
import { abortError, awaitNative, callNative } from '../errors.js';
import { native } from '../native.js';
import type { NeunSweepArgs, NeunSweepResult } from '../../native/binding.js';
import { describe } from '../units.js';
import { modelData_ } from './neuron.js';
import { INTEGRATOR_NAMES, MODEL_NAMES, NEUN_MODELS, type ArrayOf, type IntegratorName, type ModelName, type ParamName, type Precision, type VarName } from './models.js';
import os from 'node:os';

/** Options of {@link sweep}. */
export interface SweepOptions<M extends ModelName, P extends Precision = 'Double'> {
  /** Model short name (`'HH'`, `'HR'`, `'Iz'`, `'Rulkov'`, `'Matsuoka'`). */
  model: M;
  /** `'Double'` (default) or `'Float'`. */
  precision?: P;
  /** Integrator (default `'RK4'`; `'Stepper'` for map models). */
  integrator?: IntegratorName;
  /**
   * Parameters: a number (every neuron) or an array (one per neuron). The
   * pseudo-parameter `input` is a per-neuron constant input. Unlisted
   * parameters take the model defaults.
   */
  params?: Partial<Record<ParamName<M> | 'input', number | ArrayLike<number>>>;
  /** A grid: the Cartesian product of these value lists (first key varies slowest). May include `input`. */
  grid?: Partial<Record<ParamName<M> | 'input', ArrayLike<number>>>;
  /** Initial state: a number or one value per neuron per variable (default: the model's initial state). */
  init?: Partial<Record<VarName<M>, number | ArrayLike<number>>>;
  /** Input: a constant, or `{ perStep }` (shared by all neurons) or `{ perStepPerNeuron }` (time-major `[k*n+j]`; when nothing else gives the number of neurons n, it is this length ÷ steps). */
  input?: number | { perStep: ArrayLike<number> } | { perStepPerNeuron: ArrayLike<number> };
  /** Step size. */
  h: number;
  /** Steps per neuron. */
  steps: number;
  /** Spike detection (default: first variable through 0; Iz: v through each neuron's own `threshold`). */
  spike?: { variable?: VarName<M>; threshold?: number };
  /** Variables whose traces are returned (default none). */
  record?: ReadonlyArray<VarName<M>>;
  /** Record after every `every`-th step (default 1). */
  every?: number;
  /** Worker threads (default: all cores, or `RAYON_NUM_THREADS`). */
  threads?: number;
}

/** Result of a sweep. Traces are neuron-major: neuron j's samples are `[j*nSamples, (j+1)*nSamples)`. */
export interface SweepResult<M extends ModelName, P extends Precision> {
  /** Number of neurons. */
  n: number;
  /** The parameter values each neuron ran with (every parameter, plus `input` if per-neuron). */
  params: Record<ParamName<M>, Float64Array> & { input?: Float64Array };
  /** Upward threshold crossings per neuron. */
  spikeCounts: Uint32Array;
  /** `spikeCounts / (steps·h)` × 1000: Hz when time is in ms. */
  rates: Float64Array;
  /** Time of each neuron's first spike (NaN if none). */
  firstSpike: Float64Array;
  /** Time of each neuron's last spike (NaN if none). */
  lastSpike: Float64Array;
  /** Final state per variable. */
  finalState: Record<VarName<M>, ArrayOf<P>>;
  /** Recorded traces per variable, neuron-major. */
  traces: Partial<Record<VarName<M>, ArrayOf<P>>>;
  /** Samples per neuron. */
  nSamples: number;
  /** Neuron `j`'s trace of `variable` (a view, no copy). */
  trace(j: number, variable: VarName<M>): ArrayOf<P>;
}

/** Progress of an async sweep. */
export interface SweepProgress {
  /** Neuron-steps done. */
  done: number;
  /** Neuron-steps in total. */
  total: number;
  /** done / total. */
  fraction: number;
}

/** Options of {@link sweepAsync}. */
export interface SweepAsyncOptions {
  /** Called about every `progressInterval` ms while the sweep runs, and once at the end. */
  onProgress?: (p: SweepProgress) => void;
  /** Milliseconds between progress reports (default 100). */
  progressInterval?: number;
  /** Cancels the sweep: the promise then rejects with an `AbortError`. */
  signal?: AbortSignal;
}

function lengthOf(x: unknown): number | undefined {
  return typeof x === 'object' && x !== null && typeof (x as ArrayLike<number>).length === 'number' ? (x as ArrayLike<number>).length : undefined;
}

function finiteArray(x: ArrayLike<number>, what: string): Float64Array {
  const a = Float64Array.from(x);
  const bad = a.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) throw new RangeError(`${what}[${bad}] must be finite, got ${a[bad]}`);
  return a;
}

interface Prepared<M extends ModelName> {
  args: NeunSweepArgs;
  params: Record<string, Float64Array>;
  total: number;
  model: M;
}

function prepare<M extends ModelName, P extends Precision>(o: SweepOptions<M, P>): Prepared<M> {
  if (typeof o !== 'object' || o === null) throw new TypeError('sweep: expected an options object');
  const model = o.model;
  if (!MODEL_NAMES.includes(model)) throw new TypeError(`sweep: unknown model ${describe(model)}; valid models: ${MODEL_NAMES.join(', ')}`);
  const st = NEUN_MODELS[model];
  const d = modelData_(model);
  const precision = o.precision ?? 'Double';
  if (precision !== 'Double' && precision !== 'Float') throw new TypeError(`sweep: precision must be 'Double' or 'Float', got ${describe(precision)}`);
  const integrator = o.integrator ?? (st.integrators.includes('RK4' as never) ? 'RK4' : 'Stepper');
  if (!(st.integrators as readonly string[]).includes(integrator)) throw new TypeError(`sweep: ${model} cannot use integrator ${describe(integrator)}; valid: ${st.integrators.join(', ')}`);
  const paramNames = [...st.params, 'input'] as string[];
  const check = (k: string, where: string) => {
    if (!paramNames.includes(k)) throw new TypeError(`sweep: unknown ${where} '${k}' for ${model}; valid: ${paramNames.join(', ')}`);
  };

  // Number of neurons: the grid size, or the common length of array parameters.
  const grid = Object.entries(o.grid ?? {}) as Array<[string, ArrayLike<number>]>;
  grid.forEach(([k, v]) => {
    check(k, 'grid parameter');
    if (lengthOf(v) === undefined || v.length === 0) throw new TypeError(`sweep: grid.${k} must be a non-empty array`);
  });
  const plist = Object.entries(o.params ?? {}) as Array<[string, number | ArrayLike<number>]>;
  plist.forEach(([k]) => check(k, 'parameter'));
  let n = grid.length ? grid.reduce((acc, [, v]) => acc * v.length, 1) : 0;
  for (const [k, v] of [...plist, ...(Object.entries(o.init ?? {}) as Array<[string, number | ArrayLike<number>]>)]) {
    const len = lengthOf(v);
    if (len === undefined) continue;
    if (grid.some(([g]) => g === k)) throw new TypeError(`sweep: '${k}' is given both in grid and params`);
    if (n === 0) n = len;
    else if (len !== n) throw new TypeError(`sweep: '${k}' has ${len} values but the sweep has ${n} neurons`);
  }
  // Otherwise from the per-step per-neuron input: its length is steps × n.
  const pspn = o.input as { perStepPerNeuron?: ArrayLike<number> } | undefined;
  if (n === 0 && typeof pspn === 'object' && pspn !== null && lengthOf(pspn.perStepPerNeuron) !== undefined && Number.isInteger(o.steps) && o.steps > 0) {
    const len = pspn.perStepPerNeuron!.length;
    if (len % o.steps !== 0 || len === 0) throw new TypeError(`sweep: input.perStepPerNeuron has ${len} values, not a positive multiple of steps = ${o.steps}`);
    n = len / o.steps;
  }
  if (n === 0) n = 1;

  const full = (k: string, v: number | ArrayLike<number> | undefined, dflt: number): Float64Array => {
    if (v === undefined) return new Float64Array(n).fill(dflt);
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) throw new RangeError(`sweep: ${k} must be finite, got ${v}`);
      return new Float64Array(n).fill(v);
    }
    if (lengthOf(v) === undefined) throw new TypeError(`sweep: ${k} must be a number or an array, got ${describe(v)}`);
    return finiteArray(v, `sweep: ${k}`);
  };
  const values: Record<string, Float64Array> = {};
  paramNames.forEach((k, i) => (values[k] = full(k, (o.params as Record<string, number | ArrayLike<number>> | undefined)?.[k], i < d.np ? d.paramDefaults[i]! : 0)));
  // Expand the grid (first key slowest).
  let stride = n;
  for (const [k, v] of grid) {
    const vals = finiteArray(v, `sweep: grid.${k}`);
    stride /= vals.length;
    const a = values[k]!;
    for (let j = 0; j < n; j++) a[j] = vals[Math.floor(j / stride) % vals.length]!;
  }
  const init = st.vars.map((v, i) => full(`init.${v}`, (o.init as Record<string, number | ArrayLike<number>> | undefined)?.[v], d.varDefaults[i]!));

  const steps = o.steps;
  if (!Number.isInteger(steps) || steps < 0 || steps > 0xffffffff) throw new RangeError(`sweep: steps must be an integer in 0..4294967295, got ${steps}`);
  const every = o.every ?? 1;
  if (!Number.isInteger(every) || every < 1) throw new RangeError(`sweep: every must be an integer >= 1, got ${every}`);
  const threads = o.threads ?? (Number(process.env.RAYON_NUM_THREADS) || os.availableParallelism());
  if (!Number.isInteger(threads) || threads < 1 || threads > 1024) throw new RangeError(`sweep: threads must be an integer in 1..1024, got ${threads}`);

  // Input: the per-neuron `input` parameter plus a constant or per-step input.
  const perNeuron = values.input!;
  const hasPerNeuron = (o.params && 'input' in o.params) || grid.some(([k]) => k === 'input');
  let inputKind = 1;
  let input: Float64Array = perNeuron;
  const inp = o.input ?? 0;
  if (typeof inp === 'number') {
    if (!Number.isFinite(inp)) throw new RangeError(`sweep: input must be finite, got ${inp}`);
    if (hasPerNeuron) input = perNeuron.map((x) => x + inp);
    else {
      inputKind = 0;
      input = Float64Array.of(inp);
    }
  } else if (typeof inp === 'object' && inp !== null && 'perStep' in inp) {
    if (hasPerNeuron) throw new TypeError('sweep: a per-neuron input parameter cannot be combined with input.perStep; use input.perStepPerNeuron');
    inputKind = 2;
    input = finiteArray(inp.perStep, 'sweep: input.perStep');
    if (input.length !== steps) throw new TypeError(`sweep: input.perStep has ${input.length} values for ${steps} steps`);
  } else if (typeof inp === 'object' && inp !== null && 'perStepPerNeuron' in inp) {
    inputKind = 3;
    input = finiteArray(inp.perStepPerNeuron, 'sweep: input.perStepPerNeuron');
    if (input.length !== steps * n) throw new TypeError(`sweep: input.perStepPerNeuron has ${input.length} values; expected steps × n = ${steps * n}`);
    if (hasPerNeuron) for (let k = 0; k < steps; k++) for (let j = 0; j < n; j++) input[k * n + j] = input[k * n + j]! + perNeuron[j]!;
  } else throw new TypeError(`sweep: input must be a number, { perStep } or { perStepPerNeuron }, got ${describe(inp)}`);

  const spikeVarName = o.spike?.variable ?? st.vars[0];
  const spikeVar = (st.vars as readonly string[]).indexOf(spikeVarName as string);
  if (spikeVar < 0) throw new TypeError(`sweep: spike.variable must be one of ${st.vars.join(', ')}, got ${describe(spikeVarName)}`);
  const spikeThreshold = o.spike?.threshold ?? (model === 'Iz' ? values.threshold![0]! : 0);
  // Iz: each neuron detects spikes at its own `threshold`, as run() does for one neuron.
  const spikeThresholdParam = o.spike?.threshold === undefined && model === 'Iz' ? (st.params as readonly string[]).indexOf('threshold') : undefined;
  const record = (o.record ?? []).map((r) => {
    const i = (st.vars as readonly string[]).indexOf(r as string);
    if (i < 0) throw new TypeError(`sweep: cannot record ${describe(r)}; variables of ${model}: ${st.vars.join(', ')}`);
    return i;
  });
  if (typeof o.h !== 'number' || !Number.isFinite(o.h) || o.h <= 0) throw new RangeError(`sweep: h must be finite and > 0, got ${o.h}`);

  const params: Record<string, Float64Array> = {};
  st.params.forEach((k) => (params[k] = values[k]!));
  if (hasPerNeuron) params.input = perNeuron;
  return {
    model,
    params,
    total: n * steps,
    args: {
      model: d.index,
      integrator: INTEGRATOR_NAMES.indexOf(integrator as IntegratorName),
      precision: precision === 'Float' ? 32 : 64,
      n,
      params: st.params.map((k) => values[k]!),
      init,
      inputKind,
      input,
      h: o.h,
      steps,
      spikeVar,
      spikeThreshold,
      spikeThresholdParam,
      record,
      every,
      threads,
    },
  };
}

function finish<M extends ModelName, P extends Precision>(p: Prepared<M>, r: NeunSweepResult): SweepResult<M, P> {
  const st = NEUN_MODELS[p.model];
  const duration = p.args.steps * p.args.h;
  const rates = Float64Array.from(r.spikeCounts, (c) => (duration > 0 ? (c / duration) * 1000 : 0));
  const finalState = Object.fromEntries(st.vars.map((v, i) => [v, r.finalState[i]])) as Record<VarName<M>, ArrayOf<P>>;
  const traces: Record<string, ArrayOf<P>> = {};
  p.args.record.forEach((vi, k) => (traces[st.vars[vi]!] = r.traces[k] as ArrayOf<P>));
  const nSamples = r.nSamples;
  return {
    n: p.args.n,
    params: p.params as SweepResult<M, P>['params'],
    spikeCounts: r.spikeCounts,
    rates,
    firstSpike: r.firstSpike,
    lastSpike: r.lastSpike,
    finalState,
    traces: traces as SweepResult<M, P>['traces'],
    nSamples,
    trace(j: number, variable: VarName<M>): ArrayOf<P> {
      const t = traces[variable as string];
      if (!t) throw new TypeError(`sweep result: ${String(variable)} was not recorded (recorded: ${Object.keys(traces).join(', ') || 'none'})`);
      if (!Number.isInteger(j) || j < 0 || j >= p.args.n) throw new RangeError(`sweep result: neuron index must be in 0..${p.args.n - 1}, got ${j}`);
      return t.subarray(j * nSamples, (j + 1) * nSamples) as ArrayOf<P>;
    },
  };
}

/**
 * Runs a parameter sweep synchronously (blocks the event loop for its
 * duration; prefer {@link sweepAsync} for long sweeps).
 */
export function sweep<M extends ModelName, P extends Precision = 'Double'>(opts: SweepOptions<M, P>): SweepResult<M, P> {
  const p = prepare(opts);
  const job = callNative(() => new native.NeunSweepJob(p.args));
  return finish<M, P>(p, callNative(() => job.runSync()));
}

/**
 * Runs a parameter sweep off the JS thread. Never blocks the event loop;
 * reports progress; an aborted `signal` stops the running sweep promptly and
 * rejects with an `AbortError`.
 */
export async function sweepAsync<M extends ModelName, P extends Precision = 'Double'>(opts: SweepOptions<M, P>, control: SweepAsyncOptions = {}): Promise<SweepResult<M, P>> {
  const p = prepare(opts);
  const { signal, onProgress } = control;
  if (signal?.aborted) throw abortError();
  const job = callNative(() => new native.NeunSweepJob(p.args));
  const onAbort = () => job.cancel();
  signal?.addEventListener('abort', onAbort, { once: true });
  const report = () => {
    const done = job.progress();
    onProgress?.({ done, total: p.total, fraction: p.total ? done / p.total : 1 });
  };
  const timer = onProgress ? setInterval(report, control.progressInterval ?? 100) : undefined;
  try {
    const r = await awaitNative(job.start());
    if (onProgress) report();
    return finish<M, P>(p, r);
  } finally {
    if (timer) clearInterval(timer);
    signal?.removeEventListener('abort', onAbort);
  }
}
