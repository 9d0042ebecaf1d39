//! `mip_generator`: correlated Poisson trains by multiple interaction
//! (NEST `models/mip_generator`): each step a parent Poisson(rate·h) count n
//! shared by all targets; each connection copies each parent spike with
//! probability `p_copy`. As in NEST the activity window is tested once per
//! min-delay slice, at the slice origin. Draws come from somata's streams
//! keyed by (seed, generator, step) for the parent and (…, connection) for
//! the copies.

use super::{check_names, Window};
use crate::error::{Error, Result};
use crate::info::ParamInfo;
use crate::models::nest::{take, Dict};

/// Parameters (besides origin/start/stop).
pub const PARAMS: &[ParamInfo] = &[
    ParamInfo { name: "rate", unit: "Hz", default: 0.0, doc: "rate of the parent process (>= 0)" },
    ParamInfo { name: "p_copy", unit: "", default: 1.0, doc: "copy probability (0 <= p_copy <= 1)" },
];

/// A mip_generator.
#[derive(Clone, Debug)]
pub struct MipGenerator {
    /// Parent rate, Hz.
    pub rate: f64,
    /// Copy probability.
    pub p_copy: f64,
    /// Activity window.
    pub window: Window,
}

impl Default for MipGenerator {
    fn default() -> Self {
        MipGenerator { rate: 0.0, p_copy: 1.0, window: Window::default() }
    }
}

impl MipGenerator {
    /// Applies a dictionary with NEST's checks.
    pub fn set(&mut self, d: Dict<'_>) -> Result<()> {
        check_names("mip_generator", PARAMS, d)?;
        let mut g = self.clone();
        g.window.set(d, "mip_generator")?;
        if let Some(x) = take(d, "rate") {
            g.rate = x;
        }
        if let Some(x) = take(d, "p_copy") {
            g.p_copy = x;
        }
        if !(g.rate >= 0.0) {
            return Err(Error::Range("mip_generator: Rate must be non-negative.".into()));
        }
        if !(0.0..=1.0).contains(&g.p_copy) {
            return Err(Error::Range("mip_generator: Copy probability must be in [0, 1].".into()));
        }
        *self = g;
        Ok(())
    }
    /// Reads a parameter.
    pub fn get(&self, name: &str) -> Option<f64> {
        match name {
            "rate" => Some(self.rate),
            "p_copy" => Some(self.p_copy),
            _ => self.window.get(name),
        }
    }
}
