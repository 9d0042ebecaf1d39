/**
 * The native addon (built by `napi build` into `native/`). Internal: the
 * public API is the `neun`, `brainpy`, `nest` and `u` namespaces.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
import * as binding from '../native/binding.js';

/** The loaded addon. */
export const native = binding;
