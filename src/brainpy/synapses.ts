/**
 * BrainPy-style synapse models and synaptic outputs (brainpy.state 0.1.0):
 * `Expon`, `DualExpon`, `Alpha`, `AMPA`, `GABAa`, `BioNMDA`, the outputs
 * `COBA` (`g·(E − V)`), `CUBA` (`g·scale`) and `MgBlock` (`COBA` divided by
 * the Mg²⁺ block), and short-term plasticity `STP` / `STD`. Each is a plain description used by
 * a projection; `X.desc(...)` (brainpy's describer) and `new X(...)` make
 * the same description, since somata creates the synapse state when the
 * network runs.
 *
 * Times are in ms (numbers or quantities). AMPA/GABAa rates: `alpha` in
 * 1/(ms·mM) and `T` in mM as plain numbers, `beta` in 1/ms, `T_dur` in ms.
 */
import { callNative } from '../errors.js';
import { native } from '../native.js';
import { describe, isQuantity, toNumber } from '../units.js';
import type { Scalar } from './init.js';

/** Names of the synapse models. */
export type SynapseModel = 'Expon' | 'DualExpon' | 'Alpha' | 'AMPA' | 'GABAa' | 'BioNMDA';

/** A synapse model with its parameters (engine units: ms, 1/ms, mM). */
export interface SynapseSpec {
  /** Discriminator. */
  readonly kind: 'synapse';
  /** Model name as upstream spells it. */
  readonly model: SynapseModel;
  /** Parameters in the engine's order (see each model). */
  readonly params: readonly number[];
  /** Size given to the constructor or `desc` (checked against the target), if any. */
  readonly size?: number;
  /** Whether the model can be post-aligned (brainpy's `AlignPost`: Expon, DualExpon; Alpha as an instance). */
  readonly alignPost: boolean;
}

type Opts = Record<string, unknown>;

function pos(x: unknown, unit: string, what: string): number {
  const v = toNumber(x, unit, what);
  if (!(v > 0) || !Number.isFinite(v)) throw new RangeError(`${what} must be finite and > 0${unit ? ' ' + unit : ''}, got ${v}`);
  return v;
}

function nonneg(x: unknown, unit: string, what: string): number {
  const v = toNumber(x, unit, what);
  if (!(v >= 0) || !Number.isFinite(v)) throw new RangeError(`${what} must be finite and >= 0${unit ? ' ' + unit : ''}, got ${v}`);
  return v;
}

function args(model: string, a: unknown, b: unknown, keys: readonly string[]): { size?: number; o: Opts } {
  let size: number | undefined;
  let o: unknown = a;
  if (typeof a === 'number' || Array.isArray(a)) {
    size = typeof a === 'number' ? a : (a as number[]).reduce((x, y) => x * y, 1);
    if (!Number.isInteger(size) || size < 1) throw new TypeError(`${model}: size must be a positive integer, got ${describe(a)}`);
    o = b;
  }
  o ??= {};
  if (typeof o !== 'object' || o === null || isQuantity(o)) throw new TypeError(`${model}: options must be an object, got ${describe(o)}`);
  for (const k of Object.keys(o)) {
    if (!keys.includes(k)) throw new TypeError(`${model}: unknown parameter '${k}'; valid parameters: ${keys.join(', ')}`);
  }
  return { size, o: o as Opts };
}

/** A synapse class: `new X(size?, opts)` or `X.desc(size?, opts)`. */
export interface SynapseClass<O> {
  /** Describes the synapse (`size` optional, checked against the postsynaptic population). */
  new (sizeOrOpts?: number | O, opts?: O): SynapseSpec;
  /** brainpy's describer: the same description. */
  desc(sizeOrOpts?: number | O, opts?: O): SynapseSpec;
  /** The model name. */
  readonly modelName: SynapseModel;
}

function makeSyn<O>(model: SynapseModel, keys: readonly string[], build: (o: Opts) => number[], alignPost: boolean): SynapseClass<O> {
  const make = (a?: unknown, b?: unknown): SynapseSpec => {
    const { size, o } = args(model, a, b, keys);
    return Object.freeze({ kind: 'synapse' as const, model, params: Object.freeze(build(o)), size, alignPost });
  };
  const C = function (this: unknown, a?: unknown, b?: unknown) {
    return make(a, b);
  } as unknown as SynapseClass<O>;
  Object.defineProperty(C, 'name', { value: model });
  Object.defineProperty(C, 'modelName', { value: model });
  (C as unknown as { desc: typeof make }).desc = make;
  return C;
}

/** Options of {@link Expon}. */
export interface ExponOptions {
  /** Decay time constant (default 8 ms). */
  tau?: Scalar;
}
/** Single-exponential synapse: `g ← g·e^{−dt/tau} + Σ delta` (brainpy.state `Expon`). */
export const Expon = makeSyn<ExponOptions>('Expon', ['tau'], (o) => [pos(o.tau ?? 8, 'ms', 'Expon.tau')], true);

/** Options of {@link DualExpon}. */
export interface DualExponOptions {
  /** Decay time constant (default 10 ms). */
  tau_decay?: Scalar;
  /** Rise time constant (default 1 ms). */
  tau_rise?: Scalar;
  /** Output amplitude (default 1). */
  amplitude?: number;
  /** Peak-normalise the waveform (default true). */
  normalize?: boolean;
}
/** Difference of two exponentials, peak-normalised by default (brainpy.state `DualExpon`). */
export const DualExpon = makeSyn<DualExponOptions>(
  'DualExpon',
  ['tau_decay', 'tau_rise', 'amplitude', 'normalize'],
  (o) => {
    const td = pos(o.tau_decay ?? 10, 'ms', 'DualExpon.tau_decay');
    const tr = pos(o.tau_rise ?? 1, 'ms', 'DualExpon.tau_rise');
    const normalize = o.normalize ?? true;
    if (typeof normalize !== 'boolean') throw new TypeError(`DualExpon.normalize must be a boolean, got ${describe(normalize)}`);
    if (normalize && td === tr) throw new RangeError('DualExpon: tau_decay must differ from tau_rise when normalize=true (use Alpha for equal time constants)');
    const amp = toNumber(o.amplitude ?? 1, '', 'DualExpon.amplitude');
    return [td, tr, amp, normalize ? 1 : 0];
  },
  true,
);

/** Options of {@link Alpha}. */
export interface AlphaOptions {
  /** Time constant (default 8 ms). */
  tau?: Scalar;
}
/** Alpha-function synapse (brainpy.state `Alpha`): `h` decays, `g` follows `h` with the same `tau`. */
export const Alpha = makeSyn<AlphaOptions>('Alpha', ['tau'], (o) => [pos(o.tau ?? 8, 'ms', 'Alpha.tau')], true);

/** Options of {@link AMPA} and {@link GABAa}. */
export interface KineticOptions {
  /** Binding rate, 1/(ms·mM) (plain number). */
  alpha?: number;
  /** Unbinding rate, 1/ms. */
  beta?: Scalar;
  /** Transmitter concentration during a pulse, mM (plain number). */
  T?: number;
  /** Pulse length, ms. */
  T_dur?: Scalar;
}
function kinetic(name: string, d: [number, number, number, number]) {
  return (o: Opts) => [
    nonneg(o.alpha ?? d[0], '', `${name}.alpha`),
    nonneg(o.beta ?? d[1], '1/ms', `${name}.beta`),
    nonneg(o.T ?? d[2], '', `${name}.T`),
    nonneg(o.T_dur ?? d[3], 'ms', `${name}.T_dur`),
  ];
}
/** AMPA receptor kinetics (brainpy.state `AMPA`; alpha 0.98, beta 0.18, T 0.5 mM, T_dur 0.5 ms). Pre-aligned only. */
export const AMPA = makeSyn<KineticOptions>('AMPA', ['alpha', 'beta', 'T', 'T_dur'], kinetic('AMPA', [0.98, 0.18, 0.5, 0.5]), false);
/** GABAa receptor kinetics (brainpy.state `GABAa`; alpha 0.53, beta 0.18, T 1 mM, T_dur 1 ms). Pre-aligned only. */
export const GABAa = makeSyn<KineticOptions>('GABAa', ['alpha', 'beta', 'T', 'T_dur'], kinetic('GABAa', [0.53, 0.18, 1, 1]), false);

/** Options of {@link BioNMDA}. */
export interface BioNMDAOptions {
  /** Opening rate of `g` (default 2 /ms). */
  alpha1?: Scalar;
  /** Closing rate of `g` (default 0.01 /ms). */
  beta1?: Scalar;
  /** Binding rate of `x`, 1/(ms·mM) (plain number, default 1). */
  alpha2?: number;
  /** Unbinding rate of `x` (default 0.5 /ms). */
  beta2?: Scalar;
  /** Transmitter concentration during a pulse, mM (plain number, default 1). */
  T?: number;
  /** Pulse length (default 0.5 ms). */
  T_dur?: Scalar;
}
/**
 * Second-order kinetic NMDA receptor (brainpy.state `BioNMDA`): the pulse
 * drives `x`, `x` drives `g` (`x` stepped first, `g` with the new `x`).
 * Pre-aligned only; use the `MgBlock` output for the voltage dependence.
 * Upstream carries `g` in mS, so a unitless upstream comm weight `w` is
 * `u.mS(w)` here.
 */
export const BioNMDA = makeSyn<BioNMDAOptions>(
  'BioNMDA',
  ['alpha1', 'beta1', 'alpha2', 'beta2', 'T', 'T_dur'],
  (o) => [
    nonneg(o.alpha1 ?? 2, '1/ms', 'BioNMDA.alpha1'),
    nonneg(o.beta1 ?? 0.01, '1/ms', 'BioNMDA.beta1'),
    nonneg(o.alpha2 ?? 1, '', 'BioNMDA.alpha2'),
    nonneg(o.beta2 ?? 0.5, '1/ms', 'BioNMDA.beta2'),
    nonneg(o.T ?? 1, '', 'BioNMDA.T'),
    nonneg(o.T_dur ?? 0.5, 'ms', 'BioNMDA.T_dur'),
  ],
  false,
);

/** Names of the short-term plasticity models. */
export type PlasticityModel = 'STP' | 'STD';

/** A short-term plasticity model with its parameters (the `stp` of a projection). */
export interface PlasticitySpec {
  /** Discriminator. */
  readonly kind: 'plasticity';
  /** Model name as upstream spells it. */
  readonly model: PlasticityModel;
  /** Parameters in the engine's order: STP `[U, tau_f, tau_d]`, STD `[tau, U]`. */
  readonly params: readonly number[];
  /** Size given to the constructor (checked against the presynaptic population), if any. */
  readonly size?: number;
}

/** A plasticity class: `new X(size?, opts)` or `X.desc(size?, opts)`. */
export interface PlasticityClass<O> {
  /** Describes the model. */
  new (sizeOrOpts?: number | O, opts?: O): PlasticitySpec;
  /** The same description. */
  desc(sizeOrOpts?: number | O, opts?: O): PlasticitySpec;
}

function fraction(x: unknown, what: string): number {
  const v = toNumber(x, '', what);
  if (!(v >= 0 && v <= 1)) throw new RangeError(`${what} must be in [0, 1], got ${v}`);
  return v;
}

function makePlast<O>(model: PlasticityModel, keys: readonly string[], build: (o: Opts) => number[]): PlasticityClass<O> {
  const make = (a?: unknown, b?: unknown): PlasticitySpec => {
    const { size, o } = args(model, a, b, keys);
    return Object.freeze({ kind: 'plasticity' as const, model, params: Object.freeze(build(o)), size });
  };
  const C = function (this: unknown, a?: unknown, b?: unknown) {
    return make(a, b);
  } as unknown as PlasticityClass<O>;
  Object.defineProperty(C, 'name', { value: model });
  (C as unknown as { desc: typeof make }).desc = make;
  return C;
}

/** Options of {@link STP}. */
export interface STPOptions {
  /** Baseline utilisation (default 0.15). */
  U?: number;
  /** Facilitation time constant (default 1500 ms). */
  tau_f?: Scalar;
  /** Depression (recovery) time constant (default 200 ms). */
  tau_d?: Scalar;
}
/**
 * Tsodyks–Markram short-term plasticity (brainpy.state `STP`): per
 * presynaptic neuron `u` (initially `U`) and `x` (initially 1) relax with
 * `tau_f` / `tau_d`; at a spike `u += U·(1 − u_old)`, the released `u·x` is
 * the projection's input and `x −= u·x_old`. Give it as a projection's `stp`.
 */
export const STP = makePlast<STPOptions>('STP', ['U', 'tau_f', 'tau_d'], (o) => [
  fraction(o.U ?? 0.15, 'STP.U'),
  pos(o.tau_f ?? 1500, 'ms', 'STP.tau_f'),
  pos(o.tau_d ?? 200, 'ms', 'STP.tau_d'),
]);

/** Options of {@link STD}. */
export interface STDOptions {
  /** Recovery time constant (default 200 ms). */
  tau?: Scalar;
  /** Fraction used per spike (default 0.07). */
  U?: number;
}
/**
 * Short-term depression (brainpy.state `STD`): `x` (initially 1) recovers
 * with `tau`; at a spike the available `x` is the projection's input and
 * `x −= U·x_old`. Give it as a projection's `stp`.
 */
export const STD = makePlast<STDOptions>('STD', ['tau', 'U'], (o) => [pos(o.tau ?? 200, 'ms', 'STD.tau'), fraction(o.U ?? 0.07, 'STD.U')]);

/** A synaptic output. */
export interface OutputSpec {
  /** Discriminator. */
  readonly kind: 'output';
  /** `COBA`, `CUBA` or `MgBlock`. */
  readonly model: 'COBA' | 'CUBA' | 'MgBlock';
  /** MgBlock: `[E (mV), cc_Mg (mM), alpha (1/mV), beta (mM), V_offset (mV)]`. */
  readonly params?: readonly number[];
  /** COBA: reversal potential, mV. */
  readonly E?: number;
  /** CUBA: scale in mV when it is a voltage (weights are conductances), else a plain factor (weights are currents). */
  readonly scale?: number;
  /** CUBA: whether `scale` is a voltage. */
  readonly scaleIsVoltage?: boolean;
}

/** An output class: `new X(opts)` or `X.desc(opts)`. */
export interface OutputClass<O> {
  /** Describes the output. */
  new (opts?: O): OutputSpec;
  /** brainpy's describer: the same description. */
  desc(opts?: O): OutputSpec;
}

function makeOut<O>(name: 'COBA' | 'CUBA' | 'MgBlock', build: (o: Opts) => OutputSpec): OutputClass<O> {
  const make = (o?: unknown) => {
    o ??= {};
    if (typeof o !== 'object' || o === null || isQuantity(o)) throw new TypeError(`${name}: options must be an object, got ${describe(o)}`);
    const keys = name === 'COBA' ? ['E'] : name === 'CUBA' ? ['scale'] : ['E', 'cc_Mg', 'alpha', 'beta', 'V_offset'];
    for (const k of Object.keys(o)) if (!keys.includes(k)) throw new TypeError(`${name}: unknown parameter '${k}'; valid parameters: ${keys.join(', ')}`);
    return Object.freeze(build(o as Opts));
  };
  const C = function (this: unknown, o?: unknown) {
    return make(o);
  } as unknown as OutputClass<O>;
  Object.defineProperty(C, 'name', { value: name });
  (C as unknown as { desc: typeof make }).desc = make;
  return C;
}

/** Options of {@link COBA}. */
export interface COBAOptions {
  /** Reversal potential (required; e.g. 0 mV excitatory, −80 mV inhibitory). */
  E: Scalar;
}
/** Conductance-based output `I = g·(E − V)` (brainpy.state `COBA`); `−g` enters the exp-Euler Jacobian. */
export const COBA = makeOut<COBAOptions>('COBA', (o) => {
  if (o.E === undefined) throw new TypeError('COBA: the reversal potential E is required');
  const E = toNumber(o.E, 'mV', 'COBA.E');
  if (!Number.isFinite(E)) throw new RangeError(`COBA.E must be finite, got ${E}`);
  return { kind: 'output', model: 'COBA', E };
});

/** Options of {@link CUBA}. */
export interface CUBAOptions {
  /** Scale (default 1 V, upstream's `u.volt`): a voltage (weights are then conductances) or a plain factor (weights are currents). */
  scale?: Scalar;
}
/** Current-based output `I = g·scale` (brainpy.state `CUBA`). */
export const CUBA = makeOut<CUBAOptions>('CUBA', (o) => {
  const s = o.scale ?? '1 V';
  if (typeof s === 'number') return { kind: 'output', model: 'CUBA', scale: s, scaleIsVoltage: false };
  const v = toNumber(s, 'mV', 'CUBA.scale');
  return { kind: 'output', model: 'CUBA', scale: v, scaleIsVoltage: true };
});

/** Options of {@link MgBlock}. */
export interface MgBlockOptions {
  /** Reversal potential (default 0 mV). */
  E?: Scalar;
  /** Extracellular Mg²⁺ concentration, mM (plain number, default 1.2). */
  cc_Mg?: number;
  /** Voltage sensitivity, 1/mV (default 0.062). */
  alpha?: Scalar;
  /** Mg²⁺ dissociation constant, mM (plain number, default 3.57). */
  beta?: number;
  /** Voltage offset (default 0 mV). */
  V_offset?: Scalar;
}
/**
 * Conductance-based output with the voltage-dependent Mg²⁺ block
 * (brainpy.state `MgBlock`): `I = g·(E − V)/(1 + cc_Mg/beta·e^{alpha·(V_offset − V)})`.
 * Like upstream's callable input, the neuron's exp-Euler step sees `I` and
 * `∂I/∂V` at the potential where it evaluates its input.
 */
export const MgBlock = makeOut<MgBlockOptions>('MgBlock', (o) => {
  const E = toNumber(o.E ?? 0, 'mV', 'MgBlock.E');
  const cc = nonneg(o.cc_Mg ?? 1.2, '', 'MgBlock.cc_Mg');
  const alpha = toNumber(o.alpha ?? 0.062, '1/mV', 'MgBlock.alpha');
  const beta = pos(o.beta ?? 3.57, '', 'MgBlock.beta');
  const V_offset = toNumber(o.V_offset ?? 0, 'mV', 'MgBlock.V_offset');
  if (![E, alpha, V_offset].every(Number.isFinite)) throw new RangeError('MgBlock: E, alpha and V_offset must be finite');
  return { kind: 'output', model: 'MgBlock', params: Object.freeze([E, cc, alpha, beta, V_offset]) };
});

/** Options of {@link elementResponse}. */
export interface ElementResponseOptions {
  /** Steps (default 300). */
  steps?: number;
  /** Step (default 0.1 ms). */
  dt?: Scalar;
  /** Steps with a presynaptic spike (default [0]). */
  spikeSteps?: readonly number[];
}

/** What {@link elementResponse} returns. */
export interface ElementResponse {
  /** Output per step (synapse: conductance; STP/STD: released resources times the spike). */
  output: Float64Array;
  /** Each state variable per step, by name (STP `u`, `x`; STD `x`; synapses their variables). */
  state: Record<string, Float64Array>;
}

const ELEMENT_VARS: Record<string, string[]> = {
  Expon: ['g'],
  DualExpon: ['g_rise', 'g_decay'],
  Alpha: ['g', 'h'],
  AMPA: ['g', 'spike_arrival_time'],
  GABAa: ['g', 'spike_arrival_time'],
  BioNMDA: ['g', 'x', 'spike_arrival_time'],
  STP: ['u', 'x'],
  STD: ['x'],
};

/**
 * One element of a synapse or short-term plasticity model driven by spikes
 * (input 1) at `spikeSteps`, step by step (brainpy's `update()` loop with
 * `t = k·dt`): the output and every state variable.
 */
export function elementResponse(model: SynapseSpec | PlasticitySpec, opts: ElementResponseOptions = {}): ElementResponse {
  if (!model || (model.kind !== 'synapse' && model.kind !== 'plasticity')) throw new TypeError(`elementResponse: expected a synapse or STP/STD description, got ${describe(model)}`);
  const steps = opts.steps ?? 300;
  if (!Number.isInteger(steps) || steps < 0) throw new RangeError(`elementResponse: steps must be a non-negative integer, got ${describe(steps)}`);
  const dt = toNumber(opts.dt ?? 0.1, 'ms', 'elementResponse: dt');
  const sp = opts.spikeSteps ?? [0];
  if (!sp.every((k) => Number.isInteger(k) && k >= 0)) throw new RangeError('elementResponse: spikeSteps must be non-negative integers');
  const raw = callNative(() => native.brainpyElementResponse(model.model, [...model.params], steps, dt, [...sp]));
  const names = ELEMENT_VARS[model.model]!;
  const w = names.length + 1;
  const col = (c: number) => Float64Array.from({ length: steps }, (_, k) => raw[k * w + c]!);
  return { output: col(0), state: Object.fromEntries(names.map((n, i) => [n, col(i + 1)])) };
}

/** Options of {@link synapseResponse}. */
export interface ResponseOptions {
  /** Steps (default 300). */
  steps?: number;
  /** Step (default 0.1 ms). */
  dt?: Scalar;
  /** Step of the input (default 0). */
  spikeStep?: number;
  /** Input size (default 1): the delta input (Expon, DualExpon, Alpha) or the spike indicator (AMPA, GABAa). */
  weight?: number;
}

/**
 * The conductance output of one synapse element after one input, step by
 * step (brainpy's loop of `syn.update()` with `t = k·dt`, the input added
 * at step `spikeStep`).
 */
export function synapseResponse(syn: SynapseSpec, opts: ResponseOptions = {}): Float64Array {
  if (!syn || syn.kind !== 'synapse') throw new TypeError(`synapseResponse: expected a synapse description, got ${describe(syn)}`);
  const steps = opts.steps ?? 300;
  if (!Number.isInteger(steps) || steps < 0) throw new RangeError(`synapseResponse: steps must be a non-negative integer, got ${describe(steps)}`);
  const dt = toNumber(opts.dt ?? 0.1, 'ms', 'synapseResponse: dt');
  return callNative(() => native.brainpySynapseResponse(syn.model, [...syn.params], steps, dt, opts.spikeStep ?? 0, opts.weight ?? 1));
}
