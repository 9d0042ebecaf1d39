//! What NEST's current-based IAF models share (`iaf_psc_alpha`,
//! `iaf_psc_exp`, `iaf_psc_delta`, `iaf_psc_exp_htum` and the multisynapse
//! variants): the membrane parameters with potentials stored relative to
//! E_L, NEST's `SetStatus` rule for E_L changes, the get/set name table of
//! those parameters, NEST's parameter checks, the refractory counter and
//! the threshold-and-reset step. Each model file keeps its own propagators,
//! synapses and `update()` order and calls into this core.

use super::{bad, ms_to_steps_ceil, take, Dict};
use crate::error::Result;

/// Membrane parameters of a current-based IAF neuron, as NEST stores them:
/// V_th, V_reset, V_min and the initial V_m relative to E_L. The fields an
/// update reads every step come first (`repr(C)`), so a model that places
/// this after its propagators and state keeps its hot data together.
#[derive(Clone, Debug)]
#[repr(C)]
pub struct Membrane {
    /// Threshold relative to E_L (mV).
    pub theta: f64,
    /// Reset potential relative to E_L (mV).
    pub v_reset: f64,
    /// Constant input current (pA).
    pub i_e: f64,
    /// Lower bound of V_m relative to E_L (mV); `-inf` for models without V_min.
    pub v_min: f64,
    /// Resting potential (mV, absolute).
    pub e_l: f64,
    /// Capacitance (pF).
    pub c_m: f64,
    /// Membrane time constant (ms).
    pub tau_m: f64,
    /// Initial V_m relative to E_L (mV), restored by a fresh run.
    pub v_init: f64,
    /// `true` if the model has the parameter `V_min`.
    has_v_min: bool,
}

/// A parameter check of the membrane, tested in the order a model lists them.
#[derive(Clone, Copy, Debug)]
pub enum Check {
    /// `V_reset < V_th`.
    ResetBelowThreshold,
    /// `C_m > 0`.
    Capacitance,
    /// `tau_m > 0`.
    TauM,
}

impl Membrane {
    /// NEST's defaults (E_L −70 mV, C_m 250 pF, tau_m 10 ms, V_th −55 mV,
    /// V_reset −70 mV, V_m −70 mV, I_e 0), with `v_min` (relative) if the
    /// model has V_min.
    pub const fn new(v_min: Option<f64>) -> Self {
        Membrane {
            e_l: -70.0,
            c_m: 250.0,
            tau_m: 10.0,
            theta: 15.0,
            v_reset: 0.0,
            i_e: 0.0,
            v_min: match v_min {
                Some(v) => v,
                None => f64::NEG_INFINITY,
            },
            v_init: 0.0,
            has_v_min: v_min.is_some(),
        }
    }

    /// Applies E_L, the potentials, I_e, C_m and tau_m of a dictionary as
    /// NEST's `SetStatus` does: a new E_L keeps the absolute values of the
    /// potentials not given in the same call. `v_m` is the state V_m
    /// (relative). No checks; see [`Membrane::check`].
    pub fn set(&mut self, d: Dict<'_>, v_m: &mut f64) {
        let el_old = self.e_l;
        if let Some(x) = take(d, "E_L") {
            self.e_l = x;
        }
        let shift = self.e_l - el_old;
        let e_l = self.e_l;
        let rel = |name: &str, cur: f64| take(d, name).map(|x| x - e_l).unwrap_or(cur - shift);
        self.v_reset = rel("V_reset", self.v_reset);
        self.theta = rel("V_th", self.theta);
        if self.has_v_min {
            self.v_min = rel("V_min", self.v_min);
        }
        self.v_init = rel("V_m", self.v_init);
        *v_m = rel("V_m", *v_m);
        set_f64(d, &mut [("I_e", &mut self.i_e), ("C_m", &mut self.c_m), ("tau_m", &mut self.tau_m)]);
    }

    /// Reads E_L, C_m, tau_m, V_th, V_reset, I_e, V_min (if the model has it)
    /// or V_m (`v_m` relative) in NEST units.
    pub fn get(&self, name: &str, v_m: f64) -> Option<f64> {
        Some(match name {
            "E_L" => self.e_l,
            "C_m" => self.c_m,
            "tau_m" => self.tau_m,
            "V_th" => self.theta + self.e_l,
            "V_reset" => self.v_reset + self.e_l,
            "I_e" => self.i_e,
            "V_min" if self.has_v_min => self.v_min + self.e_l,
            "V_m" => v_m + self.e_l,
            _ => return None,
        })
    }

    /// NEST's checks in the model's order, each with the model's message.
    pub fn check(&self, model: &str, checks: &[(Check, &str)]) -> Result<()> {
        for &(c, msg) in checks {
            let ok = match c {
                Check::ResetBelowThreshold => self.v_reset < self.theta,
                Check::Capacitance => self.c_m > 0.0,
                Check::TauM => self.tau_m > 0.0,
            };
            if !ok {
                return Err(bad(model, msg));
            }
        }
        Ok(())
    }

    /// The threshold test after the membrane update: on `v ≥ V_th` the
    /// neuron spikes, V_m is reset and `r` set to `counts` refractory steps.
    #[inline(always)]
    pub fn fire(&self, v: &mut f64, r: &mut i64, counts: i64) -> bool {
        let spike = *v >= self.theta;
        if spike {
            *r = counts;
            *v = self.v_reset;
        }
        spike
    }

    /// `true` if both membranes have bit-identical parameters (the initial
    /// V_m included: a fresh run restores it).
    pub fn same(&self, o: &Self) -> bool {
        let f = |m: &Self| [m.theta, m.v_reset, m.i_e, m.v_min, m.e_l, m.c_m, m.tau_m, m.v_init];
        same_bits(&f(self), &f(o)) && self.has_v_min == o.has_v_min
    }

    /// [`Membrane::fire`] for one lane of a vectorised update (branch-free):
    /// V_m and refractory counter after the threshold test, and whether the
    /// neuron spiked.
    #[inline(always)]
    pub fn fire_lane(&self, v: f64, r: f64, counts: f64) -> (f64, f64, bool) {
        let spike = v >= self.theta;
        (if spike { self.v_reset } else { v }, if spike { counts } else { r }, spike)
    }

    /// V_m clamped from below at V_min.
    #[inline(always)]
    pub fn clamp(&self, v: f64) -> f64 {
        if v < self.v_min {
            self.v_min
        } else {
            v
        }
    }
}

/// `true` if the two lists hold the same bits (parameters two neurons must
/// share to be stepped as lanes of one update).
pub fn same_bits(a: &[f64], b: &[f64]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.to_bits() == y.to_bits())
}

/// Splits a block of lane state `[field][stride]` into its `F` fields,
/// each cut to lanes `0..n`.
#[inline(always)]
pub fn lane_fields<const F: usize>(state: &mut [f64], stride: usize, n: usize) -> [&mut [f64]; F] {
    let mut fields = state.chunks_exact_mut(stride);
    std::array::from_fn(|_| &mut fields.next().expect("lane block holds F fields")[..n])
}

/// NEST's remaining checks of a model, in its order: the first condition
/// that does not hold fails with its message.
pub fn require(model: &str, checks: &[(bool, &str)]) -> Result<()> {
    match checks.iter().find(|c| !c.0) {
        Some(&(_, msg)) => Err(bad(model, msg)),
        None => Ok(()),
    }
}

/// Applies the named scalars of a dictionary to their fields.
pub fn set_f64(d: Dict<'_>, fields: &mut [(&str, &mut f64)]) {
    for (name, f) in fields.iter_mut() {
        if let Some(x) = take(d, name) {
            **f = x;
        }
    }
}

/// An absolute refractory period: `t_ref` in ms and its whole steps.
#[derive(Clone, Debug)]
pub struct Refractory {
    /// Duration (ms).
    pub t_ref: f64,
    /// Duration in steps (rounded up as NEST does), set by [`Refractory::calibrate`].
    pub counts: i64,
}

impl Refractory {
    /// A period of `t_ref` ms.
    pub const fn new(t_ref: f64) -> Self {
        Refractory { t_ref, counts: 0 }
    }
    /// Reads `name` (ms) from a dictionary (checked with the model's other
    /// parameters: [`Refractory::valid`]).
    pub fn set(&mut self, d: Dict<'_>, name: &str) {
        if let Some(t) = take(d, name) {
            self.t_ref = t;
        }
    }
    /// `true` if both periods are the same (bit-identical `t_ref`, same steps).
    pub fn same(&self, o: &Self) -> bool {
        self.t_ref.to_bits() == o.t_ref.to_bits() && self.counts == o.counts
    }
    /// NEST's `t_ref >= 0`.
    pub fn valid(&self) -> bool {
        self.t_ref >= 0.0
    }
    /// Steps for resolution `tics_per_step`.
    pub fn calibrate(&mut self, tics_per_step: i64) {
        self.counts = ms_to_steps_ceil(self.t_ref, tics_per_step);
    }
}

/// One step of the refractory counter: `true` if the neuron is free (the
/// membrane integrates), else counts down.
#[inline(always)]
pub fn free(r: &mut i64) -> bool {
    if *r == 0 {
        true
    } else {
        *r -= 1;
        false
    }
}

/// [`free`] for one lane of a vectorised update (branch-free, the counter
/// as f64): whether the neuron integrates this step, and the counter after it.
#[inline(always)]
pub fn free_lane(r: f64) -> (bool, f64) {
    let free = r == 0.0;
    (free, if free { r } else { r - 1.0 })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn e_l_change_keeps_absolute_potentials_unless_given() {
        let mut m = Membrane::new(Some(f64::NEG_INFINITY));
        let mut v = 0.0;
        m.set(&[("E_L", -65.0)], &mut v);
        assert_eq!(m.get("V_th", v), Some(-55.0));
        assert_eq!(m.get("V_m", v), Some(-70.0));
        m.set(&[("E_L", -60.0), ("V_reset", -61.0)], &mut v);
        assert_eq!(m.get("V_reset", v), Some(-61.0));
        assert_eq!(m.get("V_min", v), Some(f64::NEG_INFINITY));
        assert_eq!(Membrane::new(None).get("V_min", 0.0), None);
        m.v_reset = m.theta;
        assert!(m.check("x", &[(Check::Capacitance, "c"), (Check::ResetBelowThreshold, "reset")]).unwrap_err().to_string().contains("reset"));
    }
}
