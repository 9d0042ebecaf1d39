//! `inhomogeneous_poisson_generator`: Poisson spike trains whose rate is
//! piecewise constant, `rate_values[k]` (Hz) from `rate_times[k]` (ms) on
//! (NEST `models/inhomogeneous_poisson_generator`, `allow_offgrid_times`
//! false). The rate is switched one step ahead, like step_current_generator;
//! in active steps (as poisson_generator) each connection gets a
//! Poisson(rate·h) count from somata's streams keyed by (seed, generator,
//! connection, step).

use super::step_current_generator::StepCurrentGenerator;
use super::{check_names, Window};
use crate::error::{Error, Result};
use crate::info::ParamInfo;
use crate::models::nest::Dict;

/// Scalar parameters (besides origin/start/stop); the arrays are
/// `rate_times` (ms) and `rate_values` (Hz).
pub const PARAMS: &[ParamInfo] = &[];

/// An inhomogeneous_poisson_generator (the schedule works as a step_current_generator's).
#[derive(Clone, Debug, Default)]
pub struct InhomogeneousPoissonGenerator {
    schedule: StepCurrentGenerator,
}

impl InhomogeneousPoissonGenerator {
    /// Applies a dictionary (only the window is scalar).
    pub fn set(&mut self, d: Dict<'_>) -> Result<()> {
        check_names("inhomogeneous_poisson_generator", PARAMS, d)?;
        self.schedule.window.set(d, "inhomogeneous_poisson_generator")
    }
    /// The activity window.
    pub fn window(&self) -> &Window {
        &self.schedule.window
    }
    /// Reads a parameter.
    pub fn get(&self, name: &str) -> Option<f64> {
        self.schedule.window.get(name)
    }
    /// Sets `rate_times` (on the grid, > 0, strictly increasing) or `rate_values`.
    pub fn set_array(&mut self, name: &str, v: Vec<f64>, h: f64) -> Result<()> {
        let inner = match name {
            "rate_times" => "amplitude_times",
            "rate_values" => "amplitude_values",
            _ => return Err(Error::UnknownName(format!("inhomogeneous_poisson_generator has no array parameter '{name}'; valid: rate_times, rate_values"))),
        };
        self.schedule.set_array(inner, v, h).map_err(|e| Error::Range(e.to_string().replace("step_current_generator", "inhomogeneous_poisson_generator").replace("Amplitude", "Rate").replace("amplitude", "rate")))
    }
    /// Reads `rate_times` or `rate_values`.
    pub fn get_array(&self, name: &str) -> Option<Vec<f64>> {
        match name {
            "rate_times" => Some(self.schedule.amplitude_times.clone()),
            "rate_values" => Some(self.schedule.amplitude_values.clone()),
            _ => None,
        }
    }
    /// Checks that times and values match, at the start of a run.
    pub fn check(&self) -> Result<()> {
        self.schedule.check().map_err(|e| Error::Range(e.to_string().replace("step_current_generator", "inhomogeneous_poisson_generator").replace("Amplitude", "Rate")))
    }
    /// Back to rate 0 (fresh run).
    pub fn reset(&mut self) {
        self.schedule.reset();
    }
    /// Skips stamps at or before global step `first`.
    pub fn skip_past(&mut self, first: i64) {
        self.schedule.skip_past(first);
    }
    /// The rate in Hz in global step `s`.
    #[inline]
    pub fn step(&mut self, s: i64) -> f64 {
        self.schedule.step(s)
    }
}
