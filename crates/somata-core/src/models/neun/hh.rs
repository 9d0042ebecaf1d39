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

/// `(k·a) / (e^(a/10) − 1)`, written as Neun writes α_m and α_n, but with
/// its limit `10k` at a = 0: for |a/10| < 1e-6 the series 10k(1 − a/20) is
/// used instead (error there below 1e-13 relative). One `exp` per call.
#[inline(always)]
fn guarded_rate<T: Real, S: Num<T>>(k: f64, a: S) -> S {
    let x = a / S::c(10.0);
    let small = x.abs().select_lt(S::c(1e-6), S::c(1.0), S::c(0.0));
    let is_small = |yes: S, no: S| small.select_lt(S::c(0.5), no, yes);
    // Harmless arguments in the guarded lanes, so no 0/0 is ever formed.
    let a_s = is_small(S::c(10.0), a);
    let x_s = is_small(S::c(1.0), x);
    let regular = (S::c(k) * a_s) / (x_s.exp() - S::c(1.0));
    let series = S::c(10.0 * k) * (S::c(1.0) - x / S::c(2.0));
    is_small(series, regular)
}

impl HodgkinHuxley {
    #[inline(always)]
    fn alpha_m<T: Real, S: Num<T>>(v: S) -> S {
        // Neun: (0.1 * (-v - 40)) / (exp((-v - 40) / 10) - 1)
        guarded_rate(0.1, -v - S::c(40.0))
    }
    #[inline(always)]
    fn beta_m<T: Real, S: Num<T>>(v: S) -> S {
        S::c(4.0) * ((-v - S::c(65.0)) / S::c(18.0)).exp()
    }
    #[inline(always)]
    fn alpha_h<T: Real, S: Num<T>>(v: S) -> S {
        S::c(0.07) * ((-v - S::c(65.0)) / S::c(20.0)).exp()
    }
    #[inline(always)]
    fn beta_h<T: Real, S: Num<T>>(v: S) -> S {
        S::c(1.0) / (((-v - S::c(35.0)) / S::c(10.0)).exp() + S::c(1.0))
    }
    #[inline(always)]
    fn alpha_n<T: Real, S: Num<T>>(v: S) -> S {
        // Neun: (0.01 * (-v - 55)) / (exp((-v - 55) / 10) - 1)
        guarded_rate(0.01, -v - S::c(55.0))
    }
    #[inline(always)]
    fn beta_n<T: Real, S: Num<T>>(v: S) -> S {
        S::c(0.125) * ((-v - S::c(65.0)) / S::c(80.0)).exp()
    }
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
        let dm = Self::alpha_m(v) * (one - x[M]) - Self::beta_m(v) * x[M];
        let dh = Self::alpha_h(v) * (one - x[H]) - Self::beta_h(v) * x[H];
        let dn = Self::alpha_n(v) * (one - x[N]) - Self::beta_n(v) * x[N];
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
        let at: f64 = HodgkinHuxley::alpha_m::<f64, f64>(-40.0);
        assert_eq!(at, 1.0);
        let near: f64 = HodgkinHuxley::alpha_m::<f64, f64>(-40.0 + 1e-4);
        assert!((near - 1.0).abs() < 1e-5, "{near}");
        let an: f64 = HodgkinHuxley::alpha_n::<f64, f64>(-55.0);
        assert_eq!(an, 0.1);
    }

    #[test]
    fn rates_match_textbook_values() {
        // At v = -65 (rest): alpha_m = 0.22356, beta_m = 4, alpha_h = 0.07, beta_h = 0.0474, alpha_n = 0.0582, beta_n = 0.125.
        let v = -65.0f64;
        assert!((HodgkinHuxley::alpha_m::<f64, f64>(v) - 0.223_563_724_584_63).abs() < 1e-12);
        assert!((HodgkinHuxley::beta_h::<f64, f64>(v) - 0.047_425_87).abs() < 1e-7);
        assert!((HodgkinHuxley::alpha_n::<f64, f64>(v) - 0.058_197_67).abs() < 1e-7);
    }
}
