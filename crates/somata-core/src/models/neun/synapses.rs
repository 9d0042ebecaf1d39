//! Neun synapses between two neurons (filled in by the synapse work).
