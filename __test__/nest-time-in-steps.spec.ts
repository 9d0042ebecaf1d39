/**
 * Recorders' `time_in_steps` (NEST 3.10 RecordingDevice property, memory
 * backend): events as stamps in steps plus offsets in ms. Compared event by
 * event with NEST 3.10 (`fixtures/nest/time_in_steps.json`, written by
 * `tools/nest_time_in_steps.py`), and NEST's rules: booleans only, not after
 * the first simulate.
 */
import test from 'ava';
import { readFileSync } from 'node:fs';
import { nest } from '../src/index.js';

interface Dev {
  id: number;
  model: string;
  time_in_steps: boolean;
  events: Record<string, number[]>;
}
const fixture = JSON.parse(readFileSync(new URL('./fixtures/nest/time_in_steps.json', import.meta.url), 'utf8')) as {
  nest: string;
  T: number;
  dt: number;
  devices: Record<'sr' | 'sr_ms' | 'mm' | 'vm', Dev>;
  errors: Record<string, string>;
};

/** The fixture's network in somata (node ids as in NEST). */
function build() {
  const sim = new nest.Simulator({ dt: fixture.dt });
  const n = sim.create('iaf_psc_alpha', 2, { I_e: [400, 500] });
  const sg = sim.create('spike_generator', 1, { precise_times: true, spike_times: [1.234, 2.5, 7.77777] });
  const pp = sim.create('parrot_neuron_ps');
  sim.connect(sg, pp);
  const sr = sim.create('spike_recorder', 1, { time_in_steps: true });
  const srMs = sim.create('spike_recorder');
  const mm = sim.create('multimeter', 1, { time_in_steps: true, record_from: ['V_m', 'I_syn_ex'], interval: 0.5, start: 2.0, origin: 1.0 });
  const vm = sim.create('voltmeter', 1, { time_in_steps: true, interval: 0.1 });
  sim.connect(n.concat(pp), sr);
  sim.connect(n.concat(pp), srMs);
  sim.connect(mm, n);
  sim.connect(vm, n);
  return { sim, sr, srMs, mm, vm };
}

test('fixture comes from NEST 3.10', (t) => {
  t.is(fixture.nest, '3.10.0');
});

test('spike_recorder: stamps in steps and offsets, event by event as NEST 3.10 (precise and on-grid spikes)', (t) => {
  const { sim, sr, srMs } = build();
  t.is(sr.ids[0], fixture.devices.sr.id);
  const res = sim.simulate(fixture.T);
  const s = res.spikes(sr);
  const want = fixture.devices.sr.events;
  t.deepEqual([...s.senders], want.senders);
  t.deepEqual([...s.times], want.times, 'stamps in steps');
  t.true(s.times.every((x) => Number.isInteger(x)));
  t.deepEqual([...s.offsets!], want.offsets, 'offsets (ms), bit for bit');
  t.true(s.offsets!.some((x) => x > 0), 'the precise spikes have offsets');
  // The recorder without it: ms, no offsets.
  const m = res.spikes(srMs);
  t.is(m.offsets, undefined);
  t.deepEqual([...m.times], fixture.devices.sr_ms.events.times);
  // time = steps·dt − offset
  s.times.forEach((k, i) => t.true(Math.abs(k * fixture.dt - s.offsets![i]! - m.times[i]!) < 1e-12));
});

test('multimeter and voltmeter: sample stamps in steps, offsets 0, values as NEST 3.10', (t) => {
  const { sim, mm, vm } = build();
  const res = sim.simulate(fixture.T);
  for (const [meter, key, vars] of [[mm, 'mm', ['V_m', 'I_syn_ex']], [vm, 'vm', ['V_m']]] as const) {
    const want = fixture.devices[key].events;
    const times = res.traceTimes(meter);
    const targets = [...res.traceTargets(meter)];
    t.true(times.every((x) => Number.isInteger(x)), `${key}: steps`);
    t.deepEqual([...res.traceOffsets(meter)!], new Array(times.length).fill(0));
    const row = new Map([...times].map((x, k) => [x, k]));
    // NEST 3.10 has not yet delivered the samples of the last min_delay (1 ms) when Simulate returns; somata has them.
    const stamps = [...new Set(want.times)].sort((a, b) => a - b);
    t.deepEqual(stamps, [...times].slice(0, stamps.length), `${key}: the same sample stamps`);
    t.is(times[times.length - 1], Math.round(fixture.T / fixture.dt));
    t.true(want.offsets!.every((x) => x === 0));
    for (const v of vars) {
      const tr = res.trace(meter, v);
      let worst = 0;
      want.times!.forEach((k, i) => {
        const x = tr[row.get(k)! * targets.length + targets.indexOf(want.senders![i]!)]!;
        worst = Math.max(worst, Math.abs(x - want[v]![i]!));
      });
      t.true(worst <= 1e-12, `${key} ${v}: max |Δ| = ${worst}`);
    }
  }
  const plain = new nest.Simulator({ dt: 0.1 });
  const v2 = plain.create('voltmeter');
  plain.connect(v2, plain.create('iaf_psc_alpha'));
  t.is(plain.simulate(1).traceOffsets(v2), undefined);
});

test("NEST's rules: a boolean, default false, readable, and not settable after the first simulate", (t) => {
  const sim = new nest.Simulator();
  const sr = sim.create('spike_recorder');
  const mm = sim.create('multimeter');
  t.deepEqual([...sim.get(sr, 'time_in_steps')], [0]);
  t.true(nest.modelInfo('spike_recorder').parameters.some((p) => p.name === 'time_in_steps' && p.value === 0));
  t.true(nest.modelInfo('voltmeter').parameters.some((p) => p.name === 'time_in_steps'));
  sim.set(sr, { time_in_steps: true });
  t.deepEqual([...sim.get(sr, 'time_in_steps')], [1]);
  t.throws(() => sim.set(mm, { time_in_steps: 1 }), { instanceOf: TypeError, message: /multimeter\.time_in_steps must be a boolean \(true or false\), got number 1/ });
  sim.simulate(1);
  // NEST 3.10: any time_in_steps after Simulate is refused, on every recorder (the same value, new recorders too).
  const msg = fixture.errors.after_simulate!.replace('node ID 5', 'node ID 1').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  t.throws(() => sim.set(sr, { time_in_steps: true }), { message: new RegExp(msg) });
  t.throws(() => sim.set(mm, { time_in_steps: false }), { message: /Setting status of a 'multimeter' with node ID 2: Property time_in_steps cannot be set after Simulate has been called\./ });
  t.throws(() => sim.create('spike_recorder', 1, { time_in_steps: true }), { message: /Property time_in_steps cannot be set after Simulate has been called/ });
  sim.set(sr, { start: 1 }); // other properties still can
});

test('toPyNEST writes time_in_steps as a Python boolean', (t) => {
  const sim = new nest.Simulator();
  sim.create('spike_recorder', 1, { time_in_steps: true });
  t.regex(sim.toPyNEST(), /nest\.Create\('spike_recorder', 1, params=\{'time_in_steps': True, 'record_to': 'memory'\}\)/);
});
