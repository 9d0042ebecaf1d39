/**
 * The BrainPy vocabulary (brainpy.state semantics): neuron populations with
 * physical units, one step from JS, and whole rollouts in one native call.
 *
 * ```ts
 * const neuron = new brainpy.LIFRef(1, { R: u.ohm(1), tau: u.ms(20), V_rest: u.mV(-60),
 *   V_th: u.mV(-50), V_reset: u.mV(-60), tau_ref: u.ms(5) });
 * const r = brainpy.run(neuron, { duration: u.ms(200), dt: u.ms(0.1), input: u.mA(25) });
 * ```
 */
import { makeModel } from './neuron.js';

export { Neuron, initAllStates, modelInfo, conductanceInput, type ConductanceInput, type NeuronOf, type NeuronClass, type NeuronOptions, type CommonOptions, type ParamValue, type Initializer, type Precision, type ArrayOf, type UpdateOptions } from './neuron.js';
export { type RunOptions, type RunResult, type RunInput, type RunProgress, type RunAsyncOptions } from './run.js';
export { MODELS, MODEL_NAMES, type ModelName, type ParamName, type VarName } from './models.js';
export * as init from './init.js';
export { Expon, DualExpon, Alpha, AMPA, GABAa, BioNMDA, STP, STD, COBA, CUBA, MgBlock, synapseResponse, elementResponse, type ResponseOptions, type ElementResponseOptions, type ElementResponse, type SynapseSpec, type SynapseModel, type PlasticitySpec, type PlasticityModel, type PlasticityClass, type OutputSpec, type ExponOptions, type DualExponOptions, type AlphaOptions, type KineticOptions, type BioNMDAOptions, type STPOptions, type STDOptions, type COBAOptions, type CUBAOptions, type MgBlockOptions } from './synapses.js';
export { EventFixedProb, FixedProb, FixedPreNum, AllToAll, OneToOne, PoissonSpike, PoissonInput, Projection, AlignPostProj, AlignPreProj, align_pre_projection, align_post_projection, CurrentProj, DeltaProj, SymmetryGapJunction, AsymmetryGapJunction, PopView, slice, type Pre, type Comm, type CommOptions, type Weight, type Source, type ProjOptions, type CurrentProjOptions, type DeltaProjOptions, type PoissonSpikeOptions, type PoissonInputOptions } from './projection.js';
export { Network, run, runAsync, type NetRunOptions, type NetRunResult, type NetRecord, type SpikeList, type NetRunProgress } from './network.js';

/** Integrate-and-fire (no leak to a resting potential). Input mA, R in ohm. */
export const IF = makeModel('IF');
/** Leaky integrate-and-fire. Input mA, R in ohm. */
export const LIF = makeModel('LIF');
/** Leaky integrate-and-fire with refractory period. Input mA. */
export const LIFRef = makeModel('LIFRef');
/** Adaptive leaky integrate-and-fire (threshold `V_th + beta·a`). Input mA. */
export const ALIF = makeModel('ALIF');
/** Exponential integrate-and-fire. Input mA. */
export const ExpIF = makeModel('ExpIF');
/** Exponential integrate-and-fire with refractory period. Input mA. */
export const ExpIFRef = makeModel('ExpIFRef');
/** Adaptive exponential integrate-and-fire. Input mA. */
export const AdExIF = makeModel('AdExIF');
/** Adaptive exponential integrate-and-fire with refractory period. Input mA. */
export const AdExIFRef = makeModel('AdExIFRef');
/** Quadratic integrate-and-fire. Input mA. */
export const QuaIF = makeModel('QuaIF');
/** Adaptive quadratic integrate-and-fire. Input mA. */
export const AdQuaIF = makeModel('AdQuaIF');
/** Adaptive quadratic integrate-and-fire with refractory period. Input mA. */
export const AdQuaIFRef = makeModel('AdQuaIFRef');
/** Generalized integrate-and-fire (Mihalaş–Niebur). Input mA. */
export const Gif = makeModel('Gif');
/** Generalized integrate-and-fire with refractory period. Input mA. */
export const GifRef = makeModel('GifRef');
/** Izhikevich model (exponential Euler, as brainpy.state). Input mV/ms. */
export const Izhikevich = makeModel('Izhikevich');
/** Izhikevich model with refractory period. Input mV/ms. */
export const IzhikevichRef = makeModel('IzhikevichRef');
/** Hodgkin–Huxley. Input µA, conductances mS, capacitance µF; rising-edge spikes. */
export const HH = makeModel('HH');
/** Wang–Buzsáki interneuron. Input µA; rising-edge spikes. */
export const WangBuzsakiHH = makeModel('WangBuzsakiHH');
/** Morris–Lecar. Input µA; rising-edge spikes. */
export const MorrisLecar = makeModel('MorrisLecar');
/** FitzHugh–Nagumo (dimensionless). Rising-edge spikes. */
export const FitzHughNagumo = makeModel('FitzHughNagumo');
/** Hindmarsh–Rose (dimensionless). Rising-edge spikes. */
export const HindmarshRose = makeModel('HindmarshRose');
/** LIF with a current-based exponential synapse (delta inputs drive `g`, mA). */
export const CubaLIF = makeModel('CubaLIF');
/** LIF with a conductance-based exponential synapse (delta inputs drive `g`, S). */
export const CobaLIF = makeModel('CobaLIF');
