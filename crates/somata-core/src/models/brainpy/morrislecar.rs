//! `MorrisLecar`: the Morris–Lecar (1981) model with brainpy.state's update
//! (`MorrisLecar`, `_brainpy/hh.py`): `M∞`, `W∞`, `τ_W` at the old V, V
//! stepped exactly (linear in V) with `W` frozen, rising-edge spikes.

use super::{heaviside, par, var, BpInfo, BpModel, Ctx, Init};
use crate::info::ModelInfo;
use crate::integrate::exp_euler::exp_euler;
use crate::real::Real;

/// The `MorrisLecar` model.
pub struct MorrisLecar;

#[inline(always)]
fn tanh<T: Real>(x: T) -> T {
    T::c(x.to_f64().tanh())
}

#[inline(always)]
fn cosh<T: Real>(x: T) -> T {
    T::c(x.to_f64().cosh())
}

impl BpModel for MorrisLecar {
    const INFO: BpInfo = BpInfo {
        model: ModelInfo {
            name: "MorrisLecar",
            title: "Morris-Lecar neuron (brainpy.state MorrisLecar)",
            params: &[
                par("V_Ca", "mV", 130.0, "calcium reversal potential"),
                par("g_Ca", "mS", 4.4, "maximal calcium conductance"),
                par("V_K", "mV", -84.0, "potassium reversal potential"),
                par("g_K", "mS", 8.0, "maximal potassium conductance"),
                par("V_leak", "mV", -60.0, "leak reversal potential"),
                par("g_leak", "mS", 2.0, "leak conductance"),
                par("C", "uF", 20.0, "membrane capacitance"),
                par("V1", "mV", -1.2, "half-activation of M"),
                par("V2", "mV", 18.0, "slope of M"),
                par("V3", "mV", 2.0, "half-activation of W"),
                par("V4", "mV", 30.0, "slope of W"),
                par("phi", "1/ms", 0.04, "rate scale of W"),
                par("V_th", "mV", 10.0, "spike threshold (rising edge)"),
            ],
            vars: &[
                var("V", "mV", f64::NAN, "membrane potential (default: uniform on [-70, -60) mV)"),
                var("W", "", 0.02, "K activation"),
            ],
            equations: &[
                "M_inf = (1 + tanh((V_old - V1)/V2))/2; W_inf = (1 + tanh((V_old - V3)/V4))/2; tau_W = 1/(phi cosh((V_old - V3)/(2 V4)))",
                "C dV/dt = -g_Ca M_inf (V - V_Ca) - g_K W_old (V - V_K) - g_leak (V - V_leak) + I; V <- V + delta",
                "dW/dt = (W_inf - W)/tau_W",
                "rising-edge spike at V_th",
            ],
            notes: &["tanh and cosh are libm's (f64, rounded for Float).", "spk_reset is accepted and ignored, as upstream."],
        },
        family: "HH",
        input_unit: "uA",
        delta_var: "V",
        inits: &[Init::Uniform(-70.0, -60.0), Init::Const(0.02)],
        positive: &["C", "phi"],
        nonnegative: &[],
        default_soft: true,
        uses_reset: false,
        refractory: false,
    };

    #[inline(always)]
    fn step<T: Real>(p: &[T], s: &mut [T], c: &Ctx<T>) -> T {
        let (v_ca, g_ca, v_k, g_k, v_leak, g_leak, cm) = (p[0], p[1], p[2], p[3], p[4], p[5], p[6]);
        let (v1, v2, v3, v4, phi, v_th) = (p[7], p[8], p[9], p[10], p[11], p[12]);
        let (v0, w) = (s[0], s[1]);
        let half = T::c(0.5);
        let m_inf = half * (T::ONE + tanh((v0 - v1) / v2));
        let w_inf = half * (T::ONE + tanh((v0 - v3) / v4));
        let tau_w = T::ONE / (phi * cosh((v0 - v3) / (T::c(2.0) * v4)));
        let g_ca_eff = g_ca * m_inf;
        let g_k_eff = g_k * w;
        let i = c.i - c.gi * v0;
        let f = (-(g_ca_eff * (v0 - v_ca)) - g_k_eff * (v0 - v_k) - g_leak * (v0 - v_leak) + i) / cm;
        let j = (-g_ca_eff - g_k_eff - g_leak) / cm;
        let v = exp_euler(v0, f, j, c.dt) + c.delta;
        s[0] = v;
        s[1] = exp_euler(w, (w_inf - w) / tau_w, -T::ONE / tau_w, c.dt);
        heaviside((v - v_th) / v_th) * (T::ONE - heaviside((v0 - v_th) / v_th))
    }
}
