//! Rulkov 2002 map (`models/RulkovMapModel.h`), iterated with `Stepper`:
//!
//! x ← f(x, y + betae·I),  y ← y + mu·(−(x + 1) + sigma + sigmae·I),
//! f(x, y) = alpha/(1 − x) + y if x ≤ 0;  alpha + y if 0 < x < alpha + y;  −1 otherwise.
//! Both updates use the old x and y. One step is one iteration.

use super::NeunModel;
use crate::info::{ModelInfo, ParamInfo, VarInfo};
use crate::lanes::Num;
use crate::real::Real;

/// The Rulkov map (variables x, y).
pub struct RulkovMap;

impl NeunModel<2, 5> for RulkovMap {
    const INFO: ModelInfo = ModelInfo {
        name: "Rulkov",
        title: "Rulkov map neuron (Rulkov 2002)",
        vars: &[
            VarInfo { name: "x", unit: "", init: -1.0, doc: "fast variable (membrane potential)" },
            VarInfo { name: "y", unit: "", init: -3.0, doc: "slow variable" },
        ],
        params: &[
            ParamInfo { name: "alpha", unit: "", default: 3.0, doc: "nonlinearity" },
            ParamInfo { name: "mu", unit: "", default: 0.001, doc: "slow time scale" },
            ParamInfo { name: "sigma", unit: "", default: 0.1, doc: "tonic drive of y" },
            ParamInfo { name: "betae", unit: "", default: 1.0, doc: "input gain on x" },
            ParamInfo { name: "sigmae", unit: "", default: 1.0, doc: "input gain on y" },
        ],
        equations: &[
            "x <- f(x, y + betae I), y <- y + mu (-(x + 1) + sigma + sigmae I)",
            "f(x, y) = alpha/(1 - x) + y if x <= 0; alpha + y if 0 < x < alpha + y; -1 otherwise",
        ],
        notes: &["A map: use the Stepper integrator; the step size is ignored."],
    };

    const IS_MAP: bool = true;

    #[inline(always)]
    fn eval<T: Real, S: Num<T>>(s: &[S; 2], p: &[S; 5], input: S) -> [S; 2] {
        let (x, y) = (s[0], s[1]);
        let (alpha, mu, sigma, betae, sigmae) = (p[0], p[1], p[2], p[3], p[4]);
        let yy = y + betae * input;
        let one = S::c(1.0);
        let zero = S::c(0.0);
        // The x ≤ 0 branch divides by 1 − x ≥ 1, so it is safe in every lane.
        let left = alpha / (one - x) + yy;
        let right = x.select_lt(alpha + yy, alpha + yy, -one);
        let nx = zero.select_lt(x, right, left); // 0 < x ? right : left
        let ny = y + mu * (-(x + one) + sigma + sigmae * input);
        [nx, ny]
    }
}
