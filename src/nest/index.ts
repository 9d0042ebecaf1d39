/**
 * The NEST vocabulary: `Simulator` with `create / connect / simulate`, NEST
 * model and parameter names, devices and kernel timing.
 *
 * ```ts
 * const sim = new nest.Simulator({ dt: 0.1 });
 * const neuron = sim.create('iaf_psc_alpha', 1, { I_e: 376 });
 * const vm = sim.create('voltmeter');
 * sim.connect(vm, neuron);
 * const res = sim.simulate(1000);
 * res.trace(vm, 'V_m');
 * ```
 */
export { Simulator, NodeCollection, Connections, SimulationResult } from './simulator.js';
export type { SimulatorOptions, ConnectOptions, ParamValue, Params, RunProgress, RunAsyncOptions, SpikeEvents } from './simulator.js';
export { models, modelInfo, rules, synapseModels, iaf_psc_alpha, iaf_psc_exp, iaf_psc_delta, iaf_psc_exp_htum, iaf_psc_exp_multisynapse, iaf_psc_alpha_multisynapse, parrot_neuron, ignore_and_fire, iaf_psc_alpha_ps, iaf_psc_exp_ps, iaf_psc_exp_ps_lossless, iaf_psc_delta_ps, parrot_neuron_ps, poisson_generator_ps, voltmeter, multimeter, spike_recorder, dc_generator, poisson_generator, spike_generator } from './models.js';
export type { NestEntry, NestModelInfo } from './models.js';
export type { PyNestOptions } from './pynest.js';
export { random, math, Parameter } from './random.js';
export type { NumArg } from './random.js';
