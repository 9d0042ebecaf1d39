/**
 * The BrainPy-style model table as types: parameter and variable names of
 * every model, spelled as brainpy.state spells them. Units, defaults and
 * equations come from the native directory (`brainpy.modelInfo(name)`); a
 * test checks that this table and the native one agree.
 */

/** Parameter and state-variable names of every model, in storage order. */
export const MODELS = {
  IF: { params: ['R', 'tau', 'V_th'], vars: ['V'] },
  LIF: { params: ['R', 'tau', 'V_th', 'V_reset', 'V_rest'], vars: ['V'] },
  LIFRef: { params: ['R', 'tau', 'tau_ref', 'V_th', 'V_reset', 'V_rest'], vars: ['V', 'last_spike_time'] },
  ALIF: { params: ['R', 'tau', 'tau_a', 'V_th', 'V_reset', 'V_rest', 'beta'], vars: ['V', 'a'] },
  ExpIF: { params: ['R', 'tau', 'V_th', 'V_reset', 'V_rest', 'V_T', 'delta_T'], vars: ['V'] },
  ExpIFRef: { params: ['R', 'tau', 'tau_ref', 'V_th', 'V_reset', 'V_rest', 'V_T', 'delta_T'], vars: ['V', 'last_spike_time', 'refractory'] },
  AdExIF: { params: ['R', 'tau', 'tau_w', 'V_th', 'V_reset', 'V_rest', 'V_T', 'delta_T', 'a', 'b'], vars: ['V', 'w'] },
  AdExIFRef: { params: ['R', 'tau', 'tau_w', 'tau_ref', 'V_th', 'V_reset', 'V_rest', 'V_T', 'delta_T', 'a', 'b'], vars: ['V', 'w', 'last_spike_time', 'refractory'] },
  QuaIF: { params: ['R', 'tau', 'V_th', 'V_reset', 'V_rest', 'V_c', 'c'], vars: ['V'] },
  AdQuaIF: { params: ['R', 'tau', 'tau_w', 'V_th', 'V_reset', 'V_rest', 'V_c', 'c', 'a', 'b'], vars: ['V', 'w'] },
  AdQuaIFRef: { params: ['R', 'tau', 'tau_w', 'tau_ref', 'V_th', 'V_reset', 'V_rest', 'V_c', 'c', 'a', 'b'], vars: ['V', 'w', 'last_spike_time', 'refractory'] },
  Gif: { params: ['R', 'tau', 'V_rest', 'V_reset', 'V_th_inf', 'V_th_reset', 'a', 'b', 'k1', 'k2', 'R1', 'R2', 'A1', 'A2'], vars: ['V', 'I1', 'I2', 'V_th'] },
  GifRef: {
    params: ['R', 'tau', 'tau_ref', 'V_rest', 'V_reset', 'V_th_inf', 'V_th_reset', 'a', 'b', 'k1', 'k2', 'R1', 'R2', 'A1', 'A2'],
    vars: ['V', 'I1', 'I2', 'V_th', 'last_spike_time', 'refractory'],
  },
  Izhikevich: { params: ['a', 'b', 'c', 'd', 'V_th'], vars: ['V', 'u'] },
  IzhikevichRef: { params: ['a', 'b', 'c', 'd', 'V_th', 'tau_ref'], vars: ['V', 'u', 'last_spike_time', 'refractory'] },
  HH: { params: ['ENa', 'gNa', 'EK', 'gK', 'EL', 'gL', 'V_th', 'C'], vars: ['V', 'm', 'h', 'n'] },
  WangBuzsakiHH: { params: ['ENa', 'gNa', 'EK', 'gK', 'EL', 'gL', 'V_th', 'phi', 'C'], vars: ['V', 'h', 'n'] },
  MorrisLecar: { params: ['V_Ca', 'g_Ca', 'V_K', 'g_K', 'V_leak', 'g_leak', 'C', 'V1', 'V2', 'V3', 'V4', 'phi', 'V_th'], vars: ['V', 'W'] },
  FitzHughNagumo: { params: ['a', 'b', 'tau', 'tau_w', 'V_th'], vars: ['V', 'w'] },
  HindmarshRose: { params: ['a', 'b', 'c', 'd', 'r', 's', 'V_r', 'tau', 'V_th'], vars: ['V', 'y', 'z'] },
  CubaLIF: { params: ['R', 'tau', 'tau_syn', 'V_th', 'V_reset', 'V_rest'], vars: ['V', 'g'] },
  CobaLIF: { params: ['R', 'tau', 'tau_syn', 'E', 'V_th', 'V_reset', 'V_rest'], vars: ['V', 'g'] },
} as const;

/** A model name (`'LIF'`, `'LIFRef'`, `'HH'`, …). */
export type ModelName = keyof typeof MODELS;
/** The parameter names of model `M`. */
export type ParamName<M extends ModelName> = (typeof MODELS)[M]['params'][number];
/** The state-variable names of model `M`. */
export type VarName<M extends ModelName> = (typeof MODELS)[M]['vars'][number];
/** Variables that have an upstream `<name>_initializer` (all but the bookkeeping ones). */
export type InitVarName<M extends ModelName> = Exclude<VarName<M>, 'last_spike_time' | 'refractory'>;
/** Every model name, in documentation order. */
export const MODEL_NAMES = Object.keys(MODELS) as ModelName[];
