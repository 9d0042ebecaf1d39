//! `ExpIF`: exponential integrate-and-fire (brainpy.state `ExpIF`,
//! `_brainpy/lif.py`).
//!
//! `τ dV/dt = −(V − V_rest) + ΔT·exp(min((V − V_T)/ΔT, 20)) + R·I(V)`; the
//! exponent is clamped at 20 as upstream does.

use super::{heaviside, par, reset, var, BpInfo, BpModel, Ctx, Init};
use crate::info::ModelInfo;
use crate::integrate::exp_euler::exp_euler;
use crate::real::Real;

/// The `ExpIF` model.
pub struct ExpIF;

/// Drift and Jacobian of the exponential IF membrane equation at `v`, with an
/// extra current `-w` (AdEx adaptation; 0 for ExpIF).
#[inline(always)]
#[allow(clippy::too_many_arguments)]
pub(crate) fn expif_rhs<T: Real>(v: T, r: T, tau: T, v_rest: T, v_t: T, delta_t: T, w: T, c: &Ctx<T>) -> (T, T) {
    let arg = (v - v_t) / delta_t;
    let capped = arg >= T::c(20.0);
    let e = T::select(capped, T::c(20.0), arg).exp();
    let f = (-(v - v_rest) + delta_t * e - r * w + r * (c.i - c.gi * v)) / tau;
    let de = T::select(capped, T::ZERO, e);
    let j = (-T::ONE + de - r * c.gi) / tau;
    (f, j)
}

impl BpModel for ExpIF {
    const INFO: BpInfo = BpInfo {
        model: ModelInfo {
            name: "ExpIF",
            title: "Exponential integrate-and-fire neuron (brainpy.state ExpIF)",
            params: &[
                par("R", "ohm", 1.0, "membrane resistance"),
                par("tau", "ms", 10.0, "membrane time constant"),
                par("V_th", "mV", -30.0, "spike threshold"),
                par("V_reset", "mV", -68.0, "reset potential"),
                par("V_rest", "mV", -65.0, "resting potential"),
                par("V_T", "mV", -59.9, "threshold of the exponential term"),
                par("delta_T", "mV", 3.48, "spike slope factor"),
            ],
            vars: &[var("V", "mV", -65.0, "membrane potential")],
            equations: &[
                "spk = heaviside((V - V_th)/(V_th - V_reset)); reset as LIF",
                "tau dV/dt = -(V - V_rest) + delta_T*exp(min((V - V_T)/delta_T, 20)) + R*I(V)",
                "V <- V + delta",
            ],
            notes: &[],
        },
        family: "LIF",
        input_unit: "mA",
        delta_var: "V",
        inits: &[Init::Const(-65.0)],
        positive: &["tau", "delta_T"],
        nonnegative: &[],
        default_soft: true,
        uses_reset: true,
        refractory: false,
    };

    #[inline(always)]
    fn step<T: Real>(p: &[T], s: &mut [T], c: &Ctx<T>) -> T {
        let (r, tau, v_th, v_reset, v_rest, v_t, delta_t) = (p[0], p[1], p[2], p[3], p[4], p[5], p[6]);
        let last = s[0];
        let spk = heaviside((last - v_th) / (v_th - v_reset));
        let v = reset(last, v_th, v_reset, spk, c.soft);
        let (f, j) = expif_rhs(v, r, tau, v_rest, v_t, delta_t, T::ZERO, c);
        let v = exp_euler(v, f, j, c.dt) + c.delta;
        s[0] = v;
        heaviside((v - v_th) / (v_th - v_reset))
    }
}
