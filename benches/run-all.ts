/**
 * All benchmarks, each side by side with its peer in the same run:
 *   npm run bench
 * Copy the printed tables into docs/benchmarks.md together with this command.
 */
import { neunBenchmarks } from './neun.js';
import { nestBenchmarks } from './nest.js';
import { brainpyBenchmarks } from './brainpy.js';
import { report } from './util.js';

report('Neun', neunBenchmarks());
report('NEST', nestBenchmarks());
report('BrainPy', brainpyBenchmarks());
