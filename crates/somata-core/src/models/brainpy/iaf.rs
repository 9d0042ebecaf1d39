//! `IF`: integrate-and-fire without leak to a resting potential
//! (brainpy.state `IF`, `_brainpy/lif.py`).
//!
//! `τ dV/dt = −V + R·I(V)`; spike when `(V − V_th)/V_th ≥ 0`; reset at the
//! start of the next update: soft `V −= V_th·spk`, hard `V = 0`.

use super::{heaviside, par, var, BpInfo, BpModel, Ctx, Init};
use crate::info::ModelInfo;
use crate::integrate::exp_euler::exp_euler;
use crate::real::Real;

/// The `IF` model.
pub struct IF;

impl BpModel for IF {
    const INFO: BpInfo = BpInfo {
        model: ModelInfo {
            name: "IF",
            title: "Integrate-and-fire neuron (brainpy.state IF)",
            params: &[
                par("R", "ohm", 1.0, "membrane resistance"),
                par("tau", "ms", 5.0, "membrane time constant"),
                par("V_th", "mV", 1.0, "spike threshold"),
            ],
            vars: &[var("V", "mV", 0.0, "membrane potential")],
            equations: &[
                "spk = heaviside((V - V_th)/V_th); V <- V - V_th*spk (soft) or V - V*spk (hard)",
                "tau dV/dt = -V + R*I(V)  (exponential Euler)",
                "V <- V + delta",
            ],
            notes: &["R in ohm times I in mA gives mV."],
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

    #[inline(always)]
    fn step<T: Real>(p: &[T], s: &mut [T], c: &Ctx<T>) -> T {
        let (r, tau, v_th) = (p[0], p[1], p[2]);
        let last = s[0];
        let spk = heaviside((last - v_th) / v_th);
        let thr = if c.soft { v_th } else { last };
        let v = last - thr * spk;
        let f = (-v + r * (c.i - c.gi * v)) / tau;
        let j = (-T::ONE - r * c.gi) / tau;
        let v = exp_euler(v, f, j, c.dt) + c.delta;
        s[0] = v;
        heaviside((v - v_th) / v_th)
    }
}
