//! `pulsepacket_generator`: Gaussian pulse packets (NEST
//! `models/pulsepacket_generator`): for each time in `pulse_times`,
//! `activity` spikes at times drawn from a normal distribution around it
//! (standard deviation `sdev`). As in NEST it is an ordinary spike source:
//! every target receives the same spikes.
//!
//! NEST's algorithm, kept step for step: a packet is drawn when the
//! generator is active at a slice origin T (t_min < T ≤ t_max) and its
//! centre, on the tic grid, is at most `sdev`·10 ms (1 ms for sdev 0) after
//! T; spikes drawn before T are dropped. A spike at x ms is placed in step
//! ⌈x/h⌉ (x rounded to tics) and sent in that step, so it is stamped one
//! step later (a packet with sdev 0 at 10.0 ms arrives as if sent at
//! 10.0 + h). Spikes of one step go out as one event with a multiplicity.
//! Pending spikes are sent only in slices whose origin is active. At every
//! run start the packets within the tolerance window of "now" are drawn
//! again (NEST's `pre_run_hook` resets its indices but keeps the pending
//! spikes), so a packet that straddles two `Simulate` calls is drawn twice,
//! as in NEST. Setting `activity`, `sdev` or `pulse_times` drops pending
//! spikes; `pulse_times` are sorted.
//!
//! Randomness: the k-th packet drawn by a generator uses somata's stream
//! keyed by (seed, generator node id, k); NEST's random numbers are not
//! reproduced.

use std::collections::VecDeque;

use super::{check_names, Window};
use crate::error::{Error, Result};
use crate::info::ParamInfo;
use crate::models::nest::{take, Dict};
use crate::network::random::stream;

/// Scalar parameters (besides origin/start/stop); the array is `pulse_times` (ms).
pub const PARAMS: &[ParamInfo] = &[
    ParamInfo::new("activity", "", 0.0, "spikes per pulse packet (integer >= 0)"),
    ParamInfo::new("sdev", "ms", 0.0, "standard deviation of the spike times in a packet (>= 0)"),
];

/// NEST's `sdev_tolerance_`: packets are drawn sdev · 10 ms ahead.
const SDEV_TOLERANCE: f64 = 10.0;
/// Stream tag of this device's draws.
const TAG: u64 = 0x9A3E_0001;

/// A pulsepacket_generator.
#[derive(Clone, Debug, Default)]
pub struct PulsepacketGenerator {
    /// Packet centres (ms), sorted.
    pub pulse_times: Vec<f64>,
    /// Spikes per packet.
    pub activity: u64,
    /// Standard deviation (ms).
    pub sdev: f64,
    /// Activity window.
    pub window: Window,
    start_idx: usize,
    stop_idx: usize,
    tolerance: f64,
    /// Pending spike steps, sorted.
    pending: VecDeque<i64>,
    /// Packets drawn so far (stream index).
    drawn: u64,
}

/// `Time(Time::ms(x))` in tics, as NEST converts (nearest tic, truncating cast).
fn tics(x: f64) -> i64 {
    (x * 1000.0 + 0.5) as i64
}

impl PulsepacketGenerator {
    /// Applies a dictionary with NEST's checks.
    pub fn set(&mut self, d: Dict<'_>) -> Result<()> {
        check_names("pulsepacket_generator", PARAMS, d)?;
        let mut g = self.clone();
        g.window.set(d, "pulsepacket_generator")?;
        let mut renew = false;
        if let Some(x) = take(d, "activity") {
            if x.fract() != 0.0 || !x.is_finite() || x.abs() > 9.007e15 {
                return Err(Error::Type(format!("pulsepacket_generator: activity must be an integer, got {x} (NEST: Failed to cast 'activity' from double to type long)")));
            }
            if x < 0.0 {
                return Err(Error::Range(format!("pulsepacket_generator: The activity cannot be negative (activity >= 0, got {x}).")));
            }
            g.activity = x as u64;
            renew = true;
        }
        if let Some(x) = take(d, "sdev") {
            if !(x >= 0.0) || !x.is_finite() {
                return Err(Error::Range(format!("pulsepacket_generator: The standard deviation cannot be negative (sdev >= 0 ms, got {x}).")));
            }
            g.sdev = x;
            renew = true;
        }
        if renew {
            g.pending.clear();
        }
        *self = g;
        Ok(())
    }

    /// Reads a parameter.
    pub fn get(&self, name: &str) -> Option<f64> {
        match name {
            "activity" => Some(self.activity as f64),
            "sdev" => Some(self.sdev),
            _ => self.window.get(name),
        }
    }

    /// Sets `pulse_times` (ms, any order, finite; sorted as NEST sorts them).
    pub fn set_array(&mut self, name: &str, mut v: Vec<f64>) -> Result<()> {
        if name != "pulse_times" {
            return Err(Error::UnknownName(format!("pulsepacket_generator has no array parameter '{name}'; valid: pulse_times")));
        }
        if let Some(x) = v.iter().find(|x| !x.is_finite()) {
            return Err(Error::Range(format!("pulsepacket_generator: pulse_times must be finite, got {x}")));
        }
        v.sort_by(f64::total_cmp);
        self.pulse_times = v;
        self.pending.clear();
        Ok(())
    }

    /// A fresh run: no pending spikes, draws start again.
    pub fn reset(&mut self) {
        self.pending.clear();
        self.drawn = 0;
    }

    /// Start of a run at `now` ms (NEST's `pre_run_hook`).
    pub fn calibrate(&mut self, now: f64) {
        self.tolerance = if self.sdev > 0.0 { self.sdev * SDEV_TOLERANCE } else { 1.0 };
        self.start_idx = 0;
        self.stop_idx = 0;
        while self.stop_idx < self.pulse_times.len() && self.pulse_times[self.stop_idx] - now <= self.tolerance {
            if (self.pulse_times[self.stop_idx] - now).abs() > self.tolerance {
                self.start_idx += 1;
            }
            self.stop_idx += 1;
        }
    }

    /// The slice at origin `origin` (steps) running lags up to `to`, active
    /// when t_min < origin ≤ t_max: `(lag, multiplicity)` of the spikes sent
    /// (stamp origin + lag + 1), the same for every target.
    #[allow(clippy::too_many_arguments)]
    pub fn slice_events(&mut self, origin: i64, to: usize, t_min: i64, t_max: i64, tics_per_step: i64, seed: u64, node: u32) -> Vec<(usize, u64)> {
        let mut ev = Vec::new();
        self.slice(origin, to, t_min < origin && origin <= t_max, tics_per_step, seed, node, &mut ev);
        ev.into_iter().map(|(l, m)| (l, m as u64)).collect()
    }

    /// [`Self::slice_events`] with the activity given: pushes `(lag, multiplicity)`.
    #[allow(clippy::too_many_arguments)]
    pub fn slice(&mut self, origin: i64, to: usize, active: bool, tics_per_step: i64, seed: u64, node: u32, out: &mut Vec<(usize, u32)>) {
        if (self.start_idx == self.pulse_times.len() && self.pending.is_empty()) || !active {
            return;
        }
        let t_tics = origin * tics_per_step;
        while self.stop_idx < self.pulse_times.len() && (tics(self.pulse_times[self.stop_idx]) - t_tics) as f64 * 0.001 <= self.tolerance {
            self.stop_idx += 1;
        }
        if self.start_idx < self.stop_idx {
            let mut grew = false;
            while self.start_idx < self.stop_idx {
                let mut r = stream(seed, &[TAG, node as u64, self.drawn]);
                self.drawn += 1;
                let c = self.pulse_times[self.start_idx];
                for _ in 0..self.activity {
                    let x = self.sdev * r.normal() + c;
                    let tx = tics(x);
                    if tx >= t_tics {
                        // get_steps(): tics rounded up to a whole step.
                        self.pending.push_back((tx + tics_per_step - 1) / tics_per_step);
                    }
                }
                grew = true;
                self.start_idx += 1;
            }
            if grew {
                self.pending.make_contiguous().sort_unstable();
            }
        }
        let end = origin + to as i64;
        while let Some(&s) = self.pending.front() {
            if s >= end {
                break;
            }
            let mut m = 0u32;
            while self.pending.front() == Some(&s) {
                self.pending.pop_front();
                m += 1;
            }
            out.push(((s - origin) as usize, m));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checks_sorting_and_sdev0_steps() {
        let mut g = PulsepacketGenerator::default();
        assert!(g.set(&[("activity", -1.0)]).unwrap_err().to_string().contains("The activity cannot be negative"));
        assert!(g.set(&[("sdev", -1.0)]).unwrap_err().to_string().contains("The standard deviation cannot be negative"));
        assert!(g.set(&[("activity", 1.5)]).unwrap_err().to_string().contains("must be an integer"));
        g.set(&[("activity", 3.0)]).unwrap();
        g.set_array("pulse_times", vec![20.04, 10.0]).unwrap();
        assert_eq!(g.pulse_times, vec![10.0, 20.04]);
        g.calibrate(0.0);
        let mut ev = Vec::new();
        for origin in 0..300 {
            let n = ev.len();
            g.slice(origin, 1, origin > 0, 100, 1, 1, &mut ev);
            for e in &mut ev[n..] {
                e.0 += origin as usize;
            }
        }
        // Steps ⌈10.0/0.1⌉ = 100 and ⌈20.04/0.1⌉ = 201, three spikes each.
        assert_eq!(ev, vec![(100, 3), (201, 3)]);
    }

    #[test]
    fn packet_moments() {
        let mut g = PulsepacketGenerator::default();
        g.set(&[("activity", 20_000.0), ("sdev", 2.0)]).unwrap();
        g.set_array("pulse_times", vec![100.0]).unwrap();
        g.calibrate(0.0);
        let (mut n, mut s1, mut s2) = (0.0, 0.0, 0.0);
        for origin in 0..2000 {
            let mut ev = Vec::new();
            g.slice(origin, 1, origin > 0, 100, 3, 1, &mut ev);
            for (lag, m) in ev {
                let t = (origin + lag as i64) as f64 * 0.1;
                n += m as f64;
                s1 += m as f64 * t;
                s2 += m as f64 * t * t;
            }
        }
        assert_eq!(n, 20_000.0);
        let mean = s1 / n;
        let sd = (s2 / n - mean * mean).sqrt();
        // ⌈x/h⌉ shifts the mean by h/2 and adds h²/12 to the variance.
        assert!((mean - 100.05).abs() < 4.0 * 2.0 / n.sqrt(), "mean {mean}");
        assert!((sd - (4.0f64 + 0.01 / 12.0).sqrt()).abs() < 0.05, "sd {sd}");
    }
}
