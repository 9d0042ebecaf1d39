/**
 * BrainPy-style networks: `new brainpy.Network(...projections, ...inputs)`
 * collects populations, projections and Poisson inputs; `brainpy.run(net,
 * { duration, dt, inputs, record })` runs the whole rollout in one native
 * call (each step: projections read the previous step's spikes, synapses
 * step, outputs become current inputs, neurons update — the order of
 * brainpy's E/I tutorial). Synapse states start at zero on every run;
 * neuron states and clocks carry over. Networks run in float64.
 */
import { abortError, awaitNative, callNative } from '../errors.js';
import { native } from '../native.js';
import type { BrainpyNetArgs, BrainpyNetPopResult } from '../../native/binding.js';
import { describe, toNumber } from '../units.js';
import type { Scalar } from './init.js';
import type { ModelName } from './models.js';
import { Neuron, type ParamValue, type Precision } from './neuron.js';
import { PoissonInput, PoissonSpike, Projection, type Source } from './projection.js';
import { run as runNeuron, runAsync as runNeuronAsync, type RunAsyncOptions, type RunOptions, type RunResult } from './run.js';

type AnyNeuron = Neuron<ModelName, Precision>;

/** A network of populations, projections and Poisson inputs. */
export class Network {
  /** Populations (neurons and Poisson sources), in the order first seen. */
  readonly populations: Source[] = [];
  /** Projections, in update order. */
  readonly projections: Projection[] = [];
  /** Poisson inputs. */
  readonly inputs: PoissonInput[] = [];

  /** @param parts projections, Poisson inputs and populations (populations of projections are added automatically) */
  constructor(...parts: Array<Projection | PoissonInput | Source>) {
    this.add(...parts);
  }

  /** Adds projections, Poisson inputs or populations. */
  add(...parts: Array<Projection | PoissonInput | Source>): this {
    for (const p of parts) {
      if (p instanceof Projection) {
        this.addPop(p.prePop);
        this.addPop(p.post);
        this.projections.push(p);
      } else if (p instanceof PoissonInput) {
        this.addPop(p.target);
        this.inputs.push(p);
      } else if (p instanceof Neuron || p instanceof PoissonSpike) this.addPop(p);
      else throw new TypeError(`Network: expected projections, PoissonInputs or populations, got ${describe(p)}`);
    }
    return this;
  }

  private addPop(p: Source): void {
    if (!this.populations.includes(p)) this.populations.push(p);
  }
}

/** What to record from a neuron population. */
export interface NetRecord {
  /** Population. */
  pop: AnyNeuron;
  /** Neurons (default all). */
  indices?: ArrayLike<number>;
  /** Variable (default `'V'`). */
  variable?: string;
}

/** Options of a network run. */
export interface NetRunOptions {
  /** Length, ms (`steps = round-up(duration/dt)`); give `duration` or `steps`. */
  duration?: Scalar;
  /** Steps. */
  steps?: number;
  /** Step, ms (default 0.1). */
  dt?: Scalar;
  /** Background current per population (model input unit; one value or one per neuron). */
  inputs?: Map<AnyNeuron, ParamValue> | Array<[AnyNeuron, ParamValue]>;
  /** Variable traces to record. */
  record?: NetRecord[];
  /** Record spike (time, index) lists (default true; per-step counts are always kept). */
  spikes?: boolean;
  /** Worker threads for the neuron updates of populations of 2048 or more neurons, used when timing the first steps shows splitting is faster (default 1; results do not depend on it). */
  threads?: number;
}

/** Spikes of a population as (times, indices). */
export interface SpikeList {
  /** Spike times (start of the step, ms). */
  times: Float64Array;
  /** Neuron index of each spike. */
  indices: Uint32Array;
}

/** Results of a network run. */
export interface NetRunResult {
  /** Start time of every step, ms. */
  times: Float64Array;
  /** Steps. */
  steps: number;
  /** Step, ms. */
  dt: number;
  /** Spikes of a population as (times, indices). */
  spikes(pop: Source): SpikeList;
  /** Spikes of a population per step. */
  counts(pop: Source): Uint32Array;
  /** Spikes per neuron of a population. */
  spikeCounts(pop: Source): Uint32Array;
  /** Mean firing rate of a population, Hz. */
  rate(pop: Source): number;
  /** The recorded trace of a population: time-major `[k*nrec + r]`, with the recorded indices and unit. */
  trace(pop: AnyNeuron): { values: Float64Array; indices: number[]; unit: string; variable: string };
}

interface Prepared {
  args: BrainpyNetArgs;
  steps: number;
  dt: number;
  t0: number;
  pops: Source[];
  rec: Map<AnyNeuron, { indices: number[]; variable: string; unit: string }>;
}

/** Models whose `get_spike()` is `heaviside((V − V_th)/(V_th − V_reset))`. */
const THRESHOLD_SPIKE = new Set(['LIF', 'LIFRef', 'ExpIF', 'ExpIFRef', 'AdExIF', 'AdExIFRef', 'QuaIF', 'AdQuaIF', 'AdQuaIFRef', 'CubaLIF', 'CobaLIF']);

/**
 * The spike output the projections read at the first step: the population's
 * last output, or — for a population that has not stepped since
 * `initAllStates` — brainpy's `get_spike()` of the initial state (LIF-type
 * models: `V ≥ V_th`), so that neurons initialised above threshold send a
 * spike at t = 0 as upstream's do.
 */
function initialSpike(p: AnyNeuron): Float64Array<ArrayBuffer> {
  const out = Float64Array.from(p.spike_);
  if (p.k_ !== 0 || p.t0_ !== 0 || !THRESHOLD_SPIKE.has(p.model)) return out;
  const th = p.param('V_th' as never);
  const re = p.param('V_reset' as never);
  const V = p.getState('V' as never);
  for (let i = 0; i < p.num; i++) if ((V[i]! - th[i]!) / (th[i]! - re[i]!) >= 0) out[i] = 1;
  return out;
}

function prepare(net: Network, o: NetRunOptions): Prepared {
  if (typeof o !== 'object' || o === null) throw new TypeError('run: expected an options object');
  for (const k of Object.keys(o)) if (!['duration', 'steps', 'dt', 'inputs', 'record', 'spikes', 'threads'].includes(k)) throw new TypeError(`run: unknown option '${k}'; valid options: duration, steps, dt, inputs, record, spikes, threads`);
  const threads = o.threads ?? 1;
  if (!Number.isInteger(threads) || threads < 1 || threads > 1024) throw new RangeError(`run: threads must be an integer in 1..1024, got ${describe(threads)}`);
  const dt = o.dt === undefined ? 0.1 : toNumber(o.dt, 'ms', 'run: dt');
  if (!(dt > 0) || !Number.isFinite(dt)) throw new RangeError(`run: dt must be finite and > 0 ms, got ${dt}`);
  let steps: number;
  if (o.steps !== undefined) {
    if (o.duration !== undefined) throw new TypeError('run: give duration or steps, not both');
    steps = o.steps;
  } else if (o.duration !== undefined) {
    const d = toNumber(o.duration, 'ms', 'run: duration');
    if (!(d >= 0) || !Number.isFinite(d)) throw new RangeError(`run: duration must be finite and >= 0 ms, got ${d}`);
    const r = d / dt;
    steps = Math.abs(r - Math.round(r)) < 1e-9 * Math.max(1, r) ? Math.round(r) : Math.ceil(r);
  } else throw new TypeError('run: give duration (ms) or steps');
  if (!Number.isInteger(steps) || steps < 0 || steps > 0xffffffff) throw new RangeError(`run: steps must be an integer in 0..4294967295, got ${steps}`);
  const pops = net.populations;
  const neurons = pops.filter((p): p is AnyNeuron => p instanceof Neuron);
  // One precision for the whole network: float32 populations run the
  // network in f32 (neurons, synapses, conductances), as brainpy.state's default.
  const precision = neurons[0]?.precision ?? 'float64';
  for (const n of neurons) if (n.precision !== precision) throw new TypeError(`run: all network populations need one precision; ${neurons[0]!.name} is ${precision}, ${n.name} is ${n.precision}`);
  const t0 = neurons.length ? neurons[0]!.t : 0;
  const inputs = new Map(o.inputs instanceof Map ? o.inputs : (o.inputs ?? []));
  for (const p of inputs.keys()) if (!neurons.includes(p)) throw new TypeError(`run: input given for a population that is not in the network (${describe(p)})`);
  const rec = new Map<AnyNeuron, { indices: number[]; variable: string; unit: string }>();
  for (const r of o.record ?? []) {
    if (!neurons.includes(r.pop)) throw new TypeError('run: record names a population that is not in the network');
    const variable = r.variable ?? 'V';
    const v = r.pop.info_.variables.find((x) => x.name === variable);
    if (!v) throw new TypeError(`run: ${r.pop.model} has no variable ${describe(variable)}; variables: ${r.pop.info_.variables.map((x) => x.name).join(', ')}`);
    const indices = r.indices === undefined ? Array.from({ length: r.pop.num }, (_, i) => i) : Array.from(r.indices);
    if (indices.some((i) => !Number.isInteger(i) || i < 0 || i >= r.pop.num)) throw new RangeError(`run: recorded indices must be in 0..${r.pop.num - 1}`);
    rec.set(r.pop, { indices, variable, unit: v.unit });
  }
  const args: BrainpyNetArgs = {
    pops: pops.map((p) => {
      if (p instanceof PoissonSpike) return { kind: 'poisson', n: p.num, rates: p.freqs, seed: p.seed };
      const x = inputs.get(p);
      let input = Float64Array.of(0);
      if (x !== undefined) {
        const arr = (Array.isArray(x) || ArrayBuffer.isView(x)) && !(typeof x === 'string');
        input = arr ? Float64Array.from(x as ArrayLike<number>, (v, i) => toNumber(v, p.info_.inputUnit, `run: input[${i}]`)) : Float64Array.of(toNumber(x, p.info_.inputUnit, 'run: input'));
        if (input.length !== 1 && input.length !== p.num) throw new TypeError(`run: input of ${p.name} has ${input.length} values for ${p.num} neurons`);
      }
      const r = rec.get(p);
      return {
        kind: 'neuron',
        spike: initialSpike(p),
        n: p.num,
        model: p.index_,
        params: p.params_,
        state: Float64Array.from(p.state_),
        soft: p.spk_reset === 'soft',
        input,
        record: r?.indices ?? [],
        recordVar: r ? p.info_.variables.findIndex((v) => v.name === r.variable) : 0,
      };
    }),
    projs: net.projections.map((pr) => pr.nativeArgs_(pops.indexOf(pr.prePop), pops.indexOf(pr.post), dt)),
    inputs: net.inputs.map((i) => ({ target: pops.indexOf(i.target), indices: i.indices, numInput: i.num_input, freq: i.freq, weight: i.weight, var: i.varIndex, seed: i.seed })),
    dt,
    t0,
    steps,
    recordSpikes: o.spikes ?? true,
    threads,
    precision: precision === 'float32' ? 32 : 64,
  };
  return { args, steps, dt, t0, pops, rec };
}

function finish(p: Prepared, res: BrainpyNetPopResult[]): NetRunResult {
  const { steps, dt, t0, pops } = p;
  p.pops.forEach((pop, q) => {
    if (pop instanceof Neuron) {
      const r = res[q]!;
      pop.state_.set(r.state!);
      pop.spike_.set(r.spike!);
      if (dt === pop.dt && t0 === pop.t) pop.k_ += steps;
      else {
        pop.t0_ = t0 + steps * dt;
        pop.k_ = 0;
      }
    }
  });
  const times = new Float64Array(steps);
  for (let k = 0; k < steps; k++) times[k] = t0 + k * dt;
  const get = (pop: Source): BrainpyNetPopResult => {
    const q = pops.indexOf(pop);
    if (q < 0) throw new TypeError(`run result: ${describe(pop)} is not in the network`);
    return res[q]!;
  };
  return {
    times,
    steps,
    dt,
    spikes(pop) {
      const r = get(pop);
      return { times: Float64Array.from(r.spikeSteps, (k) => t0 + k * dt), indices: r.spikeNeurons };
    },
    counts: (pop) => get(pop).countsPerStep,
    spikeCounts: (pop) => get(pop).counts,
    rate(pop) {
      const c = get(pop).countsPerStep;
      let s = 0;
      for (const x of c) s += x;
      return steps ? s / pop.num / (steps * dt * 1e-3) : 0;
    },
    trace(pop) {
      const r = p.rec.get(pop);
      if (!r) throw new TypeError(`run result: nothing was recorded from ${pop.name}`);
      return { values: get(pop).trace, indices: r.indices, unit: r.unit, variable: r.variable };
    },
  };
}

/** Runs a network (or, given a neuron population, a single-population rollout as before). */
export function run(target: Network, opts: NetRunOptions): NetRunResult;
/** Runs a single-population rollout (see `run.ts`). */
export function run<M extends ModelName, P extends Precision>(target: Neuron<M, P>, opts: RunOptions<M>): RunResult<M, P>;
export function run(target: unknown, opts: unknown): unknown {
  if (target instanceof Network) {
    const p = prepare(target, opts as NetRunOptions);
    const job = callNative(() => new native.BrainpyNetJob(p.args));
    return finish(p, callNative(() => job.runSync()));
  }
  return runNeuron(target as AnyNeuron, opts as RunOptions<ModelName>);
}

/** Progress of an async network run, in steps. */
export interface NetRunProgress {
  /** Steps done. */
  done: number;
  /** Steps in total. */
  total: number;
  /** done / total. */
  fraction: number;
}

/** Async form of {@link run}: off the JS thread, with progress (steps) and `AbortSignal`. */
export function runAsync(target: Network, opts: NetRunOptions, control?: { onProgress?: (p: NetRunProgress) => void; progressInterval?: number; signal?: AbortSignal }): Promise<NetRunResult>;
/** Async single-population rollout (see `run.ts`). */
export function runAsync<M extends ModelName, P extends Precision>(target: Neuron<M, P>, opts: RunOptions<M>, control?: RunAsyncOptions): Promise<RunResult<M, P>>;
export async function runAsync(target: unknown, opts: unknown, control: { onProgress?: (p: NetRunProgress) => void; progressInterval?: number; signal?: AbortSignal } = {}): Promise<unknown> {
  if (!(target instanceof Network)) return runNeuronAsync(target as AnyNeuron, opts as RunOptions<ModelName>, control as RunAsyncOptions);
  const p = prepare(target, opts as NetRunOptions);
  const { signal, onProgress } = control;
  if (signal?.aborted) throw abortError();
  const job = callNative(() => new native.BrainpyNetJob(p.args));
  const onAbort = () => job.cancel();
  signal?.addEventListener('abort', onAbort, { once: true });
  const total = p.steps;
  const report = () => {
    const done = Math.min(job.progress(), total);
    onProgress?.({ done, total, fraction: total ? done / total : 1 });
  };
  const timer = onProgress ? setInterval(report, control.progressInterval ?? 100) : undefined;
  try {
    const r = await awaitNative(job.start());
    if (onProgress) report();
    return finish(p, r);
  } finally {
    if (timer) clearInterval(timer);
    signal?.removeEventListener('abort', onAbort);
  }
}
