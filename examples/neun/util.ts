/** Small helpers shared by the Neun examples. */
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The repository's `out/neun/` folder (git-ignored), where figures go. */
export const OUT_DIR = fileURLToPath(new URL('../../out/neun/', import.meta.url));

/** `true` when the module at `url` is the script node was started with. */
export function isMain(url: string): boolean {
  return process.argv[1] !== undefined && url === pathToFileURL(process.argv[1]).href;
}

/**
 * How many times the seed's `while time < duration: …; time += step` loop
 * runs. Python floats and JS numbers are the same IEEE doubles, so this is
 * exactly the seed's step count (100000 for 100 ms but 50001 for 50 ms).
 */
export function seedStepCount(duration: number, step: number): number {
  let time = 0;
  let n = 0;
  while (time < duration) {
    time += step;
    n++;
  }
  return n;
}

/** Evenly spaced values, like `numpy.linspace(a, b, n)`. */
export function linspace(a: number, b: number, n: number): number[] {
  return Array.from({ length: n }, (_, i) => (n === 1 ? a : a + ((b - a) * i) / (n - 1)));
}

/** Right-aligns `cells` in columns of the given widths. */
export function row(cells: Array<string | number>, widths: number[]): string {
  return cells.map((c, i) => String(c).padStart(widths[i] ?? 10)).join('  ');
}

/** Splits spike times into bursts: a silent gap longer than `minGap` (default 3 × the median ISI) starts a new burst. */
export function bursts(times: number[], minGap?: number): number[][] {
  if (times.length === 0) return [];
  const isi = times.slice(1).map((t, i) => t - times[i]!);
  const sorted = [...isi].sort((a, b) => a - b);
  const gap = minGap ?? 3 * (sorted.length ? sorted[Math.floor(sorted.length / 2)]! : Infinity);
  const out: number[][] = [[times[0]!]];
  isi.forEach((d, i) => (d > gap ? out.push([times[i + 1]!]) : out[out.length - 1]!.push(times[i + 1]!)));
  return out;
}
