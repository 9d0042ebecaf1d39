/**
 * Export of a `nest.Simulator` network as a runnable PyNEST 3.10 script
 * (`sim.toPyNEST(path?)`): kernel settings, every node with its model and
 * parameters (per-neuron values included), connections as explicit edge
 * lists (or, on request, the seeded rules themselves), recorders, one
 * `Simulate(T)`, and the recorded events saved to a JSON or `.npz` file.
 *
 * The simulator keeps a small journal of what was created and connected
 * (node ids, connect calls, `record_from`, state values set); parameter
 * values and edges are read back from the engine when exporting, so the
 * script describes the network as it is at that moment.
 */
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { modelInfo } from './models.js';
import { ARRAY_PARAMS, type Simulator } from './simulator.js';

/** One `connect` call as the journal keeps it. */
export interface PyNestConnectOp {
  /** Operation kind. */
  op: 'connect';
  /** Source node ids. */
  pre: number[];
  /** Target node ids. */
  post: number[];
  /** Rule name. */
  rule: string;
  /** indegree / outdegree / N of the fixed rules. */
  count?: number;
  /** p of pairwise_bernoulli. */
  p?: number;
  /** Weights as given (after unit conversion): one, per source or per edge. */
  weight: number[];
  /** Delays (ms), same shapes. */
  delay: number[];
  /** Receptor type. */
  receptor: number;
  /** Synapse model. */
  synapse: string;
  /** Autapse flag. */
  allowAutapses: boolean;
  /** Multapse flag. */
  allowMultapses: boolean;
  /** Rule seed, if one was given. */
  seed?: number;
  /** Random weights as a PyNEST expression (`nest.random.normal(mean=1.0, std=0.1)`), if drawn. */
  weightDist?: string;
  /** Random delays as a PyNEST expression, if drawn. */
  delayDist?: string;
  /** Index of the first edge this call made (edge ids are creation order). */
  firstEdge: number;
  /** Number of edges it made (0 for meters and recorders). */
  edges: number;
}

/** What the journal keeps: creates, connects, `record_from` and state values set. */
export type PyNestOp =
  | { op: 'create'; model: string; first: number; n: number }
  | { op: 'record_from'; ids: number[]; names: string[] }
  | { op: 'state'; ids: number[]; name: string; values: number[] }
  /** A parameter drawn per node from a random parameter: its PyNEST expression and the values drawn. */
  | { op: 'random'; ids: number[]; name: string; expr: string; values: number[] }
  | PyNestConnectOp;

/** The journal a `Simulator` keeps for {@link toPyNEST}. */
export interface PyNestJournal {
  /** Base seed (NEST's `rng_seed`). */
  seed: number;
  /** Operations in call order. */
  ops: PyNestOp[];
  /** Edges made so far. */
  edgeCount: number;
  /** Duration of the last `simulate` (ms), plus any `cont` after it. */
  lastT?: number;
}

/** Options of {@link toPyNEST}. */
export interface PyNestOptions {
  /**
   * `'edges'` (default): every connection as explicit source/target/weight/
   * delay arrays (`one_to_one` on id arrays), so NEST builds exactly somata's
   * edges. `'rules'`: connect calls made by a rule with one weight and one
   * delay are written as that rule (NEST draws its own random edges, so the
   * network is the same in distribution, not edge for edge); other calls stay
   * explicit.
   */
  connections?: 'edges' | 'rules';
  /** Simulated time in ms (default: the last `simulate` plus following `cont`s, else 1000). */
  T?: number;
  /** Default file the script saves recordings to (`.json` or `.npz`); the script's first argument overrides it. */
  output?: string;
  /** Arrays longer than this are written as zlib-compressed base64 numpy buffers (default 64). */
  inlineLimit?: number;
}

/** A Python float literal that parses back to the same double. */
function pyNum(x: number): string {
  if (Number.isNaN(x)) return "float('nan')";
  if (x === Infinity) return "float('inf')";
  if (x === -Infinity) return "float('-inf')";
  if (Number.isInteger(x) && Math.abs(x) < 1e16) return `${x}.0`;
  return String(x);
}

/** Parameters NEST expects as booleans. */
const BOOL_PARAMS = new Set(['refractory_input', 'allow_offgrid_times', 'precise_times', 'allow_offgrid_spikes', 'shift_now_spikes', 'time_in_steps']);
/** Parameters NEST stores as integers (`long`). */
const INT_PARAMS = new Set(['gamma_shape', 'n_proc', 'activity']);
/** Array parameters NEST stores as integers. */
const INT_ARRAYS = new Set(['spike_multiplicities']);
/** Device parameters of somata that NEST does not have. */
const SOMATA_ONLY = new Set(['rng_seed']);

class Writer {
  private helpers = false;
  constructor(private readonly limit: number) {}

  /** A numpy array literal: inline for short arrays, compressed base64 otherwise. */
  array(xs: ArrayLike<number>, kind: 'f8' | 'i8'): string {
    if (xs.length <= this.limit) {
      const body = Array.from(xs, (x) => (kind === 'f8' ? pyNum(x) : String(x))).join(', ');
      return `np.array([${body}], dtype=np.${kind === 'f8' ? 'float64' : 'int64'})`;
    }
    this.helpers = true;
    // Node ids fit in u4; decoded to int64 by the script.
    const buf = kind === 'f8' ? Buffer.from(Float64Array.from(xs).buffer) : Buffer.from(Uint32Array.from(xs).buffer);
    const b64 = deflateSync(buf, { level: 6 }).toString('base64');
    return `_arr('${kind === 'f8' ? 'f8' : 'u4'}', ${xs.length}, '${b64}')`;
  }

  get needsHelpers(): boolean {
    return this.helpers;
  }
}

/** A NEST NodeCollection expression for node ids (ranges where possible), or undefined if not sorted and unique. */
function nodeCollection(ids: number[], w: Writer): string | undefined {
  for (let i = 1; i < ids.length; i++) if (ids[i]! <= ids[i - 1]!) return undefined;
  const contiguous = ids.every((x, i) => x === ids[0]! + i);
  if (contiguous) return `nest.NodeCollection(list(range(${ids[0]}, ${ids[ids.length - 1]! + 1})))`;
  return `nest.NodeCollection(${w.array(ids, 'i8')}.tolist())`;
}

/** One value, or one per node when they differ; `undefined` when every node has the default. */
function valueExpr(vals: ArrayLike<number>, def: number | undefined, name: string, w: Writer): string | undefined {
  const all = Array.from(vals);
  const same = all.every((x) => Object.is(x, all[0]) || x === all[0]);
  if (same && def !== undefined && (all[0] === def || Object.is(all[0], def))) return undefined;
  if (INT_PARAMS.has(name)) return same ? String(all[0]) : `[${all.join(', ')}]`;
  if (BOOL_PARAMS.has(name)) return same ? (all[0] ? 'True' : 'False') : `[${all.map((x) => (x ? 'True' : 'False')).join(', ')}]`;
  if (same) return pyNum(all[0]!);
  return `${w.array(all, 'f8')}.tolist()`;
}

/**
 * The PyNEST 3.10 script that builds `sim`'s network and runs it (see
 * {@link PyNestOptions}); written to `path` when given. Run it as
 * `python script.py [recordings.json|recordings.npz]`.
 */
export function toPyNEST(sim: Simulator, path?: string, opts: PyNestOptions = {}): string {
  const j = sim.journal_;
  const w = new Writer(opts.inlineLimit ?? 64);
  const mode = opts.connections ?? 'edges';
  const T = opts.T ?? j.lastT ?? 1000;
  const output = opts.output ?? 'pynest_recordings.json';
  const fresh = sim.time === 0;
  const body: string[] = [];
  const out = (s: string) => body.push(s);
  const recorders: Array<{ id: number; model: string }> = [];
  const stateSet = new Map<string, Map<number, number>>(); // name -> id -> value (journal, used after a run)
  for (const o of j.ops) {
    if (o.op !== 'state') continue;
    const m = stateSet.get(o.name) ?? new Map<number, number>();
    o.ids.forEach((id, i) => m.set(id, o.values.length === 1 ? o.values[0]! : o.values[i]!));
    stateSet.set(o.name, m);
  }
  // Parameters drawn from random parameters whose drawn values the nodes still hold: name -> id -> PyNEST expression.
  const drawnFrom = new Map<string, Map<number, string>>();
  for (const o of j.ops) {
    if (o.op !== 'random') continue;
    const info = modelInfo(sim.nodes([o.ids[0]!]).models[0]!);
    const isState = info.state.some((x) => x.name === o.name);
    const cur = isState && !fresh ? o.ids.map((id) => stateSet.get(o.name)?.get(id)) : Array.from(sim.get(sim.nodes(o.ids), o.name));
    const m = drawnFrom.get(o.name) ?? new Map<number, string>();
    o.ids.forEach((id, i) => {
      if (cur[i] === o.values[i] || Object.is(cur[i], o.values[i])) m.set(id, o.expr);
      else m.delete(id);
    });
    drawnFrom.set(o.name, m);
  }
  const recordFrom = new Map<number, string[]>();
  for (const o of j.ops) if (o.op === 'record_from') for (const id of o.ids) recordFrom.set(id, o.names);

  let conns: ReturnType<Simulator['getConnections']> | undefined;
  const edges = () => (conns ??= sim.getConnections());
  let nConnectCalls = 0;
  let nExplicit = 0;
  let nRules = 0;

  for (const o of j.ops) {
    if (o.op === 'create') {
      const info = modelInfo(o.model);
      const ids = Array.from({ length: o.n }, (_, i) => o.first + i);
      const nodes = sim.nodes(ids);
      const params: string[] = [];
      const redraws: string[] = [];
      let drawnAll = false;
      /** The parameter's entry: the random expression when every node drew from it, else the values (plus a set() of the expression on the nodes that drew from it). */
      const entry = (name: string, values: () => string | undefined): string | undefined => {
        const m = drawnFrom.get(name);
        const exprs = ids.map((id) => m?.get(id));
        if (exprs[0] !== undefined && exprs.every((e) => e === exprs[0])) {
          drawnAll = true;
          return `'${name}': ${exprs[0]}`;
        }
        const groups = new Map<string, number[]>();
        ids.forEach((id, i) => exprs[i] !== undefined && groups.set(exprs[i]!, [...(groups.get(exprs[i]!) ?? []), id]));
        for (const [e, g] of groups) redraws.push(`${nodeCollection(g, w)}.set({'${name}': ${e}})`);
        const v = values();
        return v === undefined ? undefined : `'${name}': ${v}`;
      };
      if (info.kind === 'neuron') {
        for (const p of info.parameters) {
          const e = entry(p.name, () => valueExpr(sim.get(nodes, p.name), p.value, p.name, w));
          if (e !== undefined) params.push(e);
        }
        const anyParam = params.length > 0;
        for (const s of info.state) {
          let vals: ArrayLike<number>;
          if (fresh) vals = sim.get(nodes, s.name);
          else {
            // After a run the engine holds the end state: use the values set (journal).
            const m = stateSet.get(s.name);
            if (!m || !ids.some((id) => m.has(id))) continue; // NEST derives it from E_L as somata did
            const cur = sim.get(nodes, s.name);
            vals = ids.map((id, i) => m.get(id) ?? cur[i]!);
          }
          // Written whenever a parameter was (NEST would otherwise shift V_m with E_L) or it is not the default.
          const e = entry(s.name, () => valueExpr(vals, anyParam ? undefined : s.value, s.name, w));
          if (e !== undefined) params.push(e);
        }
      } else {
        for (const p of info.parameters) {
          if (SOMATA_ONLY.has(p.name)) continue;
          let def: number | undefined = p.value;
          const vals = sim.get(nodes, p.name);
          if ((o.model === 'voltmeter' || o.model === 'multimeter') && p.name === 'interval') {
            // somata's 0 = every step; NEST's default is 1 ms: write dt explicitly.
            const iv = Array.from(vals, (x) => (x > 0 ? x : sim.dt));
            params.push(entry('interval', () => valueExpr(iv, undefined, p.name, w))!);
            continue;
          }
          if (p.name === 'stop') def = Infinity;
          const e = entry(p.name, () => valueExpr(vals, def, p.name, w));
          if (e !== undefined) params.push(e);
        }
        if (o.model === 'multimeter' || o.model === 'voltmeter') {
          const rf = recordFrom.get(o.first) ?? ['V_m'];
          if (o.model === 'multimeter' || rf.join() !== 'V_m') params.push(`'record_from': ${JSON.stringify(rf)}`);
        }
        if (info.kind === 'recorder') {
          params.push(`'record_to': 'memory'`);
          for (const id of ids) recorders.push({ id, model: o.model });
        }
      }
      // Array parameters (spike_times, tau_syn, amplitude_times, …): written for one node inline; for
      // several nodes as one dictionary per node in one set() call (NEST 3.10 rejects a list of lists, and
      // a single list for n nodes would be read as one value per node when n equals its length).
      const arrayNames = Object.keys(ARRAY_PARAMS[o.model] ?? {});
      const lists = new Map(arrayNames.map((name) => [name, ids.map((id) => sim.get(sim.nodes([id]), name))] as const));
      // Device lists default to empty; the multisynapse neurons' tau_syn (the receptor ports) is always written.
      const written = arrayNames.filter((name) => info.kind === 'neuron' || lists.get(name)!.some((l) => l.length > 0));
      const lit = (name: string, l: Float64Array) => `${w.array(l, INT_ARRAYS.has(name) ? 'i8' : 'f8')}.tolist()`;
      let perNode: string | undefined;
      if (written.length && o.n === 1) for (const name of written) params.push(`'${name}': ${lit(name, lists.get(name)![0]!)}`);
      else if (written.length) perNode = `[${ids.map((_, i) => `{${written.map((name) => `'${name}': ${lit(name, lists.get(name)![i]!)}`).join(', ')}}`).join(', ')}]`;
      // Neurons: tau_syn (the receptor ports) first. Devices: flags (precise_times, allow_offgrid_times) before the lists they govern.
      const arraysFirst = info.kind === 'neuron';
      if (drawnAll) out('# random parameters: NEST draws its own values (same distribution, not the same values as somata)');
      const head = `nest.Create('${o.model}', ${o.n}`;
      if (perNode) {
        out(`_n = ${head})  # ids ${o.first}..${o.first + o.n - 1}`);
        if (arraysFirst) out(`_n.set(${perNode})`);
        if (params.length) out(`_n.set({${params.join(', ')}})`);
        if (!arraysFirst) out(`_n.set(${perNode})`);
      } else if (params.length === 0) out(`${head})  # ids ${o.first}..${o.first + o.n - 1}`);
      else if (o.n === 1 && params.every((p) => !p.includes('\n'))) out(`${head}, params={${params.join(', ')}})  # id ${o.first}`);
      else {
        // Per-node lists go through set() so that a list means one value per node.
        out(`_n = ${head})  # ids ${o.first}..${o.first + o.n - 1}`);
        out(`_n.set({${params.join(', ')}})`);
      }
      if (redraws.length) out(`# drawn by NEST from the same random parameters as in somata (same distribution, not the same values)\n${redraws.join('\n')}`);
    } else if (o.op === 'connect') {
      nConnectCalls++;
      if (o.edges === 0) {
        // Meters observe (connect(meter, neurons)); recorders receive (connect(neurons, recorder)).
        const pre = nodeCollection(o.pre, w);
        const post = nodeCollection(o.post, w);
        if (pre && post) out(`nest.Connect(${pre}, ${post})`);
        else out(`for _a in ${w.array(o.pre, 'i8')}.tolist():\n    for _b in ${w.array(o.post, 'i8')}.tolist():\n        nest.Connect(nest.NodeCollection([_a]), nest.NodeCollection([_b]))`);
        continue;
      }
      const pre = nodeCollection(o.pre, w);
      const post = nodeCollection(o.post, w);
      if (mode === 'rules' && (o.weight.length === 1 || o.weightDist) && (o.delay.length === 1 || o.delayDist) && pre && post) {
        nRules++;
        const cs: string[] = [`'rule': '${o.rule}'`];
        if (o.rule === 'fixed_indegree') cs.push(`'indegree': ${o.count}`);
        if (o.rule === 'fixed_outdegree') cs.push(`'outdegree': ${o.count}`);
        if (o.rule === 'fixed_total_number') cs.push(`'N': ${o.count}`);
        if (o.rule === 'pairwise_bernoulli') cs.push(`'p': ${pyNum(o.p!)}`);
        if (o.rule !== 'one_to_one' || !o.allowAutapses) cs.push(`'allow_autapses': ${o.allowAutapses ? 'True' : 'False'}`);
        if (o.rule !== 'one_to_one' && o.rule !== 'all_to_all') cs.push(`'allow_multapses': ${o.allowMultapses ? 'True' : 'False'}`);
        const dists = Boolean(o.weightDist || o.delayDist);
        const random = !['all_to_all', 'one_to_one'].includes(o.rule) || dists;
        out(`${random ? `# rule (NEST draws its own edges${dists ? ' and values' : ''}: same distribution, not the same edges${dists ? ' or values' : ''} as somata)\n` : ''}nest.Connect(${pre}, ${post}, {${cs.join(', ')}}, {'synapse_model': '${o.synapse}', 'weight': ${o.weightDist ?? pyNum(o.weight[0]!)}, 'delay': ${o.delayDist ?? pyNum(o.delay[0]!)}${o.receptor ? `, 'receptor_type': ${o.receptor}` : ''}})`);
        continue;
      }
      nExplicit++;
      const c = edges();
      const a = o.firstEdge;
      const b = a + o.edges;
      const src = c.source.subarray(a, b);
      const tgt = c.target.subarray(a, b);
      const wt = c.weight.subarray(a, b);
      const dl = c.delay.subarray(a, b);
      const one = (x: Float64Array) => x.every((v) => v === x[0]);
      out(`# ${o.rule}: ${o.edges} edges, explicit (somata's edges in creation order)${o.weightDist ? `; weights drawn from ${o.weightDist}` : ''}${o.delayDist ? `; delays drawn from ${o.delayDist}` : ''}`);
      out(
        `nest.Connect(${w.array(src, 'i8')}, ${w.array(tgt, 'i8')}, 'one_to_one', {'synapse_model': '${o.synapse}', ` +
          `'weight': ${one(wt) ? `np.full(${o.edges}, ${pyNum(wt[0]!)})` : w.array(wt, 'f8')}, 'delay': ${one(dl) ? `np.full(${o.edges}, ${pyNum(dl[0]!)})` : w.array(dl, 'f8')}${o.receptor ? `, 'receptor_type': ${o.receptor}` : ''}})`,
      );
    }
  }

  const lines: string[] = [];
  lines.push('#!/usr/bin/env python3');
  lines.push(`"""PyNEST 3.10 script written by somata's Simulator.toPyNEST: ${j.ops.filter((o) => o.op === 'create').length} create calls, ${nConnectCalls} connect calls (${nExplicit} as explicit edge lists, ${nRules} as rules).`);
  lines.push('');
  lines.push(`Run: python <this file> [${output}]   (.json or .npz)`);
  lines.push(`Node ids are the same as in somata (creation order). Explicit edge lists reproduce somata's connections exactly;`);
  lines.push(`rules (if any) are drawn by NEST's own random numbers, as are Poisson trains, so those parts agree in distribution only.`);
  lines.push('"""');
  lines.push('import json');
  lines.push('import sys');
  lines.push('import time');
  lines.push('');
  lines.push('import numpy as np');
  lines.push('import nest');
  lines.push('');
  if (w.needsHelpers) {
    lines.push('import base64');
    lines.push('import zlib');
    lines.push('');
    lines.push('');
    lines.push('def _arr(kind, n, b64):');
    lines.push('    """A little-endian array stored as zlib-compressed base64."""');
    lines.push("    a = np.frombuffer(zlib.decompress(base64.b64decode(b64)), dtype='<' + kind)");
    lines.push('    assert a.size == n');
    lines.push('    return a.astype(np.float64 if kind == "f8" else np.int64)');
    lines.push('');
    lines.push('');
  }
  lines.push(`OUT = sys.argv[1] if len(sys.argv) > 1 else ${JSON.stringify(output)}`);
  lines.push("if hasattr(nest, 'VerbosityLevel'):");
  lines.push('    nest.verbosity = nest.VerbosityLevel.ERROR');
  lines.push('else:');
  lines.push("    nest.set_verbosity('M_ERROR')");
  lines.push('nest.ResetKernel()');
  lines.push(`nest.SetKernelStatus({'resolution': ${pyNum(sim.dt)}, 'rng_seed': ${j.seed}, 'local_num_threads': ${sim.threads}})`);
  lines.push('_t0 = time.perf_counter()');
  lines.push(...body);
  lines.push('_t1 = time.perf_counter()');
  lines.push(`nest.Simulate(${pyNum(T)})`);
  lines.push('_t2 = time.perf_counter()');
  lines.push('');
  lines.push(`RECORDERS = ${JSON.stringify(recorders.map((r) => [r.id, r.model]))}`);
  lines.push('result = {"nest": nest.__version__, "T": ' + pyNum(T) + ', "build_s": _t1 - _t0, "simulate_s": _t2 - _t1, "devices": []}');
  lines.push('for _id, _model in RECORDERS:');
  lines.push('    _ev = nest.NodeCollection([_id]).get("events")');
  lines.push('    result["devices"].append({"id": _id, "model": _model, "events": {k: np.asarray(v).tolist() for k, v in _ev.items()}})');
  lines.push("if OUT.endswith('.npz'):");
  lines.push('    flat = {f"{d[\'id\']}/{k}": np.asarray(v) for d in result["devices"] for k, v in d["events"].items()}');
  lines.push('    np.savez(OUT, **flat)');
  lines.push('else:');
  lines.push("    with open(OUT, 'w') as f:");
  lines.push("        json.dump(result, f, separators=(',', ':'))");
  lines.push(`print(f"built in {_t1 - _t0:.3f} s, simulated ${pyNum(T)} ms in {_t2 - _t1:.3f} s; recordings in {OUT}", file=sys.stderr)`);
  const script = lines.join('\n') + '\n';
  if (path !== undefined) writeFileSync(path, script);
  return script;
}
