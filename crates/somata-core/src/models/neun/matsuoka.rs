//! Matsuoka 1985 oscillator neuron (`models/MatsuokaModel.h`):
//!
//! dx/dt = (−x − beta·v + I + c) / t1,  dv/dt = (−v + max(x, 0)) / t2.

use super::NeunModel;
use crate::info::{ModelInfo, ParamInfo, VarInfo};
use crate::lanes::Num;
use crate::real::Real;

/// The Matsuoka model (variables x, v).
pub struct Matsuoka;

impl NeunModel<2, 4> for Matsuoka {
    const INFO: ModelInfo = ModelInfo {
        name: "Matsuoka",
        title: "Matsuoka adapting oscillator neuron (Matsuoka 1985)",
        vars: &[
            VarInfo { name: "x", unit: "", init: 0.0, doc: "inner state (membrane potential)" },
            VarInfo { name: "v", unit: "", init: 0.0, doc: "self-inhibition (adaptation)" },
        ],
        params: &[
            ParamInfo { name: "beta", unit: "", default: 1.0, doc: "strength of self-inhibition" },
            ParamInfo { name: "t1", unit: "", default: 1.0, doc: "time constant of x" },
            ParamInfo { name: "t2", unit: "", default: 1.0, doc: "time constant of v" },
            ParamInfo { name: "c", unit: "", default: 1.0, doc: "tonic input" },
        ],
        equations: &["dx/dt = (-x - beta v + I + c) / t1", "dv/dt = (-v + max(x, 0)) / t2"],
        notes: &["The output of the neuron is max(x, 0)."],
    };

    #[inline(always)]
    fn eval<T: Real, S: Num<T>>(s: &[S; 2], p: &[S; 4], input: S) -> [S; 2] {
        let (x, v) = (s[0], s[1]);
        let dx = (-x - p[0] * v + input + p[3]) / p[1];
        let pos = S::c(0.0).select_lt(x, x, S::c(0.0)); // x > 0 ? x : 0
        let dv = (-v + pos) / p[2];
        [dx, dv]
    }
}
