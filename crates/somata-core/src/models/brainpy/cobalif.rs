//! `CobaLIF`: LIF with a conductance-based exponential synapse `g` and
//! reversal potential `E` (brainpy.state `CobaLIF`, `_brainpy/lif.py`).
//! Delta inputs drive `g` (S), not `V`.

use super::{heaviside, par, reset, var, BpInfo, BpModel, Ctx, Init};
use crate::info::ModelInfo;
use crate::integrate::exp_euler::exp_euler;
use crate::real::Real;

/// The `CobaLIF` model.
pub struct CobaLIF;

impl BpModel for CobaLIF {
    const INFO: BpInfo = BpInfo {
        model: ModelInfo {
            name: "CobaLIF",
            title: "LIF with conductance-based exponential synapse (brainpy.state CobaLIF)",
            params: &[
                par("R", "ohm", 1.0, "membrane resistance"),
                par("tau", "ms", 5.0, "membrane time constant"),
                par("tau_syn", "ms", 5.0, "synaptic time constant"),
                par("E", "mV", 0.0, "synaptic reversal potential"),
                par("V_th", "mV", 1.0, "spike threshold"),
                par("V_reset", "mV", 0.0, "reset potential"),
                par("V_rest", "mV", 0.0, "resting potential"),
            ],
            vars: &[var("V", "mV", 0.0, "membrane potential"), var("g", "S", 0.0, "synaptic conductance")],
            equations: &[
                "spk = heaviside((V - V_th)/(V_th - V_reset)); V <- reset(V)",
                "g <- expeuler(dg/dt = -g/tau_syn) + delta",
                "tau dV/dt = -(V - V_rest) + R*(g*(E - V) + I(V))  (exact: linear in V)",
            ],
            notes: &["Delta inputs (S) are added to g; none to V."],
        },
        family: "LIF",
        input_unit: "mA",
        delta_var: "g",
        inits: &[Init::Const(0.0), Init::Const(0.0)],
        positive: &["tau", "tau_syn"],
        nonnegative: &[],
        default_soft: true,
        uses_reset: true,
        refractory: false,
    };

    #[inline(always)]
    fn step<T: Real>(p: &[T], s: &mut [T], c: &Ctx<T>) -> T {
        let (r, tau, tau_syn, e, v_th, v_reset, v_rest) = (p[0], p[1], p[2], p[3], p[4], p[5], p[6]);
        let (last, g) = (s[0], s[1]);
        let spk = heaviside((last - v_th) / (v_th - v_reset));
        let v = reset(last, v_th, v_reset, spk, c.soft);
        let g = exp_euler(g, -g / tau_syn, -T::ONE / tau_syn, c.dt) + c.delta;
        let f = (-(v - v_rest) + r * (g * (e - v) + (c.i - c.gi * v))) / tau;
        let j = (-T::ONE + r * (-g - c.gi)) / tau;
        let v = exp_euler(v, f, j, c.dt);
        s[0] = v;
        s[1] = g;
        heaviside((v - v_th) / (v_th - v_reset))
    }
}
