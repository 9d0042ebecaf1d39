/**
 * Initialisers for state variables (brainpy's `braintools.init`): pass them
 * as `<var>_initializer` options, e.g.
 * `new brainpy.HH(100, { V_initializer: brainpy.init.Uniform(u.mV(-70), u.mV(-60)) })`.
 *
 * Random initialisers draw from one stream per neuron derived from the
 * population's `seed` and the neuron's index, so a neuron's initial value
 * does not depend on the population size or thread count. The numbers are
 * somata's (SplitMix64 streams), not JAX's: seeded runs are reproducible in
 * somata but do not reproduce brainpy.state's random draws.
 */
import type { Quantity } from '../units.js';

/** A value in the variable's unit: a number, a quantity or a string like `'-65 mV'`. */
export type Scalar = number | Quantity | string;

/** An initialiser specification. */
export type InitSpec =
  | { readonly kind: 'const'; readonly value: Scalar }
  | { readonly kind: 'uniform'; readonly low: Scalar; readonly high: Scalar }
  | { readonly kind: 'normal'; readonly mean: Scalar; readonly std: Scalar };

/** Every neuron starts at `value` (`braintools.init.Constant`). */
export function Constant(value: Scalar): InitSpec {
  return { kind: 'const', value };
}

/** Uniform on `[low, high)` per neuron (`braintools.init.Uniform`). */
export function Uniform(low: Scalar, high: Scalar): InitSpec {
  return { kind: 'uniform', low, high };
}

/** Normal with `mean` and standard deviation `std` per neuron (`braintools.init.Normal`). */
export function Normal(mean: Scalar, std: Scalar): InitSpec {
  return { kind: 'normal', mean, std };
}
