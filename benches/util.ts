/** Shared helpers of the benchmark scripts: medians and a Markdown report. */
import os from 'node:os';

/** One measured quantity, with the peer's value beside it when there is one. */
export interface Row {
  /** What was measured, with its unit. */
  name: string;
  /** somata's value. */
  somata: number;
  /** The peer's value, measured in the same run (undefined if the peer is absent). */
  peer?: number;
  /** Which peer and how it ran. */
  peerName?: string;
  /** For ratios and speed-ups: larger is better and no peer ratio is computed. */
  higherIsBetter?: boolean;
}

/** Median of a list of numbers. */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

const fmt = (x: number | undefined) => (x === undefined ? 'n/a' : x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));

/** Prints rows as a Markdown table with peer/somata ratios (how many times faster somata is). */
export function report(title: string, rows: Row[]): void {
  console.log(`\n### ${title} (${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores, Node ${process.version}, ${new Date().toISOString().slice(0, 10)})\n`);
  console.log('| benchmark | somata | peer | peer value | peer / somata |');
  console.log('|---|---|---|---|---|');
  for (const r of rows) {
    const ratio = r.peer !== undefined && !r.higherIsBetter ? `${(r.peer / r.somata).toFixed(2)}×` : '';
    console.log(`| ${r.name} | ${fmt(r.somata)} | ${r.peerName ?? ''} | ${fmt(r.peer)} | ${ratio} |`);
  }
}
