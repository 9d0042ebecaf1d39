//! `sinusoidal_poisson_generator`: Poisson spike trains with rate
//! `max(0, rate + amplitude·sin(2π·frequency·t + phase))` (NEST
//! `models/sinusoidal_poisson_generator`). The oscillator turns by NEST's
//! rotation matrix in every step (re-initialised from the closed form at
//! each run start); in active steps (t_min < s ≤ t_max, spikes stamped s + 1)
//! each connection gets a Poisson(rate·h) count (`individual_spike_trains`
//! 1, the default) or all connections share one count (0). Counts come from
//! somata's streams keyed by (seed, generator, connection or 0, step).

use super::{check_names, Window};
use crate::error::{Error, Result};
use crate::info::ParamInfo;
use crate::models::nest::{take, Dict};

/// Parameters (besides origin/start/stop).
pub const PARAMS: &[ParamInfo] = &[
    ParamInfo { name: "rate", unit: "Hz", default: 0.0, doc: "mean rate" },
    ParamInfo { name: "amplitude", unit: "Hz", default: 0.0, doc: "rate modulation amplitude" },
    ParamInfo { name: "frequency", unit: "Hz", default: 0.0, doc: "modulation frequency" },
    ParamInfo { name: "phase", unit: "deg", default: 0.0, doc: "modulation phase in degrees" },
    ParamInfo { name: "individual_spike_trains", unit: "", default: 1.0, doc: "1: one train per target; 0: the same train for all" },
];

/// A sinusoidal_poisson_generator.
#[derive(Clone, Debug)]
pub struct SinusoidalPoissonGenerator {
    /// Mean rate, Hz.
    pub rate: f64,
    /// Modulation amplitude, Hz.
    pub amplitude: f64,
    /// Frequency, Hz.
    pub frequency: f64,
    /// Phase, degrees.
    pub phase: f64,
    /// One train per target.
    pub individual: bool,
    /// Activity window.
    pub window: Window,
    y0: f64,
    y1: f64,
    sin: f64,
    cos: f64,
}

impl Default for SinusoidalPoissonGenerator {
    fn default() -> Self {
        SinusoidalPoissonGenerator { rate: 0.0, amplitude: 0.0, frequency: 0.0, phase: 0.0, individual: true, window: Window::default(), y0: 0.0, y1: 0.0, sin: 0.0, cos: 1.0 }
    }
}

impl SinusoidalPoissonGenerator {
    /// Applies a dictionary.
    pub fn set(&mut self, d: Dict<'_>) -> Result<()> {
        check_names("sinusoidal_poisson_generator", PARAMS, d)?;
        let mut g = self.clone();
        g.window.set(d, "sinusoidal_poisson_generator")?;
        for (name, f) in [("rate", &mut g.rate), ("amplitude", &mut g.amplitude), ("frequency", &mut g.frequency), ("phase", &mut g.phase)] {
            if let Some(x) = take(d, name) {
                *f = x;
            }
        }
        if let Some(x) = take(d, "individual_spike_trains") {
            if x != 0.0 && x != 1.0 {
                return Err(Error::Range(format!("sinusoidal_poisson_generator: individual_spike_trains must be 0 or 1 (false or true), got {x}")));
            }
            g.individual = x == 1.0;
        }
        *self = g;
        Ok(())
    }
    /// Reads a parameter.
    pub fn get(&self, name: &str) -> Option<f64> {
        match name {
            "rate" => Some(self.rate),
            "amplitude" => Some(self.amplitude),
            "frequency" => Some(self.frequency),
            "phase" => Some(self.phase),
            "individual_spike_trains" => Some(f64::from(u8::from(self.individual))),
            _ => self.window.get(name),
        }
    }
    /// Run start at time `t` ms with step `h` (NEST's calibrate; rates in 1/ms).
    pub fn calibrate(&mut self, t: f64, h: f64) {
        let om = self.frequency / 1000.0 * 2.0 * std::f64::consts::PI;
        let phi = self.phase / 180.0 * std::f64::consts::PI;
        self.y0 = self.amplitude / 1000.0 * (om * t + phi).cos();
        self.y1 = self.amplitude / 1000.0 * (om * t + phi).sin();
        self.sin = (h * om).sin();
        self.cos = (h * om).cos();
    }
    /// One step: turns the oscillator, returns the rate in 1/ms (≥ 0).
    #[inline]
    pub fn step(&mut self) -> f64 {
        let y0 = self.cos * self.y0 - self.sin * self.y1;
        self.y1 = self.sin * self.y0 + self.cos * self.y1;
        self.y0 = y0;
        (self.rate / 1000.0 + self.y1).max(0.0)
    }
}
