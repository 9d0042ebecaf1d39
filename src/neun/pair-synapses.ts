/**
 * neun_py's per-pair synapse classes: `{ESyn|DSyn}{M1}{M2}{Float|Double}{RK4|RK6}`
 * for the nine ordered pairs of HH, HR and Iz (`ESynHHHHDoubleRK4`,
 * `DSynIzHRFloatRK6`, …). Each is an {@link ElectricalSynapsis} or
 * {@link DiffusionSynapsis} that accepts only neurons of its two classes
 * (`ESynHHIzDoubleRK4` joins an `HHDoubleRK4` to an `IzDoubleRK4`), as the
 * pybind11 templates of neun_py do. Unlike neun_py, the DSyn classes can be
 * constructed (neun_py never registers their argument type).
 */
import type { ModelName, Precision } from './models.js';
import type { NeunNeuron, VarRef } from './neuron.js';
import { DiffusionSynapsis, ElectricalSynapsis, type NeunSynapseConstructorArgs, type NeuronOf, type SynParamName } from './synapses.js';

/** The models neun_py pairs with synapses. */
type PairModel = Extract<ModelName, 'HH' | 'HR' | 'Iz'>;
/** The integrators neun_py exports. */
type PairIntegrator = 'RK4' | 'RK6';

/** The constructor of an `ESyn<M1><M2><P><I>` class. */
export interface ESynPairClass<M1 extends PairModel, M2 extends PairModel, P extends Precision> {
  new (n1: NeunNeuron<M1, P>, v1: VarRef<M1, P>, n2: NeunNeuron<M2, P>, v2: VarRef<M2, P>, g1: number, g2: number): ElectricalSynapsis<P>;
}

/** The constructor of a `DSyn<M1><M2><P><I>` class. */
export interface DSynPairClass<M1 extends PairModel, M2 extends PairModel, P extends Precision> {
  new (
    n1: NeunNeuron<M1, P>,
    v1: VarRef<M1, P>,
    n2: NeunNeuron<M2, P>,
    v2: VarRef<M2, P>,
    args?: NeunSynapseConstructorArgs<'DSyn', P> | Partial<Record<SynParamName<'DSyn'>, number>>,
    steps?: number,
  ): DiffusionSynapsis<P>;
}

/** Throws unless `n` is a neuron of class `<model><precision><integrator>`. */
function expectNeuron(cls: string, which: string, n: unknown, model: string, precision: string, integrator: string): void {
  const want = `${model}${precision}${integrator}`;
  const got = n as Partial<NeunNeuron<ModelName, Precision>> | null;
  const name = typeof got === 'object' && got !== null && typeof got.className === 'string' ? got.className : undefined;
  if (name !== want) throw new TypeError(`${cls}: ${which} must be a ${want}, got ${name ?? typeof n}`);
}

/** Makes `ESyn<M1><M2><P><I>`. */
function esynPair<M1 extends PairModel, M2 extends PairModel, P extends Precision>(m1: M1, m2: M2, precision: P, integrator: PairIntegrator): ESynPairClass<M1, M2, P> {
  const name = `ESyn${m1}${m2}${precision}${integrator}`;
  const cls = class extends ElectricalSynapsis<P> {
    constructor(n1: NeunNeuron<M1, P>, v1: VarRef<M1, P>, n2: NeunNeuron<M2, P>, v2: VarRef<M2, P>, g1: number, g2: number) {
      expectNeuron(name, 'n1', n1, m1, precision, integrator);
      expectNeuron(name, 'n2', n2, m2, precision, integrator);
      super(n1 as unknown as NeuronOf<P>, v1 as VarRef<ModelName, P>, n2 as unknown as NeuronOf<P>, v2 as VarRef<ModelName, P>, g1, g2);
    }
  };
  Object.defineProperty(cls, 'name', { value: name });
  return cls;
}

/** Makes `DSyn<M1><M2><P><I>` (the synapse's `r` uses the same integrator). */
function dsynPair<M1 extends PairModel, M2 extends PairModel, P extends Precision>(m1: M1, m2: M2, precision: P, integrator: PairIntegrator): DSynPairClass<M1, M2, P> {
  const name = `DSyn${m1}${m2}${precision}${integrator}`;
  const cls = class extends DiffusionSynapsis<P> {
    constructor(
      n1: NeunNeuron<M1, P>,
      v1: VarRef<M1, P>,
      n2: NeunNeuron<M2, P>,
      v2: VarRef<M2, P>,
      args?: NeunSynapseConstructorArgs<'DSyn', P> | Partial<Record<SynParamName<'DSyn'>, number>>,
      steps: number = 1,
    ) {
      expectNeuron(name, 'n1', n1, m1, precision, integrator);
      expectNeuron(name, 'n2', n2, m2, precision, integrator);
      super(n1 as unknown as NeuronOf<P>, v1 as VarRef<ModelName, P>, n2 as unknown as NeuronOf<P>, v2 as VarRef<ModelName, P>, args, steps, { integrator });
    }
  };
  Object.defineProperty(cls, 'name', { value: name });
  return cls;
}

/** neun_py's `ESynHHHHFloatRK4`: a ElectricalSynapsis from a `HHFloatRK4` to a `HHFloatRK4`. */
export const ESynHHHHFloatRK4 = esynPair('HH', 'HH', 'Float', 'RK4');
/** neun_py's `ESynHHHHFloatRK6`: a ElectricalSynapsis from a `HHFloatRK6` to a `HHFloatRK6`. */
export const ESynHHHHFloatRK6 = esynPair('HH', 'HH', 'Float', 'RK6');
/** neun_py's `ESynHHHHDoubleRK4`: a ElectricalSynapsis from a `HHDoubleRK4` to a `HHDoubleRK4`. */
export const ESynHHHHDoubleRK4 = esynPair('HH', 'HH', 'Double', 'RK4');
/** neun_py's `ESynHHHHDoubleRK6`: a ElectricalSynapsis from a `HHDoubleRK6` to a `HHDoubleRK6`. */
export const ESynHHHHDoubleRK6 = esynPair('HH', 'HH', 'Double', 'RK6');
/** neun_py's `ESynHHHRFloatRK4`: a ElectricalSynapsis from a `HHFloatRK4` to a `HRFloatRK4`. */
export const ESynHHHRFloatRK4 = esynPair('HH', 'HR', 'Float', 'RK4');
/** neun_py's `ESynHHHRFloatRK6`: a ElectricalSynapsis from a `HHFloatRK6` to a `HRFloatRK6`. */
export const ESynHHHRFloatRK6 = esynPair('HH', 'HR', 'Float', 'RK6');
/** neun_py's `ESynHHHRDoubleRK4`: a ElectricalSynapsis from a `HHDoubleRK4` to a `HRDoubleRK4`. */
export const ESynHHHRDoubleRK4 = esynPair('HH', 'HR', 'Double', 'RK4');
/** neun_py's `ESynHHHRDoubleRK6`: a ElectricalSynapsis from a `HHDoubleRK6` to a `HRDoubleRK6`. */
export const ESynHHHRDoubleRK6 = esynPair('HH', 'HR', 'Double', 'RK6');
/** neun_py's `ESynHHIzFloatRK4`: a ElectricalSynapsis from a `HHFloatRK4` to a `IzFloatRK4`. */
export const ESynHHIzFloatRK4 = esynPair('HH', 'Iz', 'Float', 'RK4');
/** neun_py's `ESynHHIzFloatRK6`: a ElectricalSynapsis from a `HHFloatRK6` to a `IzFloatRK6`. */
export const ESynHHIzFloatRK6 = esynPair('HH', 'Iz', 'Float', 'RK6');
/** neun_py's `ESynHHIzDoubleRK4`: a ElectricalSynapsis from a `HHDoubleRK4` to a `IzDoubleRK4`. */
export const ESynHHIzDoubleRK4 = esynPair('HH', 'Iz', 'Double', 'RK4');
/** neun_py's `ESynHHIzDoubleRK6`: a ElectricalSynapsis from a `HHDoubleRK6` to a `IzDoubleRK6`. */
export const ESynHHIzDoubleRK6 = esynPair('HH', 'Iz', 'Double', 'RK6');
/** neun_py's `ESynHRHHFloatRK4`: a ElectricalSynapsis from a `HRFloatRK4` to a `HHFloatRK4`. */
export const ESynHRHHFloatRK4 = esynPair('HR', 'HH', 'Float', 'RK4');
/** neun_py's `ESynHRHHFloatRK6`: a ElectricalSynapsis from a `HRFloatRK6` to a `HHFloatRK6`. */
export const ESynHRHHFloatRK6 = esynPair('HR', 'HH', 'Float', 'RK6');
/** neun_py's `ESynHRHHDoubleRK4`: a ElectricalSynapsis from a `HRDoubleRK4` to a `HHDoubleRK4`. */
export const ESynHRHHDoubleRK4 = esynPair('HR', 'HH', 'Double', 'RK4');
/** neun_py's `ESynHRHHDoubleRK6`: a ElectricalSynapsis from a `HRDoubleRK6` to a `HHDoubleRK6`. */
export const ESynHRHHDoubleRK6 = esynPair('HR', 'HH', 'Double', 'RK6');
/** neun_py's `ESynHRHRFloatRK4`: a ElectricalSynapsis from a `HRFloatRK4` to a `HRFloatRK4`. */
export const ESynHRHRFloatRK4 = esynPair('HR', 'HR', 'Float', 'RK4');
/** neun_py's `ESynHRHRFloatRK6`: a ElectricalSynapsis from a `HRFloatRK6` to a `HRFloatRK6`. */
export const ESynHRHRFloatRK6 = esynPair('HR', 'HR', 'Float', 'RK6');
/** neun_py's `ESynHRHRDoubleRK4`: a ElectricalSynapsis from a `HRDoubleRK4` to a `HRDoubleRK4`. */
export const ESynHRHRDoubleRK4 = esynPair('HR', 'HR', 'Double', 'RK4');
/** neun_py's `ESynHRHRDoubleRK6`: a ElectricalSynapsis from a `HRDoubleRK6` to a `HRDoubleRK6`. */
export const ESynHRHRDoubleRK6 = esynPair('HR', 'HR', 'Double', 'RK6');
/** neun_py's `ESynHRIzFloatRK4`: a ElectricalSynapsis from a `HRFloatRK4` to a `IzFloatRK4`. */
export const ESynHRIzFloatRK4 = esynPair('HR', 'Iz', 'Float', 'RK4');
/** neun_py's `ESynHRIzFloatRK6`: a ElectricalSynapsis from a `HRFloatRK6` to a `IzFloatRK6`. */
export const ESynHRIzFloatRK6 = esynPair('HR', 'Iz', 'Float', 'RK6');
/** neun_py's `ESynHRIzDoubleRK4`: a ElectricalSynapsis from a `HRDoubleRK4` to a `IzDoubleRK4`. */
export const ESynHRIzDoubleRK4 = esynPair('HR', 'Iz', 'Double', 'RK4');
/** neun_py's `ESynHRIzDoubleRK6`: a ElectricalSynapsis from a `HRDoubleRK6` to a `IzDoubleRK6`. */
export const ESynHRIzDoubleRK6 = esynPair('HR', 'Iz', 'Double', 'RK6');
/** neun_py's `ESynIzHHFloatRK4`: a ElectricalSynapsis from a `IzFloatRK4` to a `HHFloatRK4`. */
export const ESynIzHHFloatRK4 = esynPair('Iz', 'HH', 'Float', 'RK4');
/** neun_py's `ESynIzHHFloatRK6`: a ElectricalSynapsis from a `IzFloatRK6` to a `HHFloatRK6`. */
export const ESynIzHHFloatRK6 = esynPair('Iz', 'HH', 'Float', 'RK6');
/** neun_py's `ESynIzHHDoubleRK4`: a ElectricalSynapsis from a `IzDoubleRK4` to a `HHDoubleRK4`. */
export const ESynIzHHDoubleRK4 = esynPair('Iz', 'HH', 'Double', 'RK4');
/** neun_py's `ESynIzHHDoubleRK6`: a ElectricalSynapsis from a `IzDoubleRK6` to a `HHDoubleRK6`. */
export const ESynIzHHDoubleRK6 = esynPair('Iz', 'HH', 'Double', 'RK6');
/** neun_py's `ESynIzHRFloatRK4`: a ElectricalSynapsis from a `IzFloatRK4` to a `HRFloatRK4`. */
export const ESynIzHRFloatRK4 = esynPair('Iz', 'HR', 'Float', 'RK4');
/** neun_py's `ESynIzHRFloatRK6`: a ElectricalSynapsis from a `IzFloatRK6` to a `HRFloatRK6`. */
export const ESynIzHRFloatRK6 = esynPair('Iz', 'HR', 'Float', 'RK6');
/** neun_py's `ESynIzHRDoubleRK4`: a ElectricalSynapsis from a `IzDoubleRK4` to a `HRDoubleRK4`. */
export const ESynIzHRDoubleRK4 = esynPair('Iz', 'HR', 'Double', 'RK4');
/** neun_py's `ESynIzHRDoubleRK6`: a ElectricalSynapsis from a `IzDoubleRK6` to a `HRDoubleRK6`. */
export const ESynIzHRDoubleRK6 = esynPair('Iz', 'HR', 'Double', 'RK6');
/** neun_py's `ESynIzIzFloatRK4`: a ElectricalSynapsis from a `IzFloatRK4` to a `IzFloatRK4`. */
export const ESynIzIzFloatRK4 = esynPair('Iz', 'Iz', 'Float', 'RK4');
/** neun_py's `ESynIzIzFloatRK6`: a ElectricalSynapsis from a `IzFloatRK6` to a `IzFloatRK6`. */
export const ESynIzIzFloatRK6 = esynPair('Iz', 'Iz', 'Float', 'RK6');
/** neun_py's `ESynIzIzDoubleRK4`: a ElectricalSynapsis from a `IzDoubleRK4` to a `IzDoubleRK4`. */
export const ESynIzIzDoubleRK4 = esynPair('Iz', 'Iz', 'Double', 'RK4');
/** neun_py's `ESynIzIzDoubleRK6`: a ElectricalSynapsis from a `IzDoubleRK6` to a `IzDoubleRK6`. */
export const ESynIzIzDoubleRK6 = esynPair('Iz', 'Iz', 'Double', 'RK6');
/** neun_py's `DSynHHHHFloatRK4`: a DiffusionSynapsis from a `HHFloatRK4` to a `HHFloatRK4`. */
export const DSynHHHHFloatRK4 = dsynPair('HH', 'HH', 'Float', 'RK4');
/** neun_py's `DSynHHHHFloatRK6`: a DiffusionSynapsis from a `HHFloatRK6` to a `HHFloatRK6`. */
export const DSynHHHHFloatRK6 = dsynPair('HH', 'HH', 'Float', 'RK6');
/** neun_py's `DSynHHHHDoubleRK4`: a DiffusionSynapsis from a `HHDoubleRK4` to a `HHDoubleRK4`. */
export const DSynHHHHDoubleRK4 = dsynPair('HH', 'HH', 'Double', 'RK4');
/** neun_py's `DSynHHHHDoubleRK6`: a DiffusionSynapsis from a `HHDoubleRK6` to a `HHDoubleRK6`. */
export const DSynHHHHDoubleRK6 = dsynPair('HH', 'HH', 'Double', 'RK6');
/** neun_py's `DSynHHHRFloatRK4`: a DiffusionSynapsis from a `HHFloatRK4` to a `HRFloatRK4`. */
export const DSynHHHRFloatRK4 = dsynPair('HH', 'HR', 'Float', 'RK4');
/** neun_py's `DSynHHHRFloatRK6`: a DiffusionSynapsis from a `HHFloatRK6` to a `HRFloatRK6`. */
export const DSynHHHRFloatRK6 = dsynPair('HH', 'HR', 'Float', 'RK6');
/** neun_py's `DSynHHHRDoubleRK4`: a DiffusionSynapsis from a `HHDoubleRK4` to a `HRDoubleRK4`. */
export const DSynHHHRDoubleRK4 = dsynPair('HH', 'HR', 'Double', 'RK4');
/** neun_py's `DSynHHHRDoubleRK6`: a DiffusionSynapsis from a `HHDoubleRK6` to a `HRDoubleRK6`. */
export const DSynHHHRDoubleRK6 = dsynPair('HH', 'HR', 'Double', 'RK6');
/** neun_py's `DSynHHIzFloatRK4`: a DiffusionSynapsis from a `HHFloatRK4` to a `IzFloatRK4`. */
export const DSynHHIzFloatRK4 = dsynPair('HH', 'Iz', 'Float', 'RK4');
/** neun_py's `DSynHHIzFloatRK6`: a DiffusionSynapsis from a `HHFloatRK6` to a `IzFloatRK6`. */
export const DSynHHIzFloatRK6 = dsynPair('HH', 'Iz', 'Float', 'RK6');
/** neun_py's `DSynHHIzDoubleRK4`: a DiffusionSynapsis from a `HHDoubleRK4` to a `IzDoubleRK4`. */
export const DSynHHIzDoubleRK4 = dsynPair('HH', 'Iz', 'Double', 'RK4');
/** neun_py's `DSynHHIzDoubleRK6`: a DiffusionSynapsis from a `HHDoubleRK6` to a `IzDoubleRK6`. */
export const DSynHHIzDoubleRK6 = dsynPair('HH', 'Iz', 'Double', 'RK6');
/** neun_py's `DSynHRHHFloatRK4`: a DiffusionSynapsis from a `HRFloatRK4` to a `HHFloatRK4`. */
export const DSynHRHHFloatRK4 = dsynPair('HR', 'HH', 'Float', 'RK4');
/** neun_py's `DSynHRHHFloatRK6`: a DiffusionSynapsis from a `HRFloatRK6` to a `HHFloatRK6`. */
export const DSynHRHHFloatRK6 = dsynPair('HR', 'HH', 'Float', 'RK6');
/** neun_py's `DSynHRHHDoubleRK4`: a DiffusionSynapsis from a `HRDoubleRK4` to a `HHDoubleRK4`. */
export const DSynHRHHDoubleRK4 = dsynPair('HR', 'HH', 'Double', 'RK4');
/** neun_py's `DSynHRHHDoubleRK6`: a DiffusionSynapsis from a `HRDoubleRK6` to a `HHDoubleRK6`. */
export const DSynHRHHDoubleRK6 = dsynPair('HR', 'HH', 'Double', 'RK6');
/** neun_py's `DSynHRHRFloatRK4`: a DiffusionSynapsis from a `HRFloatRK4` to a `HRFloatRK4`. */
export const DSynHRHRFloatRK4 = dsynPair('HR', 'HR', 'Float', 'RK4');
/** neun_py's `DSynHRHRFloatRK6`: a DiffusionSynapsis from a `HRFloatRK6` to a `HRFloatRK6`. */
export const DSynHRHRFloatRK6 = dsynPair('HR', 'HR', 'Float', 'RK6');
/** neun_py's `DSynHRHRDoubleRK4`: a DiffusionSynapsis from a `HRDoubleRK4` to a `HRDoubleRK4`. */
export const DSynHRHRDoubleRK4 = dsynPair('HR', 'HR', 'Double', 'RK4');
/** neun_py's `DSynHRHRDoubleRK6`: a DiffusionSynapsis from a `HRDoubleRK6` to a `HRDoubleRK6`. */
export const DSynHRHRDoubleRK6 = dsynPair('HR', 'HR', 'Double', 'RK6');
/** neun_py's `DSynHRIzFloatRK4`: a DiffusionSynapsis from a `HRFloatRK4` to a `IzFloatRK4`. */
export const DSynHRIzFloatRK4 = dsynPair('HR', 'Iz', 'Float', 'RK4');
/** neun_py's `DSynHRIzFloatRK6`: a DiffusionSynapsis from a `HRFloatRK6` to a `IzFloatRK6`. */
export const DSynHRIzFloatRK6 = dsynPair('HR', 'Iz', 'Float', 'RK6');
/** neun_py's `DSynHRIzDoubleRK4`: a DiffusionSynapsis from a `HRDoubleRK4` to a `IzDoubleRK4`. */
export const DSynHRIzDoubleRK4 = dsynPair('HR', 'Iz', 'Double', 'RK4');
/** neun_py's `DSynHRIzDoubleRK6`: a DiffusionSynapsis from a `HRDoubleRK6` to a `IzDoubleRK6`. */
export const DSynHRIzDoubleRK6 = dsynPair('HR', 'Iz', 'Double', 'RK6');
/** neun_py's `DSynIzHHFloatRK4`: a DiffusionSynapsis from a `IzFloatRK4` to a `HHFloatRK4`. */
export const DSynIzHHFloatRK4 = dsynPair('Iz', 'HH', 'Float', 'RK4');
/** neun_py's `DSynIzHHFloatRK6`: a DiffusionSynapsis from a `IzFloatRK6` to a `HHFloatRK6`. */
export const DSynIzHHFloatRK6 = dsynPair('Iz', 'HH', 'Float', 'RK6');
/** neun_py's `DSynIzHHDoubleRK4`: a DiffusionSynapsis from a `IzDoubleRK4` to a `HHDoubleRK4`. */
export const DSynIzHHDoubleRK4 = dsynPair('Iz', 'HH', 'Double', 'RK4');
/** neun_py's `DSynIzHHDoubleRK6`: a DiffusionSynapsis from a `IzDoubleRK6` to a `HHDoubleRK6`. */
export const DSynIzHHDoubleRK6 = dsynPair('Iz', 'HH', 'Double', 'RK6');
/** neun_py's `DSynIzHRFloatRK4`: a DiffusionSynapsis from a `IzFloatRK4` to a `HRFloatRK4`. */
export const DSynIzHRFloatRK4 = dsynPair('Iz', 'HR', 'Float', 'RK4');
/** neun_py's `DSynIzHRFloatRK6`: a DiffusionSynapsis from a `IzFloatRK6` to a `HRFloatRK6`. */
export const DSynIzHRFloatRK6 = dsynPair('Iz', 'HR', 'Float', 'RK6');
/** neun_py's `DSynIzHRDoubleRK4`: a DiffusionSynapsis from a `IzDoubleRK4` to a `HRDoubleRK4`. */
export const DSynIzHRDoubleRK4 = dsynPair('Iz', 'HR', 'Double', 'RK4');
/** neun_py's `DSynIzHRDoubleRK6`: a DiffusionSynapsis from a `IzDoubleRK6` to a `HRDoubleRK6`. */
export const DSynIzHRDoubleRK6 = dsynPair('Iz', 'HR', 'Double', 'RK6');
/** neun_py's `DSynIzIzFloatRK4`: a DiffusionSynapsis from a `IzFloatRK4` to a `IzFloatRK4`. */
export const DSynIzIzFloatRK4 = dsynPair('Iz', 'Iz', 'Float', 'RK4');
/** neun_py's `DSynIzIzFloatRK6`: a DiffusionSynapsis from a `IzFloatRK6` to a `IzFloatRK6`. */
export const DSynIzIzFloatRK6 = dsynPair('Iz', 'Iz', 'Float', 'RK6');
/** neun_py's `DSynIzIzDoubleRK4`: a DiffusionSynapsis from a `IzDoubleRK4` to a `IzDoubleRK4`. */
export const DSynIzIzDoubleRK4 = dsynPair('Iz', 'Iz', 'Double', 'RK4');
/** neun_py's `DSynIzIzDoubleRK6`: a DiffusionSynapsis from a `IzDoubleRK6` to a `IzDoubleRK6`. */
export const DSynIzIzDoubleRK6 = dsynPair('Iz', 'Iz', 'Double', 'RK6');
