//! `HH`: the Hodgkin–Huxley (1952) squid-axon model with brainpy.state's
//! update (`HH`, `_brainpy/hh.py`).
//!
//! Conductances `gNa·m³h`, `gK·n⁴` from the previous gates; the input is read
//! once at the old V; V is stepped exactly (its equation is linear in V),
//! then the delta input is added; each gate is stepped by exponential Euler
//! with its rates at the **old** V. Output: the rising edge
//! `spike(V_new)·(1 − spike(V_old))` with `spike(V) = heaviside((V − V_th)/V_th)`.

use super::{heaviside_n, BpNum, par, var, BpInfo, BpModel, Ctx, Init};
use crate::info::ModelInfo;
use crate::real::Real;

/// The `HH` model.
pub struct HH;

/// The six HH rate functions (1/ms) at `v` (mV):
/// `[αm, βm, αh, βh, αn, βn]`.
#[inline(always)]
pub fn hh_rates<T: Real>(v: T) -> [T; 6] {
    hh_rates_n::<T, T>(v)
}

/// [`hh_rates`] over [`Num`] (one neuron or a SIMD group).
#[inline(always)]
pub fn hh_rates_n<T: Real, S: BpNum<T>>(v: S) -> [S; 6] {
    let one = S::splat(T::ONE);
    let am = one / BpNum::exprel(-(v + S::c(40.0)) / S::c(10.0));
    let bm = S::c(4.0) * (-(v + S::c(65.0)) / S::c(18.0)).exp();
    let ah = S::c(0.07) * (-(v + S::c(65.0)) / S::c(20.0)).exp();
    let bh = one / (one + (-(v + S::c(35.0)) / S::c(10.0)).exp());
    let an = S::c(0.1) / BpNum::exprel(-(v + S::c(55.0)) / S::c(10.0));
    let bn = S::c(0.125) * (-(v + S::c(65.0)) / S::c(80.0)).exp();
    [am, bm, ah, bh, an, bn]
}

/// One exp-Euler step of a gate `x` with rates `α`, `β`:
/// `dx/dt = α(1 − x) − βx`, `J = −(α + β)`.
#[inline(always)]
pub fn gate_step<T: Real, S: BpNum<T>>(x: S, alpha: S, beta: S, dt: S) -> S {
    S::exp_euler(x, alpha * (S::splat(T::ONE) - x) - beta * x, -alpha - beta, dt)
}

/// One update of one neuron or a SIMD group (see [`BpModel::step`]).
#[inline(always)]
fn update<T: Real, S: BpNum<T>>(p: &[S], s: &mut [S], c: &Ctx<S>) -> S {
    let (ena, gna, ek, gk, el, gl, v_th, cm) = (p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7]);
    let (v0, m, h, n) = (s[0], s[1], s[2], s[3]);
    let g_na = gna * (m * m * m) * h;
    let g_k = gk * ((n * n) * (n * n));
    let i = c.i - c.gi * v0;
    let f = (-(g_na * (v0 - ena)) - g_k * (v0 - ek) - gl * (v0 - el) + i) / cm;
    let j = (-g_na - g_k - gl) / cm;
    let v = S::exp_euler(v0, f, j, c.dt) + c.delta;
    let [am, bm, ah, bh, an, bn] = hh_rates_n(v0);
    s[0] = v;
    s[1] = gate_step(m, am, bm, c.dt);
    s[2] = gate_step(h, ah, bh, c.dt);
    s[3] = gate_step(n, an, bn, c.dt);
    heaviside_n((v - v_th) / v_th) * (S::splat(T::ONE) - heaviside_n((v0 - v_th) / v_th))
}

impl BpModel for HH {
    const INFO: BpInfo = BpInfo {
        model: ModelInfo {
            name: "HH",
            title: "Hodgkin-Huxley neuron (brainpy.state HH)",
            params: &[
                par("ENa", "mV", 50.0, "sodium reversal potential"),
                par("gNa", "mS", 120.0, "maximal sodium conductance"),
                par("EK", "mV", -77.0, "potassium reversal potential"),
                par("gK", "mS", 36.0, "maximal potassium conductance"),
                par("EL", "mV", -54.387, "leak reversal potential"),
                par("gL", "mS", 0.03, "leak conductance"),
                par("V_th", "mV", 20.0, "spike threshold (rising edge)"),
                par("C", "uF", 1.0, "membrane capacitance"),
            ],
            vars: &[
                var("V", "mV", f64::NAN, "membrane potential (default: uniform on [-70, -60) mV)"),
                var("m", "", f64::NAN, "Na activation (default: steady state at the initial V)"),
                var("h", "", f64::NAN, "Na inactivation (default: steady state at the initial V)"),
                var("n", "", f64::NAN, "K activation (default: steady state at the initial V)"),
            ],
            equations: &[
                "C dV/dt = -gNa m^3 h (V - ENa) - gK n^4 (V - EK) - gL (V - EL) + I  (gates and I at the old V; exact step)",
                "V <- V + delta",
                "dx/dt = alpha_x(V_old)(1 - x) - beta_x(V_old) x for x in m, h, n",
                "alpha_m = 1/exprel(-(V+40)/10), beta_m = 4 exp(-(V+65)/18), alpha_h = 0.07 exp(-(V+65)/20), beta_h = 1/(1 + exp(-(V+35)/10)), alpha_n = 0.1/exprel(-(V+55)/10), beta_n = 0.125 exp(-(V+65)/80)",
                "spike = heaviside((V_new - V_th)/V_th) * (1 - heaviside((V_old - V_th)/V_th))",
            ],
            notes: &["Currents in uA, conductances in mS, capacitance in uF (mS*mV/uF = mV/ms).", "spk_reset is accepted and ignored, as upstream."],
        },
        family: "HH",
        input_unit: "uA",
        delta_var: "V",
        inits: &[Init::Uniform(-70.0, -60.0), Init::Derived, Init::Derived, Init::Derived],
        positive: &["C"],
        nonnegative: &[],
        default_soft: true,
        uses_reset: false,
        refractory: false,
    };

    crate::bp_num_steps!(update);

    fn derived<T: Real>(_p: &[T], s: &[T], var: usize) -> T {
        let [am, bm, ah, bh, an, bn] = hh_rates(s[0]);
        match var {
            1 => am / (am + bm),
            2 => ah / (ah + bh),
            _ => an / (an + bn),
        }
    }
}
