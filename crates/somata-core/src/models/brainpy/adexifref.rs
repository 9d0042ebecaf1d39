//! `AdExIFRef`: adaptive exponential integrate-and-fire with refractory
//! period (brainpy.state `AdExIFRef`, `_brainpy/lif.py`). Both `V` and `w`
//! are held at their reset values while refractory; `w`'s candidate uses the
//! candidate `V`.

use super::expif::expif_rhs;
use super::adaptation::adaptive_ref_step;
use super::{par, var, BpInfo, BpModel, Ctx, Init, LAST_SPIKE_INIT};
use crate::info::ModelInfo;
use crate::real::Real;

/// The `AdExIFRef` model.
pub struct AdExIFRef;

impl BpModel for AdExIFRef {
    const INFO: BpInfo = BpInfo {
        model: ModelInfo {
            name: "AdExIFRef",
            title: "Adaptive exponential integrate-and-fire neuron with refractory period (brainpy.state AdExIFRef)",
            params: &[
                par("R", "ohm", 1.0, "membrane resistance"),
                par("tau", "ms", 10.0, "membrane time constant"),
                par("tau_w", "ms", 30.0, "adaptation time constant"),
                par("tau_ref", "ms", 1.7, "refractory period"),
                par("V_th", "mV", -55.0, "spike threshold"),
                par("V_reset", "mV", -68.0, "reset potential"),
                par("V_rest", "mV", -65.0, "resting potential"),
                par("V_T", "mV", -59.9, "threshold of the exponential term"),
                par("delta_T", "mV", 3.48, "spike slope factor"),
                par("a", "S", 1.0, "subthreshold adaptation coupling"),
                par("b", "mA", 1.0, "spike-triggered adaptation increment"),
            ],
            vars: &[
                var("V", "mV", -65.0, "membrane potential"),
                var("w", "mA", 0.0, "adaptation current"),
                var("last_spike_time", "ms", LAST_SPIKE_INIT, "time of the last spike"),
                var("refractory", "", 0.0, "1 while refractory (upstream: only with ref_var=True)"),
            ],
            equations: &[
                "V0 = reset(V); w0 = w + b*spk",
                "V1 = expeuler(AdExIF V equation with w0, V0) + delta; w1 = expeuler(tau_w dw/dt = a*(V1 - V_rest) - w, w0)",
                "while t - last_spike_time < tau_ref: V = V0, w = w0; else V = V1, w = w1",
                "last_spike_time = t where V >= V_th",
            ],
            notes: &[],
        },
        family: "LIF",
        input_unit: "mA",
        delta_var: "V",
        inits: &[Init::Const(-65.0), Init::Const(0.0), Init::Const(LAST_SPIKE_INIT), Init::Const(0.0)],
        positive: &["tau", "tau_w", "delta_T"],
        nonnegative: &["tau_ref"],
        default_soft: true,
        uses_reset: true,
        refractory: true,
    };

    #[inline(always)]
    fn step<T: Real>(p: &[T], s: &mut [T], c: &Ctx<T>) -> T {
        adaptive_ref_step(p, s, c, |v, w| expif_rhs(v, p[0], p[1], p[6], p[7], p[8], w, c))
    }
}
