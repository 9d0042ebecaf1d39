//! `IzhikevichRef`: the Izhikevich model with the Ref pattern
//! (brainpy.state `IzhikevichRef`, `_brainpy/izhikevich.py`); `u`'s candidate
//! uses the candidate V; both are held while refractory.

use super::izhikevich::izh_rhs;
use super::{heaviside, in_refractory, par, var, BpInfo, BpModel, Ctx, Init, LAST_SPIKE_INIT};
use crate::info::ModelInfo;
use crate::integrate::exp_euler::exp_euler;
use crate::real::Real;

/// The `IzhikevichRef` model.
pub struct IzhikevichRef;

impl BpModel for IzhikevichRef {
    const INFO: BpInfo = BpInfo {
        model: ModelInfo {
            name: "IzhikevichRef",
            title: "Izhikevich neuron with refractory period (brainpy.state IzhikevichRef)",
            params: &[
                par("a", "1/ms", 0.02, "recovery time scale"),
                par("b", "1/ms", 0.2, "sensitivity of u to V (upstream unit 1/ms)"),
                par("c", "mV", -65.0, "reset potential"),
                par("d", "mV/ms", 8.0, "jump of u at a spike"),
                par("V_th", "mV", 30.0, "spike cutoff"),
                par("tau_ref", "ms", 0.0, "refractory period"),
            ],
            vars: &[
                var("V", "mV", -65.0, "membrane potential"),
                var("u", "mV/ms", 0.0, "recovery variable"),
                var("last_spike_time", "ms", LAST_SPIKE_INIT, "time of the last spike"),
                var("refractory", "", 0.0, "1 while refractory (upstream: only with ref_var=True)"),
            ],
            equations: &[
                "V0 = c where spk else V; u0 = u + d*spk",
                "V1 = expeuler(dV/dt = 0.04 V^2 + 5 V + 140 - u0 + I(V), V0) + delta; u1 = expeuler(du/dt = a*(b*V1 - u), u0)",
                "while t - last_spike_time < tau_ref: V = V0, u = u0; last_spike_time = t where V >= V_th",
            ],
            notes: &["spk_reset is accepted and ignored, as upstream (default 'hard')."],
        },
        family: "Izhikevich",
        input_unit: "mV/ms",
        delta_var: "V",
        inits: &[Init::Const(-65.0), Init::Const(0.0), Init::Const(LAST_SPIKE_INIT), Init::Const(0.0)],
        positive: &[],
        nonnegative: &["tau_ref"],
        default_soft: false,
        uses_reset: false,
        refractory: true,
    };

    #[inline(always)]
    fn step<T: Real>(p: &[T], s: &mut [T], c: &Ctx<T>) -> T {
        let (a, b, cc, d, v_th, tau_ref) = (p[0], p[1], p[2], p[3], p[4], p[5]);
        let (last, last_u, last_t) = (s[0], s[1], s[2]);
        let spk = heaviside((last - v_th) / v_th);
        let v0 = T::select(spk > T::ZERO, cc, last);
        let u0 = last_u + d * spk;
        let (f, j) = izh_rhs(v0, u0, c);
        let v1 = exp_euler(v0, f, j, c.dt) + c.delta;
        let u1 = exp_euler(u0, a * (b * v1 - u0), -a, c.dt);
        let refr = in_refractory(c.t, last_t, tau_ref);
        let v = T::select(refr, v0, v1);
        let fired = v >= v_th;
        s[0] = v;
        s[1] = T::select(refr, u0, u1);
        s[2] = T::select(fired, c.t, last_t);
        s[3] = T::select(refr || fired, T::ONE, T::ZERO);
        heaviside((v - v_th) / v_th)
    }
}
