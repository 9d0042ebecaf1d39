//! `spike_generator`: sends spikes at given times (`spike_times`, ms, on the
//! grid, > 0). A spike at time t is stamped t and, with delay d, is in the
//! target's state at t + d (NEST's arrival rule). It is sent iff
//! t_min < t ≤ t_max (`start < t ≤ stop`). Optional `spike_weights` multiply
//! the connection weight, and `spike_multiplicities` repeat a spike.

use super::{check_names, Window};
use crate::error::{Error, Result};
use crate::info::ParamInfo;
use crate::models::nest::Dict;

/// Parameters (besides origin/start/stop and the arrays).
pub const PARAMS: &[ParamInfo] = &[];

/// Array parameters (set as lists).
pub const ARRAYS: &[(&str, &str)] = &[("spike_times", "ms"), ("spike_weights", ""), ("spike_multiplicities", "")];

/// A spike_generator.
#[derive(Clone, Debug, Default)]
pub struct SpikeGenerator {
    /// Spike times (ms), nondecreasing.
    pub spike_times: Vec<f64>,
    /// Spike stamps in steps (computed by [`SpikeGenerator::steps`]).
    pub spike_weights: Vec<f64>,
    /// Multiplicities (empty: 1 each).
    pub spike_multiplicities: Vec<f64>,
    /// Activity window.
    pub window: Window,
}

impl SpikeGenerator {
    /// Applies a (scalar) dictionary: the window parameters.
    pub fn set(&mut self, d: Dict<'_>) -> Result<()> {
        check_names("spike_generator", PARAMS, d)?;
        self.window.set(d, "spike_generator")
    }

    /// Sets an array parameter, checking it against NEST's rules at step `h` (ms).
    pub fn set_array(&mut self, name: &str, v: Vec<f64>, h: f64) -> Result<()> {
        let mut g = self.clone();
        match name {
            "spike_times" => {
                for (k, &t) in v.iter().enumerate() {
                    if !(t > 0.0) || !t.is_finite() {
                        return Err(Error::Range(format!("spike_generator: spike time cannot be set to {t} (spike_times[{k}] must be > 0)")));
                    }
                    let steps = t / h;
                    if (steps - steps.round()).abs() > 1e-9 * steps.max(1.0) {
                        return Err(Error::Range(format!("spike_generator: Time point {t} is not representable in current resolution (dt = {h} ms)")));
                    }
                    if k > 0 && t < v[k - 1] {
                        return Err(Error::Range("spike_generator: spike times must be sorted in non-descending order".into()));
                    }
                }
                g.spike_times = v;
            }
            "spike_weights" => g.spike_weights = v,
            "spike_multiplicities" => {
                if v.iter().any(|&m| !(m >= 0.0) || m.fract() != 0.0) {
                    return Err(Error::Range("spike_generator: spike_multiplicities must be non-negative integers".into()));
                }
                g.spike_multiplicities = v;
            }
            _ => {
                let valid: Vec<&str> = ARRAYS.iter().map(|a| a.0).collect();
                return Err(Error::UnknownName(format!("spike_generator has no array parameter '{name}'; valid: {}", valid.join(", "))));
            }
        }
        let n = g.spike_times.len();
        if !g.spike_weights.is_empty() && g.spike_weights.len() != n {
            return Err(Error::Range(format!("spike_generator: spike_weights must have as many entries as spike_times ({n}) or none, got {}", g.spike_weights.len())));
        }
        if !g.spike_multiplicities.is_empty() && g.spike_multiplicities.len() != n {
            return Err(Error::Range(format!("spike_generator: spike_multiplicities must have as many entries as spike_times ({n}) or none, got {}", g.spike_multiplicities.len())));
        }
        *self = g;
        Ok(())
    }

    /// Reads a scalar parameter.
    pub fn get(&self, name: &str) -> Option<f64> {
        self.window.get(name)
    }

    /// Spike stamps in steps at `h` (the times are on the grid).
    pub fn steps(&self, h: f64) -> Vec<i64> {
        self.spike_times.iter().map(|t| (t / h).round() as i64).collect()
    }

    /// The weight factor of spike `k` (spike_weights × multiplicity).
    pub fn factor(&self, k: usize) -> f64 {
        self.spike_weights.get(k).copied().unwrap_or(1.0) * self.spike_multiplicities.get(k).copied().unwrap_or(1.0)
    }
}
