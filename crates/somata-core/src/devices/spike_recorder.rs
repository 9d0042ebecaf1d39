//! `spike_recorder`: records `(sender, time)` of the spikes of the neurons
//! connected to it (`connect(neurons, recorder)`). Spikes stamped T are
//! recorded iff t_min < T ≤ t_max; times are the stamps (s + 1)·h, minus
//! the offset of a precise spike.
//!
//! `time_in_steps` (NEST's RecordingDevice property, memory backend): the
//! events keep the stamp T in steps and the offset in ms (time = T·h −
//! offset) instead of the time in ms.

use super::{check_names, take_flag, Window};
use crate::devices::poisson_generator_ps::stamp_ms;
use crate::error::Result;
use crate::info::ParamInfo;
use crate::models::nest::Dict;

/// Parameters (besides origin/start/stop).
pub const PARAMS: &[ParamInfo] = &[TIME_IN_STEPS];

/// `time_in_steps`, shared by the recorders.
pub const TIME_IN_STEPS: ParamInfo = ParamInfo {
    name: "time_in_steps",
    unit: "",
    default: 0.0,
    doc: "boolean: record times as steps plus offsets (ms) instead of ms; only before the first simulate",
};

/// A spike_recorder and the events of the current run.
#[derive(Clone, Debug, Default)]
pub struct SpikeRecorder {
    /// Activity window.
    pub window: Window,
    /// `true`: events as stamps in steps plus offsets.
    pub time_in_steps: bool,
    /// Observed node ids, in connection order.
    pub sources: Vec<u32>,
    /// Senders of this run's events.
    pub senders: Vec<i32>,
    /// Times (ms) of this run's events.
    pub times: Vec<f64>,
    /// Stamps (steps) of this run's events (with `time_in_steps` only).
    pub stamps: Vec<i64>,
    /// Offsets (ms) of this run's events (with `time_in_steps` only).
    pub offsets: Vec<f64>,
}

impl SpikeRecorder {
    /// Applies a dictionary.
    pub fn set(&mut self, d: Dict<'_>) -> Result<()> {
        check_names("spike_recorder", PARAMS, d)?;
        let tis = take_flag(d, "time_in_steps", "spike_recorder")?;
        self.window.set(d, "spike_recorder")?;
        if let Some(b) = tis {
            self.time_in_steps = b;
        }
        Ok(())
    }

    /// Reads a parameter.
    pub fn get(&self, name: &str) -> Option<f64> {
        match name {
            "time_in_steps" => Some(f64::from(u8::from(self.time_in_steps))),
            _ => self.window.get(name),
        }
    }

    /// Forgets the events of the last run.
    pub fn clear(&mut self) {
        self.senders.clear();
        self.times.clear();
        self.stamps.clear();
        self.offsets.clear();
    }

    /// Records a spike of `sender` stamped `stamp` (steps of `tics` tics)
    /// with `offset` (ms; 0 for on-grid spikes).
    #[inline]
    pub fn push(&mut self, sender: u32, stamp: i64, tics: i64, offset: f64) {
        self.senders.push(sender as i32);
        self.times.push(stamp_ms(stamp, tics) - offset);
        if self.time_in_steps {
            self.stamps.push(stamp);
            self.offsets.push(offset);
        }
    }

    /// Sorts the events from index `k0` on by (time, sender), NEST's
    /// delivery order within a slice.
    pub fn sort_from(&mut self, k0: usize) {
        if self.senders.len() <= k0 + 1 {
            return;
        }
        let mut order: Vec<usize> = (k0..self.senders.len()).collect();
        order.sort_by(|&a, &b| self.times[a].total_cmp(&self.times[b]).then(self.senders[a].cmp(&self.senders[b])));
        let permute_f = |v: &mut Vec<f64>| {
            let s: Vec<f64> = order.iter().map(|&k| v[k]).collect();
            v[k0..].copy_from_slice(&s);
        };
        permute_f(&mut self.times);
        let s: Vec<i32> = order.iter().map(|&k| self.senders[k]).collect();
        self.senders[k0..].copy_from_slice(&s);
        if self.time_in_steps {
            permute_f(&mut self.offsets);
            let s: Vec<i64> = order.iter().map(|&k| self.stamps[k]).collect();
            self.stamps[k0..].copy_from_slice(&s);
        }
    }

    /// The event times as reported: ms, or the stamps in steps with `time_in_steps`.
    pub fn reported_times(&self) -> Vec<f64> {
        if self.time_in_steps {
            self.stamps.iter().map(|&s| s as f64).collect()
        } else {
            self.times.clone()
        }
    }
}
