//! `dc_generator`: a constant current `amplitude` (pA) sent to every target
//! as a CurrentEvent. As in NEST, a current generator is active in steps s
//! with t_min < s + 2 ≤ t_max, and with the arrival rule the current drives
//! the target during (start + d, stop + d].

use super::{check_names, Window};
use crate::error::Result;
use crate::info::ParamInfo;
use crate::models::nest::{take, Dict};

/// Parameters (besides origin/start/stop).
pub const PARAMS: &[ParamInfo] = &[ParamInfo { name: "amplitude", unit: "pA", default: 0.0, doc: "the constant current" }];

/// A dc_generator.
#[derive(Clone, Debug, Default)]
pub struct DcGenerator {
    /// Current amplitude, pA.
    pub amplitude: f64,
    /// Activity window.
    pub window: Window,
}

impl DcGenerator {
    /// Applies a dictionary.
    pub fn set(&mut self, d: Dict<'_>) -> Result<()> {
        check_names("dc_generator", PARAMS, d)?;
        self.window.set(d, "dc_generator")?;
        if let Some(x) = take(d, "amplitude") {
            self.amplitude = x;
        }
        Ok(())
    }
    /// Reads a parameter.
    pub fn get(&self, name: &str) -> Option<f64> {
        if name == "amplitude" {
            Some(self.amplitude)
        } else {
            self.window.get(name)
        }
    }
    /// `true` if the generator emits in global step `s` (NEST's CURRENT_GENERATOR rule).
    #[inline]
    pub fn is_active(s: i64, t_min: i64, t_max: i64) -> bool {
        let step = s + 2;
        t_min < step && step <= t_max
    }
}
