//! BrainPy-style neuron models with brainpy.state's exact update semantics
//! (`brainpy_state/_brainpy/{lif,hh,izhikevich,reduced}.py`, brainpy.state
//! 0.1.0), one model per file.
//!
//! Every model advances each state variable by one exponential Euler step
//! ([`crate::integrate::exp_euler`]) with the other variables frozen exactly
//! where upstream freezes them, in upstream's order. A model is a pure
//! per-neuron function ([`BpModel::step`]) over its parameters and state; the
//! population runner ([`crate::brainpy_run`]) stores both as
//! structure-of-arrays (one contiguous slice per parameter and per variable)
//! and calls the step for every neuron.
//!
//! Conventions shared by the family (see `docs/models-brainpy.md`):
//! - **Spike output** is `heaviside(x) = (x >= 0)` of the model's scaled
//!   voltage `x` (e.g. `(V − V_th)/(V_th − V_reset)`), computed with the same
//!   formula as upstream, so degenerate parameters behave as upstream does.
//! - **Reset** happens at the start of the next update, from the spike of the
//!   stored state: soft `V −= (V_th − V_reset)·spk`, hard `V −= (V − V_reset)·spk`.
//! - **Ref models** integrate candidates from the reset values and keep the
//!   reset values while `t − last_spike_time < tau_ref` (inputs discarded).
//! - **HH family, FitzHugh–Nagumo, Hindmarsh–Rose** emit rising edges:
//!   `spike(V_new)·(1 − spike(V_old))`; they have no reset.
//! - **Inputs** per step and neuron: a current `i` (the model's input unit),
//!   an input conductance `gi` for inputs of the form `I(V) = i − gi·V`
//!   (0 for plain currents; its derivative enters the exp-Euler Jacobian as
//!   upstream's autodiff does for callable inputs), and a delta input added
//!   to the variable upstream adds `sum_delta_inputs` to.

use crate::info::ModelInfo;
use crate::lanes::{Lanes, Num};
use crate::real::Real;

mod adaptation;
pub mod adexif;
pub mod adexifref;
pub mod adquaif;
pub mod adquaifref;
pub mod alif;
pub mod cobalif;
pub mod cubalif;
pub mod expif;
pub mod expifref;
pub mod fitzhughnagumo;
pub mod gif;
pub mod gifref;
pub mod hh;
pub mod hindmarshrose;
pub mod iaf;
pub mod izhikevich;
pub mod izhikevichref;
pub mod lif;
pub mod lifref;
pub mod morrislecar;
pub mod quaif;
pub mod synapses;
pub mod wangbuzsakihh;

/// What one update of one neuron (`T`) or of a SIMD group of neurons
/// (`Lanes<T, LANES>`, one neuron per lane) sees besides its parameters and
/// state.
#[derive(Clone, Copy, Debug)]
pub struct Ctx<T> {
    /// Time at the start of the step (brainpy's `environ.get('t')`), ms.
    pub t: T,
    /// Step size, ms.
    pub dt: T,
    /// Input current (or drive) in the model's input unit.
    pub i: T,
    /// Input conductance: the input is `i − gi·V` (0 for plain currents).
    pub gi: T,
    /// Delta input (instantaneous jump of the variable upstream adds it to).
    pub delta: T,
    /// `spk_reset == 'soft'`.
    pub soft: bool,
}

/// A documented initial value of a state variable.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Init {
    /// The same value for every neuron.
    Const(f64),
    /// Uniform on `[lo, hi)`, from the neuron's random stream.
    Uniform(f64, f64),
    /// Computed by the model from the other initial values (HH gates at
    /// their steady state at the initial V).
    Derived,
}

/// Everything the API layer needs to know about a BrainPy-style model.
#[derive(Clone, Copy, Debug)]
pub struct BpInfo {
    /// Names, units, defaults, equations.
    pub model: ModelInfo,
    /// Family (`LIF`, `HH`, `Izhikevich`, `reduced`).
    pub family: &'static str,
    /// Unit of the input `x` of `update(x)`.
    pub input_unit: &'static str,
    /// Variable that delta inputs are added to.
    pub delta_var: &'static str,
    /// Default initialiser of each variable (same order as `model.vars`).
    pub inits: &'static [Init],
    /// Parameters that must be > 0.
    pub positive: &'static [&'static str],
    /// Parameters that must be >= 0.
    pub nonnegative: &'static [&'static str],
    /// Default of `spk_reset` (`true` = soft).
    pub default_soft: bool,
    /// Whether `spk_reset` changes the dynamics.
    pub uses_reset: bool,
    /// Whether the model has the refractory pattern (`last_spike_time`).
    pub refractory: bool,
}

/// Neurons per SIMD group of the population runners (two AVX-512 vectors of
/// f64 per operation, as the Neun sweeps).
pub const LANES: usize = 16;

/// A SIMD group of [`LANES`] neurons' values.
pub type Group<T> = Lanes<T, LANES>;

/// A BrainPy-style model: a pure update of one neuron.
pub trait BpModel: 'static + Send + Sync {
    /// The model's self-description.
    const INFO: BpInfo;
    /// One update of one neuron: `p` its parameters, `s` its state (updated
    /// in place), returns the spike output (0 or 1).
    fn step<T: Real>(p: &[T], s: &mut [T], c: &Ctx<T>) -> T;
    /// One update of [`LANES`] neurons, one per lane, with exactly the
    /// arithmetic of [`BpModel::step`] in every lane (so results do not
    /// depend on which path or group runs a neuron). Models whose update is
    /// written once over [`Num`] (see [`num_steps!`](crate::bp_num_steps))
    /// evaluate it on SIMD lanes; the others run [`BpModel::step`] lane by
    /// lane.
    #[inline(always)]
    fn step_lanes<T: Real>(p: &[Group<T>], s: &mut [Group<T>], c: &Ctx<Group<T>>) -> Group<T> {
        let mut out = Group::<T>::splat(T::ZERO);
        let (np, nv) = (p.len(), s.len());
        for j in 0..LANES {
            let mut pj = [T::ZERO; crate::brainpy_run::MAX_PARAMS];
            let mut sj = [T::ZERO; crate::brainpy_run::MAX_VARS];
            for k in 0..np {
                pj[k] = p[k].0[j];
            }
            for v in 0..nv {
                sj[v] = s[v].0[j];
            }
            let cj = Ctx { t: c.t.0[j], dt: c.dt.0[j], i: c.i.0[j], gi: c.gi.0[j], delta: c.delta.0[j], soft: c.soft };
            out.0[j] = Self::step(&pj[..np], &mut sj[..nv], &cj);
            for v in 0..nv {
                s[v].0[j] = sj[v];
            }
        }
        out
    }
    /// The value of a [`Init::Derived`] variable `var`, given the parameters
    /// and the other initial values.
    fn derived<T: Real>(_p: &[T], _s: &[T], _var: usize) -> T {
        T::ZERO
    }
}

/// brainpy's surrogate forward pass: `1` if `x >= 0`, else `0`.
#[inline(always)]
pub fn heaviside<T: Real>(x: T) -> T {
    T::select(x >= T::ZERO, T::ONE, T::ZERO)
}

/// The LIF-family reset: `V − (thr − V_reset)·spk` with `thr = V_th` (soft)
/// or `thr = V` (hard).
#[inline(always)]
pub fn reset<T: Real>(v: T, v_th: T, v_reset: T, spk: T, soft: bool) -> T {
    let thr = if soft { v_th } else { v };
    v - (thr - v_reset) * spk
}

/// The refractory test of the Ref models: `t − last_spike_time < tau_ref`.
#[inline(always)]
pub fn in_refractory<T: Real>(t: T, last: T, tau_ref: T) -> bool {
    t - last < tau_ref
}

/// The arithmetic BrainPy-style updates are written in: [`Num`] plus
/// brainstate's `exprel`, which a SIMD group evaluates only on the branch
/// its lanes need (the series when every `|z| ≤ 1/2`, as for the LIF
/// membrane and most synapses; both, selected per lane, when they differ).
/// Every lane equals the scalar [`exprel`](crate::integrate::exp_euler::exprel) bit for bit.
pub trait BpNum<T: Real>: Num<T> {
    /// `(eᶻ − 1)/z` with brainstate's series near 0.
    fn exprel(self) -> Self;
    /// One exponential Euler step (`x + dt·exprel(dt·j)·f`).
    #[inline(always)]
    fn exp_euler(x: Self, f: Self, j: Self, dt: Self) -> Self {
        x + dt * (dt * j).exprel() * f
    }
}

impl<T: Real> BpNum<T> for T {
    #[inline(always)]
    fn exprel(self) -> T {
        crate::integrate::exp_euler::exprel(self)
    }
}

/// Groups of up to 64 lanes.
impl<T: Real, const W: usize> BpNum<T> for Lanes<T, W> {
    #[inline(always)]
    fn exprel(self) -> Self {
        use crate::integrate::exp_euler::{exprel_n, exprel_quotient_n, exprel_series_n};
        let small = self.abs().le_mask(Self::c(0.5));
        if small == u64::MAX >> (64 - W) {
            exprel_series_n(self)
        } else if small == 0 {
            exprel_quotient_n(self)
        } else {
            exprel_n(self)
        }
    }
}

/// [`heaviside`] over [`Num`] (one neuron or a SIMD group).
#[inline(always)]
pub fn heaviside_n<T: Real, S: Num<T>>(x: S) -> S {
    x.select_ge(S::splat(T::ZERO), S::splat(T::ONE), S::splat(T::ZERO))
}

/// [`reset`] over [`Num`].
#[inline(always)]
pub fn reset_n<T: Real, S: Num<T>>(v: S, v_th: S, v_reset: S, spk: S, soft: bool) -> S {
    let thr = if soft { v_th } else { v };
    v - (thr - v_reset) * spk
}

/// [`in_refractory`] over [`Num`]: `if t − last < tau_ref { a } else { b }`.
#[inline(always)]
pub fn if_refractory<T: Real, S: Num<T>>(t: S, last: S, tau_ref: S, a: S, b: S) -> S {
    (t - last).select_lt(tau_ref, a, b)
}

/// Implements [`BpModel::step`] and [`BpModel::step_lanes`] by one update
/// function written over [`Num`]: `fn update<T: Real, S: Num<T>>(p: &[S],
/// s: &mut [S], c: &Ctx<S>) -> S` with `S: BpNum<T>`.
#[macro_export]
macro_rules! bp_num_steps {
    ($update:ident) => {
        #[inline(always)]
        fn step<T: $crate::real::Real>(p: &[T], s: &mut [T], c: &$crate::models::brainpy::Ctx<T>) -> T {
            $update::<T, T>(p, s, c)
        }
        #[inline(always)]
        fn step_lanes<T: $crate::real::Real>(
            p: &[$crate::models::brainpy::Group<T>],
            s: &mut [$crate::models::brainpy::Group<T>],
            c: &$crate::models::brainpy::Ctx<$crate::models::brainpy::Group<T>>,
        ) -> $crate::models::brainpy::Group<T> {
            $update::<T, $crate::models::brainpy::Group<T>>(p, s, c)
        }
    };
}

/// Initial `last_spike_time` of the Ref models (ms).
pub const LAST_SPIKE_INIT: f64 = -1e7;

/// Every BrainPy-style model, by name.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum BpKind {
    IF,
    LIF,
    LIFRef,
    ALIF,
    ExpIF,
    ExpIFRef,
    AdExIF,
    AdExIFRef,
    QuaIF,
    AdQuaIF,
    AdQuaIFRef,
    Gif,
    GifRef,
    Izhikevich,
    IzhikevichRef,
    HH,
    WangBuzsakiHH,
    MorrisLecar,
    FitzHughNagumo,
    HindmarshRose,
    CubaLIF,
    CobaLIF,
}

/// Runs `$body` with the type alias `$M` bound to the model type of `$kind`.
#[macro_export]
macro_rules! with_bp_model {
    ($kind:expr, $M:ident, $body:expr) => {{
        use $crate::models::brainpy as bpm;
        match $kind {
            bpm::BpKind::IF => { type $M = bpm::iaf::IF; $body }
            bpm::BpKind::LIF => { type $M = bpm::lif::LIF; $body }
            bpm::BpKind::LIFRef => { type $M = bpm::lifref::LIFRef; $body }
            bpm::BpKind::ALIF => { type $M = bpm::alif::ALIF; $body }
            bpm::BpKind::ExpIF => { type $M = bpm::expif::ExpIF; $body }
            bpm::BpKind::ExpIFRef => { type $M = bpm::expifref::ExpIFRef; $body }
            bpm::BpKind::AdExIF => { type $M = bpm::adexif::AdExIF; $body }
            bpm::BpKind::AdExIFRef => { type $M = bpm::adexifref::AdExIFRef; $body }
            bpm::BpKind::QuaIF => { type $M = bpm::quaif::QuaIF; $body }
            bpm::BpKind::AdQuaIF => { type $M = bpm::adquaif::AdQuaIF; $body }
            bpm::BpKind::AdQuaIFRef => { type $M = bpm::adquaifref::AdQuaIFRef; $body }
            bpm::BpKind::Gif => { type $M = bpm::gif::Gif; $body }
            bpm::BpKind::GifRef => { type $M = bpm::gifref::GifRef; $body }
            bpm::BpKind::Izhikevich => { type $M = bpm::izhikevich::Izhikevich; $body }
            bpm::BpKind::IzhikevichRef => { type $M = bpm::izhikevichref::IzhikevichRef; $body }
            bpm::BpKind::HH => { type $M = bpm::hh::HH; $body }
            bpm::BpKind::WangBuzsakiHH => { type $M = bpm::wangbuzsakihh::WangBuzsakiHH; $body }
            bpm::BpKind::MorrisLecar => { type $M = bpm::morrislecar::MorrisLecar; $body }
            bpm::BpKind::FitzHughNagumo => { type $M = bpm::fitzhughnagumo::FitzHughNagumo; $body }
            bpm::BpKind::HindmarshRose => { type $M = bpm::hindmarshrose::HindmarshRose; $body }
            bpm::BpKind::CubaLIF => { type $M = bpm::cubalif::CubaLIF; $body }
            bpm::BpKind::CobaLIF => { type $M = bpm::cobalif::CobaLIF; $body }
        }
    }};
}

impl BpKind {
    /// Every model, in documentation order.
    pub const ALL: [BpKind; 22] = [
        Self::IF,
        Self::LIF,
        Self::LIFRef,
        Self::ALIF,
        Self::ExpIF,
        Self::ExpIFRef,
        Self::AdExIF,
        Self::AdExIFRef,
        Self::QuaIF,
        Self::AdQuaIF,
        Self::AdQuaIFRef,
        Self::Gif,
        Self::GifRef,
        Self::Izhikevich,
        Self::IzhikevichRef,
        Self::HH,
        Self::WangBuzsakiHH,
        Self::MorrisLecar,
        Self::FitzHughNagumo,
        Self::HindmarshRose,
        Self::CubaLIF,
        Self::CobaLIF,
    ];

    /// The model's self-description.
    pub fn info(self) -> &'static BpInfo {
        with_bp_model!(self, M, &M::INFO)
    }

    /// Upstream's class name.
    pub fn name(self) -> &'static str {
        self.info().model.name
    }

    /// Parses a class name.
    pub fn from_name(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.name() == s)
    }
}

/// Shorthand for a parameter entry of a model table.
pub(crate) const fn par(name: &'static str, unit: &'static str, default: f64, doc: &'static str) -> crate::info::ParamInfo {
    crate::info::ParamInfo { name, unit, default, doc }
}

/// Shorthand for a variable entry of a model table.
pub(crate) const fn var(name: &'static str, unit: &'static str, init: f64, doc: &'static str) -> crate::info::VarInfo {
    crate::info::VarInfo { name, unit, init, doc }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_are_consistent() {
        for k in BpKind::ALL {
            let i = k.info();
            assert_eq!(BpKind::from_name(k.name()), Some(k));
            assert_eq!(i.inits.len(), i.model.vars.len(), "{}", k.name());
            assert!(i.model.var_index(i.delta_var).is_some(), "{}", k.name());
            for p in i.positive.iter().chain(i.nonnegative) {
                assert!(i.model.param_index(p).is_some(), "{} {}", k.name(), p);
            }
            for (v, init) in i.model.vars.iter().zip(i.inits) {
                if let Init::Const(c) = init {
                    assert_eq!(*c, v.init, "{} {}", k.name(), v.name);
                }
            }
            assert_eq!(i.refractory, i.model.var_index("last_spike_time").is_some());
        }
    }
}
