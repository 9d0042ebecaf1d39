//! `GifRef`: generalized integrate-and-fire with refractory period
//! (brainpy.state `GifRef`, `_brainpy/lif.py`). Unlike [`super::gif::Gif`],
//! the candidate `V` uses the post-jump, **un-decayed** `I1`, `I2` and the
//! threshold uses the post-reset `V`; all four variables are held while
//! refractory; `last_spike_time = t` when `V ≥ V_th` (the threshold state).

use super::gif::{gif_jumps, gif_params};
use super::{heaviside, in_refractory, par, var, BpInfo, BpModel, Ctx, Init, LAST_SPIKE_INIT};
use crate::info::ModelInfo;
use crate::integrate::exp_euler::exp_euler;
use crate::real::Real;

/// The `GifRef` model.
pub struct GifRef;

impl BpModel for GifRef {
    const INFO: BpInfo = BpInfo {
        model: ModelInfo {
            name: "GifRef",
            title: "Generalized integrate-and-fire neuron with refractory period (brainpy.state GifRef)",
            params: &[
                par("R", "ohm", 20.0, "membrane resistance"),
                par("tau", "ms", 20.0, "membrane time constant"),
                par("tau_ref", "ms", 1.7, "refractory period"),
                par("V_rest", "mV", -70.0, "resting potential"),
                par("V_reset", "mV", -70.0, "reset potential"),
                par("V_th_inf", "mV", -50.0, "target value of the threshold"),
                par("V_th_reset", "mV", -60.0, "lower bound of the threshold after a spike"),
                par("a", "1/ms", 0.0, "coupling of the threshold to V"),
                par("b", "1/ms", 0.01, "threshold relaxation rate"),
                par("k1", "1/ms", 0.2, "decay rate of I1"),
                par("k2", "1/ms", 0.02, "decay rate of I2"),
                par("R1", "", 0.0, "fraction of I1 kept at a spike"),
                par("R2", "", 1.0, "fraction of I2 kept at a spike"),
                par("A1", "mA", 0.0, "jump of I1 at a spike"),
                par("A2", "mA", 0.0, "jump of I2 at a spike"),
            ],
            vars: &[
                var("V", "mV", -70.0, "membrane potential"),
                var("I1", "mA", 0.0, "spike-induced current 1"),
                var("I2", "mA", 0.0, "spike-induced current 2"),
                var("V_th", "mV", -50.0, "adaptive threshold (upstream: V_th_initializer)"),
                var("last_spike_time", "ms", LAST_SPIKE_INIT, "time of the last spike"),
                var("refractory", "", 0.0, "1 while refractory (upstream: only with ref_var=True)"),
            ],
            equations: &[
                "jumps as Gif give V0, I1_0, I2_0, V_th0",
                "I1_1, I2_1 decay from I1_0, I2_0; V_th1 = expeuler(a*(V0 - V_rest) - b*(V_th - V_th_inf), V_th0)",
                "V1 = expeuler(tau dV/dt = -(V - V_rest) + R*(I1_0 + I2_0 + I(V)), V0) + delta",
                "while t - last_spike_time < tau_ref all four keep their post-jump values; last_spike_time = t where V >= V_th",
            ],
            notes: &[],
        },
        family: "LIF",
        input_unit: "mA",
        delta_var: "V",
        inits: &[
            Init::Const(-70.0),
            Init::Const(0.0),
            Init::Const(0.0),
            Init::Const(-50.0),
            Init::Const(LAST_SPIKE_INIT),
            Init::Const(0.0),
        ],
        positive: &["tau"],
        nonnegative: &["tau_ref"],
        default_soft: true,
        uses_reset: true,
        refractory: true,
    };

    #[inline(always)]
    fn step<T: Real>(p: &[T], s: &mut [T], c: &Ctx<T>) -> T {
        let (r, tau, tau_ref) = (p[0], p[1], p[2]);
        let g = gif_params(p, 1);
        let (v_rest, v_reset, v_th_inf, a, b, k1, k2) = (g[0], g[1], g[2], g[4], g[5], g[6], g[7]);
        let last_t = s[4];
        let (v0, i10, i20, vth0, _) = gif_jumps(&g, s, c.soft);
        let i11 = exp_euler(i10, -k1 * i10, -k1, c.dt);
        let i21 = exp_euler(i20, -k2 * i20, -k2, c.dt);
        let vth1 = exp_euler(vth0, a * (v0 - v_rest) - b * (vth0 - v_th_inf), -b, c.dt);
        let f = (-(v0 - v_rest) + r * (i10 + i20 + (c.i - c.gi * v0))) / tau;
        let j = (-T::ONE - r * c.gi) / tau;
        let v1 = exp_euler(v0, f, j, c.dt) + c.delta;
        let refr = in_refractory(c.t, last_t, tau_ref);
        let v = T::select(refr, v0, v1);
        let vth = T::select(refr, vth0, vth1);
        let fired = v >= vth;
        s[0] = v;
        s[1] = T::select(refr, i10, i11);
        s[2] = T::select(refr, i20, i21);
        s[3] = vth;
        s[4] = T::select(fired, c.t, last_t);
        s[5] = T::select(refr || fired, T::ONE, T::ZERO);
        heaviside((v - vth) / (vth - v_reset))
    }
}
