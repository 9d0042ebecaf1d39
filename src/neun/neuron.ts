/**
 * Neun-style neurons: one class per model × precision × integrator
 * (`HHDoubleRK4`, …), with Neun's `setParam / set / get / step /
 * addSynapticInput` and a fast whole-run path.
 *
 * A neuron's state lives in one typed array `[variables | parameters |
 * pending input]` owned by JS; `get`, `set` and `addSynapticInput` touch it
 * directly and `step(h)` passes it to Rust without copying.
 */
import { callNative, translateNativeError } from '../errors.js';
import { native } from '../native.js';
import { describe } from '../units.js';
import { NeunEnumMember, enumIndex, makeEnum, type EnumKind } from './enums.js';
import {
  INTEGRATOR_NAMES,
  MODEL_NAMES,
  NEUN_MODELS,
  type ArrayOf,
  type IntegratorName,
  type ModelName,
  type ParamName,
  type Precision,
  type VarName,
} from './models.js';

/** The `<Model><Precision>Variable` enum type. */
export type VariableEnum<M extends ModelName, P extends Precision> = { readonly [K in VarName<M>]: NeunEnumMember<M, P, 'variable', K> };
/** The `<Model><Precision>Parameter` enum type. */
export type ParameterEnum<M extends ModelName, P extends Precision> = { readonly [K in ParamName<M>]: NeunEnumMember<M, P, 'parameter', K> };

/** Makes the variable enum of a model and precision. */
export function variableEnum<M extends ModelName, P extends Precision>(model: M, precision: P): VariableEnum<M, P> {
  return makeEnum(model, precision, 'variable', NEUN_MODELS[model].vars) as unknown as VariableEnum<M, P>;
}

/** Makes the parameter enum of a model and precision. */
export function parameterEnum<M extends ModelName, P extends Precision>(model: M, precision: P): ParameterEnum<M, P> {
  return makeEnum(model, precision, 'parameter', NEUN_MODELS[model].params) as unknown as ParameterEnum<M, P>;
}

/** A variable given as enum member, index or name. */
export type VarRef<M extends ModelName, P extends Precision> = NeunEnumMember<M, P, 'variable'> | VarName<M> | number;
/** A parameter given as enum member, index or name. */
export type ParamRef<M extends ModelName, P extends Precision> = NeunEnumMember<M, P, 'parameter'> | ParamName<M> | number;

interface ModelData {
  index: number;
  nv: number;
  np: number;
  varDefaults: number[];
  paramDefaults: number[];
}

let modelData: Map<ModelName, ModelData> | undefined;

/** Engine data of a model (defaults and sizes), checked against the static name table once. */
export function modelData_(model: ModelName): ModelData {
  if (!modelData) {
    modelData = new Map();
    const dir = native.neunModels();
    dir.forEach((info, index) => {
      const name = info.name as ModelName;
      const st = NEUN_MODELS[name];
      if (!st || st.vars.join() !== info.variables.map((v) => v.name).join() || st.params.join() !== info.parameters.map((p) => p.name).join()) {
        throw new Error(`somata: the native addon's Neun model ${info.name} does not match this package's typings; rebuild with 'npm run build'`);
      }
      modelData!.set(name, {
        index,
        nv: info.variables.length,
        np: info.parameters.length,
        varDefaults: info.variables.map((v) => v.value),
        paramDefaults: info.parameters.map((p) => p.value),
      });
    });
  }
  const d = modelData.get(model);
  if (!d) throw new TypeError(`unknown Neun model '${model}'; valid models: ${MODEL_NAMES.join(', ')}`);
  return d;
}

/**
 * `<Model><Precision>ConstructorArgs`: every parameter as a property, filled
 * with the model's documented defaults (Neun leaves them 0), plus `init`,
 * the initial value of every variable.
 */
export class NeunConstructorArgs<M extends ModelName, P extends Precision> {
  /** Model short name. */
  readonly model: M;
  /** Precision. */
  readonly precision: P;
  /** Initial state by variable name. */
  readonly init: Record<VarName<M>, number>;
  /** Parameters by name. */
  readonly params: Record<ParamName<M>, number>;

  /** @param model model @param precision precision @param values parameter overrides */
  constructor(model: M, precision: P, values: Partial<Record<ParamName<M>, number>> = {}) {
    this.model = model;
    this.precision = precision;
    const d = modelData_(model);
    const st = NEUN_MODELS[model];
    this.init = Object.fromEntries(st.vars.map((n, i) => [n, d.varDefaults[i]])) as Record<VarName<M>, number>;
    this.params = Object.fromEntries(st.params.map((n, i) => [n, d.paramDefaults[i]])) as Record<ParamName<M>, number>;
    for (const [k, v] of Object.entries(values)) {
      if (!(st.params as readonly string[]).includes(k)) {
        throw new TypeError(`${model}${precision}ConstructorArgs: unknown parameter '${k}'; valid parameters: ${st.params.join(', ')}`);
      }
      this.params[k as ParamName<M>] = checkFinite(v, `${model} parameter ${k}`);
    }
  }
}

function checkFinite(x: unknown, what: string): number {
  if (typeof x !== 'number') throw new TypeError(`${what} must be a number, got ${describe(x)}`);
  if (!Number.isFinite(x)) throw new RangeError(`${what} must be finite, got ${x}`);
  return x;
}

/** Options of {@link NeunNeuron.run}. */
export interface NeunRunOptions<M extends ModelName, P extends Precision> {
  /** Number of steps. */
  steps: number;
  /** Step size (ms for HH and Iz; model time units otherwise). */
  h: number;
  /** Input added before every step: a constant or one value per step. Default 0. */
  input?: number | ArrayLike<number>;
  /** Variables to record (default: all). */
  record?: ReadonlyArray<VarRef<M, P>>;
  /** Record after every `every`-th step (default 1). */
  every?: number;
  /** Spike detection: upward crossings of `variable` through `threshold` (default: first variable, 0; Iz: v through its `threshold`). `false` to disable. */
  spike?: { variable?: VarRef<M, P>; threshold?: number } | false;
}

/** Result of {@link NeunNeuron.run}: one typed array per recorded variable, keyed by name. */
export type NeunRunResult<M extends ModelName, P extends Precision> = {
  /** Time of each sample, `(s+1)·every·h` after the start of the call. */
  times: Float64Array;
  /** Times of the detected spikes (end of the step in which the crossing happened). */
  spikeTimes: Float64Array;
  /** Number of spikes. */
  spikeCount: number;
} & { [K in VarName<M>]?: ArrayOf<P> };

/**
 * A Neun neuron of model `M` in precision `P`. Use the named classes
 * (`neun.HHDoubleRK4`, …) to create one.
 */
export class NeunNeuron<M extends ModelName, P extends Precision> {
  /** Model short name. */
  readonly model: M;
  /** Precision. */
  readonly precision: P;
  /** Integrator name. */
  readonly integrator: IntegratorName;
  #buf: ArrayOf<P> | null;
  readonly #mi: number;
  readonly #ii: number;
  readonly #nv: number;
  readonly #np: number;
  readonly #step: (m: number, i: number, b: ArrayOf<P>, h: number) => void;

  /** @internal use the named classes */
  constructor(model: M, precision: P, integrator: IntegratorName, args?: NeunConstructorArgs<M, P> | Partial<Record<ParamName<M>, number>>) {
    this.model = model;
    this.precision = precision;
    this.integrator = integrator;
    const d = modelData_(model);
    this.#mi = d.index;
    this.#ii = INTEGRATOR_NAMES.indexOf(integrator);
    this.#nv = d.nv;
    this.#np = d.np;
    const n = d.nv + d.np + 1;
    this.#buf = (precision === 'Float' ? new Float32Array(n) : new Float64Array(n)) as ArrayOf<P>;
    this.#step = (precision === 'Float' ? native.neunStepF32 : native.neunStepF64) as (m: number, i: number, b: ArrayOf<P>, h: number) => void;
    let a: NeunConstructorArgs<M, P>;
    if (args instanceof NeunConstructorArgs) {
      if (args.model !== model || args.precision !== precision) {
        throw new TypeError(`${this.className} takes ${model}${precision}ConstructorArgs, got ${args.model}${args.precision}ConstructorArgs`);
      }
      a = args;
    } else if (args === undefined || (typeof args === 'object' && args !== null)) {
      a = new NeunConstructorArgs(model, precision, args ?? {});
    } else {
      throw new TypeError(`${this.className}: constructor argument must be ${model}${precision}ConstructorArgs or a parameter object, got ${describe(args)}`);
    }
    const st = NEUN_MODELS[model];
    st.vars.forEach((v, i) => (this.#buf![i] = checkFinite(a.init[v as VarName<M>], `${model} initial ${v}`)));
    st.params.forEach((p, i) => (this.#buf![d.nv + i] = checkFinite(a.params[p as ParamName<M>], `${model} parameter ${p}`)));
  }

  /** The class name, e.g. `HHDoubleRK4`. */
  get className(): string {
    return `${this.model}${this.precision}${this.integrator}`;
  }

  #live(): ArrayOf<P> {
    if (this.#buf === null) throw new ReferenceError(`${this.className}: this neuron was freed; create a new one`);
    return this.#buf;
  }

  #index(ref: unknown, kind: EnumKind): number {
    const names: readonly string[] = kind === 'variable' ? NEUN_MODELS[this.model].vars : NEUN_MODELS[this.model].params;
    return enumIndex(ref, this.model, this.precision, kind, names, this.className);
  }


  /** Sets a parameter. Alias: `set_param`. */
  setParam(p: ParamRef<M, P>, x: number): void {
    const b = this.#live();
    const i = this.#index(p, 'parameter');
    b[this.#nv + i] = checkFinite(x, `${this.className} parameter ${NEUN_MODELS[this.model].params[i]}`);
  }
  /** Reads a parameter. Alias: `get_param`. */
  getParam(p: ParamRef<M, P>): number {
    return this.#live()[this.#nv + this.#index(p, 'parameter')]!;
  }
  /** Sets a state variable. */
  set(v: VarRef<M, P>, x: number): void {
    const b = this.#live();
    const i = this.#index(v, 'variable');
    b[i] = checkFinite(x, `${this.className} variable ${NEUN_MODELS[this.model].vars[i]}`);
  }
  /** Reads a state variable. */
  get(v: VarRef<M, P>): number {
    return this.#live()[this.#index(v, 'variable')]!;
  }
  /** Adds to the synaptic input of the next step (accumulates until then). Alias: `add_synaptic_input`. */
  addSynapticInput(i: number): void {
    const b = this.#live();
    b[this.#nv + this.#np] = b[this.#nv + this.#np]! + checkFinite(i, `${this.className} synaptic input`);
  }
  /** The input accumulated for the next step. Alias: `get_synaptic_input`. */
  getSynapticInput(): number {
    return this.#live()[this.#nv + this.#np]!;
  }
  /**
   * Advances one step of size `h` with the accumulated input held constant
   * over all stages, then clears the input (Neun's `step`). Throws a
   * `RangeError` for `h` not finite or `<= 0` and a `NonFiniteStateError` if
   * the state becomes NaN or infinite.
   */
  step(h: number): void {
    const b = this.#live();
    try {
      this.#step(this.#mi, this.#ii, b, h);
    } catch (e) {
      // checked here, off the hot path: the addon's own conversion error is a plain Error
      if (typeof h !== 'number') throw new TypeError(`${this.className}.step: h must be a number, got ${describe(h)}`);
      throw translateNativeError(e);
    }
  }

  /**
   * Runs `steps` steps in one native call, exactly as the same number of
   * `addSynapticInput(input[k]); step(h)` calls would, and returns the
   * recorded variables and spike times.
   */
  run(opts: NeunRunOptions<M, P>): NeunRunResult<M, P> {
    const b = this.#live();
    if (typeof opts !== 'object' || opts === null) throw new TypeError(`${this.className}.run: expected an options object`);
    const steps = opts.steps;
    if (!Number.isInteger(steps) || steps < 0 || steps > 0xffffffff) throw new RangeError(`${this.className}.run: steps must be an integer in 0..4294967295, got ${steps}`);
    const every = opts.every ?? 1;
    if (!Number.isInteger(every) || every < 1) throw new RangeError(`${this.className}.run: every must be an integer >= 1, got ${every}`);
    const record = (opts.record ?? NEUN_MODELS[this.model].vars).map((r) => this.#index(r, 'variable'));
    let inputConst = 0;
    let inputSteps: Float64Array | undefined;
    const input = opts.input ?? 0;
    if (typeof input === 'number') inputConst = checkFinite(input, `${this.className}.run input`);
    else if (input && typeof (input as ArrayLike<number>).length === 'number') {
      inputSteps = Float64Array.from(input as ArrayLike<number>);
      if (inputSteps.length !== steps) throw new TypeError(`${this.className}.run: input has ${inputSteps.length} values for ${steps} steps`);
      if (!inputSteps.every(Number.isFinite)) throw new RangeError(`${this.className}.run: input values must be finite`);
    } else throw new TypeError(`${this.className}.run: input must be a number or an array of one value per step, got ${describe(input)}`);
    let spikeVar: number | undefined;
    let spikeThreshold = 0;
    if (opts.spike !== false) {
      const s = opts.spike ?? {};
      spikeVar = s.variable === undefined ? 0 : this.#index(s.variable, 'variable');
      spikeThreshold = s.threshold ?? (this.model === 'Iz' ? this.getParam('threshold' as ParamName<M>) : 0);
    }
    if (typeof opts.h !== 'number') throw new TypeError(`${this.className}.run: h must be a number, got ${describe(opts.h)}`);
    const args = { steps, h: opts.h, inputConst, inputSteps, record, every, spikeVar, spikeThreshold };
    const out = callNative(() => (this.precision === 'Float' ? native.neunRunF32(this.#mi, this.#ii, b as Float32Array, args) : native.neunRunF64(this.#mi, this.#ii, b as Float64Array, args)));
    const nSamples = Math.floor(steps / every);
    const times = new Float64Array(nSamples);
    for (let s = 0; s < nSamples; s++) times[s] = (s + 1) * every * opts.h;
    const res: Record<string, unknown> = { times, spikeTimes: out.spikeTimes, spikeCount: out.spikeTimes.length };
    record.forEach((r, k) => (res[NEUN_MODELS[this.model].vars[r]!] = out.traces[k]));
    return res as NeunRunResult<M, P>;
  }

  /** A copy of the state as `{ name: value }`. */
  state(): Record<VarName<M>, number> {
    const b = this.#live();
    return Object.fromEntries(NEUN_MODELS[this.model].vars.map((n, i) => [n, b[i]])) as Record<VarName<M>, number>;
  }

  /** Releases the neuron; any later call throws a `ReferenceError`. */
  free(): void {
    this.#buf = null;
  }

  /** `true` after {@link free}. */
  get freed(): boolean {
    return this.#buf === null;
  }

  /** Alias of {@link setParam} (Neun/neun_py spelling). */
  set_param(p: ParamRef<M, P>, x: number): void {
    this.setParam(p, x);
  }
  /** Alias of {@link getParam}. */
  get_param(p: ParamRef<M, P>): number {
    return this.getParam(p);
  }
  /** Alias of {@link addSynapticInput}. */
  add_synaptic_input(i: number): void {
    this.addSynapticInput(i);
  }
  /** Alias of {@link getSynapticInput}. */
  get_synaptic_input(): number {
    return this.getSynapticInput();
  }

  /** @internal the raw state buffer, for synapses. */
  _buffer(): ArrayOf<P> {
    return this.#live();
  }
  /** @internal the variable index for synapses. */
  _varIndex(v: VarRef<M, P>): number {
    return this.#index(v, 'variable');
  }
}

/** The constructor type of a named neuron class such as `HHDoubleRK4`. */
export interface NeunNeuronClass<M extends ModelName, P extends Precision> {
  new (args?: NeunConstructorArgs<M, P> | Partial<Record<ParamName<M>, number>>): NeunNeuron<M, P>;
  /** Model short name. */
  readonly model: M;
  /** Precision. */
  readonly precision: P;
  /** Integrator name. */
  readonly integrator: IntegratorName;
}

/** Makes the class `<M><P><I>` (e.g. `neuronClass('HH', 'Double', 'RK4')` is `HHDoubleRK4`). */
export function neuronClass<M extends ModelName, P extends Precision>(model: M, precision: P, integrator: IntegratorName): NeunNeuronClass<M, P> {
  if (!(NEUN_MODELS[model].integrators as readonly string[]).includes(integrator)) {
    throw new TypeError(`${model} cannot be integrated with ${integrator}; valid: ${NEUN_MODELS[model].integrators.join(', ')}`);
  }
  const cls = class extends NeunNeuron<M, P> {
    static readonly model = model;
    static readonly precision = precision;
    static readonly integrator = integrator;
    constructor(args?: NeunConstructorArgs<M, P> | Partial<Record<ParamName<M>, number>>) {
      super(model, precision, integrator, args);
    }
  };
  Object.defineProperty(cls, 'name', { value: `${model}${precision}${integrator}` });
  return cls;
}

/** The constructor type of `<Model><Precision>ConstructorArgs`. */
export interface NeunConstructorArgsClass<M extends ModelName, P extends Precision> {
  new (values?: Partial<Record<ParamName<M>, number>>): NeunConstructorArgs<M, P>;
}

/** Makes `<M><P>ConstructorArgs`. */
export function constructorArgsClass<M extends ModelName, P extends Precision>(model: M, precision: P): NeunConstructorArgsClass<M, P> {
  const cls = class extends NeunConstructorArgs<M, P> {
    constructor(values?: Partial<Record<ParamName<M>, number>>) {
      super(model, precision, values);
    }
  };
  Object.defineProperty(cls, 'name', { value: `${model}${precision}ConstructorArgs` });
  return cls;
}
