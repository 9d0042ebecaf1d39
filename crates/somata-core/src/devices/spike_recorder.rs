//! `spike_recorder`: records `(sender, time)` of the spikes of the neurons
//! connected to it (`connect(neurons, recorder)`). Spikes stamped T are
//! recorded iff t_min < T ≤ t_max; times are the stamps (s + 1)·h.

use super::{check_names, Window};
use crate::error::Result;
use crate::info::ParamInfo;
use crate::models::nest::Dict;

/// Parameters (besides origin/start/stop).
pub const PARAMS: &[ParamInfo] = &[];

/// A spike_recorder and the events of the current run.
#[derive(Clone, Debug, Default)]
pub struct SpikeRecorder {
    /// Activity window.
    pub window: Window,
    /// Observed node ids, in connection order.
    pub sources: Vec<u32>,
    /// Senders of this run's events.
    pub senders: Vec<i32>,
    /// Times (ms) of this run's events.
    pub times: Vec<f64>,
}

impl SpikeRecorder {
    /// Applies a dictionary.
    pub fn set(&mut self, d: Dict<'_>) -> Result<()> {
        check_names("spike_recorder", PARAMS, d)?;
        self.window.set(d, "spike_recorder")
    }
}
