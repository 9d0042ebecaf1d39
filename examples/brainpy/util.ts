/** Small helpers shared by the BrainPy-style examples. */
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The repository's `out/brainpy/` folder (git-ignored), where figures go. */
export const OUT_DIR = fileURLToPath(new URL('../../out/brainpy/', import.meta.url));

/** `true` when the module at `url` is the script node was started with. */
export function isMain(url: string): boolean {
  return process.argv[1] !== undefined && url === pathToFileURL(process.argv[1]).href;
}

/** Times (ms) of the spikes of neuron `i` in a time-major 0/1 spike array. */
export function spikeTimes(times: Float64Array, spikes: Uint8Array, num = 1, i = 0): number[] {
  const out: number[] = [];
  for (let k = 0; k < times.length; k++) if (spikes[k * num + i]) out.push(times[k]!);
  return out;
}
