/**
 * BrainPy-style neuron populations: `new brainpy.LIFRef(size, params)`.
 *
 * A population holds its parameters and state as structure-of-arrays typed
 * arrays (one contiguous slice per parameter and per variable) owned by JS;
 * `update()` passes them to Rust without copying, and `neuron.V` is a live
 * view of the membrane potentials (writable).
 */
import { callNative } from '../errors.js';
import { native } from '../native.js';
import type { BrainpyModelInfo, BrainpyVarInit } from '../../native/binding.js';
import { describe, isQuantity, toNumber } from '../units.js';
import type { InitSpec, Scalar } from './init.js';
import { MODEL_NAMES, MODELS, type InitVarName, type ModelName, type ParamName, type VarName } from './models.js';

/** A parameter value: one value for every neuron, or one per neuron (numbers in the parameter's unit). */
export type ParamValue = Scalar | ArrayLike<number> | ReadonlyArray<Scalar>;
/** An initialiser: a value, one value per neuron, or a {@link InitSpec} (`brainpy.init.Uniform(…)`). */
export type Initializer = Scalar | ArrayLike<number> | InitSpec;
/** `'float64'` (default) or `'float32'`. */
export type Precision = 'float64' | 'float32';
/** A precision given as its bit count: `32` for `'float32'`, `64` for `'float64'`. */
export type PrecisionBits<P extends Precision = Precision> = P extends 'float32' ? 32 : 64;
/** The typed array a precision stores state in. */
export type ArrayOf<P extends Precision> = P extends 'float32' ? Float32Array : Float64Array;

/** Options every model accepts besides its parameters and initialisers. */
export interface CommonOptions<P extends Precision = Precision> {
  /** `'soft'` (subtract `V_th − V_reset`) or `'hard'` (set to `V_reset`); default as upstream (`'soft'`; Izhikevich `'hard'`, ignored). */
  spk_reset?: 'soft' | 'hard';
  /** Ref models: expose the `refractory` variable (upstream creates it only then). */
  ref_var?: boolean;
  /** `'float64'` (default) or `'float32'` (computes in f32, like brainpy.state without x64); the bit counts `64` and `32` are accepted too. */
  precision?: P | PrecisionBits<P>;
  /** Seed of the random initialisers (default 0). */
  seed?: number;
  /** Default step size for `update()` and `run()` (default 0.1 ms). */
  dt?: Scalar;
  /** A name for messages. */
  name?: string;
}

/** Constructor options of model `M`: its parameters, `<var>_initializer`s and {@link CommonOptions}. */
export type NeuronOptions<M extends ModelName, P extends Precision = Precision> = { [K in ParamName<M>]?: ParamValue } & {
  [K in InitVarName<M> as `${K}_initializer`]?: Initializer;
} & CommonOptions<P>;

/**
 * A persistent conductance-type current input `I(V) = g·(E − V)` — what
 * brainpy expresses as a callable current input (`lambda V: g*(E - V)`), e.g.
 * a COBA synapse output. `g` is in the model's input unit per mV (S for the
 * LIF family, mS for the HH family, 1/ms for Izhikevich, dimensionless for
 * FitzHugh–Nagumo and Hindmarsh–Rose), `E` in V's unit; each a value or one
 * per neuron. Its derivative `−g` enters the exponential Euler Jacobian, as
 * upstream's autodiff of the callable does.
 */
export interface ConductanceInput {
  /** Discriminator. */
  readonly kind: 'conductance';
  /** Conductance. */
  readonly g: ParamValue;
  /** Reversal potential. */
  readonly E: ParamValue;
}

/** Makes a {@link ConductanceInput} for `addCurrentInput(key, conductanceInput(g, E))`. */
export function conductanceInput(g: ParamValue, E: ParamValue): ConductanceInput {
  return { kind: 'conductance', g, E };
}

/** Unit of `g` in a conductance input, by the model's input unit. */
const CONDUCTANCE_UNIT: Record<string, string> = { mA: 'S', uA: 'mS', 'mV/ms': '1/ms', '': '' };

/** Options of one `update()`. */
export interface UpdateOptions {
  /** Time at the start of the step, ms (default: the neuron's clock, `t0 + k·dt`). */
  t?: Scalar;
  /** Step size, ms (default: the neuron's `dt`). */
  dt?: Scalar;
}

interface Entry {
  index: number;
  info: BrainpyModelInfo;
}
let directory: Map<string, Entry> | undefined;

/** @internal The native directory entry of a model. */
export function entry_(model: ModelName): Entry {
  if (!directory) {
    directory = new Map();
    callNative(() => native.brainpyModels()).forEach((info, index) => directory!.set(info.name, { index, info }));
  }
  const e = directory.get(model);
  if (!e) throw new TypeError(`unknown brainpy model ${describe(model)}; valid models: ${MODEL_NAMES.join(', ')}`);
  return e;
}

/** Units, defaults, initial values, equations and notes of a model. */
export function modelInfo(model: ModelName): BrainpyModelInfo {
  return entry_(model).info;
}

const COMMON = ['spk_reset', 'ref_var', 'precision', 'seed', 'dt', 'name'];

function isArrayLike(x: unknown): x is ArrayLike<unknown> {
  return (Array.isArray(x) || ArrayBuffer.isView(x)) && !(x instanceof DataView);
}

function scalarIn(x: unknown, unit: string, what: string): number {
  const v = toNumber(x, unit, what);
  if (Number.isNaN(v)) throw new RangeError(`${what} must be a number, got NaN`);
  return v;
}

/** One value or one per neuron, in `unit`, as a Float64Array of length 1 or `num`. */
function perNeuron(x: unknown, unit: string, what: string, num: number): Float64Array {
  if (isArrayLike(x)) {
    if (x.length !== num) throw new TypeError(`${what} has ${x.length} values for ${num} neurons (give one value or one per neuron)`);
    return Float64Array.from(x as ArrayLike<unknown>, (v, i) => scalarIn(v, unit, `${what}[${i}]`));
  }
  return Float64Array.of(scalarIn(x, unit, what));
}

/** A population of one BrainPy-style model. */
export class Neuron<M extends ModelName = ModelName, P extends Precision = Precision> {
  /** Model name as upstream spells it. */
  readonly model: M;
  /** Shape of the population (`in_size`). */
  readonly varshape: readonly number[];
  /** Number of neurons. */
  readonly num: number;
  /** Storage and compute precision. */
  readonly precision: P;
  /** `'soft'` or `'hard'`. */
  readonly spk_reset: 'soft' | 'hard';
  /** Whether the `refractory` variable is exposed (Ref models). */
  readonly ref_var: boolean;
  /** Seed of the random initialisers. */
  readonly seed: number;
  /** Name for messages. */
  readonly name: string;
  /** Default step size, ms. */
  dt: number;
  /** @internal */ readonly index_: number;
  /** @internal */ readonly info_: BrainpyModelInfo;
  /** @internal Parameters `[k*num + i]` (f64). */ readonly params_: Float64Array;
  /** @internal f32 copy of the parameters for Float32 populations. */ params32_: Float32Array | undefined;
  /** @internal State `[v*num + i]`. */ state_: ArrayOf<P>;
  /** @internal */ readonly spike_: Float64Array;
  /** @internal */ readonly inits_: BrainpyVarInit[];
  /** @internal */ currentInputs_ = new Map<string, Float64Array>();
  /** @internal */ deltaInputs_ = new Map<string, Float64Array>();
  /** @internal Persistent conductance inputs: g and E per key (length 1 or num). */ conductances_ = new Map<string, { g: Float64Array; E: Float64Array }>();
  /** @internal Clock: t = t0_ + k_·dt. */ t0_ = 0;
  /** @internal */ k_ = 0;

  /**
   * @param model model name
   * @param size number of neurons or a shape (`[10, 10]`)
   * @param opts parameters (a value or one per neuron, plain numbers in the documented unit), `<var>_initializer`s and {@link CommonOptions}
   */
  constructor(model: M, size: number | readonly number[], opts: NeuronOptions<M, P> = {} as NeuronOptions<M, P>) {
    const { index, info } = entry_(model);
    this.model = model;
    this.index_ = index;
    this.info_ = info;
    const shape = typeof size === 'number' ? [size] : Array.isArray(size) ? [...size] : undefined;
    if (!shape || shape.length === 0 || shape.some((d) => !Number.isInteger(d) || d < 1)) {
      throw new TypeError(`${model}: size must be a positive integer or a shape of positive integers, got ${describe(size)}`);
    }
    this.varshape = Object.freeze(shape);
    const num = shape.reduce((a, b) => a * b, 1);
    this.num = num;
    if (typeof opts !== 'object' || opts === null) throw new TypeError(`${model}: options must be an object, got ${describe(opts)}`);
    const o = opts as Record<string, unknown>;
    const pnames = info.parameters.map((p) => p.name);
    const inames = info.variables.filter((v) => v.name !== 'last_spike_time' && v.name !== 'refractory').map((v) => `${v.name}_initializer`);
    for (const k of Object.keys(o)) {
      if (o[k] === undefined) continue;
      if (!pnames.includes(k) && !inames.includes(k) && !COMMON.includes(k)) {
        throw new TypeError(`${model}: unknown parameter '${k}'; valid parameters: ${pnames.join(', ')}; initialisers: ${inames.join(', ')}; options: ${COMMON.join(', ')}`);
      }
    }
    const given: unknown = o.precision ?? 'float64';
    const precision = (given === 32 ? 'float32' : given === 64 ? 'float64' : given) as P;
    if (precision !== 'float64' && precision !== 'float32') throw new TypeError(`${model}: precision must be 'float64' (or 64) or 'float32' (or 32), got ${describe(given)}`);
    this.precision = precision;
    const reset = o.spk_reset ?? info.defaultReset;
    if (reset !== 'soft' && reset !== 'hard') throw new TypeError(`${model}: spk_reset must be 'soft' or 'hard', got ${describe(reset)}`);
    this.spk_reset = reset;
    this.ref_var = Boolean(o.ref_var);
    const seed = o.seed ?? 0;
    if (typeof seed !== 'number' || !Number.isSafeInteger(seed) || seed < 0) throw new RangeError(`${model}: seed must be a non-negative integer, got ${describe(seed)}`);
    this.seed = seed;
    this.name = typeof o.name === 'string' ? o.name : model;
    this.dt = o.dt === undefined ? 0.1 : scalarIn(o.dt, 'ms', `${model}.dt`);
    if (!(this.dt > 0) || !Number.isFinite(this.dt)) throw new RangeError(`${model}: dt must be finite and > 0 ms, got ${this.dt}`);

    // Parameters, SoA.
    this.params_ = new Float64Array(pnames.length * num);
    info.parameters.forEach((p, k) => {
      const v = o[p.name] === undefined ? Float64Array.of(p.value) : perNeuron(o[p.name], p.unit, `${model}.${p.name}`, num);
      this.params_.subarray(k * num, (k + 1) * num).set(v.length === 1 ? new Float64Array(num).fill(v[0]!) : v);
    });
    callNative(() => native.brainpyValidate(index, this.params_, num));
    this.params32_ = precision === 'float32' ? Float32Array.from(this.params_) : undefined;

    // Initialisers.
    this.inits_ = info.variables.map((v) => {
      const x = o[`${v.name}_initializer`];
      if (x === undefined) return { kind: 'default' };
      const what = `${model}.${v.name}_initializer`;
      if (typeof x === 'object' && x !== null && !isQuantity(x) && !isArrayLike(x) && 'kind' in x) {
        const s = x as InitSpec;
        if (s.kind === 'const') return { kind: 'const', a: scalarIn(s.value, v.unit, what) };
        if (s.kind === 'uniform') return { kind: 'uniform', a: scalarIn(s.low, v.unit, `${what}.low`), b: scalarIn(s.high, v.unit, `${what}.high`) };
        if (s.kind === 'normal') return { kind: 'normal', a: scalarIn(s.mean, v.unit, `${what}.mean`), b: scalarIn(s.std, v.unit, `${what}.std`) };
        throw new TypeError(`${what}: unknown initialiser ${describe(x)}`);
      }
      const vals = perNeuron(x, v.unit, what, num);
      return vals.length === 1 ? { kind: 'const', a: vals[0] } : { kind: 'perNeuron', values: vals };
    });
    this.spike_ = new Float64Array(num);
    this.state_ = (precision === 'float32' ? new Float32Array(info.variables.length * num) : new Float64Array(info.variables.length * num)) as ArrayOf<P>;

    // State variables as live views.
    info.variables.forEach((v, i) => {
      if (v.name === 'refractory' && !this.ref_var) return;
      Object.defineProperty(this, v.name, {
        enumerable: true,
        get: () => this.state_.subarray(i * num, (i + 1) * num),
        set: (x: unknown) => this.setState(v.name as VarName<M>, x as ParamValue),
      });
    });
    this.initAllStates();
  }

  /** The variables' units (`{ V: 'mV', … }`). */
  get units(): Record<string, string> {
    return Object.fromEntries(this.info_.variables.map((v) => [v.name, v.unit]));
  }

  /** Time at the start of the next step, ms. */
  get t(): number {
    return this.t0_ + this.k_ * this.dt;
  }

  /** Re-evaluates every initialiser (random ones from the population's seed), resets the clock to 0 and drops pending inputs. */
  initAllStates(): this {
    const s = callNative(() => native.brainpyInit(this.index_, this.params_, this.num, this.inits_, this.seed));
    this.state_.set(s);
    this.spike_.fill(0);
    this.currentInputs_.clear();
    this.deltaInputs_.clear();
    this.t0_ = 0;
    this.k_ = 0;
    return this;
  }

  /** Alias of {@link initAllStates} (brainpy's spelling). */
  init_all_states(): this {
    return this.initAllStates();
  }

  /** Alias of {@link initAllStates} (brainpy's `reset_state`). */
  reset_state(): this {
    return this.initAllStates();
  }

  /** A live view of a state variable (documented unit). */
  getState(name: VarName<M>): ArrayOf<P> {
    const i = this.info_.variables.findIndex((v) => v.name === name);
    if (i < 0) throw new TypeError(`${this.model} has no variable ${describe(name)}; variables: ${this.info_.variables.map((v) => v.name).join(', ')}`);
    return this.state_.subarray(i * this.num, (i + 1) * this.num) as ArrayOf<P>;
  }

  /** Sets a state variable from one value or one per neuron (numbers in its unit, or quantities). */
  setState(name: VarName<M>, value: ParamValue): void {
    const v = this.info_.variables.find((x) => x.name === name);
    const view = this.getState(name);
    const vals = perNeuron(value, v!.unit, `${this.model}.${String(name)}`, this.num);
    if (vals.length === 1) view.fill(vals[0]!);
    else view.set(vals);
  }

  /** A copy of a parameter's values, one per neuron (documented unit). */
  param(name: ParamName<M>): Float64Array {
    const k = this.info_.parameters.findIndex((p) => p.name === name);
    if (k < 0) throw new TypeError(`${this.model} has no parameter ${describe(name)}; parameters: ${this.info_.parameters.map((p) => p.name).join(', ')}`);
    return this.params_.slice(k * this.num, (k + 1) * this.num);
  }

  /** Changes a parameter (one value or one per neuron); validated like the constructor. */
  setParam(name: ParamName<M>, value: ParamValue): void {
    const k = this.info_.parameters.findIndex((p) => p.name === name);
    if (k < 0) throw new TypeError(`${this.model} has no parameter ${describe(name)}; parameters: ${this.info_.parameters.map((p) => p.name).join(', ')}`);
    const vals = perNeuron(value, this.info_.parameters[k]!.unit, `${this.model}.${String(name)}`, this.num);
    const next = this.params_.slice();
    const view = next.subarray(k * this.num, (k + 1) * this.num);
    if (vals.length === 1) view.fill(vals[0]!);
    else view.set(vals);
    callNative(() => native.brainpyValidate(this.index_, next, this.num));
    this.params_.set(next);
    if (this.params32_) this.params32_.set(next);
  }

  /**
   * Registers a current input. A value (model input unit; one or one per
   * neuron) is one-shot, consumed by the next `update()` (brainpy pops
   * non-callable inputs after use); a {@link ConductanceInput} persists, like
   * brainpy's callable inputs, until {@link removeCurrentInput}.
   */
  addCurrentInput(key: string, value: ParamValue | ConductanceInput): void {
    if (this.currentInputs_.has(key) || this.conductances_.has(key)) throw new Error(`${this.name}: current input '${key}' has already been added`);
    if (typeof value === 'object' && value !== null && (value as ConductanceInput).kind === 'conductance') {
      const c = value as ConductanceInput;
      const gUnit = CONDUCTANCE_UNIT[this.info_.inputUnit] ?? '';
      const vUnit = this.info_.variables[0]!.unit;
      this.conductances_.set(key, {
        g: perNeuron(c.g, gUnit, `${this.model} conductance input '${key}'.g`, this.num),
        E: perNeuron(c.E, vUnit, `${this.model} conductance input '${key}'.E`, this.num),
      });
      return;
    }
    this.currentInputs_.set(key, perNeuron(value, this.info_.inputUnit, `${this.model} current input '${key}'`, this.num));
  }

  /** Alias of {@link addCurrentInput}. */
  add_current_input(key: string, value: ParamValue | ConductanceInput): void {
    this.addCurrentInput(key, value);
  }

  /** Removes a persistent (conductance) or pending current input; returns whether it existed. */
  removeCurrentInput(key: string): boolean {
    return this.conductances_.delete(key) || this.currentInputs_.delete(key);
  }

  /** @internal Per-neuron `Σ g·E` and `Σ g` of the persistent conductance inputs (undefined if none). */
  conductanceArrays_(): { offset: Float64Array<ArrayBuffer>; g: Float64Array<ArrayBuffer> } | undefined {
    if (this.conductances_.size === 0) return undefined;
    const offset = new Float64Array(this.num);
    const g = new Float64Array(this.num);
    for (const c of this.conductances_.values()) {
      for (let i = 0; i < this.num; i++) {
        const gi = c.g.length === 1 ? c.g[0]! : c.g[i]!;
        const e = c.E.length === 1 ? c.E[0]! : c.E[i]!;
        offset[i] = offset[i]! + gi * e;
        g[i] = g[i]! + gi;
      }
    }
    return { offset, g };
  }

  /** Registers a one-shot delta input (instantaneous jump of `deltaVar`, in its unit) consumed by the next `update()`. */
  addDeltaInput(key: string, value: ParamValue): void {
    if (this.deltaInputs_.has(key)) throw new Error(`${this.name}: delta input '${key}' has already been added for this step`);
    const v = this.info_.variables.find((x) => x.name === this.info_.deltaVar)!;
    this.deltaInputs_.set(key, perNeuron(value, v.unit, `${this.model} delta input '${key}'`, this.num));
  }

  /** Alias of {@link addDeltaInput}. */
  add_delta_input(key: string, value: ParamValue): void {
    this.addDeltaInput(key, value);
  }

  /** @internal Sums pending inputs (one-shot) plus `x`. */
  sumInputs_(x: Float64Array | undefined, pending: Map<string, Float64Array>): Float64Array {
    const parts = [...pending.values()];
    if (x) parts.unshift(x);
    pending.clear();
    if (parts.length === 0) return Float64Array.of(0);
    const wide = parts.some((p) => p.length > 1);
    const out = new Float64Array(wide ? this.num : 1);
    for (const p of parts) for (let i = 0; i < out.length; i++) out[i] = out[i]! + (p.length === 1 ? p[0]! : p[i]!);
    return out;
  }

  /**
   * Advances every neuron by one step with input current `x` (the model's
   * input unit: mA for the LIF family, µA for the HH family, mV/ms for
   * Izhikevich, dimensionless for FitzHugh–Nagumo and Hindmarsh–Rose; one
   * value or one per neuron) plus pending current inputs, and pending delta
   * inputs. Returns the spike output (0/1 per neuron). Throws
   * `NonFiniteStateError` naming the model, neuron and time if a variable
   * became NaN or infinite (the state is then left as computed).
   */
  update(x?: ParamValue, opts: UpdateOptions = {}): Float64Array {
    const dt = opts.dt === undefined ? this.dt : scalarIn(opts.dt, 'ms', `${this.model}.update dt`);
    // The clock t0 + k·dt, evaluated in the population's precision exactly as the native rollout does.
    const f = this.precision === 'float32' ? Math.fround : (x: number) => x;
    const t = opts.t === undefined ? f(f(this.t0_) + f(f(this.k_) * f(this.dt))) : scalarIn(opts.t, 'ms', `${this.model}.update t`);
    const xin = x === undefined ? undefined : perNeuron(x, this.info_.inputUnit, `${this.model} input`, this.num);
    let current = this.sumInputs_(xin, this.currentInputs_);
    const delta = this.sumInputs_(undefined, this.deltaInputs_);
    let g = Float64Array.of(0);
    const cond = this.conductanceArrays_();
    if (cond) {
      current = Float64Array.from(cond.offset, (o, i) => (current.length === 1 ? current[0]! : current[i]!) + o);
      g = cond.g;
    }
    const soft = this.spk_reset === 'soft';
    if (this.precision === 'float32') {
      callNative(() => native.brainpyStepF32(this.index_, this.params32_!, this.state_ as Float32Array, this.num, current, g, delta, this.spike_, t, dt, soft));
    } else {
      callNative(() => native.brainpyStepF64(this.index_, this.params_, this.state_ as Float64Array, this.num, current, g, delta, this.spike_, t, dt, soft));
    }
    if (opts.t !== undefined || dt !== this.dt) {
      this.t0_ = t + dt;
      this.k_ = 0;
    } else this.k_++;
    return this.spike_.slice();
  }

  /** The spike output of the last update (0/1 per neuron). */
  getSpike(): Float64Array {
    return this.spike_.slice();
  }

  /** Alias of {@link getSpike}. */
  get_spike(): Float64Array {
    return this.getSpike();
  }

  /** e.g. `LIFRef(100, float64, spk_reset=soft)`. */
  toString(): string {
    return `${this.model}(${this.varshape.join('x')}, ${this.precision}, spk_reset=${this.spk_reset})`;
  }
}

/** A population of model `M` with its state variables as properties (`neuron.V`). */
export type NeuronOf<M extends ModelName, P extends Precision = 'float64'> = Neuron<M, P> & {
  [K in Exclude<VarName<M>, 'refractory'>]: ArrayOf<P>;
} & { refractory?: ArrayOf<P> };

/** The constructor type of model `M`. */
export interface NeuronClass<M extends ModelName> {
  /** Creates a population of `size` neurons (a number or a shape). */
  new <P extends Precision = 'float64'>(size: number | readonly number[], opts?: NeuronOptions<M, P>): NeuronOf<M, P>;
  /** The model name. */
  readonly modelName: M;
}

/** @internal Makes the class of one model. */
export function makeModel<M extends ModelName>(model: M): NeuronClass<M> {
  const C = class extends Neuron<M> {
    static readonly modelName = model;
    constructor(size: number | readonly number[], opts?: NeuronOptions<M>) {
      super(model, size, opts);
    }
  };
  Object.defineProperty(C, 'name', { value: model });
  void MODELS;
  return C as unknown as NeuronClass<M>;
}

/** Re-initialises every given population (`brainstate.nn.init_all_states`). */
export function initAllStates(...modules: Array<Neuron<ModelName, Precision>>): void {
  for (const m of modules) {
    if (!(m instanceof Neuron)) throw new TypeError(`initAllStates: expected brainpy neurons, got ${describe(m)}`);
    m.initAllStates();
  }
}
