//! `HindmarshRose`: the Hindmarsh–Rose (1984) bursting model with
//! brainpy.state's update (`HindmarshRose`, `_brainpy/reduced.py`): V, y, z
//! each stepped with the others at their old values, delta input added to V
//! after all three, rising-edge spikes. Dimensionless; time in ms.

use super::{heaviside, par, var, BpInfo, BpModel, Ctx, Init};
use crate::info::ModelInfo;
use crate::integrate::exp_euler::exp_euler;
use crate::real::Real;

/// The `HindmarshRose` model.
pub struct HindmarshRose;

impl BpModel for HindmarshRose {
    const INFO: BpInfo = BpInfo {
        model: ModelInfo {
            name: "HindmarshRose",
            title: "Hindmarsh-Rose neuron (brainpy.state HindmarshRose)",
            params: &[
                par("a", "", 1.0, "cubic coefficient"),
                par("b", "", 3.0, "quadratic coefficient"),
                par("c", "", 1.0, "recovery offset"),
                par("d", "", 5.0, "recovery coefficient"),
                par("r", "", 0.006, "adaptation rate"),
                par("s", "", 4.0, "adaptation coupling"),
                par("V_r", "", -1.6, "adaptation reference potential"),
                par("tau", "ms", 1.0, "time scale"),
                par("V_th", "", 1.0, "spike threshold (rising edge)"),
            ],
            vars: &[
                var("V", "", -1.6, "membrane variable"),
                var("y", "", -10.0, "recovery variable"),
                var("z", "", 0.0, "adaptation variable"),
            ],
            equations: &[
                "tau dV/dt = y_old - a V^3 + b V^2 - z_old + I",
                "tau dy/dt = c - d V_old^2 - y; tau dz/dt = r (s (V_old - V_r) - z)",
                "V <- V + delta (after all three); rising-edge spike at V_th",
            ],
            notes: &["spk_reset is accepted and ignored, as upstream."],
        },
        family: "reduced",
        input_unit: "",
        delta_var: "V",
        inits: &[Init::Const(-1.6), Init::Const(-10.0), Init::Const(0.0)],
        positive: &["tau"],
        nonnegative: &[],
        default_soft: true,
        uses_reset: false,
        refractory: false,
    };

    #[inline(always)]
    fn step<T: Real>(p: &[T], s: &mut [T], c: &Ctx<T>) -> T {
        let (a, b, cc, d, r, ss, v_r, tau, v_th) = (p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8]);
        let (v0, y0, z0) = (s[0], s[1], s[2]);
        let i = c.i - c.gi * v0;
        let f = (y0 - a * (v0 * v0 * v0) + b * (v0 * v0) - z0 + i) / tau;
        let j = (-(T::c(3.0) * a * v0 * v0) + T::c(2.0) * b * v0 - c.gi) / tau;
        let v = exp_euler(v0, f, j, c.dt);
        let y = exp_euler(y0, (cc - d * (v0 * v0) - y0) / tau, -T::ONE / tau, c.dt);
        let z = exp_euler(z0, r * (ss * (v0 - v_r) - z0) / tau, -r / tau, c.dt);
        s[0] = v + c.delta;
        s[1] = y;
        s[2] = z;
        let v = s[0];
        heaviside((v - v_th) / v_th) * (T::ONE - heaviside((v0 - v_th) / v_th))
    }
}
