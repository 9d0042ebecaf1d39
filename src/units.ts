/**
 * Physical units (`u`): unit-carrying values that are dimension-checked and
 * converted once, at the API boundary.
 *
 * `u.mV(-65)` is a {@link Quantity}; `u.parse('376 pA')` reads a string. A
 * parameter documented in mV accepts `u.mV(-65)`, `u.V(-0.065)`,
 * `'-65 mV'` or the plain number `-65`; a quantity of another dimension is a
 * `TypeError` that names the parameter, the unit given and the unit expected.
 *
 * Dimensions are exponents of the SI base units (m, kg, s, A), so derived
 * units combine: `u.mul(u.ohm(1), u.A(2))` is 2 V.
 */

/** Exponents of m, kg, s, A. */
export type Dimension = readonly [m: number, kg: number, s: number, A: number];

/** A value with a unit, stored in SI base units. */
export class Quantity {
  /** @param si value in SI units of `dim` @param dim dimension @param unit the unit it was written in */
  constructor(
    readonly si: number,
    readonly dim: Dimension,
    readonly unit: string,
  ) {}

  /** The value expressed in `unit` (e.g. `q.to('mV')`); throws if dimensions differ. */
  to(unit: string): number {
    const def = lookup(unit);
    if (!sameDim(def.dim, this.dim)) {
      throw new TypeError(`cannot express ${this.toString()} in ${unit}: ${dimName(this.dim)} is not ${dimName(def.dim)}`);
    }
    return this.si / def.scale;
  }

  /** The value in the unit it was written in. */
  get value(): number {
    return this.si / lookup(this.unit).scale;
  }

  /** e.g. `"-65 mV"`. */
  toString(): string {
    return `${this.value} ${this.unit}`;
  }
}

interface UnitDef {
  scale: number;
  dim: Dimension;
}

const D = {
  none: [0, 0, 0, 0] as Dimension,
  V: [2, 1, -3, -1] as Dimension,
  A: [0, 0, 0, 1] as Dimension,
  ohm: [2, 1, -3, -2] as Dimension,
  S: [-2, -1, 3, 2] as Dimension,
  F: [-2, -1, 4, 2] as Dimension,
  s: [0, 0, 1, 0] as Dimension,
  Hz: [0, 0, -1, 0] as Dimension,
  m: [1, 0, 0, 0] as Dimension,
  m2: [2, 0, 0, 0] as Dimension,
};

const PREFIX: Record<string, number> = { G: 1e9, M: 1e6, k: 1e3, '': 1, c: 1e-2, m: 1e-3, u: 1e-6, 'µ': 1e-6, n: 1e-9, p: 1e-12, f: 1e-15 };

const UNITS: Record<string, UnitDef> = {};
function define(base: string, dim: Dimension, prefixes: string[], alias?: string): void {
  for (const p of prefixes) {
    UNITS[p + base] = { scale: PREFIX[p]!, dim };
    if (alias) UNITS[p + alias] = { scale: PREFIX[p]!, dim };
  }
}
define('V', D.V, ['', 'm', 'u', 'µ', 'k']);
define('A', D.A, ['', 'm', 'u', 'µ', 'n', 'p', 'f']);
define('ohm', D.ohm, ['', 'k', 'M', 'G'], 'Ω');
define('S', D.S, ['', 'm', 'u', 'µ', 'n', 'p']);
define('F', D.F, ['', 'm', 'u', 'µ', 'n', 'p', 'f']);
define('s', D.s, ['', 'm', 'u', 'µ']);
define('Hz', D.Hz, ['', 'k', 'M']);
define('m', D.m, ['', 'c', 'm', 'u', 'µ']);
UNITS['cm2'] = { scale: 1e-4, dim: D.m2 };
UNITS['um2'] = { scale: 1e-12, dim: D.m2 };
UNITS['m2'] = { scale: 1, dim: D.m2 };
UNITS['1'] = { scale: 1, dim: D.none };
UNITS[''] = { scale: 1, dim: D.none };

function lookup(unit: string): UnitDef {
  const d = UNITS[unit];
  if (d) return d;
  const compound = parseCompound(unit);
  if (compound) return compound;
  throw new TypeError(`unknown unit '${unit}'; known units: ${Object.keys(UNITS).filter(Boolean).join(', ')}, and products/ratios of them such as 'mS/cm2' or 'uF/cm2'`);
}

function parseCompound(unit: string): UnitDef | undefined {
  const m = /^([^/*]+)([/*])([^/*]+)$/.exec(unit.replace(/\s+/g, ''));
  if (!m) return undefined;
  const a = UNITS[m[1]!];
  const b = UNITS[m[3]!];
  if (!a || !b) return undefined;
  const sign = m[2] === '/' ? -1 : 1;
  return { scale: sign < 0 ? a.scale / b.scale : a.scale * b.scale, dim: a.dim.map((x, i) => x + sign * b.dim[i]!) as unknown as Dimension };
}

function sameDim(a: Dimension, b: Dimension): boolean {
  return a.every((x, i) => x === b[i]);
}

const DIM_NAMES: Array<[Dimension, string]> = [
  [D.V, 'voltage'],
  [D.A, 'current'],
  [D.ohm, 'resistance'],
  [D.S, 'conductance'],
  [D.F, 'capacitance'],
  [D.s, 'time'],
  [D.Hz, 'frequency'],
  [D.none, 'dimensionless'],
];

/** A readable name of a dimension (`voltage`, `current`, … or the exponents). */
export function dimName(d: Dimension): string {
  const hit = DIM_NAMES.find(([x]) => sameDim(x, d));
  return hit ? hit[1] : `m^${d[0]} kg^${d[1]} s^${d[2]} A^${d[3]}`;
}

/** Makes a quantity: `quantity(-65, 'mV')`. */
export function quantity(value: number, unit: string): Quantity {
  const def = lookup(unit);
  return new Quantity(value * def.scale, def.dim, unit);
}

/** Reads `'376 pA'`, `'-65mV'`, `'0.1 ms'`, `'1.2 mS/cm2'`. */
export function parse(text: string): Quantity {
  const m = /^\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*([^\s\d].*?)?\s*$/.exec(text);
  if (!m) throw new TypeError(`cannot read a quantity from '${text}' (expected a number and a unit, e.g. '376 pA')`);
  return quantity(Number(m[1]), m[2] ?? '');
}

/** `true` for a {@link Quantity}. */
export function isQuantity(x: unknown): x is Quantity {
  return x instanceof Quantity;
}

/** Product of two quantities (or a quantity and a number). */
export function mul(a: Quantity | number, b: Quantity | number): Quantity {
  const qa = typeof a === 'number' ? new Quantity(a, D.none, '') : a;
  const qb = typeof b === 'number' ? new Quantity(b, D.none, '') : b;
  return new Quantity(qa.si * qb.si, qa.dim.map((x, i) => x + qb.dim[i]!) as unknown as Dimension, '');
}

/**
 * Converts a user value to the number the engine expects in `unit`.
 * Plain numbers are taken to be in `unit` already; quantities and strings are
 * dimension-checked. `what` names the parameter for error messages.
 */
export function toNumber(x: unknown, unit: string, what: string): number {
  if (typeof x === 'number') return x;
  let q: Quantity;
  if (typeof x === 'string') q = parse(x);
  else if (isQuantity(x)) q = x;
  else throw new TypeError(`${what} must be a number (in ${unit || 'no unit'}) or a quantity, got ${describe(x)}`);
  const def = lookup(unit);
  if (!sameDim(def.dim, q.dim)) {
    throw new TypeError(`${what} was given in ${q.unit || dimName(q.dim)} (${dimName(q.dim)}) but expects ${unit || 'no unit'} (${dimName(def.dim)})`);
  }
  return q.si / def.scale;
}

/** Short description of a value for error messages. */
export function describe(x: unknown): string {
  if (x === null) return 'null';
  if (x === undefined) return 'undefined';
  if (Array.isArray(x)) return `an array of ${x.length}`;
  if (ArrayBuffer.isView(x)) return `a ${x.constructor.name}`;
  if (typeof x === 'object') return `an object (${(x as object).constructor?.name ?? 'Object'})`;
  return `${typeof x} ${String(x)}`;
}

const make = (unit: string) => (value: number) => quantity(value, unit);

/** The unit helpers: `u.mV(-65)`, `u.pA(376)`, `u.parse('376 pA')`, … */
export const u = {
  V: make('V'),
  mV: make('mV'),
  uV: make('uV'),
  A: make('A'),
  mA: make('mA'),
  uA: make('uA'),
  nA: make('nA'),
  pA: make('pA'),
  ohm: make('ohm'),
  kohm: make('kohm'),
  Mohm: make('Mohm'),
  Gohm: make('Gohm'),
  S: make('S'),
  mS: make('mS'),
  uS: make('uS'),
  nS: make('nS'),
  pS: make('pS'),
  F: make('F'),
  uF: make('uF'),
  nF: make('nF'),
  pF: make('pF'),
  s: make('s'),
  ms: make('ms'),
  us: make('us'),
  Hz: make('Hz'),
  kHz: make('kHz'),
  cm2: make('cm2'),
  quantity,
  parse,
  mul,
  isQuantity,
  toNumber,
  Quantity,
};
