//! Hindmarsh–Rose 1984 as Neun writes it (`models/HindmarshRoseModel.h`,
//! the 9-parameter version of Sep 2025):
//!
//! dx/dt = y + b·x² − a·x³ − z + e + I
//! dy/dt = c − d·x² − y
//! dz/dt = mu·(−vh·z + S·(x − xr))
//!
//! Defaults a=1, b=3, c=1, d=5, xr=−1.6, vh=1 are the constants of the older
//! 3-parameter Neun (and of the seed's example, which sets only e, mu, S), and
//! e=3.281, mu=0.0029, S=4 are the header comment's bursting values. Neun
//! itself leaves every parameter at 0.

use super::NeunModel;
use crate::info::{ModelInfo, ParamInfo, VarInfo};
use crate::lanes::Num;
use crate::real::Real;

/// The Hindmarsh–Rose model (variables x, y, z).
pub struct HindmarshRose;

impl NeunModel<3, 9> for HindmarshRose {
    const INFO: ModelInfo = ModelInfo {
        name: "HR",
        title: "Hindmarsh-Rose (Hindmarsh & Rose 1984)",
        vars: &[
            VarInfo { name: "x", unit: "", init: -1.5, doc: "membrane potential variable" },
            VarInfo { name: "y", unit: "", init: 0.0, doc: "fast recovery variable" },
            VarInfo { name: "z", unit: "", init: 0.0, doc: "slow adaptation variable" },
        ],
        params: &[
            ParamInfo { name: "e", unit: "", default: 3.281, doc: "external current" },
            ParamInfo { name: "mu", unit: "", default: 0.0029, doc: "time scale of the slow variable" },
            ParamInfo { name: "S", unit: "", default: 4.0, doc: "coupling of z to x" },
            ParamInfo { name: "a", unit: "", default: 1.0, doc: "cubic coefficient" },
            ParamInfo { name: "b", unit: "", default: 3.0, doc: "quadratic coefficient" },
            ParamInfo { name: "c", unit: "", default: 1.0, doc: "y offset" },
            ParamInfo { name: "d", unit: "", default: 5.0, doc: "y quadratic coefficient" },
            ParamInfo { name: "xr", unit: "", default: -1.6, doc: "resting x of the slow variable" },
            ParamInfo { name: "vh", unit: "", default: 1.0, doc: "z self-decay coefficient" },
        ],
        equations: &[
            "dx/dt = y + b x^2 - a x^3 - z + e + I",
            "dy/dt = c - d x^2 - y",
            "dz/dt = mu (-vh z + S (x - xr))",
        ],
        notes: &["Time is dimensionless (one unit per step of h = 1)."],
    };

    #[inline(always)]
    fn eval<T: Real, S: Num<T>>(v: &[S; 3], p: &[S; 9], input: S) -> [S; 3] {
        let (x, y, z) = (v[0], v[1], v[2]);
        let (e, mu, s, a, b, c, d, xr, vh) = (p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8]);
        let dx = y + b * x * x - a * x * x * x - z + e + input;
        let dy = c - d * x * x - y;
        let dz = mu * ((-z * vh) + s * (x - xr));
        [dx, dy, dz]
    }
}
