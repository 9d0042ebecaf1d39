//! `AdQuaIFRef`: adaptive quadratic integrate-and-fire with refractory period
//! (brainpy.state `AdQuaIFRef`, `_brainpy/lif.py`): the Ref pattern over
//! [`super::adquaif::AdQuaIF`]; `w`'s candidate uses the candidate `V`.

use super::quaif::quaif_rhs;
use super::adaptation::adaptive_ref_step;
use super::{par, var, BpInfo, BpModel, Ctx, Init, LAST_SPIKE_INIT};
use crate::info::ModelInfo;
use crate::real::Real;

/// The `AdQuaIFRef` model.
pub struct AdQuaIFRef;

impl BpModel for AdQuaIFRef {
    const INFO: BpInfo = BpInfo {
        model: ModelInfo {
            name: "AdQuaIFRef",
            title: "Adaptive quadratic integrate-and-fire neuron with refractory period (brainpy.state AdQuaIFRef)",
            params: &[
                par("R", "ohm", 1.0, "membrane resistance"),
                par("tau", "ms", 10.0, "membrane time constant"),
                par("tau_w", "ms", 10.0, "adaptation time constant"),
                par("tau_ref", "ms", 1.7, "refractory period"),
                par("V_th", "mV", -30.0, "spike threshold"),
                par("V_reset", "mV", -68.0, "reset potential"),
                par("V_rest", "mV", -65.0, "resting potential"),
                par("V_c", "mV", -50.0, "critical voltage"),
                par("c", "1/mV", 0.07, "coefficient of the quadratic term"),
                par("a", "S", 1.0, "subthreshold adaptation coupling"),
                par("b", "mA", 0.1, "spike-triggered adaptation increment"),
            ],
            vars: &[
                var("V", "mV", -65.0, "membrane potential"),
                var("w", "mA", 0.0, "adaptation current"),
                var("last_spike_time", "ms", LAST_SPIKE_INIT, "time of the last spike"),
                var("refractory", "", 0.0, "1 while refractory (upstream: only with ref_var=True)"),
            ],
            equations: &[
                "V0 = reset(V); w0 = w + b*spk",
                "V1 = expeuler(AdQuaIF V equation with w0, V0) + delta; w1 = expeuler(tau_w dw/dt = a*(V1 - V_rest) - w, w0)",
                "while t - last_spike_time < tau_ref: V = V0, w = w0; else V = V1, w = w1",
                "last_spike_time = t where V >= V_th",
            ],
            notes: &[],
        },
        family: "LIF",
        input_unit: "mA",
        delta_var: "V",
        inits: &[Init::Const(-65.0), Init::Const(0.0), Init::Const(LAST_SPIKE_INIT), Init::Const(0.0)],
        positive: &["tau", "tau_w"],
        nonnegative: &["tau_ref"],
        default_soft: true,
        uses_reset: true,
        refractory: true,
    };

    #[inline(always)]
    fn step<T: Real>(p: &[T], s: &mut [T], c: &Ctx<T>) -> T {
        adaptive_ref_step(p, s, c, |v, w| quaif_rhs(v, p[0], p[1], p[6], p[7], p[8], w, c))
    }
}
