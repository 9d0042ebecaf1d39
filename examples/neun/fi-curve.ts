/**
 * The f-I curve of the Hodgkin–Huxley neuron, the way somata is meant to be
 * used for it: 200 neurons, one per input current, in one asynchronous
 * sweep with progress reports; then a spike raster of 20 of them.
 *
 * Type II excitability shows directly: no sustained firing below ≈ 6.3–6.5
 * µA/cm² (where exactly depends on the starting state: rest and firing
 * coexist up to 9.78), then a jump to ≈ 55 Hz (HH has no low firing rates),
 * rising to ≈ 150 Hz at 100 µA/cm² (__test__/neun-hh-physiology.spec.ts
 * checks these against Rinzel & Miller 1980).
 *
 *   node --import tsx examples/neun/fi-curve.ts
 */
import { neun, plot } from '../../src/index.js';
import { OUT_DIR, isMain } from './util.js';

const AREA = 7.854e-3; // cm²: input density D µA/cm² is an input of D·AREA µA

export default async function main(): Promise<void> {
  const density = Array.from({ length: 200 }, (_, i) => (i * 100) / 199); // 0 … 100 µA/cm²
  const spike = { threshold: -30 }; // at high input the spikes peak below 0 mV (≈ -20 mV at 100 µA/cm²)
  let lastPct = -1;
  // 200 ms transient, then 500 ms counted, starting where the transient ended.
  const warm = await neun.sweepAsync({ model: 'HH', grid: { input: density.map((d) => d * AREA) }, h: 0.01, steps: 20_000, spike });
  const res = await neun.sweepAsync(
    { model: 'HH', params: { input: warm.params.input! }, init: warm.finalState, h: 0.01, steps: 50_000, spike },
    {
      onProgress: (p) => {
        const pct = Math.floor(p.fraction * 4) * 25;
        if (pct !== lastPct) console.log(`  sweep: ${pct}% of ${p.total.toLocaleString('en')} neuron-steps`);
        lastPct = pct;
      },
    },
  );
  const rates = Array.from(res.rates);
  const on = rates.findIndex((r) => r > 0);
  console.log(`no sustained firing below ${density[on]!.toFixed(2)} µA/cm²; ${rates[on]} Hz at onset (type II), ${rates.at(-1)} Hz at 100 µA/cm²`);

  // Raster: 20 neurons from 0 to 20 µA/cm², 100 ms each, from the seed's initial state.
  const times: number[] = [];
  const senders: number[] = [];
  for (let j = 0; j < 20; j++) {
    const r = new neun.HHDoubleRK4().run({ steps: 10_000, h: 0.01, input: j * AREA, record: [] });
    r.spikeTimes.forEach((t) => {
      times.push(t);
      senders.push(j);
    });
  }

  const svg = await plot.panels(
    [
      { series: [{ x: density, y: rates }], xLabel: 'Input (µA/cm²)', yLabel: 'Rate (Hz)', title: 'HH f-I curve (after a 200 ms transient)', xDomain: [0, 100] },
      { times, senders, yDomain: [0, 19], xLabel: 'Time (ms)', yLabel: 'Input (µA/cm²)', title: 'Spikes at 0, 1, …, 19 µA/cm² from the seed state' },
    ],
    { shareX: false },
  );
  await plot.writeSvg(`${OUT_DIR}fi_curve.svg`, svg);
  console.log(`wrote ${OUT_DIR}fi_curve.svg`);
}

if (isMain(import.meta.url)) await main();
