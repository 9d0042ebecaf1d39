/**
 * NEST's random parameters for connection weights and delays, named as
 * PyNEST names them: `nest.random.normal / lognormal / uniform / uniform_int /
 * exponential` and `nest.math.redraw / min / max`.
 *
 * ```ts
 * sim.connect(a, b, {
 *   weight: nest.random.normal({ mean: 1, std: 0.1 }),
 *   delay: nest.math.redraw(nest.random.normal({ mean: 1.5, std: 0.5 }), { min: 0.1, max: Infinity }),
 * });
 * ```
 *
 * Each connection gets its own draw from a stream keyed by (seed, connect
 * call, connection), so the values do not depend on the thread count. NEST's
 * own random numbers are not reproduced; the distributions are the same.
 */
import { describe, toNumber } from '../units.js';

/** A numeric argument: a plain number, or a quantity / string with a unit where the parameter has one. */
export type NumArg = number | string | { si: number };

/** One node of a parameter in prefix order, as the engine takes it. */
export interface DistNode {
  /** Kind. */
  kind: string;
  /** First number. */
  a: number;
  /** Second number. */
  b: number;
}

/** A NEST random parameter (PyNEST's `nest.Parameter`). Build one with {@link random} or {@link math}. */
export class Parameter {
  /** @internal */
  constructor(
    /** Kind: `normal`, `lognormal`, `uniform`, `uniform_int`, `exponential`, `redraw`, `min`, `max`. */
    readonly kind: string,
    /** Named arguments as given (numbers or quantities). */
    readonly args: Readonly<Record<string, NumArg>>,
    /** The wrapped parameter (`redraw`, `min`, `max`). */
    readonly inner?: Parameter,
  ) {}

  /** @internal Prefix-order nodes with numbers converted to `unit` (lognormal's mean/std are logarithms, unitless). */
  nodes(unit: string, what: string): DistNode[] {
    const n = (k: string, u = unit) => toNumber(this.args[k]!, u, `${what}: nest.${this.inner ? 'math' : 'random'}.${this.kind} ${k}`);
    switch (this.kind) {
      case 'normal':
        return [{ kind: 'normal', a: n('mean'), b: n('std') }];
      case 'lognormal':
        return [{ kind: 'lognormal', a: n('mean', ''), b: n('std', '') }];
      case 'uniform':
        return [{ kind: 'uniform', a: n('min'), b: n('max') }];
      case 'uniform_int':
        return [{ kind: 'uniform_int', a: n('max', ''), b: 0 }];
      case 'exponential':
        return [{ kind: 'exponential', a: n('beta'), b: 0 }];
      case 'redraw':
        return [{ kind: 'redraw', a: n('min'), b: n('max') }, ...this.inner!.nodes(unit, what)];
      case 'min':
      case 'max':
        return [{ kind: this.kind, a: n('value'), b: 0 }, ...this.inner!.nodes(unit, what)];
      default:
        throw new TypeError(`${what}: unknown random parameter ${describe(this.kind)}`);
    }
  }

  /** The PyNEST expression (`nest.random.normal(mean=1.0, std=0.1)`), numbers in `unit`. */
  toPython(unit = '', what = 'parameter'): string {
    return pyExpr(this.nodes(unit, what));
  }

  /** e.g. `nest.random.normal(mean=1, std=0.1)`. */
  toString(): string {
    const a = Object.entries(this.args).map(([k, v]) => `${k}=${typeof v === 'number' ? v : describe(v)}`);
    return this.inner ? `nest.math.${this.kind}(${this.inner}, ${a.join(', ')})` : `nest.random.${this.kind}(${a.join(', ')})`;
  }
}

function py(x: number): string {
  if (x === Infinity) return "float('inf')";
  if (x === -Infinity) return "float('-inf')";
  if (Number.isInteger(x) && Math.abs(x) < 1e16) return `${x}.0`;
  return String(x);
}

/** The PyNEST expression of prefix-order nodes. */
export function pyExpr(nodes: DistNode[]): string {
  let k = 0;
  const go = (): string => {
    const d = nodes[k++]!;
    switch (d.kind) {
      case 'normal':
      case 'lognormal':
        return `nest.random.${d.kind}(mean=${py(d.a)}, std=${py(d.b)})`;
      case 'uniform':
        return `nest.random.uniform(min=${py(d.a)}, max=${py(d.b)})`;
      case 'uniform_int':
        return `nest.random.uniform_int(${d.a})`;
      case 'exponential':
        return `nest.random.exponential(beta=${py(d.a)})`;
      case 'redraw': {
        const inner = go();
        return `nest.math.redraw(${inner}, min=${py(d.a)}, max=${py(d.b)})`;
      }
      case 'min':
      case 'max': {
        const inner = go();
        return `nest.math.${d.kind}(${inner}, ${py(d.a)})`;
      }
      default:
        return py(d.a);
    }
  };
  return go();
}

function obj<T extends string>(fn: string, a: unknown, names: readonly T[], defaults: Record<T, NumArg>, rest: unknown[]): Record<T, NumArg> {
  const out = { ...defaults };
  if (a !== null && typeof a === 'object' && !('si' in (a as object))) {
    for (const [k, v] of Object.entries(a as object)) {
      if (!(names as readonly string[]).includes(k)) throw new TypeError(`${fn} has no argument ${describe(k)}; valid: ${names.join(', ')}`);
      if (v !== undefined) out[k as T] = v as NumArg;
    }
    return out;
  }
  [a, ...rest].forEach((v, i) => {
    if (i >= names.length) throw new TypeError(`${fn} takes at most ${names.length} arguments (${names.join(', ')})`);
    if (v !== undefined) out[names[i]!] = v as NumArg;
  });
  return out;
}

/** `nest.random.*`: random parameters (PyNEST names, arguments and defaults). */
export const random = {
  /** Normal distribution: `normal({ mean = 0, std = 1 })` or `normal(mean, std)`; NEST requires std > 0. */
  normal(args?: { mean?: NumArg; std?: NumArg } | NumArg, std?: NumArg): Parameter {
    return new Parameter('normal', obj('nest.random.normal', args, ['mean', 'std'] as const, { mean: 0, std: 1 }, [std]));
  },
  /** Log-normal: e^X with X normal(mean, std) (the underlying normal's mean and std, as NEST); std > 0. */
  lognormal(args?: { mean?: number; std?: number } | number, std?: number): Parameter {
    return new Parameter('lognormal', obj('nest.random.lognormal', args, ['mean', 'std'] as const, { mean: 0, std: 1 }, [std]));
  },
  /** Uniform in [min, max): `uniform({ min = 0, max = 1 })` or `uniform(min, max)`; min < max. */
  uniform(args?: { min?: NumArg; max?: NumArg } | NumArg, max?: NumArg): Parameter {
    return new Parameter('uniform', obj('nest.random.uniform', args, ['min', 'max'] as const, { min: 0, max: 1 }, [max]));
  },
  /** Integers uniform in 0..max−1: `uniform_int({ max })` or `uniform_int(max)`. */
  uniform_int(args: { max: number } | number): Parameter {
    return new Parameter('uniform_int', obj('nest.random.uniform_int', args, ['max'] as const, { max: 1 }, []));
  },
  /** Exponential with scale (mean) beta: `exponential({ beta = 1 })` or `exponential(beta)`. */
  exponential(args?: { beta?: NumArg } | NumArg): Parameter {
    return new Parameter('exponential', obj('nest.random.exponential', args, ['beta'] as const, { beta: 1 }, []));
  },
};

function param(p: unknown, fn: string): Parameter {
  if (!(p instanceof Parameter)) throw new TypeError(`${fn}: the first argument must be a nest.random.* parameter, got ${describe(p)}`);
  return p;
}

/** `nest.math.*`: operations on random parameters (PyNEST names). */
export const math = {
  /** Draws `p` again until min ≤ x ≤ max (both included; at most 1000 draws, as NEST): `redraw(p, { min, max })` or `redraw(p, min, max)`. */
  redraw(p: Parameter, args: { min?: NumArg; max?: NumArg } | NumArg, max?: NumArg): Parameter {
    return new Parameter('redraw', obj('nest.math.redraw', args, ['min', 'max'] as const, { min: -Infinity, max: Infinity }, [max]), param(p, 'nest.math.redraw'));
  },
  /** min(x, value): clips draws of `p` from above. */
  min(p: Parameter, value: NumArg): Parameter {
    return new Parameter('min', { value }, param(p, 'nest.math.min'));
  },
  /** max(x, value): clips draws of `p` from below. */
  max(p: Parameter, value: NumArg): Parameter {
    return new Parameter('max', { value }, param(p, 'nest.math.max'));
  },
};
