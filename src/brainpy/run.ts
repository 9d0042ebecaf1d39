/**
 * Whole rollouts in one native call: `brainpy.run(neuron, { duration, dt,
 * input, record })` runs every step in Rust and returns the traces as typed
 * arrays, time-major (`[step*num + i]`), in documented units.
 */
import { abortError, awaitNative, callNative } from '../errors.js';
import { native } from '../native.js';
import type { BrainpyRunArgs, BrainpyRunResult } from '../../native/binding.js';
import { describe, toNumber } from '../units.js';
import type { Scalar } from './init.js';
import type { ModelName, VarName } from './models.js';
import { Neuron, type ArrayOf, type Precision } from './neuron.js';
import os from 'node:os';

/**
 * The input current of a rollout, in the model's input unit:
 * - a number or quantity: constant;
 * - an array of `steps` values: one per step, shared by all neurons;
 * - an array of `steps × num` values: one per step and neuron, time-major;
 * - `{ perNeuron }`, `{ perStep }`, `{ perStepPerNeuron }`: explicit forms
 *   (use them when `steps === num` makes a plain array ambiguous; a plain
 *   array of that length is read as per step);
 * - a function of t (ms, start of the step) returning one value or one per
 *   neuron: the **slow path**, one JS call and one native step per step
 *   (no async form).
 */
export type RunInput =
  | Scalar
  | ArrayLike<number>
  | { perNeuron: ArrayLike<number> }
  | { perStep: ArrayLike<number> }
  | { perStepPerNeuron: ArrayLike<number> }
  | ((t: number) => number | ArrayLike<number>);

/** Options of {@link run}. */
export interface RunOptions<M extends ModelName> {
  /** Length of the run, ms: `steps = ceil(duration/dt)` as `arange(0, duration, dt)` (give `duration` or `steps`). */
  duration?: Scalar;
  /** Number of steps. */
  steps?: number;
  /** Step size, ms (default: the neuron's `dt`). */
  dt?: Scalar;
  /** Time of the first step, ms (default: the neuron's clock, 0 after `initAllStates`). */
  t0?: Scalar;
  /** Input current (default 0). */
  input?: RunInput;
  /**
   * Delta input (instantaneous jumps, brainpy's `add_delta_input` every step),
   * in the unit of the variable it adds to (`V` in mV; `g` for
   * CubaLIF/CobaLIF): the same forms as `input` except a function.
   */
  delta?: Exclude<RunInput, (t: number) => unknown>;
  /** Variables to record (default `['V']`). */
  record?: ReadonlyArray<VarName<M>>;
  /** Record the spike output (default true). */
  spikes?: boolean;
  /** Worker threads for large populations (default: all cores, or `RAYON_NUM_THREADS`). */
  threads?: number;
}

/** Result of a rollout. Traces are time-major: neuron `i` at step `k` is `[k*num + i]`. */
export type RunResult<M extends ModelName, P extends Precision = Precision> = {
  /** Start time of each step, ms (`t0 + k·dt`); the traces hold the state after that step. */
  times: Float64Array;
  /** Spike output, time-major, 0/1 (empty if `spikes: false`). */
  spikes: Uint8Array;
  /** Spikes per neuron. */
  spikeCounts: Uint32Array;
  /** Steps run. */
  steps: number;
  /** Neurons. */
  num: number;
  /** Step size, ms. */
  dt: number;
  /** Unit of each recorded trace. */
  units: Record<string, string>;
  /** Neuron `i`'s trace of a recorded variable (a strided copy). */
  trace(variable: VarName<M>, i?: number): Float64Array;
} & { [K in VarName<M>]?: ArrayOf<P> };

/** Progress of an async rollout. */
export interface RunProgress {
  /** Neuron-steps done. */
  done: number;
  /** Neuron-steps in total. */
  total: number;
  /** done / total. */
  fraction: number;
}

/** Options of {@link runAsync}. */
export interface RunAsyncOptions {
  /** Called about every `progressInterval` ms while running, and once at the end. */
  onProgress?: (p: RunProgress) => void;
  /** Milliseconds between progress reports (default 100). */
  progressInterval?: number;
  /** Cancels the rollout: the promise then rejects with an `AbortError`. */
  signal?: AbortSignal;
}

interface Prepared {
  args: BrainpyRunArgs;
  record: string[];
  fn?: (t: number) => number | ArrayLike<number>;
}

function finite(x: ArrayLike<number>, what: string): Float64Array<ArrayBuffer> {
  const a = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) a[i] = x[i]!;
  const bad = a.findIndex((v) => Number.isNaN(v));
  if (bad >= 0) throw new RangeError(`${what}[${bad}] must be a number, got NaN`);
  return a;
}

interface Series {
  kind: number;
  values: Float64Array<ArrayBuffer>;
}

/** Reads a constant / per-step / per-step-per-neuron / per-neuron series in `unit`. */
function series(x: Exclude<RunInput, (t: number) => unknown>, unit: string, what: string, steps: number, num: number): Series {
  if (typeof x === 'number' || typeof x === 'string' || (typeof x === 'object' && x !== null && 'si' in x)) return { kind: 0, values: Float64Array.of(toNumber(x, unit, what)) };
  if (typeof x === 'object' && x !== null && 'perNeuron' in x) {
    const v = finite(x.perNeuron, `${what}.perNeuron`);
    if (v.length !== num) throw new TypeError(`${what}.perNeuron has ${v.length} values for ${num} neurons`);
    return { kind: 1, values: v };
  }
  if (typeof x === 'object' && x !== null && 'perStep' in x) {
    const v = finite(x.perStep, `${what}.perStep`);
    if (v.length !== steps) throw new TypeError(`${what}.perStep has ${v.length} values for ${steps} steps`);
    return { kind: 2, values: v };
  }
  if (typeof x === 'object' && x !== null && 'perStepPerNeuron' in x) {
    const v = finite(x.perStepPerNeuron, `${what}.perStepPerNeuron`);
    if (v.length !== steps * num) throw new TypeError(`${what}.perStepPerNeuron has ${v.length} values; expected steps × num = ${steps * num}`);
    return { kind: 3, values: v };
  }
  if (Array.isArray(x) || ArrayBuffer.isView(x)) {
    const v = finite(x as ArrayLike<number>, what);
    if (v.length === steps) return { kind: 2, values: v };
    if (v.length === steps * num) return { kind: 3, values: v };
    if (v.length === num) return { kind: 1, values: v };
    throw new TypeError(`${what} has ${v.length} values; expected ${steps} (per step), ${steps * num} (per step and neuron) or ${num} (per neuron)`);
  }
  throw new TypeError(`${what} must be a number, a quantity, an array, { perNeuron | perStep | perStepPerNeuron }${what.startsWith('run: input') ? ' or a function of t' : ''}, got ${describe(x)}`);
}

function prepare<M extends ModelName>(neuron: Neuron<M, Precision>, o: RunOptions<M>): Prepared {
  if (!(neuron instanceof Neuron)) throw new TypeError(`run: expected a brainpy neuron, got ${describe(neuron)}`);
  if (typeof o !== 'object' || o === null) throw new TypeError('run: expected an options object');
  const model = neuron.model;
  const dt = o.dt === undefined ? neuron.dt : toNumber(o.dt, 'ms', 'run: dt');
  if (!(dt > 0) || !Number.isFinite(dt)) throw new RangeError(`run: dt must be finite and > 0 ms, got ${dt}`);
  let steps: number;
  if (o.steps !== undefined) {
    steps = o.steps;
    if (o.duration !== undefined) throw new TypeError('run: give duration or steps, not both');
  } else if (o.duration !== undefined) {
    const d = toNumber(o.duration, 'ms', 'run: duration');
    if (!(d >= 0) || !Number.isFinite(d)) throw new RangeError(`run: duration must be finite and >= 0 ms, got ${d}`);
    const r = d / dt;
    steps = Math.abs(r - Math.round(r)) < 1e-9 * Math.max(1, r) ? Math.round(r) : Math.ceil(r);
  } else throw new TypeError('run: give duration (ms) or steps');
  if (!Number.isInteger(steps) || steps < 0 || steps > 0xffffffff) throw new RangeError(`run: steps must be an integer in 0..4294967295, got ${steps}`);
  const t0 = o.t0 === undefined ? neuron.t : toNumber(o.t0, 'ms', 'run: t0');
  const num = neuron.num;
  const info = neuron.info_;
  const inp = o.input ?? 0;
  let fn: Prepared['fn'];
  let input: Series = { kind: 0, values: Float64Array.of(0) };
  if (typeof inp === 'function') fn = inp;
  else input = series(inp, info.inputUnit, `run: input (${model})`, steps, num);
  const deltaUnit = info.variables.find((v) => v.name === info.deltaVar)!.unit;
  if (typeof o.delta === 'function') throw new TypeError('run: delta must be a number, a quantity, an array or { perNeuron | perStep | perStepPerNeuron }');
  const delta = o.delta === undefined ? undefined : series(o.delta, deltaUnit, `run: delta (${model}.${info.deltaVar})`, steps, num);
  const cond = fn ? undefined : neuron.conductanceArrays_();
  const record = (o.record ?? ['V']).map((r) => String(r));
  const varNames = info.variables.map((v) => v.name);
  const recIdx = record.map((r) => {
    const i = varNames.indexOf(r);
    if (i < 0) throw new TypeError(`run: ${model} has no variable ${describe(r)}; variables: ${varNames.join(', ')}`);
    return i;
  });
  const threads = o.threads ?? (Number(process.env.RAYON_NUM_THREADS) || os.availableParallelism());
  if (!Number.isInteger(threads) || threads < 1 || threads > 1024) throw new RangeError(`run: threads must be an integer in 1..1024, got ${threads}`);
  return {
    record,
    fn,
    args: {
      model: neuron.index_,
      precision: neuron.precision === 'float32' ? 32 : 64,
      n: num,
      params: neuron.params_,
      state: Float64Array.from(neuron.state_),
      soft: neuron.spk_reset === 'soft',
      dt,
      t0,
      steps,
      inputKind: input.kind,
      input: input.values,
      deltaKind: delta?.kind,
      delta: delta?.values,
      currentOffset: cond?.offset,
      conductance: cond?.g,
      record: recIdx,
      recordSpikes: o.spikes ?? true,
      threads,
    },
  };
}

function finish<M extends ModelName, P extends Precision>(neuron: Neuron<M, P>, p: Prepared, r: BrainpyRunResult): RunResult<M, P> {
  const { steps, n: num, dt, t0 } = p.args;
  neuron.state_.set(r.state);
  neuron.spike_.fill(0);
  if (steps > 0 && r.spikes.length) for (let i = 0; i < num; i++) neuron.spike_[i] = r.spikes[(steps - 1) * num + i]!;
  advanceClock(neuron, t0, steps, dt);
  return assemble(neuron, p, r.traces as ArrayOf<P>[], r.spikes, r.spikeCounts);
}

function advanceClock(neuron: Neuron<ModelName, Precision>, t0: number, steps: number, dt: number): void {
  if (dt === neuron.dt && t0 === neuron.t) neuron.k_ += steps;
  else {
    neuron.t0_ = t0 + steps * dt;
    neuron.k_ = 0;
  }
}

function assemble<M extends ModelName, P extends Precision>(neuron: Neuron<M, P>, p: Prepared, traces: ArrayOf<P>[], spikes: Uint8Array, spikeCounts: Uint32Array): RunResult<M, P> {
  const { steps, n: num, dt, t0 } = p.args;
  const times = new Float64Array(steps);
  for (let k = 0; k < steps; k++) times[k] = t0 + k * dt;
  const units: Record<string, string> = {};
  const out: Record<string, unknown> = {};
  p.record.forEach((name, j) => {
    out[name] = traces[j];
    units[name] = neuron.info_.variables.find((v) => v.name === name)!.unit;
  });
  return {
    ...out,
    times,
    spikes,
    spikeCounts,
    steps,
    num,
    dt,
    units,
    trace(variable: VarName<M>, i = 0): Float64Array {
      const t = out[variable as string] as ArrayOf<P> | undefined;
      if (!t) throw new TypeError(`run result: ${String(variable)} was not recorded (recorded: ${p.record.join(', ')})`);
      if (!Number.isInteger(i) || i < 0 || i >= num) throw new RangeError(`run result: neuron index must be in 0..${num - 1}, got ${i}`);
      const a = new Float64Array(steps);
      for (let k = 0; k < steps; k++) a[k] = t[k * num + i]!;
      return a;
    },
  } as RunResult<M, P>;
}

/** The slow path: a JS function of t as input, one native step per step. */
function runWithFunction<M extends ModelName, P extends Precision>(neuron: Neuron<M, P>, p: Prepared): RunResult<M, P> {
  const { steps, n: num, dt, t0 } = p.args;
  const f32 = neuron.precision === 'float32';
  const mk = (len: number) => (f32 ? new Float32Array(len) : new Float64Array(len)) as ArrayOf<P>;
  const traces = p.record.map(() => mk(steps * num));
  const views = p.record.map((r) => neuron.getState(r as VarName<M>));
  const spikes = new Uint8Array(p.args.recordSpikes ? steps * num : 0);
  const counts = new Uint32Array(num);
  const round = f32 ? Math.fround : (x: number) => x;
  const saved = { state: neuron.state_.slice(), spike: neuron.spike_.slice(), t0: neuron.t0_, k: neuron.k_ };
  try {
    for (let k = 0; k < steps; k++) {
      const t = round(round(t0) + round(round(k) * round(dt)));
      const x = p.fn!(t);
      const d = p.args.delta;
      if (d) {
        const kind = p.args.deltaKind ?? 0;
        neuron.addDeltaInput('run', kind === 0 ? d[0]! : kind === 1 ? d : kind === 2 ? d[k]! : d.subarray(k * num, (k + 1) * num));
      }
      const spk = neuron.update(x as number, { t, dt });
      views.forEach((v, j) => traces[j]!.set(v, k * num));
      for (let i = 0; i < num; i++) {
        if (spk[i]! > 0) {
          counts[i]!++;
          if (spikes.length) spikes[k * num + i] = 1;
        }
      }
    }
  } catch (e) {
    // As the native rollout: a failed run leaves the neuron unchanged.
    neuron.state_.set(saved.state);
    neuron.spike_.set(saved.spike);
    neuron.t0_ = saved.t0;
    neuron.k_ = saved.k;
    throw e;
  }
  neuron.t0_ = t0 + steps * dt;
  neuron.k_ = 0;
  return assemble(neuron, p, traces, spikes, counts);
}

/**
 * Runs a whole rollout in one native call (blocks the event loop for its
 * duration; prefer {@link runAsync} for long runs). The neuron's state and
 * clock advance to the end of the run. A NaN or infinite state stops the run
 * with a `NonFiniteStateError` naming the model, neuron and time (the state
 * is then left unchanged).
 */
export function run<M extends ModelName, P extends Precision>(neuron: Neuron<M, P>, opts: RunOptions<M>): RunResult<M, P> {
  const p = prepare(neuron as unknown as Neuron<M, Precision>, opts);
  if (p.fn) return runWithFunction(neuron, p);
  const job = callNative(() => new native.BrainpyRunJob(p.args));
  return finish(neuron, p, callNative(() => job.runSync()));
}

/**
 * Runs a rollout off the JS thread; reports progress; an aborted `signal`
 * stops it promptly and rejects with an `AbortError` (the neuron is then
 * unchanged). Function inputs are not supported here (use {@link run}).
 */
export async function runAsync<M extends ModelName, P extends Precision>(neuron: Neuron<M, P>, opts: RunOptions<M>, control: RunAsyncOptions = {}): Promise<RunResult<M, P>> {
  const p = prepare(neuron as unknown as Neuron<M, Precision>, opts);
  if (p.fn) throw new TypeError('runAsync: a function input needs one JS call per step; use run() or pass the input as an array');
  const { signal, onProgress } = control;
  if (signal?.aborted) throw abortError();
  const total = p.args.steps * p.args.n;
  const job = callNative(() => new native.BrainpyRunJob(p.args));
  const onAbort = () => job.cancel();
  signal?.addEventListener('abort', onAbort, { once: true });
  const report = () => {
    const done = Math.min(job.progress(), total);
    onProgress?.({ done, total, fraction: total ? done / total : 1 });
  };
  const timer = onProgress ? setInterval(report, control.progressInterval ?? 100) : undefined;
  try {
    const r = await awaitNative(job.start());
    if (onProgress) report();
    return finish(neuron, p, r);
  } finally {
    if (timer) clearInterval(timer);
    signal?.removeEventListener('abort', onAbort);
  }
}
