//! Neun-style models: a pure right-hand side `eval(x, p, I)` plus an optional
//! `post_step` hook, composed with any [`Integrator`](crate::integrate::Integrator)
//! in any precision. Synaptic input `I` is held constant over all stages of a
//! step and cleared after it (Neun's `IntegratedSystemWrapper::step`).

mod hh;
mod hr;
mod izhikevich;
mod matsuoka;
mod rulkov;
pub mod synapses;

pub use hh::HodgkinHuxley;
pub use hr::HindmarshRose;
pub use izhikevich::Izhikevich;
pub use matsuoka::Matsuoka;
pub use rulkov::RulkovMap;

use crate::info::ModelInfo;
use crate::integrate::IntegratorKind;
use crate::lanes::Num;
use crate::real::Real;

/// A Neun model with `NV` state variables and `NP` parameters.
pub trait NeunModel<const NV: usize, const NP: usize>: 'static + Send + Sync {
    /// Names, units, defaults, initial state and equations.
    const INFO: ModelInfo;
    /// `true` for iterated maps (integrated with `Stepper` only).
    const IS_MAP: bool = false;
    /// The right-hand side (or, for maps, the next state) at state `x` with
    /// parameters `p` and synaptic input `input`.
    fn eval<T: Real, S: Num<T>>(x: &[S; NV], p: &[S; NP], input: S) -> [S; NV];
    /// Runs after each whole step (Izhikevich's reset); no-op by default.
    #[inline(always)]
    fn post_step<T: Real, S: Num<T>>(_x: &mut [S; NV], _p: &[S; NP]) {}
}

/// Runtime tag of the Neun models, for dispatch at the API boundary.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum NeunKind {
    /// Hodgkin–Huxley 1952.
    HH,
    /// Hindmarsh–Rose 1984.
    HR,
    /// Izhikevich 2003.
    Iz,
    /// Rulkov 2002 map.
    Rulkov,
    /// Matsuoka 1985 oscillator.
    Matsuoka,
}

impl NeunKind {
    /// Every model, in documentation order.
    pub const ALL: [NeunKind; 5] = [Self::HH, Self::HR, Self::Iz, Self::Rulkov, Self::Matsuoka];

    /// The model's self-description.
    pub fn info(self) -> &'static ModelInfo {
        match self {
            Self::HH => &<HodgkinHuxley as NeunModel<4, 7>>::INFO,
            Self::HR => &<HindmarshRose as NeunModel<3, 9>>::INFO,
            Self::Iz => &<Izhikevich as NeunModel<2, 5>>::INFO,
            Self::Rulkov => &<RulkovMap as NeunModel<2, 5>>::INFO,
            Self::Matsuoka => &<Matsuoka as NeunModel<2, 4>>::INFO,
        }
    }

    /// `true` for map models.
    pub fn is_map(self) -> bool {
        matches!(self, Self::Rulkov)
    }

    /// The integrators this model can be composed with.
    pub fn integrators(self) -> &'static [IntegratorKind] {
        if self.is_map() {
            &[IntegratorKind::Stepper]
        } else {
            &[IntegratorKind::Euler, IntegratorKind::RK4, IntegratorKind::RK6]
        }
    }

    /// Parses a short name (`"HH"`, `"HR"`, `"Iz"`, `"Rulkov"`, `"Matsuoka"`).
    pub fn from_name(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.info().name == s)
    }

    /// Number of state variables.
    pub fn n_vars(self) -> usize {
        self.info().vars.len()
    }

    /// Number of parameters.
    pub fn n_params(self) -> usize {
        self.info().params.len()
    }
}

/// Calls `$body` with `$M`, `$NV`, `$NP` bound to the model type and sizes
/// of `$kind`, and `$I` bound to the integrator type of `$integ`. Map models
/// only combine with `Stepper` and differential ones only with the others:
/// other combinations evaluate `$bad`.
#[macro_export]
macro_rules! with_neun_model {
    ($kind:expr, $integ:expr, |$M:ident, $NV:ident, $NP:ident, $I:ident| $body:expr, $bad:expr) => {{
        use $crate::integrate::{Euler, IntegratorKind as __IK, RungeKutta4, RungeKutta6, Stepper};
        use $crate::models::neun::{NeunKind as __NK, *};
        macro_rules! __with_integ {
            ($m:ty, $nv:expr, $np:expr) => {
                match $integ {
                    __IK::Euler => { type $M = $m; const $NV: usize = $nv; const $NP: usize = $np; type $I = Euler; $body }
                    __IK::RK4 => { type $M = $m; const $NV: usize = $nv; const $NP: usize = $np; type $I = RungeKutta4; $body }
                    __IK::RK6 => { type $M = $m; const $NV: usize = $nv; const $NP: usize = $np; type $I = RungeKutta6; $body }
                    __IK::Stepper => $bad,
                }
            };
        }
        match $kind {
            __NK::HH => __with_integ!(HodgkinHuxley, 4, 7),
            __NK::HR => __with_integ!(HindmarshRose, 3, 9),
            __NK::Iz => __with_integ!(Izhikevich, 2, 5),
            __NK::Matsuoka => __with_integ!(Matsuoka, 2, 4),
            __NK::Rulkov => match $integ {
                __IK::Stepper => { type $M = RulkovMap; const $NV: usize = 2; const $NP: usize = 5; type $I = Stepper; $body }
                _ => $bad,
            },
        }
    }};
}
