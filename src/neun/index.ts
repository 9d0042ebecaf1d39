/**
 * The Neun vocabulary: one class per model × precision × integrator
 * (`HHDoubleRK4`, `HRFloatRK6`, `IzDoubleEuler`, `RulkovDoubleStepper`, …),
 * `<Model><Precision>ConstructorArgs`, `<Model><Precision>Variable` and
 * `<Model><Precision>Parameter` enums, synapses, the model directory and
 * parameter sweeps.
 *
 * ```ts
 * import { neun } from 'somata';
 * const n = new neun.HHDoubleRK4(new neun.HHDoubleConstructorArgs());
 * n.set(neun.HHDoubleVariable.v, -65);
 * n.addSynapticInput(0.1);
 * n.step(0.001);
 * ```
 */
import { constructorArgsClass, neuronClass, parameterEnum, variableEnum } from './neuron.js';
import { MODEL_NAMES, type ModelName } from './models.js';
import { native } from '../native.js';
import type { NeunModelInfo } from '../../native/binding.js';

export { NeunNeuron, NeunConstructorArgs, neuronClass } from './neuron.js';
export { NeunEnumMember, enumName, type EnumKind } from './enums.js';
export type { NeunRunOptions, NeunRunResult, NeunNeuronClass, VarRef, ParamRef, VariableEnum, ParameterEnum } from './neuron.js';
export { sweep, sweepAsync } from './sweep.js';
export type { SweepOptions, SweepResult, SweepProgress, SweepAsyncOptions } from './sweep.js';
export { NEUN_MODELS } from './models.js';
export type { ModelName, Precision, IntegratorName, VarName, ParamName } from './models.js';
export * from './synapses.js';
export * from './pair-synapses.js';
export type { NeunModelInfo };

/** Short names of the available neuron models (`['HH', 'HR', 'Iz', 'Rulkov', 'Matsuoka']`). Alias: `get_available_neurons`. */
export function availableNeurons(): ModelName[] {
  return [...MODEL_NAMES];
}

/** Variables, parameters (with defaults and units), equations and integrators of a model. Alias: `get_model_info`. */
export function modelInfo(name: ModelName): NeunModelInfo {
  const info = native.neunModels().find((m) => m.name === name);
  if (!info) throw new TypeError(`unknown Neun model '${String(name)}'; valid models: ${MODEL_NAMES.join(', ')}`);
  return info;
}

/** Alias of {@link availableNeurons} (neun_py spelling). */
export const get_available_neurons = availableNeurons;
/** Alias of {@link modelInfo} (neun_py spelling). */
export const get_model_info = modelInfo;

/** Constructor arguments of HH in double precision, filled with defaults. */
export const HHDoubleConstructorArgs = constructorArgsClass('HH', 'Double');
/** Variables of HH (Double). */
export const HHDoubleVariable = variableEnum('HH', 'Double');
/** Parameters of HH (Double). */
export const HHDoubleParameter = parameterEnum('HH', 'Double');
/** HH neuron, double precision, Euler integrator. */
export const HHDoubleEuler = neuronClass('HH', 'Double', 'Euler');
/** HH neuron, double precision, RK4 integrator. */
export const HHDoubleRK4 = neuronClass('HH', 'Double', 'RK4');
/** HH neuron, double precision, RK6 integrator. */
export const HHDoubleRK6 = neuronClass('HH', 'Double', 'RK6');

/** Constructor arguments of HH in float precision, filled with defaults. */
export const HHFloatConstructorArgs = constructorArgsClass('HH', 'Float');
/** Variables of HH (Float). */
export const HHFloatVariable = variableEnum('HH', 'Float');
/** Parameters of HH (Float). */
export const HHFloatParameter = parameterEnum('HH', 'Float');
/** HH neuron, float precision, Euler integrator. */
export const HHFloatEuler = neuronClass('HH', 'Float', 'Euler');
/** HH neuron, float precision, RK4 integrator. */
export const HHFloatRK4 = neuronClass('HH', 'Float', 'RK4');
/** HH neuron, float precision, RK6 integrator. */
export const HHFloatRK6 = neuronClass('HH', 'Float', 'RK6');

/** Constructor arguments of HR in double precision, filled with defaults. */
export const HRDoubleConstructorArgs = constructorArgsClass('HR', 'Double');
/** Variables of HR (Double). */
export const HRDoubleVariable = variableEnum('HR', 'Double');
/** Parameters of HR (Double). */
export const HRDoubleParameter = parameterEnum('HR', 'Double');
/** HR neuron, double precision, Euler integrator. */
export const HRDoubleEuler = neuronClass('HR', 'Double', 'Euler');
/** HR neuron, double precision, RK4 integrator. */
export const HRDoubleRK4 = neuronClass('HR', 'Double', 'RK4');
/** HR neuron, double precision, RK6 integrator. */
export const HRDoubleRK6 = neuronClass('HR', 'Double', 'RK6');

/** Constructor arguments of HR in float precision, filled with defaults. */
export const HRFloatConstructorArgs = constructorArgsClass('HR', 'Float');
/** Variables of HR (Float). */
export const HRFloatVariable = variableEnum('HR', 'Float');
/** Parameters of HR (Float). */
export const HRFloatParameter = parameterEnum('HR', 'Float');
/** HR neuron, float precision, Euler integrator. */
export const HRFloatEuler = neuronClass('HR', 'Float', 'Euler');
/** HR neuron, float precision, RK4 integrator. */
export const HRFloatRK4 = neuronClass('HR', 'Float', 'RK4');
/** HR neuron, float precision, RK6 integrator. */
export const HRFloatRK6 = neuronClass('HR', 'Float', 'RK6');

/** Constructor arguments of Iz in double precision, filled with defaults. */
export const IzDoubleConstructorArgs = constructorArgsClass('Iz', 'Double');
/** Variables of Iz (Double). */
export const IzDoubleVariable = variableEnum('Iz', 'Double');
/** Parameters of Iz (Double). */
export const IzDoubleParameter = parameterEnum('Iz', 'Double');
/** Iz neuron, double precision, Euler integrator. */
export const IzDoubleEuler = neuronClass('Iz', 'Double', 'Euler');
/** Iz neuron, double precision, RK4 integrator. */
export const IzDoubleRK4 = neuronClass('Iz', 'Double', 'RK4');
/** Iz neuron, double precision, RK6 integrator. */
export const IzDoubleRK6 = neuronClass('Iz', 'Double', 'RK6');

/** Constructor arguments of Iz in float precision, filled with defaults. */
export const IzFloatConstructorArgs = constructorArgsClass('Iz', 'Float');
/** Variables of Iz (Float). */
export const IzFloatVariable = variableEnum('Iz', 'Float');
/** Parameters of Iz (Float). */
export const IzFloatParameter = parameterEnum('Iz', 'Float');
/** Iz neuron, float precision, Euler integrator. */
export const IzFloatEuler = neuronClass('Iz', 'Float', 'Euler');
/** Iz neuron, float precision, RK4 integrator. */
export const IzFloatRK4 = neuronClass('Iz', 'Float', 'RK4');
/** Iz neuron, float precision, RK6 integrator. */
export const IzFloatRK6 = neuronClass('Iz', 'Float', 'RK6');

/** Constructor arguments of Rulkov in double precision, filled with defaults. */
export const RulkovDoubleConstructorArgs = constructorArgsClass('Rulkov', 'Double');
/** Variables of Rulkov (Double). */
export const RulkovDoubleVariable = variableEnum('Rulkov', 'Double');
/** Parameters of Rulkov (Double). */
export const RulkovDoubleParameter = parameterEnum('Rulkov', 'Double');
/** Rulkov neuron, double precision, Stepper integrator. */
export const RulkovDoubleStepper = neuronClass('Rulkov', 'Double', 'Stepper');

/** Constructor arguments of Rulkov in float precision, filled with defaults. */
export const RulkovFloatConstructorArgs = constructorArgsClass('Rulkov', 'Float');
/** Variables of Rulkov (Float). */
export const RulkovFloatVariable = variableEnum('Rulkov', 'Float');
/** Parameters of Rulkov (Float). */
export const RulkovFloatParameter = parameterEnum('Rulkov', 'Float');
/** Rulkov neuron, float precision, Stepper integrator. */
export const RulkovFloatStepper = neuronClass('Rulkov', 'Float', 'Stepper');

/** Constructor arguments of Matsuoka in double precision, filled with defaults. */
export const MatsuokaDoubleConstructorArgs = constructorArgsClass('Matsuoka', 'Double');
/** Variables of Matsuoka (Double). */
export const MatsuokaDoubleVariable = variableEnum('Matsuoka', 'Double');
/** Parameters of Matsuoka (Double). */
export const MatsuokaDoubleParameter = parameterEnum('Matsuoka', 'Double');
/** Matsuoka neuron, double precision, Euler integrator. */
export const MatsuokaDoubleEuler = neuronClass('Matsuoka', 'Double', 'Euler');
/** Matsuoka neuron, double precision, RK4 integrator. */
export const MatsuokaDoubleRK4 = neuronClass('Matsuoka', 'Double', 'RK4');
/** Matsuoka neuron, double precision, RK6 integrator. */
export const MatsuokaDoubleRK6 = neuronClass('Matsuoka', 'Double', 'RK6');

/** Constructor arguments of Matsuoka in float precision, filled with defaults. */
export const MatsuokaFloatConstructorArgs = constructorArgsClass('Matsuoka', 'Float');
/** Variables of Matsuoka (Float). */
export const MatsuokaFloatVariable = variableEnum('Matsuoka', 'Float');
/** Parameters of Matsuoka (Float). */
export const MatsuokaFloatParameter = parameterEnum('Matsuoka', 'Float');
/** Matsuoka neuron, float precision, Euler integrator. */
export const MatsuokaFloatEuler = neuronClass('Matsuoka', 'Float', 'Euler');
/** Matsuoka neuron, float precision, RK4 integrator. */
export const MatsuokaFloatRK4 = neuronClass('Matsuoka', 'Float', 'RK4');
/** Matsuoka neuron, float precision, RK6 integrator. */
export const MatsuokaFloatRK6 = neuronClass('Matsuoka', 'Float', 'RK6');
