//! Hodgkin–Huxley 1952 as Neun writes it (`models/HodgkinHuxleyModel.h`).
//!
//! Rate functions in the "rest = −65 mV" convention (v in mV, t in ms):
//! α_m = 0.1(−v−40)/(e^((−v−40)/10) − 1), β_m = 4e^((−v−65)/18),
//! α_h = 0.07e^((−v−65)/20), β_h = 1/(e^((−v−35)/10) + 1),
//! α_n = 0.01(−v−55)/(e^((−v−55)/10) − 1), β_n = 0.125e^((−v−65)/80).
//!
//! Conductances and capacitance are absolute values for a membrane patch of
//! area 7.854·10⁻³ cm² (π·0.05², Neun's convention): `cm = 1·7.854e-3` µF,
//! `gna = 120·7.854e-3` mS, …, so the synaptic input is an absolute current
//! in µA and I = 0.1 µA equals 12.73 µA/cm² of textbook HH.
//!
//! Unlike Neun, α_m and α_n are guarded at their removable singularities
//! (v = −40 and v = −55 mV, where Neun computes 0/0 = NaN): within 10⁻⁶ of
//! them the analytic limit (1 and 0.1) is used, through a series that is
//! exact to rounding there. Everywhere else the expressions are Neun's.

use super::NeunModel;
use crate::info::{ModelInfo, ParamInfo, VarInfo};
use crate::lanes::Num;
use crate::real::Real;

/// Patch area in cm² that Neun's HH parameters are scaled by.
pub const HH_AREA_CM2: f64 = 7.854e-3;

/// The Hodgkin–Huxley model (variables v, h, m, n; Neun's enum order).
pub struct HodgkinHuxley;

/// Guard for α_m and α_n, which Neun writes as `(k·a) / (e^(a/10) − 1)`:
/// returns a mask (1 where |a/10| < 1e-6, else 0) and the exponent to use,
/// which is a harmless 1 inside the guard band so no 0/0 is ever formed.
#[inline(always)]
fn guard_arg<T: Real, S: Num<T>>(a: S) -> (S, S) {
    let x = a * S::c(0.1);
    let small = x.abs().select_lt(S::c(1e-6), S::c(1.0), S::c(0.0));
    (small, small.select_lt(S::c(0.5), x, S::c(1.0)))
}

/// `(k·a) / (e^(a/10) − 1)` given `e = exp(x_s)` from [`guard_arg`]; within
/// 1e-6 of the singularity the series 10k(1 − a/20) is used instead (error
/// there below 1e-13 relative), whose limit 10k is the analytic value.
#[inline(always)]
fn guarded_rate<T: Real, S: Num<T>>(k: f64, a: S, small: S, e: S) -> S {
    let is_small = |yes: S, no: S| small.select_lt(S::c(0.5), no, yes);
    let a_s = is_small(S::c(10.0), a);
    let regular = (S::c(k) * a_s) / (e - S::c(1.0));
    let series = S::c(10.0 * k) * (S::c(1.0) - a / S::c(20.0));
    is_small(series, regular)
}

/// The six rate functions at `v`: [α_m, β_m, α_h, β_h, α_n, β_n], with the
/// exponentials evaluated together (see [`Num::exp_n`]). Neun divides the
/// exponents by 10, 18, 20 and 80; we multiply by the rounded reciprocals,
/// which changes results only in the last bit (and saves four divisions, the
/// slowest vector operation here).
#[inline(always)]
fn rates<T: Real, S: Num<T>>(v: S) -> [S; 6] {
    let am = -v - S::c(40.0);
    let an = -v - S::c(55.0);
    let (sm, xm) = guard_arg(am);
    let (sn, xn) = guard_arg(an);
    let r = -v - S::c(65.0);
    let [em, ebm, eah, ebh, en, ebn] = S::exp_n([
        xm,
        r * S::c(1.0 / 18.0),
        r * S::c(1.0 / 20.0),
        (-v - S::c(35.0)) * S::c(0.1),
        xn,
        r * S::c(1.0 / 80.0),
    ]);
    [
        guarded_rate(0.1, am, sm, em),  // Neun: (0.1 * (-v - 40)) / (exp((-v - 40) / 10) - 1)
        S::c(4.0) * ebm,                // 4 * exp((-v - 65) / 18)
        S::c(0.07) * eah,               // 0.07 * exp((-v - 65) / 20)
        S::c(1.0) / (ebh + S::c(1.0)),  // 1 / (exp((-v - 35) / 10) + 1)
        guarded_rate(0.01, an, sn, en), // (0.01 * (-v - 55)) / (exp((-v - 55) / 10) - 1)
        S::c(0.125) * ebn,              // 0.125 * exp((-v - 65) / 80)
    ]
}

const V: usize = 0;
const H: usize = 1;
const M: usize = 2;
const N: usize = 3;
const CM: usize = 0;
const VNA: usize = 1;
const VK: usize = 2;
const VL: usize = 3;
const GNA: usize = 4;
const GK: usize = 5;
const GL: usize = 6;

impl NeunModel<4, 7> for HodgkinHuxley {
    const INFO: ModelInfo = ModelInfo {
        name: "HH",
        title: "Hodgkin-Huxley (Hodgkin & Huxley 1952), Neun's area-scaled form",
        vars: &[
            VarInfo { name: "v", unit: "mV", init: -65.0, doc: "membrane potential" },
            VarInfo { name: "h", unit: "", init: 0.6, doc: "sodium inactivation gate" },
            VarInfo { name: "m", unit: "", init: 0.05, doc: "sodium activation gate" },
            VarInfo { name: "n", unit: "", init: 0.3, doc: "potassium activation gate" },
        ],
        params: &[
            ParamInfo { name: "cm", unit: "µF", default: 1.0 * HH_AREA_CM2, doc: "membrane capacitance of the 7.854e-3 cm² patch (1 µF/cm²)" },
            ParamInfo { name: "vna", unit: "mV", default: 50.0, doc: "sodium reversal potential" },
            ParamInfo { name: "vk", unit: "mV", default: -77.0, doc: "potassium reversal potential" },
            ParamInfo { name: "vl", unit: "mV", default: -54.387, doc: "leak reversal potential" },
            ParamInfo { name: "gna", unit: "mS", default: 120.0 * HH_AREA_CM2, doc: "maximal sodium conductance (120 mS/cm²)" },
            ParamInfo { name: "gk", unit: "mS", default: 36.0 * HH_AREA_CM2, doc: "maximal potassium conductance (36 mS/cm²)" },
            ParamInfo { name: "gl", unit: "mS", default: 0.3 * HH_AREA_CM2, doc: "leak conductance (0.3 mS/cm²)" },
        ],
        equations: &[
            "dv/dt = (I - gl(v - vl) - gna m^3 h (v - vna) - gk n^4 (v - vk)) / cm",
            "dx/dt = alpha_x(v)(1 - x) - beta_x(v) x for x in m, h, n",
            "alpha_m = 0.1(-v-40)/(exp((-v-40)/10)-1), beta_m = 4 exp((-v-65)/18)",
            "alpha_h = 0.07 exp((-v-65)/20), beta_h = 1/(exp((-v-35)/10)+1)",
            "alpha_n = 0.01(-v-55)/(exp((-v-55)/10)-1), beta_n = 0.125 exp((-v-65)/80)",
        ],
        notes: &[
            "I is an absolute current in µA for the 7.854e-3 cm² patch (I = 0.1 is 12.73 µA/cm²).",
            "alpha_m and alpha_n use their analytic limits at v = -40 and v = -55 mV, where Neun divides 0 by 0.",
        ],
    };

    #[inline(always)]
    fn eval<T: Real, S: Num<T>>(x: &[S; 4], p: &[S; 7], input: S) -> [S; 4] {
        let v = x[V];
        let one = S::c(1.0);
        let [am, bm, ah, bh, an, bn] = rates(v);
        let dm = am * (one - x[M]) - bm * x[M];
        let dh = ah * (one - x[H]) - bh * x[H];
        let dn = an * (one - x[N]) - bn * x[N];
        let m3 = x[M] * x[M] * x[M];
        let n2 = x[N] * x[N];
        let n4 = n2 * n2;
        let dv = (input - p[GL] * (v - p[VL]) - p[GNA] * m3 * x[H] * (v - p[VNA]) - p[GK] * n4 * (v - p[VK])) / p[CM];
        [dv, dh, dm, dn]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alpha_m_is_continuous_through_its_singularity() {
        // Limit at v = -40 is 1.0; values either side approach it smoothly.
        let at: f64 = rates::<f64, f64>(-40.0)[0];
        assert_eq!(at, 1.0);
        let near: f64 = rates::<f64, f64>(-40.0 + 1e-4)[0];
        assert!((near - 1.0).abs() < 1e-5, "{near}");
        // Either side of the guard band the two formulas agree to 1e-12.
        let inside: f64 = rates::<f64, f64>(-40.0 + 0.9e-5)[0];
        let outside: f64 = rates::<f64, f64>(-40.0 + 1.1e-5)[0];
        assert!((inside - outside).abs() < 1e-6 && (inside - outside) < 0.0);
        let an: f64 = rates::<f64, f64>(-55.0)[4];
        assert_eq!(an, 0.1);
    }

    #[test]
    fn rates_match_textbook_values() {
        // At v = -65 (rest): alpha_m = 0.22356, beta_m = 4, alpha_h = 0.07, beta_h = 0.0474, alpha_n = 0.0582, beta_n = 0.125.
        let r = rates::<f64, f64>(-65.0);
        assert!((r[0] - 0.223_563_724_584_63).abs() < 1e-12);
        assert_eq!(r[1], 4.0);
        assert_eq!(r[2], 0.07);
        assert!((r[3] - 0.047_425_873_177_566_78).abs() < 1e-15);
        assert!((r[4] - 0.058_197_670_686_932_65).abs() < 1e-15);
        assert_eq!(r[5], 0.125);
    }
}
