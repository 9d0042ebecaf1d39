/**
 * Neun's `<Owner><Precision>Variable` / `…Parameter` enums, written once for
 * neuron models (`HHDoubleVariable.v`) and synapses
 * (`ESynDoubleVariable.i1`): the member class, the enum factory and the
 * lookup that turns a member, index or name into an index.
 */
import { describe } from '../units.js';
import type { Precision } from './models.js';

/** Which enum a member belongs to. */
export type EnumKind = 'variable' | 'parameter';

/**
 * A member of a `<Owner><Precision>Variable` or `…Parameter` enum. The owner
 * is a neuron model name (`HH`) or a synapse name (`ESyn`).
 */
export class NeunEnumMember<O extends string = string, P extends Precision = Precision, K extends EnumKind = EnumKind, N extends string = string> {
  /** @internal */
  constructor(
    /** The neuron model or synapse the enum belongs to. */
    readonly owner: O,
    /** `Double` or `Float`. */
    readonly precision: P,
    /** `variable` or `parameter`. */
    readonly kind: K,
    /** The member's name. */
    readonly name: N,
    /** The member's index. */
    readonly index: number,
  ) {
    Object.freeze(this);
  }
  /** The neuron model of a neuron enum member (the same as `owner`). */
  get model(): O {
    return this.owner;
  }
  /** The synapse of a synapse enum member (the same as `owner`). */
  get synapse(): O {
    return this.owner;
  }
  /** The enum's name, e.g. `HHDoubleVariable`. */
  get enumName(): string {
    return enumName(this.owner, this.precision, this.kind);
  }
  /** The index, so members also work where a number is expected. */
  valueOf(): number {
    return this.index;
  }
  /** e.g. `HHDoubleVariable.v`. */
  toString(): string {
    return `${this.enumName}.${this.name}`;
  }
}

/** The name of an enum: `<Owner><Precision>Variable` or `…Parameter`. */
export function enumName(owner: string, precision: Precision, kind: EnumKind): string {
  return `${owner}${precision}${kind === 'variable' ? 'Variable' : 'Parameter'}`;
}

/** A frozen enum object with one member per name, indexed in order. */
export function makeEnum<O extends string, P extends Precision, K extends EnumKind>(owner: O, precision: P, kind: K, names: readonly string[]): Readonly<Record<string, NeunEnumMember<O, P, K>>> {
  const e: Record<string, NeunEnumMember<O, P, K>> = {};
  names.forEach((n, i) => (e[n] = new NeunEnumMember(owner, precision, kind, n, i)));
  return Object.freeze(e);
}

/**
 * The index of `ref` (a member of the owner's enum of this kind and
 * precision, an index, or a name) among `names`; a clear TypeError
 * otherwise, naming `className` and listing the valid members.
 */
export function enumIndex(ref: unknown, owner: string, precision: Precision, kind: EnumKind, names: readonly string[], className: string): number {
  const en = enumName(owner, precision, kind);
  if (ref instanceof NeunEnumMember) {
    if (ref.owner === owner && ref.precision === precision && ref.kind === kind) return ref.index;
    throw new TypeError(`${className} expects a ${en} member, got ${ref.toString()}`);
  }
  if (typeof ref === 'number' && Number.isInteger(ref) && ref >= 0 && ref < names.length) return ref;
  if (typeof ref === 'string' && names.includes(ref)) return names.indexOf(ref);
  throw new TypeError(`${className}: ${describe(ref)} is not a ${kind} of ${owner}; valid: ${names.map((n) => `${en}.${n}`).join(', ')}`);
}
