//! `step_current_generator`: a piecewise-constant current that takes
//! `amplitude_values[k]` (pA) from `amplitude_times[k]` (ms) on (NEST
//! `models/step_current_generator`, `allow_offgrid_times` false: times must
//! be on the grid, > 0 and strictly increasing). As in NEST the amplitude is
//! switched one step ahead (in step s it becomes the value of a time stamped
//! s + 1) and sent in active steps by the current-generator rule.

use super::{check_names, Window};
use crate::error::{Error, Result};
use crate::info::ParamInfo;
use crate::models::nest::Dict;

/// Scalar parameters (besides origin/start/stop); the arrays are
/// `amplitude_times` (ms) and `amplitude_values` (pA).
pub const PARAMS: &[ParamInfo] = &[];

/// A step_current_generator.
#[derive(Clone, Debug, Default)]
pub struct StepCurrentGenerator {
    /// Times of the amplitude changes, ms.
    pub amplitude_times: Vec<f64>,
    /// Amplitudes from those times on, pA.
    pub amplitude_values: Vec<f64>,
    /// Activity window.
    pub window: Window,
    stamps: Vec<i64>,
    idx: usize,
    amp: f64,
}

impl StepCurrentGenerator {
    /// Applies a dictionary (only the window is scalar).
    pub fn set(&mut self, d: Dict<'_>) -> Result<()> {
        check_names("step_current_generator", PARAMS, d)?;
        self.window.set(d, "step_current_generator")
    }
    /// Reads a parameter.
    pub fn get(&self, name: &str) -> Option<f64> {
        self.window.get(name)
    }
    /// Sets `amplitude_times` (NEST's checks at resolution `h`) or `amplitude_values`.
    pub fn set_array(&mut self, name: &str, v: Vec<f64>, h: f64) -> Result<()> {
        match name {
            "amplitude_times" => {
                let mut prev = 0i64;
                let mut stamps = Vec::with_capacity(v.len());
                for &t in &v {
                    if !(t > 0.0) || !t.is_finite() {
                        return Err(Error::Range("step_current_generator: Amplitude can only be changed at strictly positive times (t > 0).".into()));
                    }
                    let steps = t / h;
                    if (steps - steps.round()).abs() > 1e-9 * steps.max(1.0) {
                        return Err(Error::Range(format!("step_current_generator: Time point {t} is not representable in current resolution.")));
                    }
                    let s = steps.round() as i64;
                    if s <= prev {
                        return Err(Error::Range("step_current_generator: amplitude times must be at strictly increasing time steps.".into()));
                    }
                    prev = s;
                    stamps.push(s);
                }
                self.amplitude_times = v;
                self.stamps = stamps;
            }
            "amplitude_values" => self.amplitude_values = v,
            _ => return Err(Error::UnknownName(format!("step_current_generator has no array parameter '{name}'; valid: amplitude_times, amplitude_values"))),
        }
        self.idx = 0;
        Ok(())
    }
    /// Checks that times and values match, at the start of a run.
    pub fn check(&self) -> Result<()> {
        if self.amplitude_times.len() != self.amplitude_values.len() {
            return Err(Error::Range(format!(
                "step_current_generator: Amplitude times and values have to be the same size (got {} and {}).",
                self.amplitude_times.len(),
                self.amplitude_values.len()
            )));
        }
        Ok(())
    }
    /// Back to the initial amplitude 0 (fresh run).
    pub fn reset(&mut self) {
        self.idx = 0;
        self.amp = 0.0;
    }
    /// Skips stamps at or before global step `first` (NEST's start of a slice).
    pub fn skip_past(&mut self, first: i64) {
        while self.idx < self.stamps.len() && self.stamps[self.idx] <= first {
            self.idx += 1;
        }
    }
    /// The amplitude in global step `s` (updated one step ahead).
    #[inline]
    pub fn step(&mut self, s: i64) -> f64 {
        if self.idx < self.stamps.len() && s + 1 == self.stamps[self.idx] {
            self.amp = self.amplitude_values[self.idx];
            self.idx += 1;
        }
        self.amp
    }
}
