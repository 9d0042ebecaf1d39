//! `spike_generator`: sends spikes at given times (`spike_times`, ms,
//! relative to `origin`). A spike at time t is stamped t and, with delay d,
//! is in the target's state at t + d (NEST's arrival rule). It is sent iff
//! t_min < t ≤ t_max (`start < t ≤ stop`). Optional `spike_weights`
//! multiply the connection weight, and `spike_multiplicities` repeat a spike.
//!
//! Off-grid times (NEST `models/spike_generator.cpp`):
//! - `precise_times`: a time t is kept exactly, as the stamp of the step it
//!   ends in (`Time::ms_stamp`) and an offset (time = stamp − offset);
//!   precise targets (the `_ps` models) receive t + d, on-grid targets the
//!   stamp.
//! - `allow_offgrid_times`: times off the grid are rounded up to its next
//!   point (otherwise they are an error).
//! - `shift_now_spikes`: a spike at the current time (which could no longer
//!   be sent) moves one step later.
//!
//! `precise_times` excludes the other two. The flags can be changed only
//! together with `spike_times` or while there are none; times are checked
//! and converted when they are set.

use super::{check_names, Window};
use crate::error::{Error, Result};
use crate::info::ParamInfo;
use crate::models::nest::{take, Dict};

/// Parameters (besides origin/start/stop and the arrays): flags, 0 or 1.
pub const PARAMS: &[ParamInfo] = &[
    ParamInfo { name: "precise_times", unit: "", default: 0.0, doc: "1: keep spike times off the grid (stamp + offset)" },
    ParamInfo { name: "allow_offgrid_times", unit: "", default: 0.0, doc: "1: round off-grid spike times up to the grid" },
    ParamInfo { name: "shift_now_spikes", unit: "", default: 0.0, doc: "1: move spikes at the current time one step later" },
];

/// Array parameters (set as lists).
pub const ARRAYS: &[(&str, &str)] = &[("spike_times", "ms"), ("spike_weights", ""), ("spike_multiplicities", "")];

/// A spike_generator.
#[derive(Clone, Debug, Default)]
pub struct SpikeGenerator {
    /// Stamps (steps, relative to origin), nondecreasing.
    stamps: Vec<i64>,
    /// Offsets (ms) of the stamps with `precise_times`, else empty.
    offsets: Vec<f64>,
    /// Tics per step the stamps were computed for.
    tics_per_step: i64,
    /// Weight factors (empty: 1 each).
    pub spike_weights: Vec<f64>,
    /// Multiplicities (empty: 1 each).
    pub spike_multiplicities: Vec<f64>,
    /// Keep off-grid times (stamp + offset).
    pub precise_times: bool,
    /// Round off-grid times up to the grid.
    pub allow_offgrid_times: bool,
    /// Move spikes at the current time one step later.
    pub shift_now_spikes: bool,
    /// Activity window.
    pub window: Window,
}

impl SpikeGenerator {
    /// Applies a (scalar) dictionary: the window and the flags (NEST's rules:
    /// precise_times excludes the others; changed flags need the spike times
    /// to be set again, so they are allowed only while there are none).
    pub fn set(&mut self, d: Dict<'_>) -> Result<()> {
        check_names("spike_generator", PARAMS, d)?;
        let mut g = self.clone();
        g.window.set(d, "spike_generator")?;
        let mut changed = false;
        for (name, f) in [("precise_times", &mut g.precise_times), ("allow_offgrid_times", &mut g.allow_offgrid_times), ("shift_now_spikes", &mut g.shift_now_spikes)] {
            if let Some(x) = take(d, name) {
                if x != 0.0 && x != 1.0 {
                    return Err(Error::Range(format!("spike_generator: {name} is a boolean (0 or 1), got {x}")));
                }
                changed |= (x != 0.0) != *f;
                *f = x != 0.0;
            }
        }
        if g.precise_times && (g.allow_offgrid_times || g.shift_now_spikes) {
            return Err(Error::Range("spike_generator: Option precise_times cannot be set to true when either allow_offgrid_times or shift_now_spikes is set to true.".into()));
        }
        if changed && !g.stamps.is_empty() {
            return Err(Error::Range("spike_generator: Options can only be set together with spike times or if no spike times have been set.".into()));
        }
        *self = g;
        Ok(())
    }

    /// Sets an array parameter with NEST's checks, at a step of
    /// `tics_per_step` tics (1000 tics/ms) with the kernel at step `now`.
    pub fn set_array(&mut self, name: &str, v: Vec<f64>, tics_per_step: i64, now: i64) -> Result<()> {
        let mut g = self.clone();
        match name {
            "spike_times" => {
                g.stamps.clear();
                g.offsets.clear();
                g.tics_per_step = tics_per_step;
                let origin = crate::models::nest::ms_to_steps_ceil(g.window.origin, tics_per_step);
                for (k, &t) in v.iter().enumerate() {
                    if k > 0 && v[k - 1] > t {
                        return Err(Error::Range("spike_generator: Spike times must be sorted in non-descending order.".into()));
                    }
                    g.insert(t, origin, now, tics_per_step)?;
                }
            }
            "spike_weights" => g.spike_weights = v,
            "spike_multiplicities" => {
                if v.iter().any(|&m| !(m >= 0.0) || m.fract() != 0.0) {
                    return Err(Error::Range("spike_generator: spike_multiplicities must be non-negative integers".into()));
                }
                g.spike_multiplicities = v;
            }
            _ => {
                let valid: Vec<&str> = ARRAYS.iter().map(|a| a.0).collect();
                return Err(Error::UnknownName(format!("spike_generator has no array parameter '{name}'; valid: {}", valid.join(", "))));
            }
        }
        let n = g.stamps.len();
        if !g.spike_weights.is_empty() && g.spike_weights.len() != n {
            return Err(Error::Range(format!("spike_generator: spike_weights must have the same number of elements as spike_times ({n}), or 0 elements to clear the property; got {}", g.spike_weights.len())));
        }
        if !g.spike_multiplicities.is_empty() && g.spike_multiplicities.len() != n {
            return Err(Error::Range(format!("spike_generator: spike_multiplicities must have the same number of elements as spike_times ({n}), or 0 elements to clear the property; got {}", g.spike_multiplicities.len())));
        }
        *self = g;
        Ok(())
    }

    /// `assert_valid_spike_time_and_insert_`.
    fn insert(&mut self, t: f64, origin: i64, now: i64, tps: i64) -> Result<()> {
        if !t.is_finite() {
            return Err(Error::Range(format!("spike_generator: spike time cannot be set to {t}.")));
        }
        if t == 0.0 && !self.shift_now_spikes {
            return Err(Error::Range("spike_generator: spike time cannot be set to 0.".into()));
        }
        let stamp = if self.precise_times {
            super::poisson_generator_ps::ms_stamp_steps(t, tps)
        } else {
            // Time::ms(t): to the nearest tic; on the grid, or rounded up if allowed.
            let tics = (t * 1000.0 + 0.5) as i64;
            let mut s = if tics % tps == 0 {
                tics / tps
            } else if self.allow_offgrid_times {
                super::poisson_generator_ps::ms_stamp_steps(t, tps)
            } else {
                return Err(Error::Range(format!("spike_generator: Time point {t} is not representable in current resolution.")));
            };
            if origin + s == now && self.shift_now_spikes {
                s += 1;
            }
            s
        };
        self.stamps.push(stamp);
        if self.precise_times {
            let ms = super::poisson_generator_ps::stamp_ms(stamp, tps);
            let mut offset = ms - t;
            // Differences below a scaled epsilon (or subnormal) are zero.
            if offset.abs() < f64::EPSILON * (ms + t).abs() * 2.0 || offset.abs() < f64::MIN_POSITIVE {
                offset = 0.0;
            }
            self.offsets.push(offset);
        }
        Ok(())
    }

    /// Reads an array parameter as NEST reports it (`spike_times`: stamp
    /// minus offset, i.e. rounded-up times with `allow_offgrid_times`).
    pub fn get_array(&self, name: &str) -> Option<Vec<f64>> {
        match name {
            "spike_times" => Some(self.stamps.iter().enumerate().map(|(k, &s)| super::poisson_generator_ps::stamp_ms(s, self.tics_per_step) - self.offsets.get(k).copied().unwrap_or(0.0)).collect()),
            "spike_weights" => Some(self.spike_weights.clone()),
            "spike_multiplicities" => Some(self.spike_multiplicities.clone()),
            _ => None,
        }
    }

    /// Reads a scalar parameter.
    pub fn get(&self, name: &str) -> Option<f64> {
        match name {
            "precise_times" => Some(f64::from(u8::from(self.precise_times))),
            "allow_offgrid_times" => Some(f64::from(u8::from(self.allow_offgrid_times))),
            "shift_now_spikes" => Some(f64::from(u8::from(self.shift_now_spikes))),
            _ => self.window.get(name),
        }
    }

    /// Spike stamps in global steps at `h` (origin + stamp).
    pub fn steps(&self, h: f64) -> Vec<i64> {
        let origin = (self.window.origin / h).round() as i64;
        self.stamps.iter().map(|s| s + origin).collect()
    }

    /// Offset (ms) of spike `k` (0 unless `precise_times`).
    #[inline]
    pub fn offset(&self, k: usize) -> f64 {
        self.offsets.get(k).copied().unwrap_or(0.0)
    }

    /// `(spike_weights[k], multiplicity[k])`, with `None` for no weight factor.
    #[inline]
    pub fn weight_and_multiplicity(&self, k: usize) -> (Option<f64>, f64) {
        (self.spike_weights.get(k).copied(), self.spike_multiplicities.get(k).copied().unwrap_or(1.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn precise_times_keep_offsets() {
        let mut g = SpikeGenerator::default();
        g.set(&[("precise_times", 1.0)]).unwrap();
        g.set_array("spike_times", vec![1.132123512, 2.0, 3.05], 100, 0).unwrap();
        assert_eq!(g.steps(0.1), vec![12, 20, 31]);
        assert!((g.offset(0) - (1.2 - 1.132123512)).abs() < 1e-15);
        assert_eq!(g.offset(1), 0.0);
        let t = g.get_array("spike_times").unwrap();
        assert!((t[0] - 1.132123512).abs() < 1e-15 && t[1] == 2.0);
        // Flags need the times to be set again.
        assert!(g.set(&[("precise_times", 0.0)]).is_err());
        assert!(g.set(&[("allow_offgrid_times", 1.0)]).is_err());
    }

    #[test]
    fn grid_rules() {
        let mut g = SpikeGenerator::default();
        assert!(g.set_array("spike_times", vec![1.05], 100, 0).is_err());
        assert!(g.set_array("spike_times", vec![0.0], 100, 0).is_err());
        assert!(g.set_array("spike_times", vec![2.0, 1.0], 100, 0).is_err());
        g.set(&[("allow_offgrid_times", 1.0)]).unwrap();
        g.set_array("spike_times", vec![1.05, 1.1], 100, 0).unwrap();
        assert_eq!(g.steps(0.1), vec![11, 11]);
        assert_eq!(g.get_array("spike_times").unwrap(), vec![1.1, 1.1]);
        let mut g = SpikeGenerator::default();
        g.set(&[("shift_now_spikes", 1.0)]).unwrap();
        g.set_array("spike_times", vec![0.0, 2.0, 2.5], 100, 20).unwrap();
        assert_eq!(g.steps(0.1), vec![0, 21, 25]);
        assert!(SpikeGenerator::default().set(&[("precise_times", 1.0), ("shift_now_spikes", 1.0)]).is_err());
    }
}
