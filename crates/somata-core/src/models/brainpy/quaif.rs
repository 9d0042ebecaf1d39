//! `QuaIF`: quadratic integrate-and-fire (brainpy.state `QuaIF`,
//! `_brainpy/lif.py`): `τ dV/dt = c(V − V_rest)(V − V_c) + R·I(V)`.

use super::{heaviside, par, reset, var, BpInfo, BpModel, Ctx, Init};
use crate::info::ModelInfo;
use crate::integrate::exp_euler::exp_euler;
use crate::real::Real;

/// The `QuaIF` model.
pub struct QuaIF;

/// Drift and Jacobian of the quadratic IF equation at `v` with an extra
/// current `-w` (adaptation; 0 for QuaIF).
#[inline(always)]
#[allow(clippy::too_many_arguments)]
pub(crate) fn quaif_rhs<T: Real>(v: T, r: T, tau: T, v_rest: T, v_c: T, cc: T, w: T, c: &Ctx<T>) -> (T, T) {
    let f = (cc * (v - v_rest) * (v - v_c) - r * w + r * (c.i - c.gi * v)) / tau;
    let j = (cc * (v - v_c) + cc * (v - v_rest) - r * c.gi) / tau;
    (f, j)
}

impl BpModel for QuaIF {
    const INFO: BpInfo = BpInfo {
        model: ModelInfo {
            name: "QuaIF",
            title: "Quadratic integrate-and-fire neuron (brainpy.state QuaIF)",
            params: &[
                par("R", "ohm", 1.0, "membrane resistance"),
                par("tau", "ms", 10.0, "membrane time constant"),
                par("V_th", "mV", -30.0, "spike threshold"),
                par("V_reset", "mV", -68.0, "reset potential"),
                par("V_rest", "mV", -65.0, "resting potential"),
                par("V_c", "mV", -50.0, "critical voltage"),
                par("c", "1/mV", 0.07, "coefficient of the quadratic term"),
            ],
            vars: &[var("V", "mV", -65.0, "membrane potential")],
            equations: &[
                "spk = heaviside((V - V_th)/(V_th - V_reset)); reset as LIF",
                "tau dV/dt = c*(V - V_rest)*(V - V_c) + R*I(V)",
                "V <- V + delta",
            ],
            notes: &[],
        },
        family: "LIF",
        input_unit: "mA",
        delta_var: "V",
        inits: &[Init::Const(-65.0)],
        positive: &["tau"],
        nonnegative: &[],
        default_soft: true,
        uses_reset: true,
        refractory: false,
    };

    #[inline(always)]
    fn step<T: Real>(p: &[T], s: &mut [T], c: &Ctx<T>) -> T {
        let (r, tau, v_th, v_reset, v_rest, v_c, cc) = (p[0], p[1], p[2], p[3], p[4], p[5], p[6]);
        let last = s[0];
        let spk = heaviside((last - v_th) / (v_th - v_reset));
        let v = reset(last, v_th, v_reset, spk, c.soft);
        let (f, j) = quaif_rhs(v, r, tau, v_rest, v_c, cc, T::ZERO, c);
        let v = exp_euler(v, f, j, c.dt) + c.delta;
        s[0] = v;
        heaviside((v - v_th) / (v_th - v_reset))
    }
}
