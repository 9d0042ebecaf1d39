//! `ignore_and_fire`: a neuron that fires at a fixed `rate` with a given
//! `phase` and ignores all input (NEST `models/ignore_and_fire`), for
//! benchmarks whose activity must not depend on the network.
//!
//! As in NEST: firing period = steps of 1000/rate ms, initial countdown =
//! steps of 1000·phase/rate ms (both rounded up to whole steps); a step whose
//! countdown is 0 fires and restarts it at period − 1. Changing `phase` or
//! `rate` restarts the countdown.

use super::{bad, ms_to_steps_ceil, take, Dict, NestModelInfo, NestNeuron};
use crate::error::Result;
use crate::info::ParamInfo;

use ParamInfo as P;

const INFO: NestModelInfo = NestModelInfo {
    name: "ignore_and_fire",
    family: "ignore_and_fire",
    category: "A: exact (counter)",
    title: "Neuron firing at a fixed rate and phase, ignoring its input",
    params: &[P::new("phase", "", 1.0, "phase of the firing relative to the period (0 < phase <= 1)"), P::new("rate", "Hz", 10.0, "firing rate (> 0)")],
    state: &[],
    recordables: &[],
    receptors: "spikes: receptor 0 (ignored); currents: receptor 0 (ignored)",
    notes: &["Input is accepted and ignored, as in NEST 3.10.", "No recordables (NEST has none)."],
};

/// One `ignore_and_fire` neuron.
#[derive(Clone, Debug)]
pub struct IgnoreAndFire {
    phase: f64,
    rate: f64,
    period_steps: i64,
    phase_steps: i64,
    restart: bool,
}

impl NestNeuron for IgnoreAndFire {
    const INFO: &'static NestModelInfo = &INFO;
    /// Channels: spikes, current (both ignored).
    const CHANNELS: usize = 2;

    fn new() -> Self {
        IgnoreAndFire { phase: 1.0, rate: 10.0, period_steps: 1, phase_steps: 0, restart: true }
    }

    fn set(&mut self, d: Dict<'_>) -> Result<()> {
        let phase = take(d, "phase").unwrap_or(self.phase);
        let rate = take(d, "rate").unwrap_or(self.rate);
        if !(phase > 0.0 && phase <= 1.0) {
            return Err(bad(INFO.name, "Phase must be > 0 and <= 1."));
        }
        if !(rate > 0.0) {
            return Err(bad(INFO.name, "Firing rate must be > 0."));
        }
        self.phase = phase;
        self.rate = rate;
        self.restart = true;
        Ok(())
    }

    fn get(&self, name: &str) -> Option<f64> {
        match name {
            "phase" => Some(self.phase),
            "rate" => Some(self.rate),
            _ => None,
        }
    }

    fn calibrate(&mut self, _h: f64, tics_per_step: i64) {
        self.period_steps = ms_to_steps_ceil(1.0 / self.rate * 1000.0, tics_per_step);
        if self.restart {
            self.phase_steps = ms_to_steps_ceil(self.phase / self.rate * 1000.0, tics_per_step);
            self.restart = false;
        }
    }

    fn reset(&mut self) {
        self.restart = true;
    }

    fn spike_channel(receptor: u32, w: f64) -> Option<usize> {
        let _ = w;
        (receptor == 0).then_some(0)
    }

    fn current_channel(receptor: u32) -> Option<usize> {
        (receptor == 0).then_some(1)
    }

    #[inline]
    fn update(&mut self, _input: &[f64]) -> bool {
        if self.phase_steps == 0 {
            self.phase_steps = self.period_steps - 1;
            true
        } else {
            self.phase_steps -= 1;
            false
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

    /// rate 10 Hz, phase 1 at h = 0.1: countdown 1000 steps, then every 1000.
    #[test]
    fn fires_at_rate_and_phase() {
        let mut n = IgnoreAndFire::new();
        n.reset();
        n.calibrate(0.1, 100);
        let s: Vec<usize> = (0..3500).filter(|_| n.update(&[1e9, 1e9])).collect();
        assert_eq!(s, vec![1000, 2000, 3000]);
        n.set(&[("rate", 100.0), ("phase", 0.25)]).unwrap();
        n.calibrate(0.1, 100);
        let s: Vec<usize> = (0..250).filter(|_| n.update(&[0.0; 2])).collect();
        assert_eq!(s, vec![25, 125, 225]);
        assert!(n.set(&[("phase", 0.0)]).is_err());
        assert!(n.set(&[("rate", -1.0)]).is_err());
    }
}
