//! `ExpIFRef`: exponential integrate-and-fire with refractory period
//! (brainpy.state `ExpIFRef`, `_brainpy/lif.py`), the Ref pattern over
//! [`super::expif::ExpIF`].

use super::expif::expif_rhs;
use super::{heaviside, in_refractory, par, reset, var, BpInfo, BpModel, Ctx, Init, LAST_SPIKE_INIT};
use crate::info::ModelInfo;
use crate::integrate::exp_euler::exp_euler;
use crate::real::Real;

/// The `ExpIFRef` model.
pub struct ExpIFRef;

impl BpModel for ExpIFRef {
    const INFO: BpInfo = BpInfo {
        model: ModelInfo {
            name: "ExpIFRef",
            title: "Exponential integrate-and-fire neuron with refractory period (brainpy.state ExpIFRef)",
            params: &[
                par("R", "ohm", 1.0, "membrane resistance"),
                par("tau", "ms", 10.0, "membrane time constant"),
                par("tau_ref", "ms", 1.7, "refractory period"),
                par("V_th", "mV", -30.0, "spike threshold"),
                par("V_reset", "mV", -68.0, "reset potential"),
                par("V_rest", "mV", -65.0, "resting potential"),
                par("V_T", "mV", -59.9, "threshold of the exponential term"),
                par("delta_T", "mV", 3.48, "spike slope factor"),
            ],
            vars: &[
                var("V", "mV", -65.0, "membrane potential"),
                var("last_spike_time", "ms", LAST_SPIKE_INIT, "time of the last spike"),
                var("refractory", "", 0.0, "1 while refractory (upstream: only with ref_var=True)"),
            ],
            equations: &[
                "V0 = reset(V); V1 = expeuler(ExpIF equation, V0) + delta",
                "refractory = t - last_spike_time < tau_ref; V = V0 if refractory else V1",
                "last_spike_time = t where V >= V_th; refractory var = refractory or V >= V_th",
            ],
            notes: &[],
        },
        family: "LIF",
        input_unit: "mA",
        delta_var: "V",
        inits: &[Init::Const(-65.0), Init::Const(LAST_SPIKE_INIT), Init::Const(0.0)],
        positive: &["tau", "delta_T"],
        nonnegative: &["tau_ref"],
        default_soft: true,
        uses_reset: true,
        refractory: true,
    };

    #[inline(always)]
    fn step<T: Real>(p: &[T], s: &mut [T], c: &Ctx<T>) -> T {
        let (r, tau, tau_ref, v_th, v_reset, v_rest, v_t, delta_t) = (p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7]);
        let (last, last_t) = (s[0], s[1]);
        let spk = heaviside((last - v_th) / (v_th - v_reset));
        let v0 = reset(last, v_th, v_reset, spk, c.soft);
        let (f, j) = expif_rhs(v0, r, tau, v_rest, v_t, delta_t, T::ZERO, c);
        let v1 = exp_euler(v0, f, j, c.dt) + c.delta;
        let refr = in_refractory(c.t, last_t, tau_ref);
        let v = T::select(refr, v0, v1);
        let fired = v >= v_th;
        s[0] = v;
        s[1] = T::select(fired, c.t, last_t);
        s[2] = T::select(refr || fired, T::ONE, T::ZERO);
        heaviside((v - v_th) / (v_th - v_reset))
    }
}
