//! `AdQuaIF`: adaptive quadratic integrate-and-fire (brainpy.state
//! `AdQuaIF`, `_brainpy/lif.py`). `V` is stepped with the post-jump `w`
//! frozen; `w` then uses the new `V` (after the delta input).

use super::quaif::quaif_rhs;
use super::adaptation::adaptive_step;
use super::{par, var, BpInfo, BpModel, Ctx, Init};
use crate::info::ModelInfo;
use crate::real::Real;

/// The `AdQuaIF` model.
pub struct AdQuaIF;

impl BpModel for AdQuaIF {
    const INFO: BpInfo = BpInfo {
        model: ModelInfo {
            name: "AdQuaIF",
            title: "Adaptive quadratic integrate-and-fire neuron (brainpy.state AdQuaIF)",
            params: &[
                par("R", "ohm", 1.0, "membrane resistance"),
                par("tau", "ms", 10.0, "membrane time constant"),
                par("tau_w", "ms", 10.0, "adaptation time constant"),
                par("V_th", "mV", -30.0, "spike threshold"),
                par("V_reset", "mV", -68.0, "reset potential"),
                par("V_rest", "mV", -65.0, "resting potential"),
                par("V_c", "mV", -50.0, "critical voltage"),
                par("c", "1/mV", 0.07, "coefficient of the quadratic term"),
                par("a", "S", 1.0, "subthreshold adaptation coupling"),
                par("b", "mA", 0.1, "spike-triggered adaptation increment"),
            ],
            vars: &[var("V", "mV", -65.0, "membrane potential"), var("w", "mA", 0.0, "adaptation current")],
            equations: &[
                "spk = heaviside((V - V_th)/(V_th - V_reset)); V <- reset(V); w <- w + b*spk",
                "tau dV/dt = c*(V - V_rest)*(V - V_c) - R*w + R*I(V)  (w frozen)",
                "V <- V + delta",
                "tau_w dw/dt = a*(V - V_rest) - w  (V = the new V)",
            ],
            notes: &[],
        },
        family: "LIF",
        input_unit: "mA",
        delta_var: "V",
        inits: &[Init::Const(-65.0), Init::Const(0.0)],
        positive: &["tau", "tau_w"],
        nonnegative: &[],
        default_soft: true,
        uses_reset: true,
        refractory: false,
    };

    #[inline(always)]
    fn step<T: Real>(p: &[T], s: &mut [T], c: &Ctx<T>) -> T {
        adaptive_step(p, s, c, |v, w| quaif_rhs(v, p[0], p[1], p[5], p[6], p[7], w, c))
    }
}
