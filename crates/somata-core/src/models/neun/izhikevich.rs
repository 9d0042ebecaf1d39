//! Izhikevich 2003 (`models/IzhikevichModel.h` with
//! `wrappers/IzhikevichSystemWrapper.h`):
//!
//! dv/dt = 0.04v² + 5v + 140 − u + I,  du/dt = a(bv − u),
//! and after each whole step (`post_step`): if v ≥ threshold then v ← c, u ← u + d.
//!
//! `threshold` defaults to 30 mV as in the paper (neun_py leaves it out of
//! its enum, so Python users of Neun get 0 mV; ours is settable).

use super::NeunModel;
use crate::info::{ModelInfo, ParamInfo, VarInfo};
use crate::lanes::Num;
use crate::real::Real;

/// The Izhikevich model (variables v, u).
pub struct Izhikevich;

impl NeunModel<2, 5> for Izhikevich {
    const INFO: ModelInfo = ModelInfo {
        name: "Iz",
        title: "Izhikevich simple model (Izhikevich 2003)",
        vars: &[
            VarInfo { name: "v", unit: "mV", init: -65.0, doc: "membrane potential" },
            VarInfo { name: "u", unit: "", init: -13.0, doc: "recovery variable (b·v at rest)" },
        ],
        params: &[
            ParamInfo { name: "a", unit: "1/ms", default: 0.02, doc: "recovery time scale" },
            ParamInfo { name: "b", unit: "", default: 0.2, doc: "recovery sensitivity to v" },
            ParamInfo { name: "c", unit: "mV", default: -65.0, doc: "reset potential" },
            ParamInfo { name: "d", unit: "", default: 8.0, doc: "recovery increment at reset" },
            ParamInfo { name: "threshold", unit: "mV", default: 30.0, doc: "spike cut-off" },
        ],
        equations: &[
            "dv/dt = 0.04 v^2 + 5 v + 140 - u + I",
            "du/dt = a (b v - u)",
            "after each step: if v >= threshold then v = c, u = u + d",
        ],
        notes: &["Defaults are the regular-spiking (RS) cell of Izhikevich 2003."],
    };

    #[inline(always)]
    fn eval<T: Real, S: Num<T>>(x: &[S; 2], p: &[S; 5], input: S) -> [S; 2] {
        let (v, u) = (x[0], x[1]);
        let dv = S::c(0.04) * v * v + S::c(5.0) * v + S::c(140.0) - u + input;
        let du = p[0] * (p[1] * v - u);
        [dv, du]
    }

    #[inline(always)]
    fn post_step<T: Real, S: Num<T>>(x: &mut [S; 2], p: &[S; 5]) {
        let v = x[0];
        x[0] = v.select_ge(p[4], p[2], v);
        x[1] = v.select_ge(p[4], x[1] + p[3], x[1]);
    }
}
