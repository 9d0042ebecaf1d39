/**
 * Static names of the Neun models, for TypeScript types. The engine's own
 * directory (`modelInfo`) carries units, defaults and equations; at load time
 * the two are checked to agree.
 */

/** Variable and parameter names of each Neun model, in enum (storage) order. */
export const NEUN_MODELS = {
  HH: { vars: ['v', 'h', 'm', 'n'], params: ['cm', 'vna', 'vk', 'vl', 'gna', 'gk', 'gl'], integrators: ['Euler', 'RK4', 'RK6'] },
  HR: { vars: ['x', 'y', 'z'], params: ['e', 'mu', 'S', 'a', 'b', 'c', 'd', 'xr', 'vh'], integrators: ['Euler', 'RK4', 'RK6'] },
  Iz: { vars: ['v', 'u'], params: ['a', 'b', 'c', 'd', 'threshold'], integrators: ['Euler', 'RK4', 'RK6'] },
  Rulkov: { vars: ['x', 'y'], params: ['alpha', 'mu', 'sigma', 'betae', 'sigmae'], integrators: ['Stepper'] },
  Matsuoka: { vars: ['x', 'v'], params: ['beta', 't1', 't2', 'c'], integrators: ['Euler', 'RK4', 'RK6'] },
} as const;

/** A Neun model short name. */
export type ModelName = keyof typeof NEUN_MODELS;
/** `'Float'` (f32) or `'Double'` (f64). */
export type Precision = 'Float' | 'Double';
/** An integrator name. */
export type IntegratorName = 'Euler' | 'RK4' | 'RK6' | 'Stepper';
/** Variable names of model `M`. */
export type VarName<M extends ModelName> = (typeof NEUN_MODELS)[M]['vars'][number];
/** Parameter names of model `M`. */
export type ParamName<M extends ModelName> = (typeof NEUN_MODELS)[M]['params'][number];
/** The typed array of a precision. */
export type ArrayOf<P extends Precision> = P extends 'Float' ? Float32Array : Float64Array;

/** The model short names in engine order. */
export const MODEL_NAMES = Object.keys(NEUN_MODELS) as ModelName[];
/** The integrator names in engine order. */
export const INTEGRATOR_NAMES: readonly IntegratorName[] = ['Euler', 'RK4', 'RK6', 'Stepper'];
