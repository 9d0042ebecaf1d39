// Izhikevich 2003 (IEEE TNN 14:1569, Fig. 2) firing patterns with the Iz
// model: the parameter table (a, b, c, d) of the paper, threshold 30 mV,
// v(0) = -65 mV, u(0) = b·v(0), constant input I = 10 for 500 ms.
// Integrated with RK4 and with Euler, h = 0.01 ms (the paper's own code
// uses Euler with 0.5–1 ms; a small step makes the patterns a property of
// the equations, not of the step).
//
// Each cell type is recognised from its spike train alone, with thresholds
// set between the classes' measured statistics (values quoted for RK4):
//   - burst: a group of spikes less than 6 ms apart (> 160 Hz) that ends
//     in a pause more than 3× its last ISI. Within the IB/CH bursts ISIs
//     are 1.4–4.8 ms and the pause after them is 8–10× the last one; fast
//     tonic firing (FS, TC, the onset of LTS) also has ISIs below 6 ms, but
//     they lengthen gradually (consecutive ratios ≤ 1.6), with no pause.
//   - adaptation: last ISI / first ISI. RS 1.94, FS 1.71, LTS 4.7,
//     IB/CH not applicable (bursts).
//   - regularity after the transient: the last five ISIs agree to 1 %.
// RS: no bursts, adapting (ratio > 1.5), slow (< 40 Hz steady; 22 Hz).
// IB: one initial burst of ≥ 3 spikes (ISIs < 6 ms), then regular spiking
//     with ISIs > 20 ms (31 ms) and no further burst.
// CH: repeated bursts: ≥ 5 bursts of ≥ 3 spikes, separated by > 30 ms.
// FS: fast (> 100 Hz steady; 136 Hz), little adaptation (ratio < 2).
// LTS: high initial rate (first ISI < 4 ms; 2.9 ms), strong adaptation
//     (ratio > 3) to regular tonic firing.
// TC: tonic (no pause: every ISI within 10 % of the previous one) and
//     regular at I = 10; from hyperpolarisation (I = -10 for 200 ms, then
//     0) it fires a rebound burst (≥ 3 spikes within 50 ms) — the paper's
//     Fig. 2 "TC" panel — which RS, with the same protocol, does not.
import test from 'ava';
import { neun } from '../src/index.js';

const TYPES = {
  RS: [0.02, 0.2, -65, 8],
  IB: [0.02, 0.2, -55, 4],
  CH: [0.02, 0.2, -50, 2],
  FS: [0.1, 0.2, -65, 2],
  LTS: [0.02, 0.25, -65, 2],
  TC: [0.02, 0.25, -65, 0.05],
} as const;
type CellType = keyof typeof TYPES;
const H = 0.01;

function spikeTimes(type: CellType, integrator: 'RK4' | 'Euler', input: number | Float64Array, steps: number): number[] {
  const [a, b, c, d] = TYPES[type];
  const cls = integrator === 'RK4' ? neun.IzDoubleRK4 : neun.IzDoubleEuler;
  const n = new cls({ a, b, c, d, threshold: 30 });
  n.set(neun.IzDoubleVariable.v, -65);
  n.set(neun.IzDoubleVariable.u, b * -65);
  return Array.from(n.run({ steps, h: H, input, record: [] }).spikeTimes);
}

interface Stats {
  n: number;
  isi: number[];
  bursts: number[][]; // spike indices of each burst (ISIs < 6 ms, then a pause > 3× the last ISI)
  adaptation: number; // last ISI / first ISI
  steadyRate: number; // Hz, from the last ISI
  regular: boolean; // last five ISIs within 1 %
}
function stats(t: number[]): Stats {
  const isi = t.slice(1).map((x, i) => x - t[i]!);
  const bursts: number[][] = [];
  let cur: number[] = [0];
  isi.forEach((d, i) => {
    if (d < 6) cur.push(i + 1);
    else {
      if (cur.length > 1 && d > 3 * isi[i - 1]!) bursts.push(cur);
      cur = [i + 1];
    }
  });
  const tail = isi.slice(-5);
  const regular = tail.length === 5 && Math.max(...tail) / Math.min(...tail) < 1.01;
  return { n: t.length, isi, bursts, adaptation: isi[isi.length - 1]! / isi[0]!, steadyRate: 1000 / isi[isi.length - 1]!, regular };
}

for (const integrator of ['RK4', 'Euler'] as const) {
  const s = Object.fromEntries((Object.keys(TYPES) as CellType[]).map((k) => [k, stats(spikeTimes(k, integrator, 10, 50_000))])) as Record<CellType, Stats>;
  const fmt = (x: Stats) => `${x.n} spikes, first ISIs ${x.isi.slice(0, 4).map((d) => d.toFixed(2)).join(' ')}, last ${x.isi[x.isi.length - 1]!.toFixed(2)} ms, ${x.bursts.length} bursts`;

  test(`${integrator}: RS fires regular, adapting single spikes`, (t) => {
    t.log(fmt(s.RS));
    t.is(s.RS.bursts.length, 0);
    t.true(s.RS.adaptation > 1.5);
    t.true(s.RS.steadyRate < 40);
    t.true(s.RS.regular);
  });

  test(`${integrator}: IB fires one initial burst, then regular spikes`, (t) => {
    t.log(fmt(s.IB));
    t.is(s.IB.bursts.length, 1);
    t.is(s.IB.bursts[0]![0], 0, 'the burst is at the start');
    t.true(s.IB.bursts[0]!.length >= 3);
    const after = s.IB.isi.slice(s.IB.bursts[0]!.length - 1);
    t.true(after.every((d) => d > 20), 'single spikes after the burst');
    t.true(s.IB.regular);
  });

  test(`${integrator}: CH fires repeated bursts (chattering)`, (t) => {
    t.log(fmt(s.CH));
    t.true(s.CH.bursts.length >= 5);
    t.true(s.CH.bursts.every((b) => b.length >= 3), `burst sizes ${s.CH.bursts.map((b) => b.length).join(', ')}`);
    const gaps = s.CH.isi.filter((d) => d >= 6);
    t.true(gaps.length >= 4 && gaps.every((d) => d > 30), 'bursts are separated by long pauses');
  });

  test(`${integrator}: FS fires fast with little adaptation`, (t) => {
    t.log(fmt(s.FS));
    t.true(s.FS.steadyRate > 100);
    t.true(s.FS.adaptation < 2);
    t.is(s.FS.bursts.length, 0);
    t.true(s.FS.steadyRate > 4 * s.RS.steadyRate);
  });

  test(`${integrator}: LTS starts at a high rate and adapts strongly`, (t) => {
    t.log(fmt(s.LTS));
    t.true(s.LTS.isi[0]! < 4);
    t.true(s.LTS.adaptation > 3);
    t.true(s.LTS.isi.every((d, i) => i === 0 || d >= s.LTS.isi[i - 1]! - 0.05), 'ISIs grow monotonically: adaptation, not bursting');
    t.true(s.LTS.regular);
  });

  test(`${integrator}: TC fires tonically at I = 10 and a rebound burst after hyperpolarisation`, (t) => {
    t.log(fmt(s.TC));
    t.true(s.TC.isi.every((d, i) => i === 0 || Math.abs(d / s.TC.isi[i - 1]! - 1) < 0.1), 'tonic: no pauses');
    t.true(s.TC.regular);
    const input = new Float64Array(40_000);
    input.fill(-10, 0, 20_000); // -10 for 200 ms, then 0 for 200 ms
    const tc = spikeTimes('TC', integrator, input, 40_000);
    const rs = spikeTimes('RS', integrator, input, 40_000);
    t.log(`rebound: TC ${tc.map((x) => x.toFixed(1)).join(', ')} ms; RS ${rs.length} spikes`);
    t.true(tc.length >= 3 && tc.every((x) => x > 200) && tc[2]! - tc[0]! < 50);
    t.is(rs.length, 0);
  });
}

test("threshold defaults to the paper's 30 mV (neun_py leaves it out of its enum, so there it is 0)", (t) => {
  t.is(new neun.IzDoubleConstructorArgs().params.threshold, 30);
  t.is(new neun.IzFloatConstructorArgs().params.threshold, 30);
});
