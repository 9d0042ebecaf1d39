//! `ac_generator`: a sinusoidal current `offset + amplitude·sin(ωt + φ)`
//! (NEST `models/ac_generator`), advanced by NEST's exact rotation matrix
//! `[[cos ωh, −sin ωh], [sin ωh, cos ωh]]` with the state `(y_0, y_1)`
//! re-initialised from the closed form at the start of every run (NEST's
//! `calibrate` at each Simulate). As in NEST 3.10 the oscillator turns in
//! every step and the current is sent in active steps (the current-generator
//! rule, as for dc_generator).

use super::{check_names, Window};
use crate::error::Result;
use crate::info::ParamInfo;
use crate::models::nest::{take, Dict};

/// Parameters (besides origin/start/stop).
pub const PARAMS: &[ParamInfo] = &[
    ParamInfo { name: "amplitude", unit: "pA", default: 0.0, doc: "amplitude of the sine" },
    ParamInfo { name: "offset", unit: "pA", default: 0.0, doc: "constant offset" },
    ParamInfo { name: "phase", unit: "deg", default: 0.0, doc: "phase of the sine in degrees" },
    ParamInfo { name: "frequency", unit: "Hz", default: 0.0, doc: "frequency" },
];

/// An ac_generator.
#[derive(Clone, Debug, Default)]
pub struct AcGenerator {
    /// Amplitude, pA.
    pub amplitude: f64,
    /// Offset, pA.
    pub offset: f64,
    /// Phase, degrees.
    pub phase: f64,
    /// Frequency, Hz.
    pub frequency: f64,
    /// Activity window.
    pub window: Window,
    y0: f64,
    y1: f64,
    a: [f64; 4],
}

impl AcGenerator {
    /// Applies a dictionary.
    pub fn set(&mut self, d: Dict<'_>) -> Result<()> {
        check_names("ac_generator", PARAMS, d)?;
        self.window.set(d, "ac_generator")?;
        for (name, f) in [("amplitude", &mut self.amplitude), ("offset", &mut self.offset), ("phase", &mut self.phase), ("frequency", &mut self.frequency)] {
            if let Some(x) = take(d, name) {
                *f = x;
            }
        }
        Ok(())
    }
    /// Reads a parameter.
    pub fn get(&self, name: &str) -> Option<f64> {
        match name {
            "amplitude" => Some(self.amplitude),
            "offset" => Some(self.offset),
            "phase" => Some(self.phase),
            "frequency" => Some(self.frequency),
            _ => self.window.get(name),
        }
    }
    /// Initial state at time `t` ms and the rotation for step `h` (NEST's calibrate).
    pub fn calibrate(&mut self, t: f64, h: f64) {
        let omega = 2.0 * std::f64::consts::PI * self.frequency / 1000.0;
        let phi = self.phase * 2.0 * std::f64::consts::PI / 360.0;
        self.y0 = self.amplitude * (omega * t + phi).cos();
        self.y1 = self.amplitude * (omega * t + phi).sin();
        let (s, c) = ((omega * h).sin(), (omega * h).cos());
        self.a = [c, -s, s, c];
    }
    /// One step: rotates the oscillator and returns the current (pA).
    #[inline]
    pub fn step(&mut self) -> f64 {
        let y0 = self.y0;
        self.y0 = self.a[0] * y0 + self.a[1] * self.y1;
        self.y1 = self.a[2] * y0 + self.a[3] * self.y1;
        self.y1 + self.offset
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The rotation reproduces offset + A·sin(ω(s+1)h + φ) to rounding.
    #[test]
    fn rotation_matches_closed_form() {
        let mut g = AcGenerator::default();
        g.set(&[("amplitude", 50.0), ("offset", 10.0), ("phase", 30.0), ("frequency", 20.0)]).unwrap();
        g.calibrate(0.0, 0.1);
        let omega = 2.0 * std::f64::consts::PI * 20.0 / 1000.0;
        for s in 0..5000 {
            let want = 10.0 + 50.0 * (omega * (s + 1) as f64 * 0.1 + std::f64::consts::PI / 6.0).sin();
            assert!((g.step() - want).abs() < 1e-9);
        }
    }
}
