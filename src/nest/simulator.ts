/**
 * The NEST-compatible `Simulator`: `create / connect / simulate` with NEST
 * model and parameter names, units, devices and kernel timing. All state
 * lives in the native engine; this layer converts units and names once, at
 * the boundary.
 */
import { abortError, awaitNative, callNative } from '../errors.js';
import { native } from '../native.js';
import type { NestNetwork, NestRunResult } from '../../native/binding.js';
import { describe, isQuantity, toNumber } from '../units.js';
import { modelInfo, type NestModelInfo } from './models.js';
import { toPyNEST, type PyNestJournal, type PyNestOptions } from './pynest.js';
import { Parameter, pyExpr, type DistNode } from './random.js';

/** A parameter value: a number in NEST units, a quantity (`u.pA(376)`), a string (`'376 pA'`), or one of these per node. */
export type ParamValue = number | string | { si: number } | ReadonlyArray<number | string | { si: number }> | Float64Array;
/**
 * A parameter dictionary (`record_from` takes a list of names; a list
 * parameter such as `spike_times` takes one list for every node or one list
 * per node, `[[...], [...]]`). A scalar
 * parameter or state variable may also be a random parameter
 * (`nest.random.uniform({ min: -70, max: -55 })`, `nest.math.redraw(…)`, …):
 * one draw per node, as NEST draws it (see {@link Simulator.create}).
 */
export interface Params {
  [name: string]: ParamValue | Parameter | boolean | ReadonlyArray<boolean> | ReadonlyArray<string> | ReadonlyArray<ReadonlyArray<number | { si: number }> | Float64Array> | Params | undefined;
}

/** Options of {@link Simulator}. */
export interface SimulatorOptions {
  /** Resolution h in ms (default 0.1), or a time quantity. */
  dt?: number | string | { si: number };
  /** Worker threads for network updates (default 1). Results do not depend on it. */
  threads?: number;
  /** Base seed of every random stream (default NEST's 143202461). */
  seed?: number;
}

/** Options of {@link Simulator.connect}. */
export interface ConnectOptions {
  /** Rule name (`all_to_all` default, `one_to_one`, `fixed_indegree`, …) or a NEST conn_spec `{ rule, indegree, … }`. */
  rule?: string | { rule: string; indegree?: number; outdegree?: number; N?: number; p?: number; allow_autapses?: boolean; allow_multapses?: boolean };
  /** In-degree of `fixed_indegree`. */
  indegree?: number;
  /** Out-degree of `fixed_outdegree`. */
  outdegree?: number;
  /** Connection count of `fixed_total_number`. */
  N?: number;
  /** Probability of `pairwise_bernoulli`. */
  p?: number;
  /**
   * Weight (pA for current-based targets, mV for iaf_psc_delta; a factor for
   * dc_generator sources): one value, one per source, one per connection, or
   * a random parameter (`nest.random.normal({ mean, std })`, …; one draw per
   * connection). Default 1.
   */
  weight?: ParamValue | Parameter;
  /**
   * Delay in ms: one value, one per source, one per connection, or a random
   * parameter (`nest.random.uniform({ min, max })`, …). Rounded to the grid
   * as NEST rounds (nearest step, halves up); must round to >= dt. Default 1 ms.
   */
  delay?: ParamValue | Parameter;
  /** Synapse model (default `static_synapse`). */
  synapse?: string;
  /** Receptor type (port) on the target (default 0). */
  receptor_type?: number;
  /** Allow self-connections (default true). */
  allow_autapses?: boolean;
  /** Allow repeated pairs (default true). */
  allow_multapses?: boolean;
  /** Seed of the rule's random draws (default: from the simulator seed). */
  seed?: number;
}

/** Progress of an async run. */
export interface RunProgress {
  /** Steps done. */
  done: number;
  /** Steps in total. */
  total: number;
  /** done / total. */
  fraction: number;
}

/** Options of {@link Simulator.simulateAsync}. */
export interface RunAsyncOptions {
  /** Called about every `progressInterval` ms, and once at the end. */
  onProgress?: (p: RunProgress) => void;
  /** Milliseconds between progress reports (default 100). */
  progressInterval?: number;
  /** Cancels the run; the promise then rejects with an `AbortError`. */
  signal?: AbortSignal;
}

/** Spikes of a recorder. */
export interface SpikeEvents {
  /** NEST node ids of the senders. */
  senders: Int32Array;
  /**
   * Spike times in ms: stamps (s+1)·dt, or precise times (stamp − offset) for
   * the `_ps` models and `parrot_neuron_ps`. With the recorder's
   * `time_in_steps: true`, the stamps in steps (s+1) instead, as NEST's
   * memory backend stores them (time in ms = times·dt − offsets).
   */
  times: Float64Array;
  /** With `time_in_steps: true` only: each spike's offset in ms (0 on the grid, > 0 for precise spikes). */
  offsets?: Float64Array;
}

/** A set of nodes (NEST's NodeCollection): node ids in order, with slicing and concatenation. */
export class NodeCollection {
  /** @internal */
  constructor(
    /** @internal */ readonly sim: Simulator,
    /** Node ids (NEST's global ids, from 1). */
    readonly ids: readonly number[],
  ) {}

  /** Number of nodes. */
  get length(): number {
    return this.ids.length;
  }

  /** Iterates over single-node collections. */
  *[Symbol.iterator](): IterableIterator<NodeCollection> {
    for (const id of this.ids) yield new NodeCollection(this.sim, [id]);
  }

  /** The `i`-th node as a collection (negative counts from the end). */
  at(i: number): NodeCollection {
    const k = i < 0 ? this.ids.length + i : i;
    if (!Number.isInteger(k) || k < 0 || k >= this.ids.length) throw new RangeError(`index ${i} is outside a collection of ${this.ids.length}`);
    return new NodeCollection(this.sim, [this.ids[k]!]);
  }

  /** A sub-collection, like `Array.prototype.slice` (Python's `nodes[a:b]`). */
  slice(start?: number, end?: number): NodeCollection {
    return new NodeCollection(this.sim, this.ids.slice(start, end));
  }

  /** Concatenation (Python's `a + b`). */
  concat(...others: NodeCollection[]): NodeCollection {
    for (const o of others) if (o.sim !== this.sim) throw new TypeError('cannot join node collections of different simulators');
    return new NodeCollection(this.sim, [...this.ids, ...others.flatMap((o) => o.ids)]);
  }

  /** Alias of {@link concat}. */
  add(other: NodeCollection): NodeCollection {
    return this.concat(other);
  }

  /** Model name of each node. */
  get models(): string[] {
    return callNative(() => this.sim.native_.modelsOf([...this.ids]));
  }

  /** One parameter or state variable of every node, in NEST units. */
  get(name: string): Float64Array {
    return this.sim.get(this, name);
  }

  /** Sets parameters on every node (NEST's `set`/`SetStatus`); a random parameter (`nest.random.normal(…)`) is drawn per node. */
  set(params: Params): void {
    this.sim.set(this, params);
  }

  /** e.g. `NodeCollection(iaf_psc_alpha, ids 1..10)`. */
  toString(): string {
    const ids = this.ids;
    const contiguous = ids.every((x, i) => i === 0 || x === ids[i - 1]! + 1);
    return `NodeCollection(${ids.length ? (contiguous && ids.length > 1 ? `ids ${ids[0]}..${ids[ids.length - 1]}` : `ids ${ids.join(', ')}`) : 'empty'})`;
  }
}

/** Connections (NEST's SynapseCollection) with readable and settable weights. */
export class Connections {
  /** @internal */
  constructor(
    private readonly sim: Simulator,
    /** Connection ids. */ readonly ids: Uint32Array,
    /** Source node ids. */ readonly source: Uint32Array,
    /** Target node ids. */ readonly target: Uint32Array,
    /** Weights as set (pA / mV / factor). */ readonly weight: Float64Array,
    /** Delays in ms. */ readonly delay: Float64Array,
    /** Receptor types. */ readonly receptor: Uint32Array,
  ) {}

  /** Number of connections. */
  get length(): number {
    return this.ids.length;
  }

  /** One property as an array: `'weight' | 'delay' | 'source' | 'target' | 'receptor'`. */
  get(name: 'weight' | 'delay' | 'source' | 'target' | 'receptor'): Float64Array | Uint32Array {
    const m = { weight: this.weight, delay: this.delay, source: this.source, target: this.target, receptor: this.receptor, receptor_type: this.receptor } as Record<string, Float64Array | Uint32Array>;
    const v = m[name];
    if (!v) throw new TypeError(`connections have no property ${describe(name)}; valid: weight, delay, source, target, receptor`);
    return v;
  }

  /** Sets the weight of every connection (one value or one per connection): `set('weight', w)` or `set({ weight: w })`. */
  set(name: 'weight' | { weight: ParamValue }, value?: ParamValue): void {
    const v = typeof name === 'object' ? name.weight : value;
    if (typeof name === 'string' && name !== 'weight') throw new TypeError(`only 'weight' can be set on connections, got ${describe(name)}`);
    if (v === undefined) throw new TypeError('set: missing weight value');
    const w = toList(v, '', 'weight');
    callNative(() => this.sim.native_.setWeights([...this.ids], w));
    if (w.length === 1) this.weight.fill(w[0]!);
    else this.weight.set(w);
  }
}

function toList(v: ParamValue, unit: string, what: string): number[] {
  if (typeof v === 'number' || typeof v === 'string' || isQuantity(v)) return [toNumber(v, unit, what)];
  if (Array.isArray(v) || ArrayBuffer.isView(v)) return Array.from(v as ArrayLike<unknown>, (x, i) => toNumber(x, unit, `${what}[${i}]`));
  if (typeof v === 'object' && v !== null && 'si' in v) return [toNumber(v, unit, what)];
  throw new TypeError(`${what} must be a number, a quantity or an array of them, got ${describe(v)}`);
}

/** @internal Array parameters of devices and multisynapse neurons (one list for every node, or one list per node) and their units. */
export const ARRAY_PARAMS: Record<string, Record<string, string>> = {
  spike_generator: { spike_times: 'ms', spike_weights: '', spike_multiplicities: '' },
  iaf_psc_alpha_multisynapse: { tau_syn: 'ms' },
  iaf_psc_exp_multisynapse: { tau_syn: 'ms' },
  step_current_generator: { amplitude_times: 'ms', amplitude_values: 'pA' },
  inhomogeneous_poisson_generator: { rate_times: 'ms', rate_values: 'Hz' },
  pulsepacket_generator: { pulse_times: 'ms' },
};

const WEIGHT_UNIT: Record<string, string> = {
  iaf_psc_alpha: 'pA',
  iaf_psc_exp: 'pA',
  iaf_psc_delta: 'mV',
  iaf_psc_alpha_ps: 'pA',
  iaf_psc_exp_ps: 'pA',
  iaf_psc_exp_ps_lossless: 'pA',
  iaf_psc_delta_ps: 'mV',
};

/** Parameters that take only booleans (NEST refuses numbers for them). */
const STRICT_BOOLEANS = new Set(['time_in_steps', 'refractory_input']);

/** spike_generator's flags: NEST applies them to the spike times of the same dictionary. */
const SPIKE_GENERATOR_FLAGS = ['precise_times', 'allow_offgrid_times', 'shift_now_spikes'] as const;

/** The data a run recorded; times in ms, potentials in mV, currents in pA. */
export class SimulationResult {
  /** Step-end times of the run, ms: (s+1)·dt for every step s run. */
  readonly times: Float64Array;
  /** Start of the run (ms). */
  readonly t0: number;
  /** Duration of the run (ms). */
  readonly duration: number;

  /** @internal */
  constructor(private readonly r: NestRunResult) {
    const n = r.steps;
    this.times = new Float64Array(n);
    const tics = Math.round(r.dt * 1000); // times exactly as NEST computes them: tics · 0.001 ms
    for (let k = 0; k < n; k++) this.times[k] = (r.startStep + k + 1) * tics * 0.001;
    this.t0 = r.startStep * r.dt;
    this.duration = n * r.dt;
  }

  private meter(m: NodeCollection) {
    if (m.length !== 1) throw new TypeError(`pass one meter, got ${m.length} nodes`);
    const d = this.r.meters.find((x) => x.id === m.ids[0]);
    if (!d) throw new TypeError(`node ${m.ids[0]} is not a voltmeter/multimeter`);
    return d;
  }

  private recorder(r: NodeCollection) {
    if (r.length !== 1) throw new TypeError(`pass one spike_recorder, got ${r.length} nodes`);
    const d = this.r.recorders.find((x) => x.id === r.ids[0]);
    if (!d) throw new TypeError(`node ${r.ids[0]} is not a spike_recorder`);
    return d;
  }

  /** A meter's samples of `variable` (default `V_m`), time-major: sample k of target j at `[k * n + j]`. */
  trace(meter: NodeCollection, variable = 'V_m'): Float64Array {
    const d = this.meter(meter);
    const k = d.recordFrom.indexOf(variable);
    if (k < 0) throw new TypeError(`meter ${d.id} does not record ${describe(variable)}; it records: ${d.recordFrom.join(', ') || 'nothing (set record_from)'}`);
    return d.data[k]!;
  }

  /**
   * The times (ms) of a meter's samples (equal to `times` unless
   * `interval`/`start`/`stop` are set); with the meter's `time_in_steps:
   * true`, the sample stamps in steps, as NEST's memory backend stores them.
   */
  traceTimes(meter: NodeCollection): Float64Array {
    return this.meter(meter).times;
  }

  /**
   * With the meter's `time_in_steps: true`: the offset (ms) of each sample,
   * all 0 as in NEST (samples are taken on the grid); `undefined` otherwise.
   */
  traceOffsets(meter: NodeCollection): Float64Array | undefined {
    const d = this.meter(meter);
    return d.timeInSteps ? new Float64Array(d.times.length) : undefined;
  }

  /** The node ids a meter observes (the columns of its traces). */
  traceTargets(meter: NodeCollection): Uint32Array {
    return this.meter(meter).targets;
  }

  /** A spike recorder's events. */
  spikes(recorder: NodeCollection): SpikeEvents {
    const d = this.recorder(recorder);
    return d.offsets ? { senders: d.senders, times: d.times, offsets: d.offsets } : { senders: d.senders, times: d.times };
  }

  /** Number of events a recorder got. */
  nEvents(recorder: NodeCollection): number {
    return this.recorder(recorder).senders.length;
  }

  /** Mean firing rate per observed neuron, in Hz (events / neurons / duration). */
  rate(recorder: NodeCollection): number {
    const d = this.recorder(recorder);
    const n = new Set(d.sources).size;
    return n && this.duration ? d.senders.length / n / (this.duration / 1000) : 0;
  }

  /** Firing rate of each observed neuron (Hz), in the order they were connected. */
  rates(recorder: NodeCollection): Float64Array {
    const d = this.recorder(recorder);
    const ids = [...new Set(d.sources)];
    const pos = new Map(ids.map((g, i) => [g, i]));
    const c = new Float64Array(ids.length);
    for (const s of d.senders) c[pos.get(s)!]! += 1;
    return c.map((x) => (this.duration ? x / (this.duration / 1000) : 0));
  }
}

/**
 * A NEST-compatible simulator. Plain numbers are in NEST units (mV, ms, pA,
 * pF, nS, Hz); quantities from `u` are accepted everywhere.
 */
export class Simulator {
  /** @internal */
  readonly native_: NestNetwork;
  /** Resolution in ms. */
  readonly dt: number;
  /** Worker threads. */
  readonly threads: number;
  /** @internal What was created and connected, for {@link toPyNEST}. */
  readonly journal_: PyNestJournal;

  /** A simulator with resolution `dt` (default 0.1 ms). */
  constructor(opts: SimulatorOptions = {}) {
    if (typeof opts !== 'object' || opts === null) throw new TypeError(`Simulator options must be an object, got ${describe(opts)}`);
    this.dt = opts.dt === undefined ? 0.1 : toNumber(opts.dt, 'ms', 'dt');
    const threads = opts.threads ?? 1;
    if (!Number.isInteger(threads) || threads < 1) throw new RangeError(`threads must be a positive integer, got ${describe(threads)}`);
    this.threads = threads;
    if (opts.seed !== undefined && (!Number.isInteger(opts.seed) || opts.seed < 0)) throw new RangeError(`seed must be a non-negative integer, got ${describe(opts.seed)}`);
    this.native_ = callNative(() => new native.NestNetwork(this.dt, threads, opts.seed));
    this.journal_ = { seed: opts.seed ?? 143202461, ops: [], edgeCount: 0 };
  }

  /** A collection of existing node ids (NEST's `NodeCollection([...])`); ids may repeat. */
  nodes(ids: ArrayLike<number>): NodeCollection {
    const n = callNative(() => this.native_.numNodes());
    const list = Array.from(ids);
    list.forEach((id, i) => {
      if (!Number.isInteger(id) || id < 1 || id > n) throw new RangeError(`nodes: id ${describe(id)} at ${i} does not exist (valid: 1..${n})`);
    });
    return new NodeCollection(this, list);
  }

  /** Current simulation time in ms. */
  get time(): number {
    return callNative(() => this.native_.time());
  }

  /**
   * Creates `n` nodes of `model` with optional parameters (a number or one
   * value per node each; `{ params: {...} }` is accepted too). A value may be
   * a random parameter (`{ V_m: nest.random.uniform({ min: -70, max: -55 }) }`):
   * each node gets its own draw, from a stream keyed by the simulator seed,
   * the set call, the node id and the parameter (independent of the thread
   * count), and NEST's checks apply to each node with its drawn values. NEST
   * takes random values for every scalar neuron parameter and state variable
   * (not `ignore_and_spike`) and for some device parameters (rates,
   * amplitudes, …; not `start`/`stop`/`origin` or lists).
   */
  create(model: string, n = 1, params: Params = {}): NodeCollection {
    const info = modelInfo(model);
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`create: n must be a positive integer, got ${describe(n)}`);
    const first = callNative(() => this.native_.create(model, n));
    this.journal_.ops.push({ op: 'create', model, first, n });
    const nodes = new NodeCollection(this, Array.from({ length: n }, (_, i) => first + i));
    this.setWith(nodes, info, params);
    return nodes;
  }

  /** Sets parameters of nodes (all of one model). */
  set(nodes: NodeCollection, params: Params): void {
    const models = nodes.models;
    for (const m of new Set(models)) {
      const sub = new NodeCollection(this, nodes.ids.filter((_, i) => models[i] === m));
      this.setWith(sub, modelInfo(m), params, nodes.length === sub.length ? undefined : nodes);
    }
  }

  private setWith(nodes: NodeCollection, info: NestModelInfo, params: Params, whole?: NodeCollection): void {
    if (typeof params !== 'object' || params === null) throw new TypeError(`parameters must be an object, got ${describe(params)}`);
    const flat: Record<string, unknown> = { ...params };
    if (params.params !== undefined) {
      if (typeof params.params !== 'object' || params.params === null) throw new TypeError('params.params must be an object');
      delete flat.params;
      Object.assign(flat, params.params);
    }
    // Booleans (precise_times=True, …) are 1 / 0; the flags NEST reads only as booleans must be booleans.
    for (const [k, v] of Object.entries(flat)) {
      if (STRICT_BOOLEANS.has(k) && v !== undefined && !(v instanceof Parameter) && typeof v !== 'boolean' && !(Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'boolean'))) {
        throw new TypeError(`${info.name}.${k} must be a boolean (true or false), got ${describe(v)} (NEST: Failed to cast '${k}' to type bool)`);
      }
      if (typeof v === 'boolean') flat[k] = v ? 1 : 0;
      else if (Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'boolean')) flat[k] = v.map((x) => (x ? 1 : 0));
    }
    if (info.name === 'spike_generator') {
      const r = Object.keys(flat).find((k) => flat[k] instanceof Parameter);
      if (r) throw new TypeError(`spike_generator.${r} cannot be a random parameter in somata (its flags and lists take plain values)`);
      this.setSpikeGenerator(nodes, flat);
    }
    const list: Array<{ name: string; values: number[]; dist?: DistNode[] }> = [];
    const units = new Map([...info.parameters, ...info.state].map((p) => [p.name, p.unit]));
    for (const [name, v] of Object.entries(flat)) {
      if (v === undefined) continue;
      if (name === 'record_from') {
        if (info.name !== 'multimeter' && info.name !== 'voltmeter') throw new TypeError(`record_from is a multimeter parameter, not one of ${info.name}`);
        if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) throw new TypeError(`record_from must be a list of names, got ${describe(v)}`);
        for (const id of nodes.ids) callNative(() => this.native_.setRecordFrom(id, v as string[]));
        this.journal_.ops.push({ op: 'record_from', ids: [...nodes.ids], names: [...(v as string[])] });
        continue;
      }
      const arrayUnit = ARRAY_PARAMS[info.name]?.[name];
      if (arrayUnit !== undefined && v instanceof Parameter) throw new TypeError(`${info.name}.${name} is a list parameter; it cannot be a random parameter (NEST: Failed to cast '${name}' from std::shared_ptr<nest::Parameter>)`);
      if (arrayUnit !== undefined) {
        if (!Array.isArray(v) && !ArrayBuffer.isView(v)) throw new TypeError(`${info.name}.${name} must be a list, got ${describe(v)}`);
        const perNode = Array.isArray(v) && v.length > 0 && v.every((x) => Array.isArray(x) || ArrayBuffer.isView(x));
        if (perNode && v.length !== nodes.length) throw new TypeError(`${info.name}.${name}: ${v.length} lists for ${nodes.length} nodes`);
        nodes.ids.forEach((id, j) => {
          const list = toList((perNode ? (v as unknown[])[j] : v) as ParamValue, arrayUnit, `${info.name}.${name}`);
          callNative(() => this.native_.setArray(id, name, list));
        });
        continue;
      }
      const unit = units.get(name);
      if (unit === undefined) {
        // Read-only entries (iaf_psc_delta_ps's refractory_input, is_refractory): NEST refuses them as unaccessed.
        let readable = false;
        try {
          callNative(() => this.native_.getStatus([nodes.ids[0]!], name));
          readable = true;
        } catch {
          // not a readable name either
        }
        if (readable) throw new TypeError(`${info.name}.${name} can be read but not set (NEST 3.10: Unaccessed elements in params, in function NodeManager::set_status: ${name})`);
        const valid = [...units.keys(), ...(info.kind === 'recorder' && info.name !== 'spike_recorder' ? ['record_from'] : []), ...Object.keys(ARRAY_PARAMS[info.name] ?? {})];
        throw new TypeError(`${info.name} has no parameter ${describe(name)}; valid: ${valid.join(', ')}`);
      }
      if (v instanceof Parameter) {
        list.push({ name, values: [], dist: v.nodes(unit, `${info.name}.${name}`) });
        continue;
      }
      let values = toList(v as ParamValue, unit, `${info.name}.${name}`);
      if (whole && values.length === whole.length) {
        const keep = new Set(nodes.ids);
        values = whole.ids.map((id, i) => [id, values[i]!] as const).filter(([id]) => keep.has(id)).map(([, x]) => x);
      }
      if (values.length !== 1 && values.length !== nodes.length) throw new TypeError(`${info.name}.${name} has ${values.length} values for ${nodes.length} nodes; give one value or one per node`);
      list.push({ name, values });
    }
    if (list.length) callNative(() => this.native_.setStatus([...nodes.ids], list));
    for (const p of list) {
      // Drawn values are read back: the journal keeps them (state after a run) and the expression (toPyNEST).
      const values = p.dist ? [...callNative(() => this.native_.getStatus([...nodes.ids], p.name))] : p.values;
      if (p.dist) this.journal_.ops.push({ op: 'random', ids: [...nodes.ids], name: p.name, expr: pyExpr(p.dist), values });
      if (info.state.some((s) => s.name === p.name)) this.journal_.ops.push({ op: 'state', ids: [...nodes.ids], name: p.name, values });
    }
  }

  /**
   * spike_generator flags and spike lists as NEST sets them from one
   * dictionary: the flags first, then spike_times (checked and converted
   * under the new flags), then weights and multiplicities (checked against
   * the new times). Applied entries are removed from `flat`. With flags but
   * no spike_times, the flags may change only while there are no spike
   * times (NEST's rule). On error every generator is left as it was.
   */
  private setSpikeGenerator(nodes: NodeCollection, flat: Record<string, unknown>): void {
    const flags = SPIKE_GENERATOR_FLAGS.filter((f) => flat[f] !== undefined);
    if (flat.spike_times === undefined) {
      if (flags.length) {
        const list = flags.map((f) => ({ name: f, values: toList(flat[f] as ParamValue, '', `spike_generator.${f}`) }));
        callNative(() => this.native_.setStatus([...nodes.ids], list));
        for (const f of flags) delete flat[f];
      }
      return;
    }
    const arrays = ['spike_times', 'spike_weights', 'spike_multiplicities'] as const;
    const units: Record<string, string> = { spike_times: 'ms', spike_weights: '', spike_multiplicities: '' };
    const listsFor = (name: string, j: number): number[] | undefined => {
      const v = flat[name];
      if (v === undefined) return undefined;
      if (!Array.isArray(v) && !ArrayBuffer.isView(v)) throw new TypeError(`spike_generator.${name} must be a list, got ${describe(v)}`);
      const perNode = Array.isArray(v) && v.length > 0 && v.every((x) => Array.isArray(x) || ArrayBuffer.isView(x));
      if (perNode && v.length !== nodes.length) throw new TypeError(`spike_generator.${name}: ${v.length} lists for ${nodes.length} nodes`);
      return toList((perNode ? (v as unknown[])[j] : v) as ParamValue, units[name]!, `spike_generator.${name}`);
    };
    const saved = nodes.ids.map((id) => ({
      arrays: arrays.map((a) => [...callNative(() => this.native_.getArray(id, a))]),
      flags: SPIKE_GENERATOR_FLAGS.map((f) => callNative(() => this.native_.getStatus([id], f))[0]!),
    }));
    const apply = (id: number, flagValues: Array<{ name: string; values: number[] }>, lists: Array<number[]>) => {
      for (const a of [...arrays].reverse()) callNative(() => this.native_.setArray(id, a, []));
      if (flagValues.length) callNative(() => this.native_.setStatus([id], flagValues));
      arrays.forEach((a, k) => {
        if (lists[k]!.length) callNative(() => this.native_.setArray(id, a, lists[k]!));
      });
    };
    nodes.ids.forEach((id, j) => {
      try {
        const fv = flags.map((f) => {
          const vals = toList(flat[f] as ParamValue, '', `spike_generator.${f}`);
          return { name: f, values: [vals.length === 1 ? vals[0]! : vals[j]!] };
        });
        apply(id, fv, arrays.map((a, k) => listsFor(a, j) ?? (a === 'spike_times' ? [] : saved[j]!.arrays[k]!)));
      } catch (e) {
        for (let q = 0; q <= j; q++) apply(nodes.ids[q]!, SPIKE_GENERATOR_FLAGS.map((f, k) => ({ name: f, values: [saved[q]!.flags[k]!] })), saved[q]!.arrays);
        throw e;
      }
    });
    for (const k of [...flags, ...arrays]) delete flat[k];
  }

  /** One parameter or state variable of each node, in NEST units (an array parameter such as `spike_times`: the list of a single node). */
  get(nodes: NodeCollection, name: string): Float64Array {
    if (nodes.length === 1 && Object.values(ARRAY_PARAMS).some((a) => name in a)) return callNative(() => this.native_.getArray(nodes.ids[0]!, name));
    return callNative(() => this.native_.getStatus([...nodes.ids], name));
  }

  /**
   * Connects `pre` to `post`. Generators and neurons are sources; meters are
   * connected as sources too (`connect(voltmeter, neurons)`, they observe);
   * spike recorders are targets (`connect(neurons, spike_recorder)`).
   */
  connect(pre: NodeCollection, post: NodeCollection, opts: ConnectOptions = {}): number {
    if (!(pre instanceof NodeCollection) || !(post instanceof NodeCollection)) throw new TypeError('connect(pre, post): both must be node collections from sim.create');
    if (pre.sim !== this || post.sim !== this) throw new TypeError('connect: node collections belong to another Simulator');
    const spec = typeof opts.rule === 'object' && opts.rule !== null ? { ...opts, ...opts.rule } : opts;
    const rule = (spec.rule as string | undefined) ?? 'all_to_all';
    const count = rule === 'fixed_indegree' ? spec.indegree : rule === 'fixed_outdegree' ? spec.outdegree : rule === 'fixed_total_number' ? spec.N : undefined;
    // Weight unit from the targets' model (pA or mV) or a plain factor for dc_generator sources.
    let wUnit = '';
    const plain = (v: unknown): boolean =>
      v instanceof Parameter ? Object.values(v.args).every((x) => typeof x === 'number') && (!v.inner || plain(v.inner)) : typeof v === 'number' || (Array.isArray(v) && v.every((x) => typeof x === 'number')) || v instanceof Float64Array;
    if (spec.weight !== undefined && !plain(spec.weight)) {
      const srcModels = new Set(pre.models);
      const units = new Set(post.models.map((m) => WEIGHT_UNIT[m] ?? ''));
      if (srcModels.has('dc_generator')) wUnit = '';
      else if (units.size === 1) wUnit = [...units][0]!;
      else throw new TypeError('connect: weights given with units need targets of one weight unit (pA or mV)');
    }
    // Random weights / delays (nest.random.*, nest.math.*): one draw per connection in the engine.
    const weightDist = spec.weight instanceof Parameter ? spec.weight.nodes(wUnit, 'weight') : undefined;
    const delayDist = spec.delay instanceof Parameter ? spec.delay.nodes('ms', 'delay') : undefined;
    const weight = spec.weight === undefined || weightDist ? [1] : toList(spec.weight as ParamValue, wUnit, 'weight');
    const delay = spec.delay === undefined || delayDist ? [1] : toList(spec.delay as ParamValue, 'ms', 'delay');
    const cs = {
      rule,
      count,
      p: spec.p,
      weight,
      delay,
      receptor: spec.receptor_type ?? 0,
      synapse: spec.synapse ?? 'static_synapse',
      allowAutapses: spec.allow_autapses ?? true,
      allowMultapses: spec.allow_multapses ?? true,
      seed: spec.seed,
      weightDist,
      delayDist,
    };
    const n = callNative(() => this.native_.connect([...pre.ids], [...post.ids], cs));
    this.journal_.ops.push({ op: 'connect', ...cs, weightDist: weightDist && pyExpr(weightDist), delayDist: delayDist && pyExpr(delayDist), pre: [...pre.ids], post: [...post.ids], firstEdge: this.journal_.edgeCount, edges: n });
    this.journal_.edgeCount += n;
    return n;
  }

  /** Connections, optionally filtered by source and/or target (NEST's GetConnections). */
  getConnections(filter: { source?: NodeCollection; target?: NodeCollection } = {}): Connections {
    const c = callNative(() => this.native_.connections(filter.source ? [...filter.source.ids] : undefined, filter.target ? [...filter.target.ids] : undefined));
    return new Connections(this, c.id, c.source, c.target, c.weight, c.delay, c.receptor);
  }

  /** Alias of {@link getConnections} (brainpy.state spelling). */
  get_connections(filter: { source?: NodeCollection; target?: NodeCollection } = {}): Connections {
    return this.getConnections(filter);
  }

  private duration(t: number | string | { si: number }): number {
    const ms = toNumber(t, 'ms', 'simulation time');
    if (!(ms >= 0) || !Number.isFinite(ms)) throw new RangeError(`simulation time must be a finite number >= 0 ms, got ${ms}`);
    return ms;
  }

  /** A fresh run from t = 0 (initial state, empty buffers) for `t` ms. Blocks; see {@link simulateAsync}. */
  simulate(t: number | string | { si: number }): SimulationResult {
    const ms = this.duration(t);
    const r = new SimulationResult(callNative(() => this.native_.simulate(ms, true)));
    this.journal_.lastT = ms;
    return r;
  }

  /** Continues the current run for `t` ms (NEST's repeated `Simulate`). */
  cont(t: number | string | { si: number }): SimulationResult {
    const ms = this.duration(t);
    const r = new SimulationResult(callNative(() => this.native_.simulate(ms, false)));
    this.journal_.lastT = (this.journal_.lastT ?? 0) + ms;
    return r;
  }

  /** {@link simulate} off the JS thread: never blocks the event loop; progress and `AbortSignal`. */
  simulateAsync(t: number | string | { si: number }, control: RunAsyncOptions = {}): Promise<SimulationResult> {
    return this.runAsync(this.duration(t), true, control);
  }

  /** {@link cont} off the JS thread. */
  contAsync(t: number | string | { si: number }, control: RunAsyncOptions = {}): Promise<SimulationResult> {
    return this.runAsync(this.duration(t), false, control);
  }

  /**
   * Writes (to `path`, if given) and returns a runnable PyNEST 3.10 script
   * that builds this network — kernel settings, every node with its
   * parameters, connections as explicit edge lists (or the rules, with
   * `{ connections: 'rules' }`), recorders — runs `Simulate(T)` and saves the
   * recorded events to a JSON or `.npz` file named by its first argument.
   * Call it before running: after a run, state variables are taken from the
   * values set, not the engine's end state.
   */
  toPyNEST(path?: string, opts: PyNestOptions = {}): string {
    return toPyNEST(this, path, opts);
  }

  private async runAsync(ms: number, fresh: boolean, control: RunAsyncOptions): Promise<SimulationResult> {
    const { signal, onProgress } = control;
    if (signal?.aborted) throw abortError();
    const total = Math.round(ms / this.dt);
    const job = callNative(() => this.native_.job(ms, fresh));
    const onAbort = () => job.cancel();
    signal?.addEventListener('abort', onAbort, { once: true });
    const report = () => {
      const done = job.progress();
      onProgress?.({ done, total, fraction: total ? done / total : 1 });
    };
    const timer = onProgress ? setInterval(report, control.progressInterval ?? 100) : undefined;
    try {
      const r = await awaitNative(job.start());
      if (onProgress) report();
      this.journal_.lastT = fresh ? ms : (this.journal_.lastT ?? 0) + ms;
      return new SimulationResult(r);
    } finally {
      if (timer) clearInterval(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }
}
