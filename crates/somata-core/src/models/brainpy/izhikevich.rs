//! `Izhikevich`: the Izhikevich (2003) model with brainpy.state's update
//! (`Izhikevich`, `_brainpy/izhikevich.py`).
//!
//! Reset `V = c`, `u += d` from the spike of the stored V; then V is stepped
//! by exponential Euler with `J = 0.08·V + 5` (u frozen) — **not** forward
//! Euler — and u with the new V. `spk_reset` is ignored.

use super::{heaviside, par, var, BpInfo, BpModel, Ctx, Init};
use crate::info::ModelInfo;
use crate::integrate::exp_euler::exp_euler;
use crate::real::Real;

/// The `Izhikevich` model.
pub struct Izhikevich;

/// Drift and Jacobian of the Izhikevich V equation at `v` with `u` frozen.
#[inline(always)]
pub(crate) fn izh_rhs<T: Real>(v: T, u: T, c: &Ctx<T>) -> (T, T) {
    let (p1, p2, p3) = (T::c(0.04), T::c(5.0), T::c(140.0));
    let f = p1 * v * v + p2 * v + p3 - u + (c.i - c.gi * v);
    let j = p1 * v + p1 * v + p2 - c.gi;
    (f, j)
}

impl BpModel for Izhikevich {
    const INFO: BpInfo = BpInfo {
        model: ModelInfo {
            name: "Izhikevich",
            title: "Izhikevich neuron (brainpy.state Izhikevich)",
            params: &[
                par("a", "1/ms", 0.02, "recovery time scale"),
                par("b", "1/ms", 0.2, "sensitivity of u to V (upstream unit 1/ms)"),
                par("c", "mV", -65.0, "reset potential"),
                par("d", "mV/ms", 8.0, "jump of u at a spike"),
                par("V_th", "mV", 30.0, "spike cutoff"),
            ],
            vars: &[var("V", "mV", -65.0, "membrane potential"), var("u", "mV/ms", 0.0, "recovery variable")],
            equations: &[
                "spk = heaviside((V - V_th)/V_th); V <- c where spk; u <- u + d*spk",
                "dV/dt = 0.04 V^2 + 5 V + 140 - u + I(V)  (exponential Euler, u frozen)",
                "V <- V + delta",
                "du/dt = a*(b*V - u)  (V = the new V)",
            ],
            notes: &["spk_reset is accepted and ignored, as upstream (default 'hard')."],
        },
        family: "Izhikevich",
        input_unit: "mV/ms",
        delta_var: "V",
        inits: &[Init::Const(-65.0), Init::Const(0.0)],
        positive: &[],
        nonnegative: &[],
        default_soft: false,
        uses_reset: false,
        refractory: false,
    };

    #[inline(always)]
    fn step<T: Real>(p: &[T], s: &mut [T], c: &Ctx<T>) -> T {
        let (a, b, cc, d, v_th) = (p[0], p[1], p[2], p[3], p[4]);
        let (last, last_u) = (s[0], s[1]);
        let spk = heaviside((last - v_th) / v_th);
        let v = T::select(spk > T::ZERO, cc, last);
        let u = last_u + d * spk;
        let (f, j) = izh_rhs(v, u, c);
        let v = exp_euler(v, f, j, c.dt) + c.delta;
        let u = exp_euler(u, a * (b * v - u), -a, c.dt);
        s[0] = v;
        s[1] = u;
        heaviside((v - v_th) / v_th)
    }
}
