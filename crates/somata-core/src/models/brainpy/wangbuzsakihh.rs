//! `WangBuzsakiHH`: the Wang–Buzsáki (1996) interneuron model with
//! brainpy.state's update (`WangBuzsakiHH`, `_brainpy/hh.py`): instantaneous
//! `m = m∞(V_old)`, gates h and n scaled by `phi`, rates at the old V,
//! rising-edge spikes.

use super::{heaviside, par, var, BpInfo, BpModel, Ctx, Init};
use crate::info::ModelInfo;
use crate::integrate::exp_euler::{exp_euler, exprel};
use crate::real::Real;

/// The `WangBuzsakiHH` model.
pub struct WangBuzsakiHH;

impl BpModel for WangBuzsakiHH {
    const INFO: BpInfo = BpInfo {
        model: ModelInfo {
            name: "WangBuzsakiHH",
            title: "Wang-Buzsaki interneuron (brainpy.state WangBuzsakiHH)",
            params: &[
                par("ENa", "mV", 55.0, "sodium reversal potential"),
                par("gNa", "mS", 35.0, "maximal sodium conductance"),
                par("EK", "mV", -90.0, "potassium reversal potential"),
                par("gK", "mS", 9.0, "maximal potassium conductance"),
                par("EL", "mV", -65.0, "leak reversal potential"),
                par("gL", "mS", 0.1, "leak conductance"),
                par("V_th", "mV", 20.0, "spike threshold (rising edge)"),
                par("phi", "", 5.0, "temperature factor of h and n"),
                par("C", "uF", 1.0, "membrane capacitance"),
            ],
            vars: &[
                var("V", "mV", -65.0, "membrane potential"),
                var("h", "", 0.6, "Na inactivation"),
                var("n", "", 0.32, "K activation"),
            ],
            equations: &[
                "m = alpha_m/(alpha_m + beta_m) at V_old; alpha_m = 1/exprel(-0.1(V+35)), beta_m = 4 exp(-(V+60)/18)",
                "C dV/dt = -gNa m^3 h (V - ENa) - gK n^4 (V - EK) - gL (V - EL) + I; V <- V + delta",
                "dh/dt = phi (alpha_h (1-h) - beta_h h), alpha_h = 0.07 exp(-(V+58)/20), beta_h = 1/(exp(-0.1(V+28)) + 1)",
                "dn/dt = phi (alpha_n (1-n) - beta_n n), alpha_n = 0.1/exprel(-0.1(V+34)), beta_n = 0.125 exp(-(V+44)/80)",
                "rising-edge spike at V_th",
            ],
            notes: &["spk_reset is accepted and ignored, as upstream."],
        },
        family: "HH",
        input_unit: "uA",
        delta_var: "V",
        inits: &[Init::Const(-65.0), Init::Const(0.6), Init::Const(0.32)],
        positive: &["C"],
        nonnegative: &[],
        default_soft: true,
        uses_reset: false,
        refractory: false,
    };

    #[inline(always)]
    fn step<T: Real>(p: &[T], s: &mut [T], c: &Ctx<T>) -> T {
        let (ena, gna, ek, gk, el, gl, v_th, phi, cm) = (p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8]);
        let (v0, h, n) = (s[0], s[1], s[2]);
        let am = T::ONE / exprel(T::c(-0.1) * (v0 + T::c(35.0)));
        let bm = T::c(4.0) * (-(v0 + T::c(60.0)) / T::c(18.0)).exp();
        let m = am / (am + bm);
        let g_na = gna * (m * m * m) * h;
        let g_k = gk * ((n * n) * (n * n));
        let i = c.i - c.gi * v0;
        let f = (-(g_na * (v0 - ena)) - g_k * (v0 - ek) - gl * (v0 - el) + i) / cm;
        let j = (-g_na - g_k - gl) / cm;
        let v = exp_euler(v0, f, j, c.dt) + c.delta;
        let ah = T::c(0.07) * (-(v0 + T::c(58.0)) / T::c(20.0)).exp();
        let bh = T::ONE / ((T::c(-0.1) * (v0 + T::c(28.0))).exp() + T::ONE);
        let an = T::c(0.1) / exprel(T::c(-0.1) * (v0 + T::c(34.0)));
        let bn = T::c(0.125) * (-(v0 + T::c(44.0)) / T::c(80.0)).exp();
        s[0] = v;
        s[1] = exp_euler(h, phi * (ah * (T::ONE - h) - bh * h), phi * (-ah - bh), c.dt);
        s[2] = exp_euler(n, phi * (an * (T::ONE - n) - bn * n), phi * (-an - bn), c.dt);
        heaviside((v - v_th) / v_th) * (T::ONE - heaviside((v0 - v_th) / v_th))
    }
}
