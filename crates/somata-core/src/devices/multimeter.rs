//! `voltmeter` / `multimeter`: sample recordables of the neurons they are
//! connected to (`connect(meter, neurons)`, the reversed direction, as in
//! NEST). The state at the end of step s is stamped (s + 1)·h; a sample is
//! taken when (s + 1 − offset) is a multiple of `interval` and
//! t_min < s + 1 ≤ t_max.
//!
//! Difference from NEST: the default `interval` is the resolution h (every
//! step), not 1 ms. An explicit `interval` is honoured.
//!
//! `time_in_steps` (NEST's RecordingDevice property, memory backend): sample
//! times are the stamps in steps (offsets, all 0, are added by the API).

use super::{check_names, take_flag, Window};
use crate::error::{Error, Result};
use crate::info::ParamInfo;
use crate::models::nest::{take, Dict};

/// Parameters (besides origin/start/stop and the string list `record_from`).
pub const PARAMS: &[ParamInfo] = &[
    ParamInfo { name: "interval", unit: "ms", default: 0.0, doc: "sampling interval, a multiple of dt (0: every step; NEST's default is 1 ms)" },
    ParamInfo { name: "offset", unit: "ms", default: 0.0, doc: "first sampling time offset, a multiple of dt (>= 0)" },
    super::spike_recorder::TIME_IN_STEPS,
];

/// A multimeter and the samples of the current run.
#[derive(Clone, Debug)]
pub struct Multimeter {
    /// `true` for a voltmeter (records V_m).
    pub is_voltmeter: bool,
    /// Sampling interval in ms (0: every step).
    pub interval: f64,
    /// Offset in ms.
    pub offset: f64,
    /// `true`: sample times as stamps in steps.
    pub time_in_steps: bool,
    /// Recorded variables.
    pub record_from: Vec<String>,
    /// Activity window.
    pub window: Window,
    /// Observed node ids, in connection order.
    pub targets: Vec<u32>,
    /// Sample times of this run (ms).
    pub times: Vec<f64>,
    /// Samples per variable, time-major `[k * n + j]`.
    pub data: Vec<Vec<f64>>,
}

impl Multimeter {
    /// A voltmeter (`record_from = ["V_m"]`) or an empty multimeter.
    pub fn new(voltmeter: bool) -> Self {
        Multimeter {
            is_voltmeter: voltmeter,
            interval: 0.0,
            offset: 0.0,
            time_in_steps: false,
            record_from: if voltmeter { vec!["V_m".into()] } else { vec![] },
            window: Window::default(),
            targets: vec![],
            times: vec![],
            data: vec![],
        }
    }
    /// Applies a dictionary.
    pub fn set(&mut self, d: Dict<'_>) -> Result<()> {
        check_names(if self.is_voltmeter { "voltmeter" } else { "multimeter" }, PARAMS, d)?;
        let mut m = self.clone();
        m.window.set(d, "multimeter")?;
        if let Some(x) = take(d, "interval") {
            m.interval = x;
        }
        if let Some(x) = take(d, "offset") {
            m.offset = x;
        }
        if let Some(b) = take_flag(d, "time_in_steps", if self.is_voltmeter { "voltmeter" } else { "multimeter" })? {
            m.time_in_steps = b;
        }
        if !(m.interval >= 0.0) || !(m.offset >= 0.0) {
            return Err(Error::Range(format!("multimeter: interval and offset must be >= 0 (got {} ms, {} ms)", m.interval, m.offset)));
        }
        *self = m;
        Ok(())
    }
    /// Records the time of a sample stamped `stamp` (steps of `tics` tics):
    /// ms, or the stamp itself with `time_in_steps`.
    #[inline]
    pub fn push_time(&mut self, stamp: i64, tics: i64) {
        self.times.push(if self.time_in_steps { stamp as f64 } else { (stamp * tics) as f64 * 0.001 });
    }
    /// Reads a parameter.
    pub fn get(&self, name: &str) -> Option<f64> {
        match name {
            "interval" => Some(self.interval),
            "offset" => Some(self.offset),
            "time_in_steps" => Some(f64::from(u8::from(self.time_in_steps))),
            _ => self.window.get(name),
        }
    }
}
