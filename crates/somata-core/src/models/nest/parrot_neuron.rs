//! `parrot_neuron`: repeats every incoming spike one step later in its own
//! name, with the incoming multiplicity (NEST `models/parrot_neuron`).
//!
//! Weights are ignored: each arriving spike counts its multiplicity, and the
//! neuron sends one spike with the step's total multiplicity (spike recorders
//! see it that many times, targets get weight × multiplicity). Spikes on
//! receptor 1 are ignored (NEST's port for connecting parrots without loops).

use super::{Dict, NestModelInfo, NestNeuron};
use crate::error::Result;

const INFO: NestModelInfo = NestModelInfo {
    name: "parrot_neuron",
    family: "parrot_neuron",
    category: "A: exact (relay)",
    title: "Neuron that repeats incoming spikes",
    params: &[],
    state: &[],
    recordables: &[],
    receptors: "spikes: receptor 0 (repeated; weight ignored), receptor 1 (ignored); no currents",
    notes: &[
        "Weights are ignored as in NEST 3.10; a spike_generator's spike_weights still scale the count (NEST ignores them).",
        "No recordables (NEST has none).",
    ],
};

/// One `parrot_neuron`.
#[derive(Clone, Debug, Default)]
pub struct ParrotNeuron;

impl NestNeuron for ParrotNeuron {
    const INFO: &'static NestModelInfo = &INFO;
    /// Channels: spike counts on receptor 0, spikes on receptor 1 (ignored).
    const CHANNELS: usize = 2;
    const COUNTS_SPIKES: bool = true;

    fn new() -> Self {
        ParrotNeuron
    }

    fn set(&mut self, _d: Dict<'_>) -> Result<()> {
        Ok(())
    }

    fn get(&self, _name: &str) -> Option<f64> {
        None
    }

    fn calibrate(&mut self, _h: f64, _tics_per_step: i64) {}

    fn reset(&mut self) {}

    fn spike_channel(receptor: u32, _w: f64) -> Option<usize> {
        match receptor {
            0 => Some(0),
            1 => Some(1),
            _ => None,
        }
    }

    fn current_channel(_receptor: u32) -> Option<usize> {
        None
    }

    #[inline]
    fn update(&mut self, input: &[f64]) -> bool {
        self.update_count(input) > 0
    }

    #[inline]
    fn update_count(&mut self, input: &[f64]) -> u32 {
        // NEST: static_cast<unsigned long>(n_spikes) of the summed multiplicities.
        if input[0] > 0.0 {
            input[0] as u32
        } else {
            0
        }
    }

    #[inline]
    fn recordable(&self, _k: usize) -> f64 {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeats_with_multiplicity() {
        let mut n = ParrotNeuron::new();
        assert_eq!(n.update_count(&[3.0, 5.0]), 3);
        assert_eq!(n.update_count(&[0.0, 5.0]), 0);
        assert_eq!(ParrotNeuron::spike_channel(2, 1.0), None);
        assert_eq!(ParrotNeuron::current_channel(0), None);
    }
}
