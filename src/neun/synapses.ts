/** Neun synapses (electrical, diffusion, chemical). */
export {};
