//! BrainPy-style synaptic dynamics (brainpy.state 0.1.0,
//! `_brainpy/exponential.py`, `_brainpy/synapse.py`, `_brainpy/stp.py`,
//! `_brainpy/synouts.py`), one model per file: synapses ([`Syn`]),
//! short-term plasticity ([`Plast`]: `STP`, `STD`) and the nonlinear
//! `MgBlock` output.
//!
//! A synapse model advances the state of one element (one postsynaptic
//! neuron for post-aligned projections, one presynaptic neuron for
//! pre-aligned ones) by one step and returns its conductance output `g`.
//! Every variable is advanced by brainstate's exponential Euler step
//! ([`crate::integrate::exp_euler`]) in upstream's order; the input `x` of the
//! step is the summed delta input (post-aligned: the weights of the spikes
//! that arrived) or the spike indicator (pre-aligned).

use crate::error::{Error, Result};

pub mod alpha;
pub mod ampa;
pub mod bionmda;
pub mod dualexpon;
pub mod expon;
pub mod gabaa;
pub mod mgblock;
pub mod std_depression;
pub mod stp;

/// Largest number of state variables of a synapse model.
pub const MAX_SYN_VARS: usize = 3;

/// A synapse model with its parameters (times in ms).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Syn {
    /// [`expon::Expon`].
    Expon(expon::Expon),
    /// [`dualexpon::DualExpon`].
    DualExpon(dualexpon::DualExpon),
    /// [`alpha::Alpha`].
    Alpha(alpha::Alpha),
    /// [`ampa::AMPA`].
    AMPA(ampa::AMPA),
    /// [`gabaa::GABAa`] (AMPA's kinetics with GABAa's defaults).
    GABAa(ampa::AMPA),
    /// [`bionmda::BioNMDA`].
    BioNMDA(bionmda::BioNMDA),
}

impl Syn {
    /// Upstream's class name.
    pub fn name(&self) -> &'static str {
        match self {
            Syn::Expon(_) => "Expon",
            Syn::DualExpon(_) => "DualExpon",
            Syn::Alpha(_) => "Alpha",
            Syn::AMPA(_) => "AMPA",
            Syn::GABAa(_) => "GABAa",
            Syn::BioNMDA(_) => "BioNMDA",
        }
    }

    /// Names of the state variables, in storage order.
    pub fn vars(&self) -> &'static [&'static str] {
        match self {
            Syn::Expon(_) => &["g"],
            Syn::DualExpon(_) => &["g_rise", "g_decay"],
            Syn::Alpha(_) => &["g", "h"],
            Syn::AMPA(_) | Syn::GABAa(_) => &["g", "spike_arrival_time"],
            Syn::BioNMDA(_) => &["g", "x", "spike_arrival_time"],
        }
    }

    /// Initial value of each state variable.
    pub fn init(&self) -> [f64; MAX_SYN_VARS] {
        match self {
            Syn::AMPA(_) | Syn::GABAa(_) => [0.0, super::LAST_SPIKE_INIT, 0.0],
            Syn::BioNMDA(_) => [0.0, 0.0, super::LAST_SPIKE_INIT],
            _ => [0.0; MAX_SYN_VARS],
        }
    }

    /// Whether the model is linear in its input, so that it can be shared by
    /// every synapse onto one postsynaptic neuron (brainpy's `AlignPost`
    /// mixin: Expon, DualExpon; Alpha is linear too).
    pub fn align_post(&self) -> bool {
        matches!(self, Syn::Expon(_) | Syn::DualExpon(_) | Syn::Alpha(_))
    }

    /// Checks the parameters (time constants > 0, rates >= 0).
    pub fn validate(&self) -> Result<()> {
        let pos = |name: &str, x: f64| -> Result<()> {
            if !(x.is_finite() && x > 0.0) {
                return Err(Error::Range(format!("{}: {name} must be finite and > 0 ms, got {x}", self.name())));
            }
            Ok(())
        };
        let nonneg = |name: &str, x: f64| -> Result<()> {
            if !(x.is_finite() && x >= 0.0) {
                return Err(Error::Range(format!("{}: {name} must be finite and >= 0, got {x}", self.name())));
            }
            Ok(())
        };
        match *self {
            Syn::Expon(s) => pos("tau", s.tau),
            Syn::Alpha(s) => pos("tau", s.tau),
            Syn::DualExpon(s) => {
                pos("tau_decay", s.tau_decay)?;
                pos("tau_rise", s.tau_rise)?;
                if !s.amplitude.is_finite() {
                    return Err(Error::Range(format!("DualExpon: amplitude must be finite, got {}", s.amplitude)));
                }
                if s.normalize && s.tau_decay == s.tau_rise {
                    return Err(Error::Range("DualExpon: tau_decay must differ from tau_rise when normalize=True (use Alpha for equal time constants)".into()));
                }
                Ok(())
            }
            Syn::AMPA(s) | Syn::GABAa(s) => {
                nonneg("alpha", s.alpha)?;
                nonneg("beta", s.beta)?;
                nonneg("T", s.t_conc)?;
                nonneg("T_dur", s.t_dur)
            }
            Syn::BioNMDA(s) => {
                for (n, x) in [("alpha1", s.alpha1), ("beta1", s.beta1), ("alpha2", s.alpha2), ("beta2", s.beta2), ("T", s.t_conc), ("T_dur", s.t_dur)] {
                    nonneg(n, x)?;
                }
                Ok(())
            }
        }
    }

    /// One step of one element: `s` its state, `x` its input (delta input,
    /// or spike indicator for AMPA/GABAa), `t` the time at the start of the
    /// step; returns the conductance output.
    #[inline(always)]
    pub fn step(&self, s: &mut [f64; MAX_SYN_VARS], x: f64, t: f64, dt: f64) -> f64 {
        match self {
            Syn::Expon(m) => m.step(s, x, dt),
            Syn::DualExpon(m) => m.step(s, x, dt),
            Syn::Alpha(m) => m.step(s, x, dt),
            Syn::AMPA(m) | Syn::GABAa(m) => m.step(s, x, t, dt),
            Syn::BioNMDA(m) => m.step(s, x, t, dt),
        }
    }
}

/// A short-term plasticity model applied to the presynaptic spikes of a
/// projection (brainpy.state's `stp=` of `align_pre_projection` /
/// `align_post_projection`): its output, the released resources at each
/// spike, replaces the spike as the projection's input.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Plast {
    /// [`stp::STP`] (facilitation and depression).
    STP(stp::STP),
    /// [`std_depression::STD`] (depression only).
    STD(std_depression::STD),
}

impl Plast {
    /// Upstream's class name.
    pub fn name(&self) -> &'static str {
        match self {
            Plast::STP(_) => "STP",
            Plast::STD(_) => "STD",
        }
    }

    /// Initial state of one presynaptic element.
    pub fn init(&self) -> [f64; 2] {
        match self {
            Plast::STP(m) => m.init(),
            Plast::STD(_) => [1.0, 0.0],
        }
    }

    /// Checks the parameters (time constants > 0, `U` in [0, 1]).
    pub fn validate(&self) -> Result<()> {
        let (taus, u): (&[(&str, f64)], f64) = match self {
            Plast::STP(m) => (&[("tau_f", m.tau_f), ("tau_d", m.tau_d)], m.u0),
            Plast::STD(m) => (&[("tau", m.tau)], m.u),
        };
        for &(n, x) in taus {
            if !(x.is_finite() && x > 0.0) {
                return Err(Error::Range(format!("{}: {n} must be finite and > 0 ms, got {x}", self.name())));
            }
        }
        if !(0.0..=1.0).contains(&u) {
            return Err(Error::Range(format!("{}: U must be in [0, 1], got {u}", self.name())));
        }
        Ok(())
    }

    /// One step of one element with spike indicator `s`; returns the
    /// projection input (released resources times `s`).
    #[inline(always)]
    pub fn step(&self, st: &mut [f64; 2], s: f64, dt: f64) -> f64 {
        match self {
            Plast::STP(m) => m.step(st, s, dt),
            Plast::STD(m) => m.step(st, s, dt),
        }
    }
}
