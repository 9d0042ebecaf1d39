//! `FitzHughNagumo`: the FitzHugh–Nagumo model with brainpy.state's update
//! (`FitzHughNagumo`, `_brainpy/reduced.py`): V and w each stepped with the
//! other at its old value, delta input added to V after both, rising-edge
//! spikes. Dimensionless V and input; time in ms.

use super::{heaviside, par, var, BpInfo, BpModel, Ctx, Init};
use crate::info::ModelInfo;
use crate::integrate::exp_euler::exp_euler;
use crate::real::Real;

/// The `FitzHughNagumo` model.
pub struct FitzHughNagumo;

impl BpModel for FitzHughNagumo {
    const INFO: BpInfo = BpInfo {
        model: ModelInfo {
            name: "FitzHughNagumo",
            title: "FitzHugh-Nagumo neuron (brainpy.state FitzHughNagumo)",
            params: &[
                par("a", "", 0.7, "recovery offset"),
                par("b", "", 0.8, "recovery damping"),
                par("tau", "ms", 1.0, "time constant of V"),
                par("tau_w", "ms", 12.5, "time constant of w"),
                par("V_th", "", 1.0, "spike threshold (rising edge)"),
            ],
            vars: &[var("V", "", -1.2, "membrane variable"), var("w", "", -0.62, "recovery variable")],
            equations: &[
                "tau dV/dt = V - V^3/3 - w_old + I; tau_w dw/dt = V_old + a - b w",
                "V <- V + delta (after both steps)",
                "spike = heaviside((V_new - V_th)/V_th) * (1 - heaviside((V_old - V_th)/V_th))",
            ],
            notes: &["spk_reset is accepted and ignored, as upstream."],
        },
        family: "reduced",
        input_unit: "",
        delta_var: "V",
        inits: &[Init::Const(-1.2), Init::Const(-0.62)],
        positive: &["tau", "tau_w"],
        nonnegative: &[],
        default_soft: true,
        uses_reset: false,
        refractory: false,
    };

    #[inline(always)]
    fn step<T: Real>(p: &[T], s: &mut [T], c: &Ctx<T>) -> T {
        let (a, b, tau, tau_w, v_th) = (p[0], p[1], p[2], p[3], p[4]);
        let (v0, w0) = (s[0], s[1]);
        let i = c.i - c.gi * v0;
        let f = (v0 - v0 * v0 * v0 / T::c(3.0) - w0 + i) / tau;
        let j = (T::ONE - v0 * v0 - c.gi) / tau;
        let v = exp_euler(v0, f, j, c.dt);
        let w = exp_euler(w0, (v0 + a - b * w0) / tau_w, -b / tau_w, c.dt);
        let v = v + c.delta;
        s[0] = v;
        s[1] = w;
        heaviside((v - v_th) / v_th) * (T::ONE - heaviside((v0 - v_th) / v_th))
    }
}
