/**
 * BrainPy-style connectivity, projections and spike sources:
 * - communication (connectivity + weights): `EventFixedProb` (brainstate's,
 *   what brainpy's E/I tutorial uses: a fixed number `floor(p·N_post)` of
 *   targets per presynaptic neuron, drawn with replacement by default),
 *   `FixedProb` (Bernoulli, braintools'), `FixedPreNum` (fixed in-degree),
 *   `AllToAll`, `OneToOne`; built as CSR when the projection is created,
 *   from one random stream per row derived from `(seed, row)` (the same
 *   connectivity for any thread count; not JAX's numbers);
 * - `AlignPostProj` (synapse state per postsynaptic neuron: Expon,
 *   DualExpon, Alpha) and `align_pre_projection` (per presynaptic neuron:
 *   any model, required for AMPA/GABAa/BioNMDA), with an optional delay
 *   (sub-step delays linearly interpolated, as brainpy.state's
 *   `InputDelay`) and optional short-term plasticity (`stp: STP/STD`);
 * - `CurrentProj` (comm output straight to the output, no synapse) and
 *   `DeltaProj` (comm output as delta inputs of the postsynaptic neurons);
 * - `PoissonSpike` (a population of Poisson sources) and `PoissonInput`
 *   (brainpy's `PoissonInput`: Poisson counts added to a neuron variable).
 *
 * Weights are in the unit the output needs: with `COBA`, a conductance in
 * the postsynaptic model's conductance unit (S for the LIF family — so
 * brainpy's `0.6 * u.mS` is 6e-4 —, mS for the HH family); with `CUBA`, a
 * conductance when its scale is a voltage, else a current in the model's
 * input unit.
 */
import { callNative } from '../errors.js';
import { native } from '../native.js';
import { describe, isQuantity, toNumber } from '../units.js';
import type { Scalar } from './init.js';
import { Neuron, type Precision } from './neuron.js';
import type { ModelName } from './models.js';
import type { OutputSpec, PlasticitySpec, SynapseSpec } from './synapses.js';
import type { BrainpyNetProj } from '../../native/binding.js';
import os from 'node:os';

/** A weight: one value (number or quantity) for every synapse, or one per synapse in CSR order. */
export type Weight = Scalar | ArrayLike<number>;

/** A connectivity rule with its weight, before the sizes are known. */
export interface Comm {
  /** Discriminator. */
  readonly kind: 'comm';
  /** Rule. */
  readonly rule: 'fixed_post_num' | 'fixed_pre_num' | 'bernoulli' | 'all_to_all' | 'one_to_one';
  /** Upstream's name of the rule. */
  readonly name: string;
  /** Connection count (fixed_*): an integer, or a probability turned into `floor(p·N)`. */
  readonly num?: number;
  /** Whether `num` is a probability. */
  readonly numIsProb?: boolean;
  /** Probability (bernoulli). */
  readonly p?: number;
  /** Repeated connections allowed. */
  readonly multi: boolean;
  /** Self-connections allowed (when pre and post are one population). */
  readonly autapses: boolean;
  /** Weight. */
  readonly weight: Weight;
  /** Seed of the connectivity (default 0). */
  readonly seed: number;
  /** Sizes fixed by the constructor (EventFixedProb), checked at the projection. */
  readonly inSize?: number;
  /** Sizes fixed by the constructor (EventFixedProb), checked at the projection. */
  readonly outSize?: number;
}

function seedOf(x: unknown, what: string): number {
  const s = x ?? 0;
  if (typeof s !== 'number' || !Number.isSafeInteger(s) || s < 0) throw new RangeError(`${what}: seed must be a non-negative integer, got ${describe(s)}`);
  return s;
}

function keysOk(o: object, keys: string[], what: string): void {
  for (const k of Object.keys(o)) if (!keys.includes(k)) throw new TypeError(`${what}: unknown option '${k}'; valid options: ${keys.join(', ')}`);
}

/** Options of the connectivity rules. */
export interface CommOptions {
  /** Weight (see the module note on units); default 1. */
  weight?: Weight;
  /** Seed (default 0). */
  seed?: number;
}

/**
 * brainstate's `EventFixedProb(in_size, out_size, conn_num, conn_weight)`:
 * every presynaptic neuron connects to `conn_num` targets (a non-integer or
 * 0 in [0, 1] means `floor(conn_num·out_size)`; JS cannot tell `1.0` from
 * `1`, so 1 is one target), uniformly, with replacement unless
 * `allow_multi_conn: false`; self-connections are not excluded (as upstream).
 */
export function EventFixedProb(in_size: number, out_size: number, conn_num: number, conn_weight: Weight, opts: { seed?: number; allow_multi_conn?: boolean } = {}): Comm {
  keysOk(opts, ['seed', 'allow_multi_conn'], 'EventFixedProb');
  for (const [n, v] of [['in_size', in_size], ['out_size', out_size]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new TypeError(`EventFixedProb: ${n} must be a positive integer, got ${describe(v)}`);
  }
  if (typeof conn_num !== 'number' || !(conn_num >= 0)) throw new RangeError(`EventFixedProb: conn_num must be a probability in [0, 1] or a count, got ${describe(conn_num)}`);
  const isProb = !Number.isInteger(conn_num) || conn_num < 1;
  if (isProb && conn_num > 1) throw new RangeError(`EventFixedProb: connection probability must be in [0, 1], got ${conn_num}`);
  return { kind: 'comm', rule: 'fixed_post_num', name: 'EventFixedProb', num: conn_num, numIsProb: isProb, multi: opts.allow_multi_conn ?? true, autapses: true, weight: conn_weight, seed: seedOf(opts.seed, 'EventFixedProb'), inSize: in_size, outSize: out_size };
}

/** Bernoulli connectivity (braintools' `FixedProb`): each pair with probability `prob`; no self-connections unless `allow_self_connections`. */
export function FixedProb(prob: number, opts: CommOptions & { allow_self_connections?: boolean } = {}): Comm {
  keysOk(opts, ['weight', 'seed', 'allow_self_connections'], 'FixedProb');
  if (typeof prob !== 'number' || !(prob >= 0 && prob <= 1)) throw new RangeError(`FixedProb: prob must be in [0, 1], got ${describe(prob)}`);
  return { kind: 'comm', rule: 'bernoulli', name: 'FixedProb', p: prob, multi: false, autapses: opts.allow_self_connections ?? false, weight: opts.weight ?? 1, seed: seedOf(opts.seed, 'FixedProb') };
}

/** Fixed in-degree: every postsynaptic neuron gets exactly `num` sources (a float in [0, 1] means `floor(num·N_pre)`). */
export function FixedPreNum(num: number, opts: CommOptions & { allow_self_connections?: boolean; allow_multi_conn?: boolean } = {}): Comm {
  keysOk(opts, ['weight', 'seed', 'allow_self_connections', 'allow_multi_conn'], 'FixedPreNum');
  if (typeof num !== 'number' || !(num >= 0)) throw new RangeError(`FixedPreNum: num must be a count or a probability, got ${describe(num)}`);
  const isProb = !Number.isInteger(num) || num < 1;
  if (isProb && num > 1) throw new RangeError(`FixedPreNum: probability must be in [0, 1], got ${num}`);
  return { kind: 'comm', rule: 'fixed_pre_num', name: 'FixedPreNum', num, numIsProb: isProb, multi: opts.allow_multi_conn ?? false, autapses: opts.allow_self_connections ?? false, weight: opts.weight ?? 1, seed: seedOf(opts.seed, 'FixedPreNum') };
}

/** Every pair (braintools' `AllToAll`; no self-connections unless `include_self_connections`). */
export function AllToAll(opts: CommOptions & { include_self_connections?: boolean } = {}): Comm {
  keysOk(opts, ['weight', 'seed', 'include_self_connections'], 'AllToAll');
  return { kind: 'comm', rule: 'all_to_all', name: 'AllToAll', multi: false, autapses: opts.include_self_connections ?? false, weight: opts.weight ?? 1, seed: 0 };
}

/** `i → i` (sizes must match). */
export function OneToOne(opts: CommOptions = {}): Comm {
  keysOk(opts, ['weight', 'seed'], 'OneToOne');
  return { kind: 'comm', rule: 'one_to_one', name: 'OneToOne', multi: false, autapses: true, weight: opts.weight ?? 1, seed: 0 };
}

/** Options of {@link PoissonSpike}. */
export interface PoissonSpikeOptions {
  /** Rate of each source (one value or one per source), Hz. */
  freqs: Scalar | ArrayLike<number>;
  /** Seed (default 0). */
  seed?: number;
  /** Name for messages. */
  name?: string;
}

/** A population of independent Poisson spike sources (brainpy.state `PoissonSpike`: spike when `rand ≤ 1 − e^{−freq·dt}`). */
export class PoissonSpike {
  /** Sources. */
  readonly num: number;
  /** Rates, Hz (1 or `num` values). */
  readonly freqs: Float64Array;
  /** Seed. */
  readonly seed: number;
  /** Name. */
  readonly name: string;
  /**
   * @param size number of sources
   * @param opts rates and seed
   */
  constructor(size: number, opts: PoissonSpikeOptions) {
    if (!Number.isInteger(size) || size < 1) throw new TypeError(`PoissonSpike: size must be a positive integer, got ${describe(size)}`);
    if (typeof opts !== 'object' || opts === null) throw new TypeError('PoissonSpike: options { freqs } are required');
    keysOk(opts, ['freqs', 'seed', 'name'], 'PoissonSpike');
    this.num = size;
    const f = opts.freqs;
    const arr = (Array.isArray(f) || ArrayBuffer.isView(f)) && !isQuantity(f);
    this.freqs = arr ? Float64Array.from(f as ArrayLike<number>, (x, i) => toNumber(x, 'Hz', `PoissonSpike.freqs[${i}]`)) : Float64Array.of(toNumber(f, 'Hz', 'PoissonSpike.freqs'));
    if (this.freqs.length !== 1 && this.freqs.length !== size) throw new TypeError(`PoissonSpike: freqs has ${this.freqs.length} values for ${size} sources`);
    if (this.freqs.some((x) => !(x >= 0) || !Number.isFinite(x))) throw new RangeError('PoissonSpike: freqs must be finite and >= 0 Hz');
    this.seed = seedOf(opts.seed, 'PoissonSpike');
    this.name = opts.name ?? 'PoissonSpike';
  }
}

/** A population that can send spikes. */
export type Source = Neuron<ModelName, Precision> | PoissonSpike;

/** Neurons `start..stop` of a population as a presynaptic population (brainpy's `spk[start:stop]`). */
export class PopView {
  /** The population. */
  readonly pop: Source;
  /** First neuron. */
  readonly start: number;
  /** One past the last neuron. */
  readonly stop: number;
  /** @internal */
  constructor(pop: Source, start: number, stop: number) {
    if (!(pop instanceof Neuron) && !(pop instanceof PoissonSpike)) throw new TypeError(`slice: expected a population, got ${describe(pop)}`);
    if (!Number.isInteger(start) || !Number.isInteger(stop) || start < 0 || stop > pop.num || start >= stop) {
      throw new RangeError(`slice: need integers 0 <= start < stop <= ${pop.num}, got ${describe(start)}, ${describe(stop)}`);
    }
    this.pop = pop;
    this.start = start;
    this.stop = stop;
  }
  /** Neurons in the view. */
  get num(): number {
    return this.stop - this.start;
  }
}

/** Neurons `start..stop` (exclusive) of `pop`, as the `pre` of a projection (brainpy: `proj(spk[start:stop])`). */
export function slice(pop: Source, start: number, stop: number): PopView {
  return new PopView(pop, start, stop);
}

/** What a projection can read spikes from. */
export type Pre = Source | PopView;

const COND_UNIT: Record<string, string> = { mA: 'S', uA: 'mS', 'mV/ms': '1/ms', '': '' };

/** Options of {@link AlignPostProj} and {@link align_pre_projection}. */
export interface ProjOptions {
  /** Presynaptic population or a slice of one (`brainpy.slice(N, 0, 3200)`). */
  pre: Pre;
  /** Postsynaptic neuron population. */
  post: Neuron<ModelName, Precision>;
  /** Connectivity and weights. */
  comm: Comm;
  /** Synapse model (`brainpy.Expon.desc({ tau })`, …). */
  syn: SynapseSpec;
  /** Output (`brainpy.COBA.desc({ E })`, `brainpy.CUBA.desc()`, `brainpy.MgBlock.desc()`). */
  out: OutputSpec;
  /**
   * Delay (default 0 ms), as brainpy.state's `InputDelay`: `steps = delay/dt`
   * (float64); the input is frame `floor(steps)` weighted `1 − frac` plus
   * frame `ceil(steps)` weighted `frac` (linear interpolation; an event comm,
   * `EventFixedProb`, binarises it, so a spike then arrives with its full
   * weight in both steps, as upstream). An array (numbers in ms, or
   * quantities) gives one delay per presynaptic neuron (upstream's axonal
   * `(N_pre,)` delay), each interpolated the same way.
   */
  delay?: Scalar | ArrayLike<number | Scalar>;
  /** Short-term plasticity of the presynaptic spikes (`brainpy.STP(...)`, `brainpy.STD(...)`). */
  stp?: PlasticitySpec;
  /** Worker threads used to build the connectivity (default: all cores). */
  threads?: number;
  /** A name for messages. */
  name?: string;
}

/** A projection from `pre` to `post` (built connectivity, weights in engine units). */
export class Projection {
  /** Presynaptic population or slice. */
  readonly pre: Pre;
  /** Postsynaptic population. */
  readonly post: Neuron<ModelName, Precision>;
  /** Synapse (a placeholder for CurrentProj/DeltaProj, which have none). */
  readonly syn: SynapseSpec;
  /** Output (a placeholder for DeltaProj, which has none). */
  readonly out: OutputSpec;
  /** Short-term plasticity, if any. */
  readonly stp: PlasticitySpec | undefined;
  /** What the projection delivers: through a synapse, straight to the output (CurrentProj), as delta inputs (DeltaProj), or gap-junction currents. */
  readonly kind: 'synaptic' | 'current' | 'delta' | 'gap';
  /** @internal Gap junctions: coupled variable indices and the weights into the presynaptic side. */
  protected gap_?: { vars: [number, number]; wPre: Float64Array };
  /** Whether the comm binarises its input (brainstate's `EventFixedProb`). */
  readonly event: boolean;
  /** Whether the synapse state is per presynaptic neuron. */
  readonly alignPre: boolean;
  /** Delay, ms: one value, or one per presynaptic neuron. */
  readonly delay: number | Float64Array;
  /** CSR row starts (one row per presynaptic neuron). */
  readonly indptr: Uint32Array;
  /** Postsynaptic index of each synapse. */
  readonly indices: Uint32Array;
  /** Weights (1 value, or one per synapse), in the unit described in the module note. */
  readonly weights: Float64Array;
  /** Name. */
  readonly name: string;

  /** @internal */
  constructor(o: ProjOptions, alignPre: boolean, what: string, kind: 'synaptic' | 'current' | 'delta' | 'gap' = 'synaptic') {
    const need = kind === 'synaptic' ? '{ pre, post, comm, syn, out }' : kind === 'current' ? '{ pre, post, comm, out }' : '{ pre, post, comm }';
    if (typeof o !== 'object' || o === null) throw new TypeError(`${what}: expected options ${need}`);
    const keys = kind === 'synaptic' ? ['pre', 'post', 'comm', 'syn', 'out', 'delay', 'stp', 'threads', 'name'] : kind === 'current' ? ['pre', 'post', 'comm', 'out', 'delay', 'threads', 'name'] : kind === 'delta' ? ['pre', 'post', 'comm', 'label', 'threads', 'name'] : ['pre', 'post', 'comm', 'threads', 'name'];
    keysOk(o, keys, what);
    const { pre, post, comm } = o;
    const syn = kind === 'synaptic' ? o.syn : PLACEHOLDER_SYN;
    const out = kind === 'delta' || kind === 'gap' ? PLACEHOLDER_OUT : o.out;
    if (!(pre instanceof Neuron) && !(pre instanceof PoissonSpike) && !(pre instanceof PopView)) throw new TypeError(`${what}: pre must be a brainpy neuron population, a PoissonSpike or a slice, got ${describe(pre)}`);
    if (!(post instanceof Neuron)) throw new TypeError(`${what}: post must be a brainpy neuron population, got ${describe(post)}`);
    if (!comm || comm.kind !== 'comm') throw new TypeError(`${what}: comm must be a connectivity (brainpy.EventFixedProb, FixedProb, FixedPreNum, AllToAll, OneToOne), got ${describe(comm)}`);
    if (o.stp !== undefined && (!o.stp || (o.stp as { kind?: string }).kind !== 'plasticity')) throw new TypeError(`${what}: stp must be brainpy.STP(...) or brainpy.STD(...), got ${describe(o.stp)}`);
    if (o.stp?.size !== undefined && o.stp.size !== pre.num) throw new TypeError(`${what}: ${o.stp.model} was described with size ${o.stp.size} but the presynaptic population has ${pre.num} neurons`);
    if (!syn || syn.kind !== 'synapse') throw new TypeError(`${what}: syn must be a synapse description (brainpy.Expon.desc(...)), got ${describe(syn)}`);
    if (!out || out.kind !== 'output') throw new TypeError(`${what}: out must be brainpy.COBA, brainpy.CUBA or brainpy.MgBlock, got ${describe(out)}`);
    if (!alignPre && !syn.alignPost) throw new TypeError(`${what}: ${syn.model} is not an AlignPost synapse (its state depends on each presynaptic spike train); use brainpy.align_pre_projection`);
    const synSize = alignPre ? pre.num : post.num;
    if (syn.size !== undefined && syn.size !== synSize) throw new TypeError(`${what}: ${syn.model} was described with size ${syn.size} but the ${alignPre ? 'presynaptic' : 'postsynaptic'} population has ${synSize} neurons`);
    if (comm.inSize !== undefined && comm.inSize !== pre.num) throw new TypeError(`${what}: ${comm.name} in_size ${comm.inSize} does not match the presynaptic population (${pre.num} neurons)`);
    if (comm.outSize !== undefined && comm.outSize !== post.num) throw new TypeError(`${what}: ${comm.name} out_size ${comm.outSize} does not match the postsynaptic population (${post.num} neurons)`);
    this.pre = pre;
    this.post = post;
    this.syn = syn;
    this.out = out;
    this.alignPre = alignPre;
    this.stp = o.stp;
    this.kind = kind;
    this.event = comm.name === 'EventFixedProb';
    this.name = o.name ?? what;
    const d = o.delay;
    if ((Array.isArray(d) || ArrayBuffer.isView(d)) && !isQuantity(d)) {
      const a = Float64Array.from(d as ArrayLike<unknown>, (x, i) => toNumber(x, 'ms', `${what}.delay[${i}]`));
      if (a.length !== pre.num) throw new TypeError(`${what}: ${a.length} delays for ${pre.num} presynaptic neurons (give one delay or one per presynaptic neuron)`);
      const bad = a.find((x) => !(x >= 0) || !Number.isFinite(x));
      if (bad !== undefined) throw new RangeError(`${what}: delay must be finite and >= 0 ms, got ${bad}`);
      this.delay = a;
    } else {
      this.delay = d === undefined ? 0 : toNumber(d, 'ms', `${what}.delay`);
      if (!(this.delay >= 0) || !Number.isFinite(this.delay)) throw new RangeError(`${what}: delay must be finite and >= 0 ms, got ${this.delay}`);
    }
    const threads = o.threads ?? (Number(process.env.RAYON_NUM_THREADS) || os.availableParallelism());
    let k = 0;
    if (comm.num !== undefined) {
      const base = comm.rule === 'fixed_post_num' ? post.num : pre.num;
      k = comm.numIsProb ? Math.floor(base * comm.num) : comm.num;
    }
    const same = (pre as unknown) === (post as unknown);
    const csr = callNative(() => native.brainpyConnect(comm.rule, pre.num, post.num, k, comm.p ?? 0, comm.multi, comm.autapses, same, comm.seed, threads));
    this.indptr = csr.indptr;
    this.indices = csr.indices;
    // Weights in engine units.
    const inputUnit = post.info_.inputUnit;
    const deltaUnit = post.info_.variables.find((v) => v.name === post.info_.deltaVar)?.unit ?? '';
    const wUnit = kind === 'delta' ? deltaUnit : kind === 'gap' ? (COND_UNIT[inputUnit] ?? '') : out.model === 'COBA' || out.model === 'MgBlock' || out.scaleIsVoltage ? (COND_UNIT[inputUnit] ?? '') : inputUnit;
    const w = comm.weight;
    if ((Array.isArray(w) || ArrayBuffer.isView(w)) && !isQuantity(w)) {
      const a = w as ArrayLike<number>;
      if (a.length !== this.indices.length) throw new TypeError(`${what}: ${a.length} weights for ${this.indices.length} synapses (give one weight or one per synapse in CSR order)`);
      this.weights = Float64Array.from(a, (x, i) => toNumber(x, wUnit, `${what} weight[${i}]`));
    } else this.weights = Float64Array.of(toNumber(w, wUnit, `${what} weight`));
    if (this.weights.some((x) => !Number.isFinite(x))) throw new RangeError(`${what}: weights must be finite`);
  }

  /** @internal The projection as the native network expects it. */
  nativeArgs_(pre: number, post: number, dt: number): BrainpyNetProj {
    return {
      pre,
      preOffset: this.preOffset,
      post,
      indptr: this.indptr,
      indices: this.indices,
      weights: this.weights as Float64Array<ArrayBuffer>,
      delay: typeof this.delay === 'number' ? Math.floor(this.delay / dt) : 0,
      delaySteps: typeof this.delay === 'number' ? this.delay / dt : undefined,
      delayStepsPerPre: typeof this.delay === 'number' ? undefined : Float64Array.from(this.delay, (x) => x / dt),
      syn: this.syn.model,
      synParams: [...this.syn.params],
      alignPre: this.alignPre,
      out: this.out.model,
      outValue: this.out.model === 'COBA' ? this.out.E! : this.out.model === 'CUBA' ? this.out.scale! : 0,
      outParams: this.out.params ? [...this.out.params] : undefined,
      kind: this.kind,
      event: this.event,
      stp: this.stp?.model,
      stpParams: this.stp ? [...this.stp.params] : undefined,
      gapVars: this.gap_?.vars,
      gapWPre: this.gap_?.wPre as Float64Array<ArrayBuffer> | undefined,
    };
  }

  /** The population the spikes come from. */
  get prePop(): Source {
    return this.pre instanceof PopView ? this.pre.pop : this.pre;
  }

  /** First neuron of {@link prePop} read by this projection. */
  get preOffset(): number {
    return this.pre instanceof PopView ? this.pre.start : 0;
  }

  /** Number of synapses. */
  get nnz(): number {
    return this.indices.length;
  }

  /** In-degree of every postsynaptic neuron. */
  inDegrees(): Uint32Array {
    const d = new Uint32Array(this.post.num);
    for (const j of this.indices) d[j]!++;
    return d;
  }
}

/**
 * brainpy.state's `AlignPostProj`: `comm` maps the presynaptic spikes to
 * weight sums that enter the postsynaptic synapse state as delta inputs;
 * the synapse (Expon, DualExpon or Alpha) steps in the postsynaptic
 * population's before-update hook and its output is a current input of it.
 */
export class AlignPostProj extends Projection {
  /** @param o pre, post, comm, syn, out, delay */
  constructor(o: ProjOptions) {
    super(o, false, 'AlignPostProj');
  }
}

/**
 * brainpy.state's `align_pre_projection`: the synapse state lives on the
 * presynaptic neurons (stepped with their spikes; any model, including
 * AMPA/GABAa) and the postsynaptic conductance is `Σ_j w_ij·g_j`.
 */
export class AlignPreProj extends Projection {
  /** @param o pre, post, comm, syn, out, delay */
  constructor(o: ProjOptions) {
    super(o, true, 'align_pre_projection');
  }
}

/** brainpy's spelling of {@link AlignPreProj}. */
export function align_pre_projection(o: ProjOptions): AlignPreProj {
  return new AlignPreProj(o);
}

/** brainpy's `align_post_projection` (an {@link AlignPostProj}, typically with `stp`). */
export function align_post_projection(o: ProjOptions): AlignPostProj {
  return new AlignPostProj(o);
}

const PLACEHOLDER_SYN: SynapseSpec = Object.freeze({ kind: 'synapse' as const, model: 'Expon' as const, params: Object.freeze([8]), alignPost: true });
const PLACEHOLDER_OUT: OutputSpec = Object.freeze({ kind: 'output' as const, model: 'CUBA' as const, scale: 1, scaleIsVoltage: false });

/** Options of {@link CurrentProj}. */
export interface CurrentProjOptions {
  /** Presynaptic population or a slice of one. */
  pre: Pre;
  /** Postsynaptic neuron population. */
  post: Neuron<ModelName, Precision>;
  /** Connectivity and weights (conductances for COBA/MgBlock and voltage-scaled CUBA, else currents). */
  comm: Comm;
  /** Output (`COBA`, `CUBA`, `MgBlock`). */
  out: OutputSpec;
  /** Delay, as {@link ProjOptions.delay} (one value or one per presynaptic neuron). */
  delay?: Scalar | ArrayLike<number | Scalar>;
  /** Worker threads used to build the connectivity. */
  threads?: number;
  /** A name for messages. */
  name?: string;
}

/**
 * brainpy.state's `CurrentProj`: no synapse dynamics; each step the comm's
 * output `Σ_j w_ij·x_j` (the delayed presynaptic spikes) is bound to the
 * output as its conductance and becomes a current input of `post`.
 */
export class CurrentProj extends Projection {
  /** @param o pre, post, comm, out, delay */
  constructor(o: CurrentProjOptions) {
    super(o as ProjOptions, false, 'CurrentProj', 'current');
  }
}

/** Options of {@link DeltaProj}. */
export interface DeltaProjOptions {
  /** Presynaptic population or a slice of one. */
  pre: Pre;
  /** Postsynaptic neuron population. */
  post: Neuron<ModelName, Precision>;
  /** Connectivity and weights, in the unit of the variable delta inputs change (mV for V; the synaptic variable's unit for CubaLIF/CobaLIF). */
  comm: Comm;
  /** Accepted for brainpy compatibility (labels only group inputs upstream). */
  label?: string;
  /** Worker threads used to build the connectivity. */
  threads?: number;
  /** A name for messages. */
  name?: string;
}

/**
 * brainpy.state's `DeltaProj`: each step the comm's output `Σ_j w_ij·s_j`
 * is a delta input of `post` (an instantaneous jump added by the model after
 * its integration, discarded while refractory). No delay (as upstream).
 */
export class DeltaProj extends Projection {
  /** @param o pre, post, comm */
  constructor(o: DeltaProjOptions) {
    super(o as unknown as ProjOptions, false, 'DeltaProj', 'delta');
  }
}

/** Options of {@link PoissonInput}. */
export interface PoissonInputOptions {
  /** Target population. */
  target: Neuron<ModelName, Precision>;
  /** Inputs per target neuron. */
  num_input: number;
  /** Rate of each input. */
  freq: Scalar;
  /** Increment per input spike, in the target variable's unit. */
  weight: Scalar;
  /** Target neurons (default all). */
  indices?: ArrayLike<number>;
  /** Target variable (default `'V'`). */
  variable?: string;
  /** Seed (default 0). */
  seed?: number;
}

/**
 * brainpy.state's `PoissonInput`: every step, each target neuron's variable
 * gets `count·weight`, `count` ~ Binomial(num_input, 1 − e^{−freq·dt})
 * (rounded normal approximation when both `n·p` and `n·(1−p)` exceed 5),
 * before the neuron updates.
 */
export class PoissonInput {
  /** Target. */
  readonly target: Neuron<ModelName, Precision>;
  /** Inputs per neuron. */
  readonly num_input: number;
  /** Rate, Hz. */
  readonly freq: number;
  /** Weight, target variable's unit. */
  readonly weight: number;
  /** Target neurons (undefined: all). */
  readonly indices: number[] | undefined;
  /** Target variable index. */
  readonly varIndex: number;
  /** Seed. */
  readonly seed: number;
  /** @param o target, num_input, freq, weight, indices, variable, seed */
  constructor(o: PoissonInputOptions) {
    if (typeof o !== 'object' || o === null) throw new TypeError('PoissonInput: expected options { target, num_input, freq, weight }');
    keysOk(o, ['target', 'num_input', 'freq', 'weight', 'indices', 'variable', 'seed'], 'PoissonInput');
    if (!(o.target instanceof Neuron)) throw new TypeError(`PoissonInput: target must be a brainpy neuron population, got ${describe(o.target)}`);
    if (!Number.isInteger(o.num_input) || o.num_input < 0) throw new RangeError(`PoissonInput: num_input must be a non-negative integer, got ${describe(o.num_input)}`);
    this.target = o.target;
    this.num_input = o.num_input;
    this.freq = toNumber(o.freq, 'Hz', 'PoissonInput.freq');
    if (!(this.freq >= 0) || !Number.isFinite(this.freq)) throw new RangeError(`PoissonInput: freq must be finite and >= 0 Hz, got ${this.freq}`);
    const vname = o.variable ?? 'V';
    const vars = o.target.info_.variables;
    this.varIndex = vars.findIndex((v) => v.name === vname);
    if (this.varIndex < 0) throw new TypeError(`PoissonInput: ${o.target.model} has no variable ${describe(vname)}; variables: ${vars.map((v) => v.name).join(', ')}`);
    this.weight = toNumber(o.weight, vars[this.varIndex]!.unit, 'PoissonInput.weight');
    this.indices = o.indices === undefined ? undefined : Array.from(o.indices);
    if (this.indices?.some((i) => !Number.isInteger(i) || i < 0 || i >= o.target.num)) throw new RangeError(`PoissonInput: indices must be in 0..${o.target.num - 1}`);
    this.seed = seedOf(o.seed, 'PoissonInput');
  }
}

function varIndex(pop: Neuron<ModelName, Precision>, name: unknown, what: string): number {
  const vars = pop.info_.variables;
  const i = typeof name === 'string' ? vars.findIndex((v) => v.name === name) : -1;
  if (i < 0) throw new TypeError(`${what}: ${pop.model} has no state ${describe(name)}; variables: ${vars.map((v) => v.name).join(', ')}`);
  return i;
}

function gapPops(pre: unknown, post: unknown, what: string): void {
  if (!(pre instanceof Neuron) || !(post instanceof Neuron)) throw new TypeError(`${what}: couples neuron populations, got ${describe(pre)} and ${describe(post)}`);
  if (pre.info_.inputUnit !== post.info_.inputUnit) throw new TypeError(`${what}: ${pre.model} (input ${pre.info_.inputUnit}) and ${post.model} (input ${post.info_.inputUnit}) take currents in different units`);
}

/**
 * brainpy.state's `SymmetryGapJunction(couples, states, conn, weight)`:
 * for each connection (j, i) of `conn`, `diff = w·(x_pre[j] − x_post[i])` of
 * the state `states` (default `'V'`) as it stands when the projections
 * update (the previous step's value) is a current input of post neuron `i`
 * and, negated, of pre neuron `j` (one-shot inputs, outside the exp-Euler
 * Jacobian). `couples` is one population or `[pre, post]`; `conn` a
 * connectivity rule (its own weight is ignored); `weight` one conductance or
 * one per connection (CSR order), in the model's conductance unit.
 */
export class SymmetryGapJunction extends Projection {
  /**
   * @param couples a population, or `[pre, post]`
   * @param states the coupled state (`'V'`) or `[pre_state, post_state]`
   * @param conn connectivity
   * @param weight conductance, one or one per connection
   */
  constructor(couples: Neuron<ModelName, Precision> | [Neuron<ModelName, Precision>, Neuron<ModelName, Precision>], states: string | [string, string], conn: Comm, weight: Weight) {
    const [pre, post] = Array.isArray(couples) ? couples : [couples, couples];
    gapPops(pre, post, 'SymmetryGapJunction');
    if (!conn || conn.kind !== 'comm') throw new TypeError(`SymmetryGapJunction: conn must be a connectivity (brainpy.AllToAll, FixedProb, …), got ${describe(conn)}`);
    super({ pre, post, comm: { ...conn, weight } } as unknown as ProjOptions, false, 'SymmetryGapJunction', 'gap');
    const [sp, sq] = Array.isArray(states) ? states : [states, states];
    this.gap_ = { vars: [varIndex(pre, sp, 'SymmetryGapJunction'), varIndex(post, sq, 'SymmetryGapJunction')], wPre: this.weights };
  }
}

/**
 * brainpy.state's `AsymmetryGapJunction(pre, pre_state, post, post_state,
 * conn, weight)`: as {@link SymmetryGapJunction} with two weights per
 * connection, `weight[..., 0]` for the current into the post neuron and
 * `weight[..., 1]` for the (negated) current into the pre neuron: one pair
 * `[w0, w1]`, or one pair per connection (an array of pairs, CSR order).
 */
export class AsymmetryGapJunction extends Projection {
  /**
   * @param pre presynaptic population
   * @param pre_state its coupled state (`'V'`)
   * @param post postsynaptic population
   * @param post_state its coupled state
   * @param conn connectivity
   * @param weight `[w_to_post, w_to_pre]` or one such pair per connection
   */
  constructor(pre: Neuron<ModelName, Precision>, pre_state: string, post: Neuron<ModelName, Precision>, post_state: string, conn: Comm, weight: ArrayLike<Scalar> | ArrayLike<ArrayLike<Scalar>>) {
    gapPops(pre, post, 'AsymmetryGapJunction');
    if (!conn || conn.kind !== 'comm') throw new TypeError(`AsymmetryGapJunction: conn must be a connectivity (brainpy.AllToAll, FixedProb, …), got ${describe(conn)}`);
    const w = Array.from(weight as ArrayLike<unknown>);
    const pairs = w.length > 0 && w.every((x) => (Array.isArray(x) || ArrayBuffer.isView(x)) && !isQuantity(x));
    if (!pairs && w.length !== 2) throw new TypeError('AsymmetryGapJunction: weight must be a pair [w_to_post, w_to_pre] or one pair per connection');
    const col = (c: number): Weight => (pairs ? (w as ArrayLike<Scalar>[]).map((p) => p[c] as number) : (w[c] as Scalar));
    super({ pre, post, comm: { ...conn, weight: col(0) } } as unknown as ProjOptions, false, 'AsymmetryGapJunction', 'gap');
    if (pairs && (w as ArrayLike<unknown>[]).some((p) => p.length !== 2)) throw new TypeError('AsymmetryGapJunction: every weight pair needs 2 values');
    const unit = COND_UNIT[post.info_.inputUnit] ?? '';
    const wPre = pairs ? Float64Array.from(w as ArrayLike<Scalar>[], (p, i) => toNumber(p[1], unit, `AsymmetryGapJunction weight[${i}][1]`)) : Float64Array.of(toNumber(w[1], unit, 'AsymmetryGapJunction weight[1]'));
    if (wPre.length !== 1 && wPre.length !== this.nnz) throw new TypeError(`AsymmetryGapJunction: ${wPre.length} weight pairs for ${this.nnz} connections`);
    if (wPre.some((x) => !Number.isFinite(x))) throw new RangeError('AsymmetryGapJunction: weights must be finite');
    this.gap_ = { vars: [varIndex(pre, pre_state, 'AsymmetryGapJunction'), varIndex(post, post_state, 'AsymmetryGapJunction')], wPre };
  }
}
