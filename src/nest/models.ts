/**
 * The NEST model directory: which models exist, their parameters with
 * defaults and units, recordables and receptor types, as the engine reports
 * them.
 */
import { callNative } from '../errors.js';
import { native } from '../native.js';
import { describe } from '../units.js';

/** A parameter, state variable or recordable. */
export interface NestEntry {
  /** Name as NEST spells it. */
  name: string;
  /** Unit of plain numbers (NEST's: mV, ms, pA, pF, nS, Hz). */
  unit: string;
  /** Default value (parameters) or initial value (state). */
  value: number;
  /** One-line description. */
  doc: string;
}

/** What a model says about itself. */
export interface NestModelInfo {
  /** Model name (`iaf_psc_alpha`). */
  name: string;
  /** `neuron`, `recorder` or `stimulator`. */
  kind: 'neuron' | 'recorder' | 'stimulator';
  /** Family (`iaf_psc`), or the device kind. */
  family: string;
  /** Integration category (`B: exact analytic propagators`). */
  category: string;
  /** One-line description. */
  title: string;
  /** Parameters with NEST defaults and units. */
  parameters: NestEntry[];
  /** Settable state variables and their initial values. */
  state: NestEntry[];
  /** Variables a multimeter can record. */
  recordables: NestEntry[];
  /** Receptor types for spikes and currents. */
  receptors: string;
  /** Conventions and differences from NEST. */
  notes: string[];
}

let cache: Map<string, NestModelInfo> | undefined;
function directory(): Map<string, NestModelInfo> {
  if (!cache) {
    const list = callNative(() => native.nestModels()) as NestModelInfo[];
    cache = new Map(list.map((m) => [m.name, m]));
  }
  return cache;
}

/** Names of every model `Simulator.create` accepts (neurons, then devices). */
export function models(): string[] {
  return [...directory().keys()];
}

/** The directory entry of a model; unknown names throw a `TypeError` listing the valid ones. */
export function modelInfo(name: string): NestModelInfo {
  const m = directory().get(name);
  if (!m) throw new TypeError(`unknown NEST model ${describe(name)}; valid: ${models().join(', ')}`);
  return m;
}

/** Connection rules `connect` accepts. */
export function rules(): string[] {
  return callNative(() => native.nestRules())[0]!;
}

/** Synapse models `connect` accepts. */
export function synapseModels(): string[] {
  return callNative(() => native.nestRules())[1]!;
}

/** `iaf_psc_alpha`: LIF neuron with alpha-shaped PSCs (exact integration). */
export const iaf_psc_alpha = 'iaf_psc_alpha';
/** `iaf_psc_exp`: LIF neuron with exponential PSCs (exact integration). */
export const iaf_psc_exp = 'iaf_psc_exp';
/** `iaf_psc_delta`: LIF neuron with delta PSCs (voltage jumps). */
export const iaf_psc_delta = 'iaf_psc_delta';
/** `iaf_psc_exp_htum`: LIF neuron with exponential PSCs and absolute/total refractory periods. */
export const iaf_psc_exp_htum = 'iaf_psc_exp_htum';
/** `iaf_psc_exp_multisynapse`: LIF neuron with exponential PSCs on receptor ports 1..n (`tau_syn` array). */
export const iaf_psc_exp_multisynapse = 'iaf_psc_exp_multisynapse';
/** `iaf_psc_alpha_multisynapse`: LIF neuron with alpha PSCs on receptor ports 1..n (`tau_syn` array). */
export const iaf_psc_alpha_multisynapse = 'iaf_psc_alpha_multisynapse';
/** `parrot_neuron`: repeats incoming spikes (with multiplicities), ignoring weights. */
export const parrot_neuron = 'parrot_neuron';
/** `iaf_psc_alpha_ps`: LIF neuron with alpha PSCs and precise (off-grid) spike times. */
export const iaf_psc_alpha_ps = 'iaf_psc_alpha_ps';
/** `iaf_psc_exp_ps`: LIF neuron with exponential PSCs and precise (off-grid) spike times. */
export const iaf_psc_exp_ps = 'iaf_psc_exp_ps';
/** `iaf_psc_exp_ps_lossless`: `iaf_psc_exp_ps` with the lossless threshold-crossing test (Krishnan et al. 2018). */
export const iaf_psc_exp_ps_lossless = 'iaf_psc_exp_ps_lossless';
/** `iaf_psc_delta_ps`: LIF neuron with delta PSCs and precise (off-grid) spike times. */
export const iaf_psc_delta_ps = 'iaf_psc_delta_ps';
/** `parrot_neuron_ps`: repeats incoming spikes at their precise times (plus delay). */
export const parrot_neuron_ps = 'parrot_neuron_ps';
/** `poisson_generator_ps`: Poisson trains with dead time at precise (off-grid) times. */
export const poisson_generator_ps = 'poisson_generator_ps';
/** `ignore_and_fire`: fires at `rate` with `phase`, ignoring input. */
export const ignore_and_fire = 'ignore_and_fire';
/** `voltmeter`: records V_m of the neurons it is connected to. */
export const voltmeter = 'voltmeter';
/** `multimeter`: records `record_from` of the neurons it is connected to. */
export const multimeter = 'multimeter';
/** `spike_recorder`: records spikes of the neurons connected to it. */
export const spike_recorder = 'spike_recorder';
/** `dc_generator`: constant current. */
export const dc_generator = 'dc_generator';
/** `spike_generator`: spikes at given `spike_times` (ms, on the grid; off the grid with `precise_times` or `allow_offgrid_times`). */
export const spike_generator = 'spike_generator';
/** `poisson_generator`: one independent Poisson train per target. */
export const poisson_generator = 'poisson_generator';
