//! `ALIF`: adaptive leaky integrate-and-fire (brainpy.state `ALIF`,
//! `_brainpy/lif.py`): the effective threshold is `V_th + beta·a`, and `a`
//! jumps by 1 per spike and decays with `tau_a`.

use super::lif::lif_rhs;
use super::{heaviside, par, reset, var, BpInfo, BpModel, Ctx, Init};
use crate::info::ModelInfo;
use crate::integrate::exp_euler::exp_euler;
use crate::real::Real;

/// The `ALIF` model.
pub struct ALIF;

impl BpModel for ALIF {
    const INFO: BpInfo = BpInfo {
        model: ModelInfo {
            name: "ALIF",
            title: "Adaptive leaky integrate-and-fire neuron (brainpy.state ALIF)",
            params: &[
                par("R", "ohm", 1.0, "membrane resistance"),
                par("tau", "ms", 5.0, "membrane time constant"),
                par("tau_a", "ms", 100.0, "adaptation time constant"),
                par("V_th", "mV", 1.0, "baseline spike threshold"),
                par("V_reset", "mV", 0.0, "reset potential"),
                par("V_rest", "mV", 0.0, "resting potential"),
                par("beta", "mV", 0.1, "threshold increment per unit of adaptation"),
            ],
            vars: &[var("V", "mV", 0.0, "membrane potential"), var("a", "", 0.0, "adaptation variable")],
            equations: &[
                "spk = heaviside((V - V_th - beta*a)/(V_th - V_reset))",
                "V <- V - (V_th - V_reset)*spk (soft: the fixed, not the adapted, threshold) or V - (V - V_reset)*spk (hard); a <- a + spk",
                "V <- expeuler(tau dV/dt = -V + V_rest + R*I(V)); a <- expeuler(da/dt = -a/tau_a)",
                "V <- V + delta",
            ],
            notes: &[],
        },
        family: "LIF",
        input_unit: "mA",
        delta_var: "V",
        inits: &[Init::Const(0.0), Init::Const(0.0)],
        positive: &["tau", "tau_a"],
        nonnegative: &[],
        default_soft: true,
        uses_reset: true,
        refractory: false,
    };

    #[inline(always)]
    fn step<T: Real>(p: &[T], s: &mut [T], c: &Ctx<T>) -> T {
        let (r, tau, tau_a, v_th, v_reset, v_rest, beta) = (p[0], p[1], p[2], p[3], p[4], p[5], p[6]);
        let (last, last_a) = (s[0], s[1]);
        let spk = heaviside((last - v_th - beta * last_a) / (v_th - v_reset));
        let v = reset(last, v_th, v_reset, spk, c.soft);
        let a = last_a + spk;
        let (f, j) = lif_rhs(v, r, tau, v_rest, c);
        let v = exp_euler(v, f, j, c.dt);
        let a = exp_euler(a, -a / tau_a, -T::ONE / tau_a, c.dt);
        let v = v + c.delta;
        s[0] = v;
        s[1] = a;
        heaviside((v - v_th - beta * a) / (v_th - v_reset))
    }
}
