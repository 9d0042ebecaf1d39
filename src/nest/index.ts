/**
 * The NEST vocabulary: `Simulator` with `create / connect / simulate`, NEST
 * model and parameter names, devices and kernel timing.
 */
export {};
