//! `noise_generator`: a Gaussian white-noise current, one independent
//! amplitude per target (NEST `models/noise_generator`): every `dt` ms each
//! target gets `mean + sqrt(std² + y_1·std_mod²)·N(0, 1)` pA, held until the
//! next draw, where `y_1 = sin(2π·frequency·t + phase)` turns by NEST's
//! rotation matrix in active steps (when std_mod ≠ 0). Sent in active steps
//! by the current-generator rule. The normals come from somata's streams,
//! keyed by (seed, generator, connection, step), so runs agree with NEST in
//! distribution, not draw by draw.

use super::{check_names, Window};
use crate::error::{Error, Result};
use crate::info::ParamInfo;
use crate::models::nest::{take, Dict};
use crate::network::random::stream;

/// Parameters (besides origin/start/stop).
pub const PARAMS: &[ParamInfo] = &[
    ParamInfo { name: "mean", unit: "pA", default: 0.0, doc: "mean current" },
    ParamInfo { name: "std", unit: "pA", default: 0.0, doc: "standard deviation of the noise (>= 0)" },
    ParamInfo { name: "std_mod", unit: "pA", default: 0.0, doc: "modulation of the standard deviation (0 <= std_mod <= std)" },
    ParamInfo { name: "dt", unit: "ms", default: 1.0, doc: "interval between new amplitudes (a multiple of the resolution)" },
    ParamInfo { name: "frequency", unit: "Hz", default: 0.0, doc: "frequency of the std modulation" },
    ParamInfo { name: "phase", unit: "deg", default: 0.0, doc: "phase of the std modulation in degrees" },
];

/// A noise_generator.
#[derive(Clone, Debug)]
pub struct NoiseGenerator {
    /// Mean, pA.
    pub mean: f64,
    /// Standard deviation, pA.
    pub std: f64,
    /// Modulation amplitude, pA.
    pub std_mod: f64,
    /// Update interval, ms.
    pub dt: f64,
    /// Modulation frequency, Hz.
    pub frequency: f64,
    /// Modulation phase, degrees.
    pub phase: f64,
    /// Activity window.
    pub window: Window,
    y0: f64,
    y1: f64,
    a: [f64; 4],
    dt_steps: i64,
    next_step: i64,
    /// Current amplitude of each outgoing connection (row order).
    pub amps: Vec<f64>,
}

impl Default for NoiseGenerator {
    fn default() -> Self {
        NoiseGenerator { mean: 0.0, std: 0.0, std_mod: 0.0, dt: 1.0, frequency: 0.0, phase: 0.0, window: Window::default(), y0: 1.0, y1: 0.0, a: [1.0, 0.0, 0.0, 1.0], dt_steps: 1, next_step: 0, amps: Vec::new() }
    }
}

impl NoiseGenerator {
    /// Applies a dictionary with NEST's checks.
    pub fn set(&mut self, d: Dict<'_>) -> Result<()> {
        check_names("noise_generator", PARAMS, d)?;
        let mut g = self.clone();
        g.window.set(d, "noise_generator")?;
        for (name, f) in [("mean", &mut g.mean), ("std", &mut g.std), ("std_mod", &mut g.std_mod), ("dt", &mut g.dt), ("frequency", &mut g.frequency), ("phase", &mut g.phase)] {
            if let Some(x) = take(d, name) {
                *f = x;
            }
        }
        if !(g.std >= 0.0) {
            return Err(Error::Range("noise_generator: The standard deviation cannot be negative.".into()));
        }
        if !(g.std_mod >= 0.0) {
            return Err(Error::Range("noise_generator: The standard deviation cannot be negative.".into()));
        }
        if g.std_mod > g.std {
            return Err(Error::Range("noise_generator: The modulation apmlitude must be smaller or equal to the baseline amplitude.".into()));
        }
        if !(g.dt > 0.0) {
            return Err(Error::Range("noise_generator: dt must be strictly positive.".into()));
        }
        *self = g;
        Ok(())
    }
    /// Reads a parameter.
    pub fn get(&self, name: &str) -> Option<f64> {
        match name {
            "mean" => Some(self.mean),
            "std" => Some(self.std),
            "std_mod" => Some(self.std_mod),
            "dt" => Some(self.dt),
            "frequency" => Some(self.frequency),
            "phase" => Some(self.phase),
            _ => self.window.get(name),
        }
    }
    /// Fresh run: no amplitudes drawn yet.
    pub fn reset(&mut self) {
        self.next_step = 0;
        self.amps.iter_mut().for_each(|a| *a = 0.0);
    }
    /// Run start at time `t` ms with step `h` and `n_targets` connections
    /// (NEST's pre_run_hook: redraws if the number of targets changed).
    pub fn calibrate(&mut self, t: f64, h: f64, n_targets: usize) -> Result<()> {
        let steps = self.dt / h;
        if (steps - steps.round()).abs() > 1e-9 * steps.max(1.0) || steps.round() < 1.0 {
            return Err(Error::Range(format!("noise_generator: dt ({} ms) must be a multiple of the simulation resolution ({h} ms).", self.dt)));
        }
        self.dt_steps = steps.round() as i64;
        if self.amps.len() != n_targets {
            self.amps = vec![0.0; n_targets];
            self.next_step = 0;
        }
        let omega = 2.0 * std::f64::consts::PI * self.frequency / 1000.0;
        let phi = self.phase * 2.0 * std::f64::consts::PI / 360.0;
        self.y0 = (omega * t + phi).cos();
        self.y1 = (omega * t + phi).sin();
        let (s, c) = ((omega * h).sin(), (omega * h).cos());
        self.a = [c, -s, s, c];
        Ok(())
    }
    /// One active step `s`: turns the modulation and, when due, draws new
    /// amplitudes (connection `ids[j]` keys target j's stream).
    pub fn step(&mut self, s: i64, seed: u64, node: u32, ids: impl Iterator<Item = u32>) {
        if self.std_mod != 0.0 {
            let y0 = self.y0;
            self.y0 = self.a[0] * y0 + self.a[1] * self.y1;
            self.y1 = self.a[2] * y0 + self.a[3] * self.y1;
        }
        if s >= self.next_step {
            let sd = (self.std * self.std + self.y1 * self.std_mod * self.std_mod).sqrt();
            for (amp, id) in self.amps.iter_mut().zip(ids) {
                let mut r = stream(seed, &[0x0015_E000, node as u64, id as u64, s as u64]);
                *amp = self.mean + sd * r.normal();
            }
            self.next_step = s + self.dt_steps;
        }
    }
}
