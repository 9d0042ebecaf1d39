//! `LIFRef`: leaky integrate-and-fire with an absolute refractory period
//! (brainpy.state `LIFRef`, `_brainpy/lif.py`).
//!
//! As [`super::lif::LIF`], then: while `t − last_spike_time < tau_ref` the
//! potential stays at its (post-reset) value and current and delta inputs are
//! discarded; `last_spike_time = t` when the stored `V ≥ V_th`.

use super::lif::lif_rhs;
use super::{heaviside_n, BpNum, if_refractory, par, reset_n, var, BpInfo, BpModel, Ctx, Init, LAST_SPIKE_INIT};
use crate::info::ModelInfo;
use crate::real::Real;

/// The `LIFRef` model.
pub struct LIFRef;

impl BpModel for LIFRef {
    const INFO: BpInfo = BpInfo {
        model: ModelInfo {
            name: "LIFRef",
            title: "Leaky integrate-and-fire neuron with refractory period (brainpy.state LIFRef)",
            params: &[
                par("R", "ohm", 1.0, "membrane resistance"),
                par("tau", "ms", 5.0, "membrane time constant"),
                par("tau_ref", "ms", 5.0, "refractory period"),
                par("V_th", "mV", 1.0, "spike threshold"),
                par("V_reset", "mV", 0.0, "reset potential"),
                par("V_rest", "mV", 0.0, "resting potential"),
            ],
            vars: &[
                var("V", "mV", 0.0, "membrane potential"),
                var("last_spike_time", "ms", LAST_SPIKE_INIT, "time of the last spike"),
            ],
            equations: &[
                "spk = heaviside((V - V_th)/(V_th - V_reset)); V0 = V - (V_th - V_reset)*spk (soft) or V - (V - V_reset)*spk (hard)",
                "V1 = expeuler(tau dV/dt = -V + V_rest + R*I(V), V0) + delta",
                "V = V0 if t - last_spike_time < tau_ref else V1",
                "last_spike_time = t where V >= V_th",
            ],
            notes: &["t is the time at the start of the step (t = t0 + k*dt)."],
        },
        family: "LIF",
        input_unit: "mA",
        delta_var: "V",
        inits: &[Init::Const(0.0), Init::Const(LAST_SPIKE_INIT)],
        positive: &["tau"],
        nonnegative: &["tau_ref"],
        default_soft: true,
        uses_reset: true,
        refractory: true,
    };

    crate::bp_num_steps!(update);
}

/// One update of one neuron or a SIMD group (see [`BpModel::step`]).
#[inline(always)]
fn update<T: Real, S: BpNum<T>>(p: &[S], s: &mut [S], c: &Ctx<S>) -> S {
    let (r, tau, tau_ref, v_th, v_reset, v_rest) = (p[0], p[1], p[2], p[3], p[4], p[5]);
    let (last, last_t) = (s[0], s[1]);
    let spk = heaviside_n((last - v_th) / (v_th - v_reset));
    let v0 = reset_n(last, v_th, v_reset, spk, c.soft);
    let (f, j) = lif_rhs(v0, r, tau, v_rest, c);
    let v1 = S::exp_euler(v0, f, j, c.dt) + c.delta;
    let v = if_refractory(c.t, last_t, tau_ref, v0, v1);
    s[0] = v;
    s[1] = v.select_ge(v_th, c.t, last_t);
    heaviside_n((v - v_th) / (v_th - v_reset))
}
