/**
 * The BrainPy vocabulary (brainpy.state semantics): neuron populations,
 * synapses, projections and whole rollouts in one native call.
 */
export {};
