/**
 * Seed guide "How to choose a neuron model" (brainpy.state): LIFRef, ALIF
 * and ExpIF driven by the same 25 mA step current for 200 ms at dt = 0.05 ms,
 * parameters close to each model's defaults.
 *
 *   node --import tsx examples/brainpy/choose-a-model.ts
 *
 * Prints spike counts and inter-spike intervals: LIFRef fires regularly, ALIF
 * adapts (its intervals grow), ExpIF has an exponential spike onset. With
 * ExpIF's defaults (V_th = -30 mV, soft reset by V_th − V_reset = 38 mV) this
 * drive makes V run away once the exponential term dominates — brainpy.state
 * computes exactly the same (see the ExpIF fixture); a hard reset tames it.
 * Figures: out/brainpy/choose-a-model.svg.
 */
import { brainpy, plot, u } from '../../src/index.js';
import { OUT_DIR, isMain, spikeTimes } from './util.js';

/** Per model: spike count, first and last inter-spike intervals after the initial burst (ms), max V (mV). */
export type ChooseSummary = Record<string, { spikes: number; firstISI: number; lastISI: number; maxV: number }>;

export default async function main(): Promise<ChooseSummary> {
  const dt = u.ms(0.05);
  const models = {
    LIFRef: new brainpy.LIFRef(1, { tau: u.ms(20), tau_ref: u.ms(5), V_rest: u.mV(-60), V_th: u.mV(-50), V_reset: u.mV(-60), dt }),
    ALIF: new brainpy.ALIF(1, { tau: u.ms(20), tau_a: u.ms(200), V_rest: u.mV(-60), V_th: u.mV(-50), V_reset: u.mV(-60), dt }),
    ExpIF: new brainpy.ExpIF(1, { tau: u.ms(20), V_rest: u.mV(-60), V_reset: u.mV(-60), dt }),
    'ExpIF (hard reset)': new brainpy.ExpIF(1, { tau: u.ms(20), V_rest: u.mV(-60), V_reset: u.mV(-60), spk_reset: 'hard', dt }),
  };
  const out: ChooseSummary = {};
  const panels: plot.Panel[] = [];
  for (const [name, neuron] of Object.entries(models)) {
    brainpy.initAllStates(neuron);
    const r = brainpy.run(neuron as brainpy.Neuron, { duration: u.ms(200), input: u.mA(25) });
    const times = spikeTimes(r.times, r.spikes);
    // Intervals after the initial burst (V starts at the default 0 mV, above threshold).
    const regular = times.filter((t) => t >= 1);
    const isi = regular.slice(1).map((t, i) => t - regular[i]!);
    let maxV = -Infinity;
    for (const v of r.V!) maxV = Math.max(maxV, v);
    out[name] = { spikes: r.spikeCounts[0]!, firstISI: isi[0] ?? NaN, lastISI: isi[isi.length - 1] ?? NaN, maxV };
    console.log(
      `${name.padEnd(18)} ${String(r.spikeCounts[0]).padStart(5)} spikes; ISI (after the t=0 burst) first ${isi[0]?.toFixed(2) ?? '-'} ms, last ${isi[isi.length - 1]?.toFixed(2) ?? '-'} ms; max V ${maxV.toPrecision(6)} mV`,
    );
    panels.push({ series: [{ x: r.times, y: Array.from(r.V!, (v) => Math.min(v, 50)) }], yLabel: `${name} V (mV, clipped at 50)` });
  }
  const svg = await plot.panels(panels, { title: 'Same 25 mA current, four models (brainpy.state semantics)' });
  await plot.writeSvg(`${OUT_DIR}choose-a-model.svg`, svg);
  console.log(`figure: ${OUT_DIR}choose-a-model.svg`);
  return out;
}

if (isMain(import.meta.url)) await main();
