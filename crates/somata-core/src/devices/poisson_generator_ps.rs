//! `poisson_generator_ps`: each target receives its own Poisson spike train
//! with an optional dead time, at precise (off-grid) times (NEST
//! `models/poisson_generator_ps`).
//!
//! Inter-spike intervals are `dead_time + Exp(1)·(1000/rate − dead_time)`
//! ms. A target's train starts in the first slice the generator is active
//! in, from `t_min = max(slice start, origin + start)`, with the first
//! interval drawn from the backward-recurrence distribution (uniform on
//! [0, dead_time) with probability dead_time·rate, else exponential plus
//! dead_time), so the process starts in equilibrium. Spikes at times t with
//! t_min < stamp ≤ min(slice end, origin + stop) are sent; each is stamped
//! with the step it ends in plus its offset (time = stamp − offset), as
//! NEST's `Time::ms_stamp` splits it. Precise targets get the exact time;
//! on-grid targets the stamp.
//!
//! Randomness: each connection has its own counter-based stream keyed by
//! the seed, the generator's node id and the connection's id, kept across
//! the slices of a run, so trains do not depend on thread count. NEST's own
//! random numbers are not reproduced (statistics are).

use std::collections::HashMap;

use super::{check_names, Window};
use crate::error::{Error, Result};
use crate::info::ParamInfo;
use crate::models::nest::{take, Dict};
use crate::rng::Stream;

/// Parameters (besides origin/start/stop).
pub const PARAMS: &[ParamInfo] = &[
    ParamInfo { name: "rate", unit: "Hz", default: 0.0, doc: "mean firing rate of each train (>= 0; 1000/rate >= dead_time)" },
    ParamInfo { name: "dead_time", unit: "ms", default: 0.0, doc: "minimal time between two spikes of a train (>= 0)" },
];

/// The next spike of one train: stamp (global step) and offset (ms).
#[derive(Clone, Debug)]
struct Next {
    stamp: i64,
    offset: f64,
    rng: Stream,
}

/// A poisson_generator_ps with its per-connection trains.
#[derive(Clone, Debug, Default)]
pub struct PoissonGeneratorPs {
    /// Rate in Hz.
    pub rate: f64,
    /// Dead time in ms.
    pub dead_time: f64,
    /// Activity window.
    pub window: Window,
    inv_rate_ms: f64,
    next: HashMap<u32, Next>,
}

/// `Time::ms_stamp(x)` in steps of `tics_per_step` tics (1000 tics/ms): the
/// end of the step x lies in, x itself if it is on the grid (NEST's
/// `Time::fromstamp`).
pub fn ms_stamp_steps(x: f64, tics_per_step: i64) -> i64 {
    if !(x * 1000.0 < 4.0e18) {
        return i64::MAX / 4;
    }
    let mut n = (x * 1000.0) as i64;
    n -= n % tics_per_step;
    let ms = n as f64 * (1.0 / tics_per_step as f64) * (tics_per_step as f64 / 1000.0);
    if ms < x {
        n += tics_per_step;
    }
    n / tics_per_step
}

/// `Time::get_ms()` of a stamp in steps.
#[inline]
pub fn stamp_ms(steps: i64, tics_per_step: i64) -> f64 {
    (1.0 / 1000.0) * (steps * tics_per_step) as f64
}

impl PoissonGeneratorPs {
    /// Applies a dictionary with NEST's checks (dead_time, then rate, then their relation).
    pub fn set(&mut self, d: Dict<'_>) -> Result<()> {
        check_names("poisson_generator_ps", PARAMS, d)?;
        let mut g = self.clone();
        g.window.set(d, "poisson_generator_ps")?;
        if let Some(x) = take(d, "dead_time") {
            g.dead_time = x;
        }
        if !(g.dead_time >= 0.0) || !g.dead_time.is_finite() {
            return Err(Error::Range(format!("poisson_generator_ps: The dead time cannot be negative (dead_time >= 0 ms, got {}).", g.dead_time)));
        }
        if let Some(x) = take(d, "rate") {
            g.rate = x;
        }
        if !(g.rate >= 0.0) || !g.rate.is_finite() {
            return Err(Error::Range(format!("poisson_generator_ps: The rate cannot be negative (rate >= 0 Hz, got {}).", g.rate)));
        }
        if 1000.0 / g.rate < g.dead_time {
            return Err(Error::Range(format!("poisson_generator_ps: The inverse rate cannot be smaller than the dead time (1000/rate = {} ms < dead_time = {} ms).", 1000.0 / g.rate, g.dead_time)));
        }
        *self = g;
        Ok(())
    }

    /// Reads a parameter.
    pub fn get(&self, name: &str) -> Option<f64> {
        match name {
            "rate" => Some(self.rate),
            "dead_time" => Some(self.dead_time),
            _ => self.window.get(name),
        }
    }

    /// Forgets every train (a fresh run).
    pub fn reset(&mut self) {
        self.next.clear();
    }

    /// NEST's `pre_run_hook` at the start of a run: the mean interval, and
    /// a restart of every train if one lies before origin + start
    /// (`t_start` in steps).
    pub fn calibrate(&mut self, t_start: i64) {
        self.inv_rate_ms = if self.rate > 0.0 { 1000.0 / self.rate - self.dead_time } else { f64::INFINITY };
        if self.next.values().any(|n| n.stamp < t_start) {
            self.next.clear();
        }
    }

    /// Spikes of the slice `(t_lo, t_hi]` (global steps: the slice start and
    /// end, already intersected with the window: t_lo = max(origin + from,
    /// origin + start), t_hi = min(origin + to, origin + stop)) for the
    /// connections `edges` (`(key, connection id)`): calls `send(key, stamp,
    /// offset)` for every spike, in time order per connection.
    #[allow(clippy::too_many_arguments)]
    pub fn emit(&mut self, t_lo: i64, t_hi: i64, seed: u64, g: u32, tics_per_step: i64, edges: impl Iterator<Item = (usize, u32)>, mut send: impl FnMut(usize, i64, f64)) {
        if self.rate <= 0.0 || t_lo >= t_hi {
            return;
        }
        let (dead, rate, inv) = (self.dead_time, self.rate, self.inv_rate_ms);
        for (key, id) in edges {
            let n = self.next.entry(id).or_insert_with(|| {
                let mut rng = crate::network::random::stream(seed, &[0x50C5_0001, g as u64, id as u64]);
                // Backward recurrence time: uniform on [0, dead) with probability dead·rate, else exponential + dead.
                let spike_offset = if dead > 0.0 && rng.uniform() < dead * rate / 1000.0 { rng.uniform() * dead } else { inv * exp_dev(&mut rng) + dead };
                let s = ms_stamp_steps(spike_offset, tics_per_step);
                Next { stamp: s + t_lo, offset: stamp_ms(s, tics_per_step) - spike_offset, rng }
            });
            while n.stamp <= t_hi {
                send(key, n.stamp, n.offset);
                let new_offset = -n.offset + inv * exp_dev(&mut n.rng) + dead;
                if new_offset < 0.0 {
                    n.offset = -new_offset;
                } else {
                    let ds = ms_stamp_steps(new_offset, tics_per_step);
                    n.stamp += ds;
                    n.offset = stamp_ms(ds, tics_per_step) - new_offset;
                }
            }
        }
    }
}

/// An Exp(1) deviate: −ln(u), u uniform on (0, 1].
#[inline]
fn exp_dev(r: &mut Stream) -> f64 {
    -(1.0 - r.uniform()).ln()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ms_stamp_rounds_up_to_the_grid() {
        assert_eq!(ms_stamp_steps(0.25, 100), 3);
        assert_eq!(ms_stamp_steps(0.3, 100), 3);
        assert_eq!(ms_stamp_steps(0.30000001, 100), 4);
        assert_eq!(ms_stamp_steps(0.0, 100), 0);
        assert_eq!(ms_stamp_steps(1.0e-9, 100), 1);
    }

    #[test]
    fn checks_and_statistics() {
        let mut g = PoissonGeneratorPs::default();
        assert!(g.set(&[("dead_time", -1.0)]).is_err());
        assert!(g.set(&[("rate", 1000.0), ("dead_time", 2.0)]).is_err());
        g.set(&[("rate", 400.0), ("dead_time", 1.5)]).unwrap();
        g.calibrate(0);
        // One train over 100 s at h = 0.1: rate and the minimum interval.
        let mut t = Vec::new();
        let tps = 100;
        g.emit(0, 1_000_000, 7, 3, tps, std::iter::once((0, 0)), |_, s, o| t.push(stamp_ms(s, tps) - o));
        let rate = t.len() as f64 / 100.0;
        assert!((rate - 400.0).abs() < 4.0 * (400.0f64 / 100.0).sqrt() * 2.0, "rate {rate}");
        let min_isi = t.windows(2).map(|w| w[1] - w[0]).fold(f64::INFINITY, f64::min);
        assert!((1.5 - 1e-9..1.6).contains(&min_isi), "min isi {min_isi}");
        // Offsets lie in [0, h).
        let mut offs = Vec::new();
        let mut g2 = g.clone();
        g2.reset();
        g2.emit(0, 1000, 7, 3, tps, std::iter::once((0, 0)), |_, _, o| offs.push(o));
        assert!(offs.iter().all(|&o| (0.0..0.1).contains(&o)));
    }
}
