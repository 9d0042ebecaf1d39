//! `AdExIF`: adaptive exponential integrate-and-fire (brainpy.state
//! `AdExIF`, `_brainpy/lif.py`).
//!
//! `V` is stepped with the post-jump `w` frozen; then `w` is stepped with the
//! **new** `V` (after the delta input), as upstream's closure sees it.

use super::expif::expif_rhs;
use super::adaptation::adaptive_step;
use super::{par, var, BpInfo, BpModel, Ctx, Init};
use crate::info::ModelInfo;
use crate::real::Real;

/// The `AdExIF` model.
pub struct AdExIF;

impl BpModel for AdExIF {
    const INFO: BpInfo = BpInfo {
        model: ModelInfo {
            name: "AdExIF",
            title: "Adaptive exponential integrate-and-fire neuron (brainpy.state AdExIF)",
            params: &[
                par("R", "ohm", 1.0, "membrane resistance"),
                par("tau", "ms", 10.0, "membrane time constant"),
                par("tau_w", "ms", 30.0, "adaptation time constant"),
                par("V_th", "mV", -55.0, "spike threshold"),
                par("V_reset", "mV", -68.0, "reset potential"),
                par("V_rest", "mV", -65.0, "resting potential"),
                par("V_T", "mV", -59.9, "threshold of the exponential term"),
                par("delta_T", "mV", 3.48, "spike slope factor"),
                par("a", "S", 1.0, "subthreshold adaptation coupling"),
                par("b", "mA", 1.0, "spike-triggered adaptation increment"),
            ],
            vars: &[var("V", "mV", -65.0, "membrane potential"), var("w", "mA", 0.0, "adaptation current")],
            equations: &[
                "spk = heaviside((V - V_th)/(V_th - V_reset)); V <- reset(V); w <- w + b*spk",
                "tau dV/dt = -(V - V_rest) + delta_T*exp(min((V - V_T)/delta_T, 20)) - R*w + R*I(V)  (w frozen)",
                "V <- V + delta",
                "tau_w dw/dt = a*(V - V_rest) - w  (V = the new V)",
            ],
            notes: &["a in S times mV gives mA."],
        },
        family: "LIF",
        input_unit: "mA",
        delta_var: "V",
        inits: &[Init::Const(-65.0), Init::Const(0.0)],
        positive: &["tau", "tau_w", "delta_T"],
        nonnegative: &[],
        default_soft: true,
        uses_reset: true,
        refractory: false,
    };

    #[inline(always)]
    fn step<T: Real>(p: &[T], s: &mut [T], c: &Ctx<T>) -> T {
        adaptive_step(p, s, c, |v, w| expif_rhs(v, p[0], p[1], p[5], p[6], p[7], w, c))
    }
}
