//! `LIF`: leaky integrate-and-fire (brainpy.state `LIF`, `_brainpy/lif.py`).
//!
//! `τ dV/dt = −V + V_rest + R·I(V)`; spike when
//! `(V − V_th)/(V_th − V_reset) ≥ 0`; reset at the start of the next update.

use super::{heaviside_n, BpNum, par, reset_n, var, BpInfo, BpModel, Ctx, Init};
use crate::info::ModelInfo;
use crate::real::Real;

/// The `LIF` model.
pub struct LIF;

/// Drift and Jacobian of the LIF membrane equation at `v`.
#[inline(always)]
pub(crate) fn lif_rhs<T: Real, S: BpNum<T>>(v: S, r: S, tau: S, v_rest: S, c: &Ctx<S>) -> (S, S) {
    ((-v + v_rest + r * (c.i - c.gi * v)) / tau, (-S::splat(T::ONE) - r * c.gi) / tau)
}

/// One update of one neuron or a SIMD group (see [`BpModel::step`]).
#[inline(always)]
fn update<T: Real, S: BpNum<T>>(p: &[S], s: &mut [S], c: &Ctx<S>) -> S {
    let (r, tau, v_th, v_reset, v_rest) = (p[0], p[1], p[2], p[3], p[4]);
    let last = s[0];
    let spk = heaviside_n((last - v_th) / (v_th - v_reset));
    let v = reset_n(last, v_th, v_reset, spk, c.soft);
    let (f, j) = lif_rhs(v, r, tau, v_rest, c);
    let v = S::exp_euler(v, f, j, c.dt) + c.delta;
    s[0] = v;
    heaviside_n((v - v_th) / (v_th - v_reset))
}

impl BpModel for LIF {
    const INFO: BpInfo = BpInfo {
        model: ModelInfo {
            name: "LIF",
            title: "Leaky integrate-and-fire neuron (brainpy.state LIF)",
            params: &[
                par("R", "ohm", 1.0, "membrane resistance"),
                par("tau", "ms", 5.0, "membrane time constant"),
                par("V_th", "mV", 1.0, "spike threshold"),
                par("V_reset", "mV", 0.0, "reset potential"),
                par("V_rest", "mV", 0.0, "resting potential"),
            ],
            vars: &[var("V", "mV", 0.0, "membrane potential")],
            equations: &[
                "spk = heaviside((V - V_th)/(V_th - V_reset)); V <- V - (V_th - V_reset)*spk (soft) or V - (V - V_reset)*spk (hard)",
                "tau dV/dt = -V + V_rest + R*I(V)  (exponential Euler: exact)",
                "V <- V + delta",
            ],
            notes: &["The default V initialiser is 0 mV (upstream), not V_rest."],
        },
        family: "LIF",
        input_unit: "mA",
        delta_var: "V",
        inits: &[Init::Const(0.0)],
        positive: &["tau"],
        nonnegative: &[],
        default_soft: true,
        uses_reset: true,
        refractory: false,
    };

    crate::bp_num_steps!(update);
}
