//! `poisson_generator`: each target receives its own independent Poisson
//! spike train of rate `rate` (Hz), as NEST's DSSpikeEvent fan-out does. In
//! each active step a target gets a Poisson(rate·h) count, sent as one event
//! with that multiplicity. Active steps s satisfy t_min < s ≤ t_max; the
//! spikes are stamped s + 1.
//!
//! Randomness: the count for (generator, connection, step) comes from a
//! counter-based stream keyed by the seed (`rng_seed`, or the simulator's
//! seed), the generator's node id and the connection's id, so it does not
//! depend on thread count. NEST's own random numbers are not reproduced.

use super::{check_names, Window};
use crate::error::{Error, Result};
use crate::info::ParamInfo;
use crate::models::nest::{take, Dict};

/// Parameters (besides origin/start/stop).
pub const PARAMS: &[ParamInfo] = &[
    ParamInfo { name: "rate", unit: "Hz", default: 0.0, doc: "mean firing rate of each train (>= 0)" },
    ParamInfo { name: "rng_seed", unit: "", default: -1.0, doc: "seed of this generator's trains (-1: derive from the simulator seed)" },
];

/// A poisson_generator.
#[derive(Clone, Debug)]
pub struct PoissonGenerator {
    /// Rate in Hz.
    pub rate: f64,
    /// Seed, or -1 to use the simulator's seed.
    pub rng_seed: f64,
    /// Activity window.
    pub window: Window,
}

impl Default for PoissonGenerator {
    fn default() -> Self {
        PoissonGenerator { rate: 0.0, rng_seed: -1.0, window: Window::default() }
    }
}

impl PoissonGenerator {
    /// Applies a dictionary.
    pub fn set(&mut self, d: Dict<'_>) -> Result<()> {
        check_names("poisson_generator", PARAMS, d)?;
        let mut g = self.clone();
        g.window.set(d, "poisson_generator")?;
        if let Some(x) = take(d, "rate") {
            g.rate = x;
        }
        if let Some(x) = take(d, "rng_seed") {
            g.rng_seed = x;
        }
        if !(g.rate >= 0.0) || !g.rate.is_finite() {
            return Err(Error::Range(format!("poisson_generator: The rate cannot be negative (rate >= 0 Hz, got {}).", g.rate)));
        }
        if !(g.rng_seed == -1.0 || (g.rng_seed >= 0.0 && g.rng_seed.fract() == 0.0 && g.rng_seed < 9.007e15)) {
            return Err(Error::Range(format!("poisson_generator: rng_seed must be a non-negative integer or -1, got {}", g.rng_seed)));
        }
        *self = g;
        Ok(())
    }
    /// Reads a parameter.
    pub fn get(&self, name: &str) -> Option<f64> {
        match name {
            "rate" => Some(self.rate),
            "rng_seed" => Some(self.rng_seed),
            _ => self.window.get(name),
        }
    }
    /// `true` if the generator emits in global step `s` (spike stamped s + 1).
    #[inline]
    pub fn is_active(s: i64, t_min: i64, t_max: i64) -> bool {
        t_min < s && s <= t_max
    }
}
