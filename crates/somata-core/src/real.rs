//! The `Real` trait: the two floating-point precisions every model runs in.
//!
//! Models are generic over `T: Real`, so a `Float` model really computes in
//! `f32` (constants are rounded to `f32` once) and a `Double` model in `f64`.
//! The exponential used on every hot path is [`Real::exp`], a branch-free
//! Cody–Waite / Taylor implementation that LLVM vectorises; its error bound is
//! measured in this module's tests (at most 1 ulp against the correctly
//! rounded value for f64 on the ranges neuron models use).

use std::fmt::{Debug, Display};
use std::ops::{Add, AddAssign, Div, DivAssign, Mul, MulAssign, Neg, Sub, SubAssign};

/// A floating-point precision (`f32` or `f64`) in which models compute.
pub trait Real:
    Copy
    + Send
    + Sync
    + Default
    + Debug
    + Display
    + PartialOrd
    + PartialEq
    + 'static
    + Add<Output = Self>
    + Sub<Output = Self>
    + Mul<Output = Self>
    + Div<Output = Self>
    + Neg<Output = Self>
    + AddAssign
    + SubAssign
    + MulAssign
    + DivAssign
{
    /// 0.
    const ZERO: Self;
    /// 1.
    const ONE: Self;
    /// Bits of the mantissa (52 or 23), used by tests and tolerances.
    const MANTISSA_BITS: u32;
    /// Machine epsilon.
    const EPSILON: Self;
    /// Name used in class names: `"Double"` or `"Float"`.
    const PRECISION_NAME: &'static str;

    /// Converts an `f64` constant to this precision (round to nearest).
    fn c(x: f64) -> Self;
    /// Widens to `f64` (exact).
    fn to_f64(self) -> f64;
    /// e^x, branch-free and vectorisable; NaN in gives NaN out, overflow gives
    /// +inf, deep underflow gives 0.
    fn exp(self) -> Self;
    /// Natural logarithm (libm; not used on vectorised paths).
    fn ln(self) -> Self;
    /// Square root (IEEE, correctly rounded).
    fn sqrt(self) -> Self;
    /// |x|.
    fn abs(self) -> Self;
    /// `true` unless NaN or ±inf.
    fn is_finite(self) -> bool;
    /// Branch-free select: `if cond { a } else { b }`.
    #[inline(always)]
    fn select(cond: bool, a: Self, b: Self) -> Self {
        if cond {
            a
        } else {
            b
        }
    }
    /// The smaller of two values (NaN-propagating is not guaranteed).
    #[inline(always)]
    fn min(self, o: Self) -> Self {
        if self < o {
            self
        } else {
            o
        }
    }
    /// The larger of two values (NaN-propagating is not guaranteed).
    #[inline(always)]
    fn max(self, o: Self) -> Self {
        if self > o {
            self
        } else {
            o
        }
    }
}

/// 1/k! for k = 0..=16: the Taylor coefficients used by [`exp_f64`],
/// [`exp_f32`] and `integrate::exp_euler::exprel`.
pub(crate) const INV_FACT: [f64; 17] = [
    1.0,
    1.0,
    0.5,
    1.0 / 6.0,
    1.0 / 24.0,
    1.0 / 120.0,
    1.0 / 720.0,
    1.0 / 5040.0,
    1.0 / 40320.0,
    1.0 / 362880.0,
    1.0 / 3628800.0,
    1.0 / 39916800.0,
    1.0 / 479001600.0,
    1.0 / 6227020800.0,
    1.0 / 87178291200.0,
    1.0 / 1307674368000.0,
    1.0 / 20922789888000.0,
];

/// Vectorisable e^x in f64: n = round(x·log2 e), r = x − n·ln2 (Cody–Waite,
/// two-part ln2), e^r by a degree-11 minimax polynomial (error < 8e-18
/// relative on |r| ≤ ln2/2) evaluated with Estrin's scheme and fused
/// multiply-adds (short dependency chains: one neuron's step is latency-bound),
/// then scaling by 2^n through the exponent bits.
#[inline(always)]
pub fn exp_f64(x: f64) -> f64 {
    const LOG2E: f64 = std::f64::consts::LOG2_E;
    const LN2_HI: f64 = 6.931_471_803_691_238_164_90e-01;
    const LN2_LO: f64 = 1.908_214_929_270_587_700_02e-10;
    const MAGIC: f64 = 6_755_399_441_055_744.0; // 1.5 · 2^52: round-to-nearest trick
    const Q: [f64; 10] = [
        0.500_000_000_000_001_021_43,
        0.166_666_666_666_666_745_22,
        0.041_666_666_666_522_106_485,
        0.008_333_333_333_322_216_196_5,
        0.001_388_888_894_778_552_285_5,
        0.000_198_412_698_865_638_016_74,
        0.000_024_801_487_366_025_676_172,
        2.755_724_236_744_965_777_4e-6,
        2.763_264_067_543_023_570_7e-7,
        2.511_003_829_672_724_321_9e-8,
    ];
    let xc = x.clamp(-708.0, 709.0);
    let t = xc.mul_add(LOG2E, MAGIC);
    let n = t - MAGIC;
    let r = n.mul_add(-LN2_LO, n.mul_add(-LN2_HI, xc));
    let r2 = r * r;
    let r4 = r2 * r2;
    let r8 = r4 * r4;
    // e^r = 1 + r + r²·q(r): q is the degree-9 minimax polynomial of
    // (e^r − 1 − r)/r² on |r| ≤ ln2/2 (relative error of e^r below 8e-18,
    // computed by a Remez exchange), evaluated by Estrin's scheme; the two
    // leading terms are added last.
    let q01 = r.mul_add(Q[1], Q[0]);
    let q23 = r.mul_add(Q[3], Q[2]);
    let q45 = r.mul_add(Q[5], Q[4]);
    let q67 = r.mul_add(Q[7], Q[6]);
    let q89 = r.mul_add(Q[9], Q[8]);
    let q03 = r2.mul_add(q23, q01);
    let q47 = r2.mul_add(q67, q45);
    let q = r8.mul_add(q89, r4.mul_add(q47, q03));
    let p = r2.mul_add(q, r) + 1.0;
    let scale = f64::from_bits((t.to_bits().wrapping_add(1023)) << 52);
    let y = p * scale;
    let y = if x > 709.782_712_893_384 { f64::INFINITY } else { y };
    // NaN needs no case of its own: it propagates through every step above
    // and both comparisons are false for it.
    if x < -708.0 {
        0.0
    } else {
        y
    }
}

/// Vectorisable e^x in f32: same scheme as [`exp_f64`], degree-7 Taylor
/// polynomial (Estrin, fused multiply-adds) evaluated in f32.
#[inline(always)]
pub fn exp_f32(x: f32) -> f32 {
    const LOG2E: f32 = std::f32::consts::LOG2_E;
    const LN2_HI: f32 = 0.693_145_751_953_125;
    const LN2_LO: f32 = 1.428_606_765_330_187_045e-6;
    const MAGIC: f32 = 12_582_912.0; // 1.5 · 2^23
    let c: [f32; 8] = std::array::from_fn(|k| INV_FACT[k] as f32);
    let xc = x.clamp(-87.0, 88.0);
    let t = xc.mul_add(LOG2E, MAGIC);
    let n = t - MAGIC;
    let r = n.mul_add(-LN2_LO, n.mul_add(-LN2_HI, xc));
    let r2 = r * r;
    let r4 = r2 * r2;
    let q = r4.mul_add(r.mul_add(c[7], c[6]), r2.mul_add(r.mul_add(c[5], c[4]), r.mul_add(c[3], c[2])));
    let p = r2.mul_add(q, r) + 1.0;
    let scale = f32::from_bits((t.to_bits().wrapping_add(127)) << 23);
    let y = p * scale;
    let y = if x > 88.722_83 { f32::INFINITY } else { y };
    if x < -87.0 {
        0.0
    } else {
        y
    }
}

impl Real for f64 {
    const ZERO: Self = 0.0;
    const ONE: Self = 1.0;
    const MANTISSA_BITS: u32 = 52;
    const EPSILON: Self = f64::EPSILON;
    const PRECISION_NAME: &'static str = "Double";
    #[inline(always)]
    fn c(x: f64) -> Self {
        x
    }
    #[inline(always)]
    fn to_f64(self) -> f64 {
        self
    }
    #[inline(always)]
    fn exp(self) -> Self {
        exp_f64(self)
    }
    #[inline(always)]
    fn ln(self) -> Self {
        f64::ln(self)
    }
    #[inline(always)]
    fn sqrt(self) -> Self {
        f64::sqrt(self)
    }
    #[inline(always)]
    fn abs(self) -> Self {
        f64::abs(self)
    }
    #[inline(always)]
    fn is_finite(self) -> bool {
        f64::is_finite(self)
    }
}

impl Real for f32 {
    const ZERO: Self = 0.0;
    const ONE: Self = 1.0;
    const MANTISSA_BITS: u32 = 23;
    const EPSILON: Self = f32::EPSILON;
    const PRECISION_NAME: &'static str = "Float";
    #[inline(always)]
    fn c(x: f64) -> Self {
        x as f32
    }
    #[inline(always)]
    fn to_f64(self) -> f64 {
        self as f64
    }
    #[inline(always)]
    fn exp(self) -> Self {
        exp_f32(self)
    }
    #[inline(always)]
    fn ln(self) -> Self {
        f32::ln(self)
    }
    #[inline(always)]
    fn sqrt(self) -> Self {
        f32::sqrt(self)
    }
    #[inline(always)]
    fn abs(self) -> Self {
        f32::abs(self)
    }
    #[inline(always)]
    fn is_finite(self) -> bool {
        f32::is_finite(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ulp_diff_f64(a: f64, b: f64) -> u64 {
        (a.to_bits() as i64 - b.to_bits() as i64).unsigned_abs()
    }

    #[test]
    fn exp_f64_within_one_ulp_of_libm() {
        // Dense sweep over the range neuron models use (and beyond).
        let mut worst = 0;
        let n = 2_000_000;
        for i in 0..=n {
            let x = -700.0 + 1400.0 * (i as f64) / (n as f64);
            let d = ulp_diff_f64(exp_f64(x), x.exp());
            worst = worst.max(d);
        }
        for i in 0..=n {
            let x = -20.0 + 40.0 * (i as f64) / (n as f64);
            worst = worst.max(ulp_diff_f64(exp_f64(x), x.exp()));
        }
        assert!(worst <= 1, "worst ulp error {worst}");
    }

    #[test]
    fn exp_f32_within_two_ulp_of_f64_reference() {
        let mut worst = 0i64;
        let n = 1_000_000;
        for i in 0..=n {
            let x = -80.0f32 + 160.0 * (i as f32) / (n as f32);
            let exact = (x as f64).exp() as f32;
            let d = (exp_f32(x).to_bits() as i64 - exact.to_bits() as i64).abs();
            worst = worst.max(d);
        }
        assert!(worst <= 2, "worst ulp error {worst}");
    }

    #[test]
    fn exp_special_values() {
        assert!(exp_f64(f64::NAN).is_nan());
        assert_eq!(exp_f64(1000.0), f64::INFINITY);
        assert_eq!(exp_f64(-1000.0), 0.0);
        assert_eq!(exp_f64(0.0), 1.0);
        assert!(exp_f32(f32::NAN).is_nan());
        assert_eq!(exp_f32(100.0), f32::INFINITY);
        assert_eq!(exp_f32(-100.0), 0.0);
        assert_eq!(exp_f32(0.0), 1.0);
    }
}
