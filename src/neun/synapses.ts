/**
 * Neun synapses between two Neun neurons: `ElectricalSynapsis` (gap
 * junction), `DiffusionSynapsis` (Destexhe et al. 1994) and
 * `ChemicalSynapsis` (Golowasch et al. 1999), with Neun's constructor
 * signatures, `step(h)`, `get / set / getParam / setParam` and the
 * `ESyn…`, `DSyn…`, `CSyn…` enums named as in neun_py.
 *
 * Coupling protocol (every Neun example): each step, call `syn.step(h)`
 * first (it reads the neurons' current values and adds currents to their
 * pending input), then add external inputs, then `step(h)` each neuron.
 *
 * ```ts
 * const h1 = new neun.HHDoubleRK4(), h2 = new neun.HHDoubleRK4();
 * const s = new neun.ElectricalSynapsis(h1, neun.HHDoubleVariable.v, h2, neun.HHDoubleVariable.v, -0.002, -0.002);
 * s.step(0.001); h1.step(0.001); h2.step(0.001);
 * s.get(neun.ESynDoubleVariable.i1);
 * ```
 *
 * A synapse's state is one typed array `[variables | parameters | internal]`
 * in the neurons' precision; `step` passes it and the two neuron buffers to
 * Rust without copying. Synapses hold references to their neurons, so the
 * neurons stay alive as long as the synapse does.
 */
import type { NeunSynapseInfo } from '../../native/binding.js';
import { callNative } from '../errors.js';
import { native } from '../native.js';
import { describe } from '../units.js';
import { NeunEnumMember, enumIndex, makeEnum, type EnumKind } from './enums.js';
import { INTEGRATOR_NAMES, type IntegratorName, type ModelName, type Precision } from './models.js';
import { NeunNeuron, modelData_, type VarRef } from './neuron.js';

/** Variable and parameter names of each Neun synapse, in enum (storage) order. */
export const NEUN_SYNAPSES = {
  ESyn: { title: 'ElectricalSynapsis', vars: ['i1', 'i2'], params: ['g1', 'g2'] },
  DSyn: { title: 'DiffusionSynapsis', vars: ['r', 'i'], params: ['alpha', 'beta', 'threshold', 'esyn', 'gsyn', 'T', 'max_release_time'] },
  CSyn: {
    title: 'ChemicalSynapsis',
    vars: ['mslow'],
    params: ['v_pre', 'gfast', 'Esyn', 'sfast', 'Vfast', 'gslow', 'k1', 'k2', 'sslow', 'Vslow', 'ifast', 'islow', 'i'],
  },
} as const;

/** A synapse short name: `'ESyn'`, `'DSyn'` or `'CSyn'` (neun_py's prefixes). */
export type SynapseName = keyof typeof NEUN_SYNAPSES;
/** Variable names of synapse `S`. */
export type SynVarName<S extends SynapseName> = (typeof NEUN_SYNAPSES)[S]['vars'][number];
/** Parameter names of synapse `S`. */
export type SynParamName<S extends SynapseName> = (typeof NEUN_SYNAPSES)[S]['params'][number];
/** The integrators a synapse's own ODE can use. */
export type SynapseIntegratorName = Exclude<IntegratorName, 'Stepper'>;

const SYNAPSE_NAMES = Object.keys(NEUN_SYNAPSES) as SynapseName[];

/** A member of a `<Syn><Precision>Variable` or `…Parameter` enum (e.g. `ESynDoubleVariable.i1`): Neun's enum member with a synapse as owner. */
export type NeunSynapseEnumMember<S extends SynapseName = SynapseName, P extends Precision = Precision, K extends EnumKind = EnumKind, N extends string = string> = NeunEnumMember<S, P, K, N>;

/** The `<Syn><Precision>Variable` enum type. */
export type SynVariableEnum<S extends SynapseName, P extends Precision> = { readonly [K in SynVarName<S>]: NeunSynapseEnumMember<S, P, 'variable', K> };
/** The `<Syn><Precision>Parameter` enum type. */
export type SynParameterEnum<S extends SynapseName, P extends Precision> = { readonly [K in SynParamName<S>]: NeunSynapseEnumMember<S, P, 'parameter', K> };
/** A synapse variable given as enum member, index or name. */
export type SynVarRef<S extends SynapseName, P extends Precision> = NeunSynapseEnumMember<S, P, 'variable'> | SynVarName<S> | number;
/** A synapse parameter given as enum member, index or name. */
export type SynParamRef<S extends SynapseName, P extends Precision> = NeunSynapseEnumMember<S, P, 'parameter'> | SynParamName<S> | number;

function synVariableEnum<S extends SynapseName, P extends Precision>(syn: S, precision: P): SynVariableEnum<S, P> {
  return makeEnum(syn, precision, 'variable', NEUN_SYNAPSES[syn].vars) as unknown as SynVariableEnum<S, P>;
}

function synParameterEnum<S extends SynapseName, P extends Precision>(syn: S, precision: P): SynParameterEnum<S, P> {
  return makeEnum(syn, precision, 'parameter', NEUN_SYNAPSES[syn].params) as unknown as SynParameterEnum<S, P>;
}

interface SynData {
  index: number;
  info: NeunSynapseInfo;
}

let synData: Map<SynapseName, SynData> | undefined;

function synData_(syn: SynapseName): SynData {
  if (!synData) {
    synData = new Map();
    native.neunSynapseModels().forEach((info, index) => {
      const st = NEUN_SYNAPSES[info.name as SynapseName];
      if (!st || st.vars.join() !== info.variables.map((v) => v.name).join() || st.params.join() !== info.parameters.map((p) => p.name).join()) {
        throw new Error(`somata: the native addon's Neun synapse ${info.name} does not match this package's typings; rebuild with 'npm run build'`);
      }
      synData!.set(info.name as SynapseName, { index, info });
    });
  }
  const d = synData.get(syn);
  if (!d) throw new TypeError(`unknown Neun synapse '${String(syn)}'; valid synapses: ${SYNAPSE_NAMES.join(', ')}`);
  return d;
}

/** Short names of the synapse models (`['ESyn', 'DSyn', 'CSyn']`). Alias: `get_available_synapses`. */
export function availableSynapses(): SynapseName[] {
  return [...SYNAPSE_NAMES];
}

/** Variables, parameters (with defaults and units), equations and notes of a synapse model. Alias: `get_synapse_info`. */
export function synapseInfo(name: SynapseName): NeunSynapseInfo {
  return synData_(name).info;
}

/** Alias of {@link availableSynapses} (neun_py spelling). */
export const get_available_synapses = availableSynapses;
/** Alias of {@link synapseInfo}. */
export const get_synapse_info = synapseInfo;

function checkFinite(x: unknown, what: string): number {
  if (typeof x !== 'number') throw new TypeError(`${what} must be a number, got ${describe(x)}`);
  if (!Number.isFinite(x)) throw new RangeError(`${what} must be finite, got ${x}`);
  return x;
}

/**
 * `<Syn><Precision>ConstructorArgs`: every parameter as a property of
 * `params`, filled with the synapse's documented defaults (Neun leaves them
 * uninitialised), overridable by name.
 */
export class NeunSynapseConstructorArgs<S extends SynapseName, P extends Precision> {
  /** Synapse short name. */
  readonly synapse: S;
  /** Precision. */
  readonly precision: P;
  /** Parameters by name. */
  readonly params: Record<SynParamName<S>, number>;

  /** @param synapse synapse @param precision precision @param values parameter overrides */
  constructor(synapse: S, precision: P, values: Partial<Record<SynParamName<S>, number>> = {}) {
    this.synapse = synapse;
    this.precision = precision;
    const info = synData_(synapse).info;
    this.params = Object.fromEntries(info.parameters.map((p) => [p.name, p.value])) as Record<SynParamName<S>, number>;
    if (typeof values !== 'object' || values === null) {
      throw new TypeError(`${synapse}${precision}ConstructorArgs: expected an object of parameter values, got ${describe(values)}`);
    }
    const names: readonly string[] = NEUN_SYNAPSES[synapse].params;
    for (const [k, v] of Object.entries(values)) {
      if (!names.includes(k)) throw new TypeError(`${synapse}${precision}ConstructorArgs: unknown parameter '${k}'; valid parameters: ${names.join(', ')}`);
      this.params[k as SynParamName<S>] = checkFinite(v, `${synapse} parameter ${k}`);
    }
  }
}

type AnyNeuron = NeunNeuron<ModelName, Precision>;
/** A Neun neuron of any model in precision `P` (`HHDoubleRK4`, `IzDoubleEuler`, …). */
export type NeuronOf<P extends Precision> = { [M in ModelName]: NeunNeuron<M, P> }[ModelName];
type SynArray = Float64Array | Float32Array;

/**
 * What the synapse classes share: the two neurons, the state buffer and
 * `get / set / getParam / setParam`. Use {@link ElectricalSynapsis},
 * {@link DiffusionSynapsis} or {@link ChemicalSynapsis}.
 */
export abstract class NeunSynapse<S extends SynapseName, P extends Precision> {
  /** Synapse short name (`ESyn`, `DSyn`, `CSyn`). */
  readonly synapse: S;
  /** Precision, shared with both neurons. */
  readonly precision: P;
  /** Presynaptic neuron (Neun's n1), kept referenced so it is not collected. */
  readonly n1: NeuronOf<P>;
  /** Postsynaptic neuron (Neun's n2), kept referenced so it is not collected. */
  readonly n2: NeuronOf<P>;
  /** @internal */
  protected readonly _buf: SynArray;
  /** @internal index of n1's variable */
  protected readonly _v1: number;
  /** @internal index of n2's variable */
  protected readonly _v2: number;
  /** @internal model index of n1 */
  protected readonly _m1: number;
  /** @internal model index of n2 */
  protected readonly _m2: number;
  readonly #nv: number;

  /** @internal use the named classes */
  constructor(synapse: S, n1: unknown, v1: unknown, n2: unknown, v2: unknown) {
    this.synapse = synapse;
    const cls = NEUN_SYNAPSES[synapse].title;
    for (const [k, n] of [
      ['n1', n1],
      ['n2', n2],
    ] as const) {
      if (!(n instanceof NeunNeuron)) throw new TypeError(`${cls}: ${k} must be a Neun neuron (e.g. HHDoubleRK4), got ${describe(n)}`);
      if (n.freed) throw new ReferenceError(`${cls}: ${k} (${n.className}) was freed; create a new neuron`);
    }
    const a = n1 as AnyNeuron;
    const b = n2 as AnyNeuron;
    if (a.precision !== b.precision) {
      throw new TypeError(`${cls}: both neurons must have the same precision, got ${a.className} (${a.precision}) and ${b.className} (${b.precision})`);
    }
    this.precision = a.precision as P;
    this.n1 = a as unknown as NeuronOf<P>;
    this.n2 = b as unknown as NeuronOf<P>;
    this._v1 = a._varIndex(v1 as VarRef<ModelName, Precision>);
    this._v2 = b._varIndex(v2 as VarRef<ModelName, Precision>);
    this._m1 = modelData_(a.model).index;
    this._m2 = modelData_(b.model).index;
    const d = synData_(synapse);
    this.#nv = d.info.variables.length;
    const buf = this.precision === 'Float' ? new Float32Array(d.info.bufferLen) : new Float64Array(d.info.bufferLen);
    d.info.variables.forEach((v, i) => (buf[i] = v.value));
    d.info.parameters.forEach((p, i) => (buf[this.#nv + i] = p.value));
    this._buf = buf;
  }

  /** The class name, e.g. `ElectricalSynapsis`. */
  get className(): string {
    return NEUN_SYNAPSES[this.synapse].title;
  }

  /** @internal the two neuron buffers; throws a ReferenceError if a neuron was freed. `post` is undefined when both sides are one neuron. */
  protected _neuronBuffers(): [SynArray, SynArray | undefined] {
    for (const [k, n] of [
      ['n1', this.n1],
      ['n2', this.n2],
    ] as const) {
      if (n.freed) throw new ReferenceError(`${this.className}: ${k} (${n.className}) was freed; the synapse cannot step any more`);
    }
    const pre = this.n1._buffer() as SynArray;
    return [pre, this.n1 === this.n2 ? undefined : (this.n2._buffer() as SynArray)];
  }

  /** @internal a parameter's index, from a member, index or name. */
  protected _paramIndex(ref: unknown): number {
    return this.#index(ref, 'parameter');
  }

  #index(ref: unknown, kind: EnumKind): number {
    const names: readonly string[] = kind === 'variable' ? NEUN_SYNAPSES[this.synapse].vars : NEUN_SYNAPSES[this.synapse].params;
    return enumIndex(ref, this.synapse, this.precision, kind, names, `${this.className} (${this.precision})`);
  }


  /** `true` for a member of this synapse's parameter enum (Neun overloads get/set on both enums). */
  #isParamMember(ref: unknown): boolean {
    return ref instanceof NeunEnumMember && ref.kind === 'parameter' && ref.synapse === this.synapse && ref.precision === this.precision;
  }

  /**
   * Reads a variable. Like Neun's overloaded `get`, a member of this
   * synapse's Parameter enum reads that parameter (Neun's chemical example
   * reads its current as `s.get(Synapsis::i)`, a parameter).
   */
  get(v: SynVarRef<S, P> | NeunSynapseEnumMember<S, P, 'parameter'>): number {
    if (this.#isParamMember(v)) return this.getParam(v as SynParamRef<S, P>);
    return this._buf[this.#index(v, 'variable')]!;
  }
  /** Sets a variable (or, given a Parameter enum member, that parameter, as Neun's overloaded `set`). */
  set(v: SynVarRef<S, P> | NeunSynapseEnumMember<S, P, 'parameter'>, x: number): void {
    if (this.#isParamMember(v)) return this.setParam(v as SynParamRef<S, P>, x);
    const i = this.#index(v, 'variable');
    this._buf[i] = checkFinite(x, `${this.className} variable ${NEUN_SYNAPSES[this.synapse].vars[i]}`);
  }
  /** Reads a parameter. Alias: `get_param`. */
  getParam(p: SynParamRef<S, P>): number {
    return this._buf[this.#nv + this.#index(p, 'parameter')]!;
  }
  /** Sets a parameter (finite values only). Alias: `set_param`. */
  setParam(p: SynParamRef<S, P>, x: number): void {
    const i = this.#index(p, 'parameter');
    this._buf[this.#nv + i] = checkFinite(x, `${this.className} parameter ${NEUN_SYNAPSES[this.synapse].params[i]}`);
  }
  /** Alias of {@link setParam} (neun_py spelling). */
  set_param(p: SynParamRef<S, P>, x: number): void {
    this.setParam(p, x);
  }
  /** Alias of {@link getParam} (neun_py spelling). */
  get_param(p: SynParamRef<S, P>): number {
    return this.getParam(p);
  }

  /** A copy of the variables and parameters as `{ name: value }`. */
  state(): Record<SynVarName<S> | SynParamName<S>, number> {
    const st = NEUN_SYNAPSES[this.synapse];
    const out: Record<string, number> = {};
    st.vars.forEach((n, i) => (out[n] = this._buf[i]!));
    st.params.forEach((n, i) => (out[n] = this._buf[this.#nv + i]!));
    return out as Record<SynVarName<S> | SynParamName<S>, number>;
  }

  /** One step of size `h`; see the subclasses for what it reads and injects. */
  abstract step(h: number): unknown;
}

function checkSteps(cls: string, steps: unknown): number {
  if (typeof steps !== 'number' || !Number.isInteger(steps) || steps < 1 || steps > 0xffffffff) {
    throw new RangeError(`${cls}: steps must be an integer in 1..4294967295, got ${describe(steps)}`);
  }
  return steps;
}

function pickIntegrator(cls: string, n1: { integrator: IntegratorName }, n2: { integrator: IntegratorName }, given: unknown): number {
  let name: unknown = given;
  if (name === undefined) name = n1.integrator === n2.integrator && n1.integrator !== 'Stepper' ? n1.integrator : 'RK4';
  if (name === 'Euler' || name === 'RK4' || name === 'RK6') return INTEGRATOR_NAMES.indexOf(name);
  throw new TypeError(`${cls}: integrator must be 'Euler', 'RK4' or 'RK6', got ${describe(name)}`);
}

function argsFor<S extends SynapseName, P extends Precision>(cls: string, syn: S, precision: P, args: unknown): NeunSynapseConstructorArgs<S, P> {
  if (args instanceof NeunSynapseConstructorArgs) {
    if (args.synapse !== syn || args.precision !== precision) {
      throw new TypeError(`${cls} between ${precision} neurons takes ${syn}${precision}ConstructorArgs, got ${args.synapse}${args.precision}ConstructorArgs`);
    }
    return args as NeunSynapseConstructorArgs<S, P>;
  }
  if (args === undefined || (typeof args === 'object' && args !== null && !Array.isArray(args))) {
    return new NeunSynapseConstructorArgs(syn, precision, (args ?? {}) as Partial<Record<SynParamName<S>, number>>);
  }
  throw new TypeError(`${cls}: args must be ${syn}${precision}ConstructorArgs or an object of parameter values, got ${describe(args)}`);
}

/**
 * Neun's `ElectricalSynapsis(n1, v1, n2, v2, g1, g2)`: a gap junction.
 * Each `step(h)` computes `i1 = g1·(V2 − V1)` and `i2 = g2·(V1 − V2)` from
 * the neurons' current values and adds them to n1's and n2's pending input.
 *
 * Sign convention (Neun's, kept): the models add input with `+`, so `g > 0`
 * pulls the potentials together and `g < 0` pushes them apart. Every Neun
 * example uses `g = −0.002`, which is **repulsive**.
 */
export class ElectricalSynapsis<P extends Precision = Precision> extends NeunSynapse<'ESyn', P> {
  /**
   * @param n1 neuron 1 @param v1 variable of n1 (e.g. `HHDoubleVariable.v`)
   * @param n2 neuron 2 @param v2 variable of n2
   * @param g1 coupling from n2 to n1 @param g2 coupling from n1 to n2
   */
  constructor(n1: NeuronOf<P>, v1: VarRef<ModelName, P>, n2: NeuronOf<P>, v2: VarRef<ModelName, P>, g1: number, g2: number) {
    super('ESyn', n1, v1, n2, v2);
    this.setParam('g1', g1);
    this.setParam('g2', g2);
  }

  /** Adds `i1` to n1's and `i2` to n2's pending input (`h` is unused: the junction has no dynamics). */
  step(h?: number): void {
    void h;
    const [pre, post] = this._neuronBuffers();
    if (this.precision === 'Float') {
      callNative(() => native.neunEsynStepF32(this._buf as Float32Array, this._m1, pre as Float32Array, this._v1, this._m2, post as Float32Array | undefined, this._v2));
    } else {
      callNative(() => native.neunEsynStepF64(this._buf as Float64Array, this._m1, pre as Float64Array, this._v1, this._m2, post as Float64Array | undefined, this._v2));
    }
  }
}

/** Options of {@link DiffusionSynapsis}. */
export interface DiffusionSynapsisOptions {
  /** Integrator of `r`; default: the neurons' integrator if both share a differential one, else RK4. */
  integrator?: SynapseIntegratorName;
}

/**
 * Neun's `DiffusionSynapsis(n1, v1, n2, v2, args, steps)` (Destexhe et al.
 * 1994). Each `step(h)` repeats `steps` times, with the **full** `h` each:
 * release detection on an upward crossing of `threshold` by n1's variable,
 * the release clock, and one integration of `dr/dt = alpha·T·(1−r) − beta·r`
 * (`−beta·r` outside a release). Then `i = gsyn·r·(V2 − esyn)` is added to
 * n2's pending input with a **`+`** sign (Neun's convention: `gsyn < 0`
 * drives V2 towards `esyn`).
 *
 * Unlike Neun, the last presynaptic value starts at n1's value at
 * construction (Neun leaves it uninitialised).
 */
export class DiffusionSynapsis<P extends Precision = Precision> extends NeunSynapse<'DSyn', P> {
  /** Repetitions per `step` call. */
  readonly steps: number;
  /** Integrator of `r`. */
  readonly integrator: SynapseIntegratorName;
  readonly #ii: number;

  /**
   * @param n1 presynaptic neuron @param v1 its variable watched for crossings
   * @param n2 postsynaptic neuron @param v2 its variable in `V2 − esyn`
   * @param args `DSyn<Precision>ConstructorArgs` or `{ alpha, beta, … }` overrides of the defaults
   * @param steps repetitions per step (each with the full h), default 1
   * @param options integrator
   */
  constructor(
    n1: NeuronOf<P>,
    v1: VarRef<ModelName, P>,
    n2: NeuronOf<P>,
    v2: VarRef<ModelName, P>,
    args?: NeunSynapseConstructorArgs<'DSyn', P> | Partial<Record<SynParamName<'DSyn'>, number>>,
    steps: number = 1,
    options: DiffusionSynapsisOptions = {},
  ) {
    super('DSyn', n1, v1, n2, v2);
    const a = argsFor('DiffusionSynapsis', 'DSyn', this.precision, args);
    NEUN_SYNAPSES.DSyn.params.forEach((p) => this.setParam(p, a.params[p]));
    this.steps = checkSteps('DiffusionSynapsis', steps);
    this.#ii = pickIntegrator('DiffusionSynapsis', this.n1, this.n2, options?.integrator);
    this.integrator = INTEGRATOR_NAMES[this.#ii] as SynapseIntegratorName;
    const vpre = this.n1.get(this._v1 as never);
    if (this.precision === 'Float') callNative(() => native.neunDsynAttachF32(this._buf as Float32Array, vpre));
    else callNative(() => native.neunDsynAttachF64(this._buf as Float64Array, vpre));
  }

  /** Advances `r` by `steps` repetitions of `h` and adds `i = gsyn·r·(V2 − esyn)` to n2's pending input. */
  step(h: number): void {
    const [pre, post] = this._neuronBuffers();
    if (this.precision === 'Float') {
      callNative(() =>
        native.neunDsynStepF32(this._buf as Float32Array, this._m1, pre as Float32Array, this._v1, this._m2, post as Float32Array | undefined, this._v2, h, this.steps, this.#ii),
      );
    } else {
      callNative(() =>
        native.neunDsynStepF64(this._buf as Float64Array, this._m1, pre as Float64Array, this._v1, this._m2, post as Float64Array | undefined, this._v2, h, this.steps, this.#ii),
      );
    }
  }
}

/** Options of {@link ChemicalSynapsis}. */
export interface ChemicalSynapsisOptions {
  /** Integrator of `mslow`; default: the neurons' integrator if both share a differential one, else RK4. */
  integrator?: SynapseIntegratorName;
  /** Add `+i` to n2's pending input at each step (default `false`, like Neun, where the caller adds it). */
  inject?: boolean;
}

/**
 * Neun's `ChemicalSynapsis(n1, v1, n2, v2, args, steps)` (Golowasch et al.
 * 1999), with the `mslow` equation as fixed in Neun commit 64595c4:
 *
 * - `dmslow/dt = k1·(1 − mslow)/(1 + exp(sslow·(Vslow − v_pre))) − k2·mslow`
 * - `ifast = gfast·(V2 − Esyn)/(1 + exp(sfast·(Vfast − v_pre)))`
 * - `islow = gslow·mslow·(V2 − Esyn)`, `i = ifast + islow`
 *
 * `v_pre`, `ifast`, `islow` and `i` are parameters (Neun's layout) written by
 * each step. Like Neun, the synapse does **not** inject unless
 * `options.inject` is set: read `i` (`s.get(CSynDoubleParameter.i)`, the
 * return value of `step`) and add it to n2 yourself, as Neun's example does
 * (with a `+` sign).
 */
export class ChemicalSynapsis<P extends Precision = Precision> extends NeunSynapse<'CSyn', P> {
  /** Repetitions of the `mslow` integration per `step` call. */
  readonly steps: number;
  /** Integrator of `mslow`. */
  readonly integrator: SynapseIntegratorName;
  /** Whether `step` adds `+i` to n2's pending input. */
  readonly inject: boolean;
  readonly #ii: number;

  /**
   * @param n1 presynaptic neuron @param v1 its variable (v_pre)
   * @param n2 postsynaptic neuron @param v2 its variable (V2)
   * @param args `CSyn<Precision>ConstructorArgs` or `{ gfast, Esyn, … }` overrides of the defaults
   * @param steps repetitions of the integration per step (each with the full h), default 1
   * @param options integrator and injection
   */
  constructor(
    n1: NeuronOf<P>,
    v1: VarRef<ModelName, P>,
    n2: NeuronOf<P>,
    v2: VarRef<ModelName, P>,
    args?: NeunSynapseConstructorArgs<'CSyn', P> | Partial<Record<SynParamName<'CSyn'>, number>>,
    steps: number = 1,
    options: ChemicalSynapsisOptions = {},
  ) {
    super('CSyn', n1, v1, n2, v2);
    const a = argsFor('ChemicalSynapsis', 'CSyn', this.precision, args);
    NEUN_SYNAPSES.CSyn.params.forEach((p) => this.setParam(p, a.params[p]));
    this.steps = checkSteps('ChemicalSynapsis', steps);
    this.#ii = pickIntegrator('ChemicalSynapsis', this.n1, this.n2, options?.integrator);
    this.integrator = INTEGRATOR_NAMES[this.#ii] as SynapseIntegratorName;
    const inject = options?.inject ?? false;
    if (typeof inject !== 'boolean') throw new TypeError(`ChemicalSynapsis: options.inject must be a boolean, got ${describe(inject)}`);
    this.inject = inject;
  }

  /**
   * Sets `v_pre` from n1 (or `vPre`), integrates `mslow` `steps` times with
   * the full `h`, computes `ifast`, `islow` and `i` from V2 (or `vPost`) and
   * returns `i`; adds it to n2 only if `inject` is on. `vPre`/`vPost` mirror
   * Neun's `step(h, vpre, vpost)` overload.
   */
  step(h: number, vPre?: number, vPost?: number): number {
    if (vPre !== undefined) checkFinite(vPre, 'ChemicalSynapsis.step vPre');
    if (vPost !== undefined) checkFinite(vPost, 'ChemicalSynapsis.step vPost');
    const [pre, post] = this._neuronBuffers();
    if (this.precision === 'Float') {
      return callNative(() =>
        native.neunCsynStepF32(this._buf as Float32Array, this._m1, pre as Float32Array, this._v1, this._m2, post as Float32Array | undefined, this._v2, h, this.steps, this.#ii, this.inject, vPre, vPost),
      );
    }
    return callNative(() =>
      native.neunCsynStepF64(this._buf as Float64Array, this._m1, pre as Float64Array, this._v1, this._m2, post as Float64Array | undefined, this._v2, h, this.steps, this.#ii, this.inject, vPre, vPost),
    );
  }
}

/** The constructor type of `<Syn><Precision>ConstructorArgs`. */
export interface NeunSynapseConstructorArgsClass<S extends SynapseName, P extends Precision> {
  new (values?: Partial<Record<SynParamName<S>, number>>): NeunSynapseConstructorArgs<S, P>;
}

function synArgsClass<S extends SynapseName, P extends Precision>(syn: S, precision: P): NeunSynapseConstructorArgsClass<S, P> {
  const cls = class extends NeunSynapseConstructorArgs<S, P> {
    constructor(values?: Partial<Record<SynParamName<S>, number>>) {
      super(syn, precision, values);
    }
  };
  Object.defineProperty(cls, 'name', { value: `${syn}${precision}ConstructorArgs` });
  return cls;
}

/** Variables of ElectricalSynapsis between Double neurons: `i1`, `i2`. */
export const ESynDoubleVariable = synVariableEnum('ESyn', 'Double');
/** Parameters of ElectricalSynapsis between Double neurons: `g1`, `g2`. */
export const ESynDoubleParameter = synParameterEnum('ESyn', 'Double');
/** Variables of ElectricalSynapsis between Float neurons: `i1`, `i2`. */
export const ESynFloatVariable = synVariableEnum('ESyn', 'Float');
/** Parameters of ElectricalSynapsis between Float neurons: `g1`, `g2`. */
export const ESynFloatParameter = synParameterEnum('ESyn', 'Float');

/** Variables of DiffusionSynapsis (Double): `r`, `i`. */
export const DSynDoubleVariable = synVariableEnum('DSyn', 'Double');
/** Parameters of DiffusionSynapsis (Double): `alpha, beta, threshold, esyn, gsyn, T, max_release_time`. */
export const DSynDoubleParameter = synParameterEnum('DSyn', 'Double');
/** Variables of DiffusionSynapsis (Float): `r`, `i`. */
export const DSynFloatVariable = synVariableEnum('DSyn', 'Float');
/** Parameters of DiffusionSynapsis (Float). */
export const DSynFloatParameter = synParameterEnum('DSyn', 'Float');
/** Constructor arguments of DiffusionSynapsis (Double), filled with defaults (which neun_py never registered). */
export const DSynDoubleConstructorArgs = synArgsClass('DSyn', 'Double');
/** Constructor arguments of DiffusionSynapsis (Float), filled with defaults. */
export const DSynFloatConstructorArgs = synArgsClass('DSyn', 'Float');

/** Variables of ChemicalSynapsis (Double): `mslow`. */
export const CSynDoubleVariable = synVariableEnum('CSyn', 'Double');
/** Parameters of ChemicalSynapsis (Double): `v_pre, gfast, Esyn, sfast, Vfast, gslow, k1, k2, sslow, Vslow, ifast, islow, i`. */
export const CSynDoubleParameter = synParameterEnum('CSyn', 'Double');
/** Variables of ChemicalSynapsis (Float): `mslow`. */
export const CSynFloatVariable = synVariableEnum('CSyn', 'Float');
/** Parameters of ChemicalSynapsis (Float). */
export const CSynFloatParameter = synParameterEnum('CSyn', 'Float');
/** Constructor arguments of ChemicalSynapsis (Double), filled with defaults. */
export const CSynDoubleConstructorArgs = synArgsClass('CSyn', 'Double');
/** Constructor arguments of ChemicalSynapsis (Float), filled with defaults. */
export const CSynFloatConstructorArgs = synArgsClass('CSyn', 'Float');
