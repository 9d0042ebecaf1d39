/**
 * somata: fast, faithful point-neuron simulation for Node.js.
 *
 * - `neun`: Neun's vocabulary (`HHDoubleRK4`, `setParam / set / step`), sweeps.
 * - `brainpy`: BrainPy-style populations with brainpy.state semantics.
 * - `nest`: a NEST-compatible `Simulator`.
 * - `u`: physical units.
 */
export * as neun from './neun/index.js';
export * as brainpy from './brainpy/index.js';
export * as nest from './nest/index.js';
export * as plot from './plot/index.js';
export { u, Quantity } from './units.js';
export { NonFiniteStateError } from './errors.js';
