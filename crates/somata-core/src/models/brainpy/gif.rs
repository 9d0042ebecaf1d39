//! `Gif`: generalized integrate-and-fire with two spike-induced currents and
//! an adaptive threshold state (Mihalaş & Niebur 2009; brainpy.state `Gif`,
//! `_brainpy/lif.py`).
//!
//! Order (upstream's closures bind late): jumps of V, I1, I2, V_th from the
//! spike of the stored state; then `I1`, `I2` decay; `V_th` is stepped with
//! the post-reset, pre-integration `V`; `V` is stepped with the **decayed**
//! `I1`, `I2`; then the delta input is added to `V`.

use super::{heaviside, par, var, BpInfo, BpModel, Ctx, Init};
use crate::info::ModelInfo;
use crate::integrate::exp_euler::exp_euler;
use crate::real::Real;

/// The `Gif` model.
pub struct Gif;

/// The spike-triggered jumps of Gif/GifRef: returns `(V, I1, I2, V_th, spk)`.
#[inline(always)]
pub(crate) fn gif_jumps<T: Real>(p: &[T], s: &[T], soft: bool) -> (T, T, T, T, T) {
    // p = gif_params(..): V_rest, V_reset, V_th_inf, V_th_reset, a, b, k1, k2, R1, R2, A1, A2.
    let (v_reset, v_th_reset, r1, r2, a1, a2) = (p[1], p[3], p[8], p[9], p[10], p[11]);
    let (v, i1, i2, vth) = (s[0], s[1], s[2], s[3]);
    let spk = heaviside((v - vth) / (vth - v_reset));
    let thr = if soft { vth } else { v };
    let v = v - (thr - v_reset) * spk;
    let i1 = s[1] + spk * (r1 * i1 + a1 - i1);
    let i2 = s[2] + spk * (r2 * i2 + a2 - i2);
    let vth_new = vth + spk * (T::select(vth >= v_th_reset || vth.partial_cmp(&vth).is_none(), vth, v_th_reset) - vth);
    (v, i1, i2, vth_new, spk)
}

/// Parameters of Gif with the `tau_ref` slot removed, as `gif_jumps` and
/// the step read them: V_rest, V_reset, V_th_inf, V_th_reset, a, b, k1, k2,
/// R1, R2, A1, A2.
#[inline(always)]
pub(crate) fn gif_params<T: Real>(p: &[T], off: usize) -> [T; 12] {
    std::array::from_fn(|k| p[2 + off + k])
}

impl BpModel for Gif {
    const INFO: BpInfo = BpInfo {
        model: ModelInfo {
            name: "Gif",
            title: "Generalized integrate-and-fire neuron (brainpy.state Gif)",
            params: &[
                par("R", "ohm", 20.0, "membrane resistance"),
                par("tau", "ms", 20.0, "membrane time constant"),
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
            ],
            equations: &[
                "spk = heaviside((V - V_th)/(V_th - V_reset)); V <- V - (V_th - V_reset)*spk (soft) or V - (V - V_reset)*spk (hard)",
                "I1 <- I1 + spk*(R1*I1 + A1 - I1); I2 <- I2 + spk*(R2*I2 + A2 - I2); V_th <- V_th + spk*(max(V_th_reset, V_th) - V_th)",
                "dI1/dt = -k1*I1; dI2/dt = -k2*I2; dV_th/dt = a*(V - V_rest) - b*(V_th - V_th_inf) (V post-reset)",
                "tau dV/dt = -(V - V_rest) + R*(I1 + I2 + I(V)) (I1, I2 already decayed); V <- V + delta",
            ],
            notes: &[],
        },
        family: "LIF",
        input_unit: "mA",
        delta_var: "V",
        inits: &[Init::Const(-70.0), Init::Const(0.0), Init::Const(0.0), Init::Const(-50.0)],
        positive: &["tau"],
        nonnegative: &[],
        default_soft: true,
        uses_reset: true,
        refractory: false,
    };

    #[inline(always)]
    fn step<T: Real>(p: &[T], s: &mut [T], c: &Ctx<T>) -> T {
        let (r, tau) = (p[0], p[1]);
        let g = gif_params(p, 0);
        let (v_rest, v_reset, v_th_inf, a, b, k1, k2) = (g[0], g[1], g[2], g[4], g[5], g[6], g[7]);
        let (v, i1, i2, vth, _) = gif_jumps(&g, s, c.soft);
        let i1 = exp_euler(i1, -k1 * i1, -k1, c.dt);
        let i2 = exp_euler(i2, -k2 * i2, -k2, c.dt);
        let vth = exp_euler(vth, a * (v - v_rest) - b * (vth - v_th_inf), -b, c.dt);
        let f = (-(v - v_rest) + r * (i1 + i2 + (c.i - c.gi * v))) / tau;
        let j = (-T::ONE - r * c.gi) / tau;
        let v = exp_euler(v, f, j, c.dt) + c.delta;
        s[0] = v;
        s[1] = i1;
        s[2] = i2;
        s[3] = vth;
        heaviside((v - vth) / (vth - v_reset))
    }
}
