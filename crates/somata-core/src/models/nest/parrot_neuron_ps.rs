//! `parrot_neuron_ps`: repeats every incoming spike with its precise time
//! shifted by the connection delay and its multiplicity (NEST
//! `models/parrot_neuron_ps`).
//!
//! A spike at time t arriving with delay d is re-emitted at exactly t + d
//! (same offset, stamp one step later than its delivery step). Weights are
//! ignored: each arriving event counts its multiplicity. Spikes on receptor
//! 1 are ignored (NEST's port for connecting parrots without loops).

use super::ps_common::{Emit, PreciseNeuron, StepEvents};
use super::{Dict, NestModelInfo};
use crate::error::Result;

const INFO: NestModelInfo = NestModelInfo {
    name: "parrot_neuron_ps",
    family: "parrot_neuron",
    category: "A: exact (relay), precise spike times",
    title: "Neuron that repeats incoming spikes, precise spike timing",
    params: &[],
    state: &[],
    recordables: &[],
    receptors: "spikes: receptor 0 (repeated at their precise times; weight ignored), receptor 1 (ignored); no currents",
    notes: &[
        "Each incoming event is repeated as one spike event with the event's offset and multiplicity, as in NEST 3.10.",
        "On-grid input spikes of one step are repeated as one event whose multiplicity is their sum (NEST sends one event per incoming event; recorders and targets see the same spikes).",
    ],
};

/// One `parrot_neuron_ps`.
#[derive(Clone, Debug, Default)]
pub struct ParrotNeuronPs;

impl PreciseNeuron for ParrotNeuronPs {
    const INFO: &'static NestModelInfo = &INFO;
    /// Channels: on-grid spike counts on receptor 0, spikes on receptor 1 (ignored).
    const CHANNELS: usize = 2;
    const SPIKE_CHANNELS: &'static [usize] = &[0];
    const CURRENT_CHANNEL: Option<usize> = None;
    const COUNTS_SPIKES: bool = true;

    fn new() -> Self {
        ParrotNeuronPs
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

    fn step(&mut self, _t: i64, ev: &mut StepEvents<'_>, _current: f64, out: &mut Emit<'_>) -> Result<()> {
        // NEST: static_cast<unsigned long>(multiplicity stored as the weight).
        while let Some(e) = ev.next(false) {
            out.spike(e.offset, if e.weight > 0.0 { e.weight as u32 } else { 0 });
        }
        Ok(())
    }

    fn recordable(&self, _k: usize) -> f64 {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::super::ps_common::Ev;
    use super::*;

    #[test]
    fn repeats_each_event_with_offset_and_multiplicity() {
        let mut p = ParrotNeuronPs::new();
        let evs = [Ev { t: 3, offset: 0.06, weight: 1.0 }, Ev { t: 3, offset: 0.02, weight: 2.0 }];
        let mut out = Vec::new();
        p.step(3, &mut StepEvents::new(&evs), 0.0, &mut Emit::new(&mut out)).unwrap();
        assert_eq!(out, vec![(0.06, 1), (0.02, 2)]);
        assert_eq!(ParrotNeuronPs::spike_channel(2, 1.0), None);
    }
}
