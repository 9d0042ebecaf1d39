/**
 * `Simulator.toPyNEST`: the exported PyNEST 3.10 script is valid Python
 * (parsed with `python3 -c "import ast; ..."` when python3 exists) and holds
 * the models, parameters, connections (explicit edge lists or rules) and
 * recorders of the network. Running the scripts in NEST is done by hand (see
 * docs/models-nest.md); NEST is never a test dependency.
 */
import test from 'ava';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { nest } from '../src/index.js';

const python = (() => {
  try {
    execFileSync('python3', ['-c', 'import ast'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

function parses(t: { log: (...a: unknown[]) => void; true: (x: boolean, m?: string) => void }, file: string): void {
  if (!python) {
    t.log('python3 not found: skipping the syntax check');
    return;
  }
  let ok = true;
  try {
    execFileSync('python3', ['-c', 'import ast,sys; ast.parse(open(sys.argv[1]).read())', file], { stdio: 'pipe' });
  } catch (e) {
    ok = false;
    t.log(String((e as { stderr?: Buffer }).stderr ?? e));
  }
  t.true(ok, `${file} is valid Python`);
}

/** Decodes every `_arr('kind', n, 'b64')` of a script. */
function arrays(script: string): Array<{ kind: string; n: number; data: Float64Array | Uint32Array }> {
  return [...script.matchAll(/_arr\('(f8|u4)', (\d+), '([A-Za-z0-9+/=]+)'\)/g)].map((m) => {
    const buf = inflateSync(Buffer.from(m[3]!, 'base64'));
    const ab = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
    return { kind: m[1]!, n: Number(m[2]), data: m[1] === 'f8' ? new Float64Array(ab) : new Uint32Array(ab) };
  });
}

const dir = mkdtempSync(join(tmpdir(), 'somata-pynest-'));
test.after.always(() => rmSync(dir, { recursive: true, force: true }));

test('seed 003: one neuron with I_e, voltmeter and spike_recorder', (t) => {
  const sim = new nest.Simulator({ dt: 0.1 });
  const neuron = sim.create('iaf_psc_alpha', 1, { I_e: 376 });
  const vm = sim.create('voltmeter');
  const sr = sim.create('spike_recorder');
  sim.connect(vm, neuron);
  sim.connect(neuron, sr);
  const file = join(dir, 'seed003.py');
  const s = sim.toPyNEST(file, { T: 1000 });
  t.is(readFileSync(file, 'utf8'), s);
  parses(t, file);
  t.regex(s, /nest\.SetKernelStatus\(\{'resolution': 0\.1, 'rng_seed': 143202461, 'local_num_threads': 1\}\)/);
  t.regex(s, /nest\.Create\('iaf_psc_alpha', 1, params=\{'I_e': 376\.0, 'V_m': -70\.0\}\)/);
  t.regex(s, /nest\.Create\('voltmeter', 1, params=\{'interval': 0\.1, 'record_to': 'memory'\}\)/);
  t.regex(s, /nest\.Create\('spike_recorder', 1, params=\{'record_to': 'memory'\}\)/);
  t.is(s.match(/nest\.Connect\(/g)!.length, 2);
  t.regex(s, /nest\.Simulate\(1000\.0\)/);
  t.regex(s, /RECORDERS = \[\[2,"voltmeter"\],\[3,"spike_recorder"\]\]/);
  // T defaults to the last run.
  sim.simulate(250);
  t.regex(sim.toPyNEST(), /nest\.Simulate\(250\.0\)/);
});

test('100 neurons: per-neuron parameters, explicit edges identical to getConnections, devices', (t) => {
  const sim = new nest.Simulator({ dt: 0.1, seed: 7, threads: 2 });
  const ie = Array.from({ length: 80 }, (_, i) => 300 + 2.5 * i);
  const ex = sim.create('iaf_psc_alpha', 80, { I_e: ie, tau_syn_ex: 0.5, tau_syn_in: 0.5 });
  const inh = sim.create('iaf_psc_exp', 20, { I_e: 350, V_m: Array.from({ length: 20 }, (_, i) => -70 + 0.5 * i) });
  const all = sim.nodes([...ex.ids, ...inh.ids]);
  const dc = sim.create('dc_generator', 1, { amplitude: 50, start: 100, stop: 300 });
  const sg = sim.create('spike_generator', 1, { spike_times: [10, 20.5, 33.3], spike_weights: [1, 2, 0.5] });
  const nIn = sim.connect(ex, all, { rule: 'fixed_indegree', indegree: 10, weight: 40, delay: 1.5 });
  const nB = sim.connect(inh, all, { rule: 'pairwise_bernoulli', p: 0.2, weight: -150, delay: Array.from({ length: 20 }, (_, i) => 0.5 + 0.1 * i) });
  sim.connect(dc, ex);
  sim.connect(sg, inh, { weight: 500, delay: 1 });
  const mm = sim.create('multimeter', 1, { record_from: ['V_m', 'I_syn_ex'] });
  const sr = sim.create('spike_recorder');
  sim.connect(mm, sim.nodes([1, 2, 85]));
  sim.connect(all, sr);
  const file = join(dir, 'net100.py');
  const s = sim.toPyNEST(file, { T: 500, output: 'net100.npz' });
  parses(t, file);
  t.regex(s, /'rng_seed': 7, 'local_num_threads': 2/);
  t.regex(s, /_n = nest\.Create\('iaf_psc_alpha', 80\)/);
  t.regex(s, /'tau_syn_ex': 0\.5, 'tau_syn_in': 0\.5, 'I_e': _arr\('f8', 80, /);
  t.regex(s, /_n = nest\.Create\('iaf_psc_exp', 20\)/);
  t.regex(s, /nest\.Create\('dc_generator', 1, params=\{'amplitude': 50\.0, 'start': 100\.0, 'stop': 300\.0\}\)/);
  t.regex(s, /'spike_times': np\.array\(\[10\.0, 20\.5, 33\.3\]/);
  t.regex(s, /'record_from': \["V_m","I_syn_ex"\]/);
  t.regex(s, /OUT = sys\.argv\[1\] if len\(sys\.argv\) > 1 else "net100\.npz"/);
  t.regex(s, new RegExp(`# fixed_indegree: ${nIn} edges, explicit`));
  t.regex(s, new RegExp(`# pairwise_bernoulli: ${nB} edges, explicit`));
  t.is(s.match(/'one_to_one'/g)!.length, 4); // 2 rules + dc + spike_generator
  t.is(s.match(/nest\.Connect\(/g)!.length, 6);
  // The compressed arrays decode to the per-neuron values and to exactly getConnections' edges.
  const arr = arrays(s);
  t.deepEqual([...arr.find((a) => a.kind === 'f8' && a.n === 80)!.data], ie);
  const c = sim.getConnections();
  const ints = arr.filter((a) => a.kind === 'u4' && a.n === nIn).map((a) => [...a.data]);
  t.deepEqual(ints[0], [...c.source.subarray(0, nIn)]);
  t.deepEqual(ints[1], [...c.target.subarray(0, nIn)]);
  const bd = arr.find((a) => a.kind === 'f8' && a.n === nB)!.data;
  t.deepEqual([...bd], [...c.delay.subarray(nIn, nIn + nB)]);
});

test("connections: 'rules' writes seeded rules, keeps per-edge weights explicit", (t) => {
  const sim = new nest.Simulator({ dt: 0.1, seed: 3 });
  const e = sim.create('iaf_psc_alpha', 400, { E_L: 0, V_reset: 0, V_th: 20, V_m: 0, tau_m: 20, tau_syn_ex: 0.5, tau_syn_in: 0.5 });
  const i = sim.create('iaf_psc_alpha', 100, { E_L: 0, V_reset: 0, V_th: 20, V_m: 0, tau_m: 20, tau_syn_ex: 0.5, tau_syn_in: 0.5 });
  const pg = sim.create('poisson_generator', 1, { rate: 17789 });
  const sr = sim.create('spike_recorder');
  const all = sim.nodes([...e.ids, ...i.ids]);
  sim.connect(pg, all, { weight: 20.68, delay: 1.5 });
  sim.connect(e, all, { rule: { rule: 'fixed_indegree', indegree: 40 }, weight: 20.68, delay: 1.5 });
  sim.connect(i, all, { rule: 'fixed_indegree', indegree: 10, weight: -103.4, delay: 1.5 });
  sim.connect(all, all, { rule: 'one_to_one', weight: Array.from({ length: 500 }, (_, k) => k * 0.01), delay: 2 });
  sim.connect(sim.nodes(e.ids.slice(0, 50)), sr);
  const file = join(dir, 'rules.py');
  const s = sim.toPyNEST(file, { connections: 'rules' });
  parses(t, file);
  t.regex(s, /'E_L': 0\.0/);
  t.regex(s, /nest\.Create\('poisson_generator', 1, params=\{'rate': 17789\.0\}\)/);
  t.notRegex(s, /rng_seed': -1/);
  t.regex(s, /nest\.Connect\(nest\.NodeCollection\(list\(range\(501, 502\)\)\), nest\.NodeCollection\(list\(range\(1, 501\)\)\), \{'rule': 'all_to_all', 'allow_autapses': True\}, \{'synapse_model': 'static_synapse', 'weight': 20\.68, 'delay': 1\.5\}\)/);
  t.regex(s, /\{'rule': 'fixed_indegree', 'indegree': 40, 'allow_autapses': True, 'allow_multapses': True\}, \{'synapse_model': 'static_synapse', 'weight': 20\.68, 'delay': 1\.5\}/);
  t.regex(s, /'indegree': 10, .*'weight': -103\.4/);
  t.regex(s, /# one_to_one: 500 edges, explicit/);
  t.regex(s, /same distribution, not the same edges/);
  t.regex(s, /nest\.Simulate\(1000\.0\)/);
  t.is(s.match(/nest\.Connect\(/g)!.length, 5);
});

test('per-node list parameters of several nodes: one dictionary per node in one set() (NEST 3.10 rejects a list of lists)', (t) => {
  const sim = new nest.Simulator({ dt: 0.1 });
  sim.create('spike_generator', 2, { spike_times: [[1, 2], [3]], spike_weights: [[1, 2], [3]], spike_multiplicities: [[1, 2], [3]] });
  sim.create('spike_generator', 2, { precise_times: true, spike_times: [[1.05], [2.5, 3.25]] });
  sim.create('step_current_generator', 2, { amplitude_times: [1, 3], amplitude_values: [400, 100] }); // the same list, length = n
  sim.create('inhomogeneous_poisson_generator', 2, { rate_times: [[1, 5], [2]], rate_values: [[100, 0], [300]] });
  sim.create('pulsepacket_generator', 2, { pulse_times: [[3], [4, 6]], activity: 5, sdev: 0.5 });
  sim.create('iaf_psc_exp_multisynapse', 2, { tau_syn: [[1, 2], [3, 4, 5]] });
  const s = sim.toPyNEST(join(dir, 'per-node-lists.py'));
  parses(t, join(dir, 'per-node-lists.py'));
  const f8 = (xs: number[]) => `np.array([${xs.map((x) => x.toFixed(1)).join(', ')}], dtype=np.float64).tolist()`;
  const i8 = (xs: number[]) => `np.array([${xs.join(', ')}], dtype=np.int64).tolist()`;
  const lines = s.split('\n');
  const setAfter = (head: string, k = 1) => lines[lines.findIndex((l) => l.startsWith(head)) + k];
  t.is(setAfter("_n = nest.Create('spike_generator', 2)  # ids 1..2"), `_n.set([{'spike_times': ${f8([1, 2])}, 'spike_weights': ${f8([1, 2])}, 'spike_multiplicities': ${i8([1, 2])}}, {'spike_times': ${f8([3])}, 'spike_weights': ${f8([3])}, 'spike_multiplicities': ${i8([3])}}])`);
  // Flags first (set while there are no spike times), then the times they govern.
  t.is(setAfter("_n = nest.Create('spike_generator', 2)  # ids 3..4"), "_n.set({'precise_times': True})");
  t.is(setAfter("_n = nest.Create('spike_generator', 2)  # ids 3..4", 2), `_n.set([{'spike_times': np.array([1.05], dtype=np.float64).tolist()}, {'spike_times': np.array([2.5, 3.25], dtype=np.float64).tolist()}])`);
  t.is(setAfter("_n = nest.Create('step_current_generator', 2)"), `_n.set([{'amplitude_times': ${f8([1, 3])}, 'amplitude_values': ${f8([400, 100])}}, {'amplitude_times': ${f8([1, 3])}, 'amplitude_values': ${f8([400, 100])}}])`);
  t.is(setAfter("_n = nest.Create('inhomogeneous_poisson_generator', 2)"), `_n.set([{'rate_times': ${f8([1, 5])}, 'rate_values': ${f8([100, 0])}}, {'rate_times': ${f8([2])}, 'rate_values': ${f8([300])}}])`);
  t.is(setAfter("_n = nest.Create('pulsepacket_generator', 2)", 2), `_n.set([{'pulse_times': ${f8([3])}}, {'pulse_times': ${f8([4, 6])}}])`);
  t.is(setAfter("_n = nest.Create('iaf_psc_exp_multisynapse', 2)"), `_n.set([{'tau_syn': ${f8([1, 2])}}, {'tau_syn': ${f8([3, 4, 5])}}])`);
  t.false(/: \[np\.array|: \[_arr/.test(s), 'no list of lists');
  // One node: the lists inline in Create.
  const one = new nest.Simulator({ dt: 0.1 });
  one.create('step_current_generator', 1, { amplitude_times: [1, 3], amplitude_values: [400, 100] });
  t.regex(one.toPyNEST(), new RegExp(`nest\\.Create\\('step_current_generator', 1, params=\\{'amplitude_times': ${f8([1, 3]).replace(/[.()[\]]/g, '\\$&')}, 'amplitude_values': ${f8([400, 100]).replace(/[.()[\]]/g, '\\$&')}\\}\\)`));
});
