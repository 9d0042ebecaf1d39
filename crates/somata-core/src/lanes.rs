//! `Num`: the arithmetic a model's right-hand side is written in.
//!
//! A model writes its equations once, generic over `S: Num<T>`. With `S = T`
//! the equations run for one neuron; with `S = Lanes<T, W>` they run for `W`
//! neurons at once (one lane each, every parameter per lane), which LLVM turns
//! into SIMD code. Both evaluate the same IEEE operations in the same order,
//! so a neuron gives bit-identical numbers whichever path runs it.
//!
//! On targets with AVX-512 the lane-wise arithmetic, comparisons and selects
//! of `Lanes<f64, W>` (`W` a multiple of 8) and `Lanes<f32, W>` (a multiple
//! of 16) are written with the vector instructions themselves (the [`simd`]
//! module): the same correctly rounded IEEE operations, but the compiler no
//! longer has to rediscover the vectors from `W` scalar operations, which it
//! does only in part for long update functions (splitting groups into odd
//! pieces, spilling, and keeping some lanes scalar).

use crate::real::Real;
use std::ops::{Add, Div, Mul, Neg, Sub};

/// Arithmetic over one value (`T`) or a group of lanes (`Lanes<T, W>`).
pub trait Num<T: Real>:
    Copy
    + Add<Output = Self>
    + Sub<Output = Self>
    + Mul<Output = Self>
    + Div<Output = Self>
    + Neg<Output = Self>
{
    /// Every lane equal to `x`.
    fn splat(x: T) -> Self;
    /// A constant given in f64, rounded to `T`.
    #[inline(always)]
    fn c(x: f64) -> Self {
        Self::splat(T::c(x))
    }
    /// e^x lane-wise ([`Real::exp`]).
    fn exp(self) -> Self;
    /// e^x of `K` independent values. For one neuron (`S = T`) the values are
    /// packed into one SIMD vector, so a model that gathers its exponentials
    /// (HH has six per evaluation) pays for one vector `exp` instead of `K`
    /// scalar ones; every element still goes through [`Real::exp`], so the
    /// numbers are the same as element-wise calls.
    #[inline(always)]
    fn exp_n<const K: usize>(xs: [Self; K]) -> [Self; K] {
        xs.map(|x| x.exp())
    }
    /// |x| lane-wise.
    fn abs(self) -> Self;
    /// Lane-wise `if self < bound { a } else { b }`.
    fn select_lt(self, bound: Self, a: Self, b: Self) -> Self;
    /// Lane-wise `if self >= bound { a } else { b }`.
    #[inline(always)]
    fn select_ge(self, bound: Self, a: Self, b: Self) -> Self {
        self.select_lt(bound, b, a)
    }
}

impl<T: Real> Num<T> for T {
    #[inline(always)]
    fn splat(x: T) -> Self {
        x
    }
    #[inline(always)]
    fn exp(self) -> Self {
        Real::exp(self)
    }
    #[inline(always)]
    fn exp_n<const K: usize>(xs: [Self; K]) -> [Self; K] {
        if K <= 8 {
            let mut l = [T::ZERO; 8];
            l[..K].copy_from_slice(&xs);
            let e = <Lanes<T, 8> as Num<T>>::exp(Lanes(l));
            std::array::from_fn(|i| e.0[i])
        } else {
            xs.map(Real::exp)
        }
    }
    #[inline(always)]
    fn abs(self) -> Self {
        Real::abs(self)
    }
    #[inline(always)]
    fn select_lt(self, bound: Self, a: Self, b: Self) -> Self {
        T::select(self < bound, a, b)
    }
}

/// `W` values of `T` processed together; every operation is lane-wise.
#[derive(Copy, Clone, Debug, PartialEq)]
#[repr(C, align(64))]
pub struct Lanes<T, const W: usize>(pub [T; W]);

macro_rules! lane_binop {
    ($tr:ident, $f:ident, $op:tt, $pd:ident, $ps:ident) => {
        impl<T: Real, const W: usize> $tr for Lanes<T, W> {
            type Output = Self;
            #[inline(always)]
            fn $f(self, o: Self) -> Self {
                #[cfg(all(target_arch = "x86_64", target_feature = "avx512f"))]
                if let Some(r) = simd::binop(&self.0, &o.0, |a, b| unsafe { simd::x86::$pd(a, b) }, |a, b| unsafe { simd::x86::$ps(a, b) }) {
                    return Lanes(r);
                }
                let mut r = self.0;
                for i in 0..W {
                    r[i] = self.0[i] $op o.0[i];
                }
                Lanes(r)
            }
        }
    };
}
lane_binop!(Add, add, +, _mm512_add_pd, _mm512_add_ps);
lane_binop!(Sub, sub, -, _mm512_sub_pd, _mm512_sub_ps);
lane_binop!(Mul, mul, *, _mm512_mul_pd, _mm512_mul_ps);
lane_binop!(Div, div, /, _mm512_div_pd, _mm512_div_ps);

impl<T: Real, const W: usize> Neg for Lanes<T, W> {
    type Output = Self;
    #[inline(always)]
    fn neg(self) -> Self {
        #[cfg(all(target_arch = "x86_64", target_feature = "avx512f"))]
        if let Some(r) = simd::sign_bits(&self.0, simd::SignOp::Flip) {
            return Lanes(r);
        }
        let mut r = self.0;
        for v in r.iter_mut() {
            *v = -*v;
        }
        Lanes(r)
    }
}

impl<T: Real, const W: usize> Num<T> for Lanes<T, W> {
    #[inline(always)]
    fn splat(x: T) -> Self {
        Lanes([x; W])
    }
    #[inline(always)]
    fn exp(self) -> Self {
        let mut r = self.0;
        for v in r.iter_mut() {
            *v = Real::exp(*v);
        }
        Lanes(r)
    }
    #[inline(always)]
    fn abs(self) -> Self {
        #[cfg(all(target_arch = "x86_64", target_feature = "avx512f"))]
        if let Some(r) = simd::sign_bits(&self.0, simd::SignOp::Clear) {
            return Lanes(r);
        }
        let mut r = self.0;
        for v in r.iter_mut() {
            *v = Real::abs(*v);
        }
        Lanes(r)
    }
    #[inline(always)]
    fn select_lt(self, bound: Self, a: Self, b: Self) -> Self {
        #[cfg(all(target_arch = "x86_64", target_feature = "avx512f"))]
        if let Some(r) = simd::select(self.lt_mask(bound), &a.0, &b.0) {
            return Lanes(r);
        }
        let mut r = b.0;
        for i in 0..W {
            r[i] = T::select(self.0[i] < bound.0[i], a.0[i], b.0[i]);
        }
        Lanes(r)
    }
}

impl<T: Real, const W: usize> Lanes<T, W> {
    /// Lane `i`.
    #[inline(always)]
    pub fn get(&self, i: usize) -> T {
        self.0[i]
    }

    /// Bit `j` set where lane `j` is `< bound` (false for NaN). `W ≤ 64`.
    #[inline(always)]
    pub fn lt_mask(self, bound: Self) -> u64 {
        #[cfg(all(target_arch = "x86_64", target_feature = "avx512f"))]
        if let Some(m) = simd::cmp_mask::<T, W, { simd::x86::_CMP_LT_OQ }>(&self.0, &bound.0) {
            return m;
        }
        let mut m = 0u64;
        for j in 0..W {
            m |= ((self.0[j] < bound.0[j]) as u64) << j;
        }
        m
    }

    /// Bit `j` set where lane `j` is `<= bound` (false for NaN). `W ≤ 64`.
    #[inline(always)]
    pub fn le_mask(self, bound: Self) -> u64 {
        #[cfg(all(target_arch = "x86_64", target_feature = "avx512f"))]
        if let Some(m) = simd::cmp_mask::<T, W, { simd::x86::_CMP_LE_OQ }>(&self.0, &bound.0) {
            return m;
        }
        let mut m = 0u64;
        for j in 0..W {
            m |= ((self.0[j] <= bound.0[j]) as u64) << j;
        }
        m
    }

    /// Bit `j` set where lane `j` is NaN. `W ≤ 64`.
    #[inline(always)]
    pub fn nan_mask(self) -> u64 {
        #[cfg(all(target_arch = "x86_64", target_feature = "avx512f"))]
        if let Some(m) = simd::cmp_mask::<T, W, { simd::x86::_CMP_UNORD_Q }>(&self.0, &self.0) {
            return m;
        }
        let mut m = 0u64;
        for j in 0..W {
            m |= ((self.0[j] != self.0[j]) as u64) << j;
        }
        m
    }
}

/// Lane-wise operations of `Lanes<f64, W>` and `Lanes<f32, W>` written with
/// AVX-512 instructions (each is the correctly rounded IEEE operation of the
/// scalar code, lane by lane). Every function returns `None` for other lane
/// types or widths; the caller then runs its scalar loop.
#[cfg(all(target_arch = "x86_64", target_feature = "avx512f"))]
mod simd {
    pub(super) use std::arch::x86_64 as x86;
    use std::any::TypeId;
    use x86::{__m512, __m512d};

    /// f64 lanes per vector.
    const PD: usize = 8;
    /// f32 lanes per vector.
    const PS: usize = 16;

    /// What [`sign_bits`] does to the sign bit.
    #[derive(Clone, Copy)]
    pub(super) enum SignOp {
        /// `-x`.
        Flip,
        /// `|x|`.
        Clear,
    }

    /// `x` viewed as `[f64; W]` if `T` is `f64` and `W` a multiple of 8.
    #[inline(always)]
    fn as_pd<T: 'static, const W: usize>(x: &[T; W]) -> Option<&[f64; W]> {
        // SAFETY: T is f64.
        (TypeId::of::<T>() == TypeId::of::<f64>() && W % PD == 0).then(|| unsafe { &*(x as *const [T; W] as *const [f64; W]) })
    }

    /// `x` viewed as `[f32; W]` if `T` is `f32` and `W` a multiple of 16.
    #[inline(always)]
    fn as_ps<T: 'static, const W: usize>(x: &[T; W]) -> Option<&[f32; W]> {
        // SAFETY: T is f32.
        (TypeId::of::<T>() == TypeId::of::<f32>() && W % PS == 0).then(|| unsafe { &*(x as *const [T; W] as *const [f32; W]) })
    }

    /// `[U; W]` as `[T; W]` (`U` is `T`, checked by the callers through [`as_pd`] / [`as_ps`]).
    #[inline(always)]
    fn cast<U: Copy, T, const W: usize>(r: [U; W]) -> [T; W] {
        // SAFETY: same type.
        unsafe { std::mem::transmute_copy(&r) }
    }

    /// The lane-wise `fd(a, b)` (f64) or `fs(a, b)` (f32).
    #[inline(always)]
    pub(super) fn binop<T: 'static + Copy, const W: usize>(a: &[T; W], b: &[T; W], fd: impl Fn(__m512d, __m512d) -> __m512d, fs: impl Fn(__m512, __m512) -> __m512) -> Option<[T; W]> {
        if let (Some(a), Some(b)) = (as_pd(a), as_pd(b)) {
            let mut r = [0f64; W];
            for c in 0..W / PD {
                // SAFETY: in bounds; avx512f is enabled.
                unsafe {
                    let v = fd(x86::_mm512_loadu_pd(a.as_ptr().add(c * PD)), x86::_mm512_loadu_pd(b.as_ptr().add(c * PD)));
                    x86::_mm512_storeu_pd(r.as_mut_ptr().add(c * PD), v);
                }
            }
            return Some(cast(r));
        }
        if let (Some(a), Some(b)) = (as_ps(a), as_ps(b)) {
            let mut r = [0f32; W];
            for c in 0..W / PS {
                // SAFETY: as above.
                unsafe {
                    let v = fs(x86::_mm512_loadu_ps(a.as_ptr().add(c * PS)), x86::_mm512_loadu_ps(b.as_ptr().add(c * PS)));
                    x86::_mm512_storeu_ps(r.as_mut_ptr().add(c * PS), v);
                }
            }
            return Some(cast(r));
        }
        None
    }

    /// Flips or clears the sign bit of every lane (exactly `-x` / `|x|`, NaN included).
    #[inline(always)]
    pub(super) fn sign_bits<T: 'static + Copy, const W: usize>(a: &[T; W], op: SignOp) -> Option<[T; W]> {
        // SAFETY (both blocks): in bounds; avx512f is enabled.
        if let Some(a) = as_pd(a) {
            let mut r = [0f64; W];
            for c in 0..W / PD {
                unsafe {
                    let v = x86::_mm512_castpd_si512(x86::_mm512_loadu_pd(a.as_ptr().add(c * PD)));
                    let sign = x86::_mm512_set1_epi64(i64::MIN);
                    let v = match op {
                        SignOp::Flip => x86::_mm512_xor_si512(v, sign),
                        SignOp::Clear => x86::_mm512_andnot_si512(sign, v),
                    };
                    x86::_mm512_storeu_pd(r.as_mut_ptr().add(c * PD), x86::_mm512_castsi512_pd(v));
                }
            }
            return Some(cast(r));
        }
        if let Some(a) = as_ps(a) {
            let mut r = [0f32; W];
            for c in 0..W / PS {
                unsafe {
                    let v = x86::_mm512_castps_si512(x86::_mm512_loadu_ps(a.as_ptr().add(c * PS)));
                    let sign = x86::_mm512_set1_epi32(i32::MIN);
                    let v = match op {
                        SignOp::Flip => x86::_mm512_xor_si512(v, sign),
                        SignOp::Clear => x86::_mm512_andnot_si512(sign, v),
                    };
                    x86::_mm512_storeu_ps(r.as_mut_ptr().add(c * PS), x86::_mm512_castsi512_ps(v));
                }
            }
            return Some(cast(r));
        }
        None
    }

    /// Bit `j` set where the comparison `P` (an `_CMP_*` predicate) of lane `j` of `a` and `b` holds.
    #[inline(always)]
    pub(super) fn cmp_mask<T: 'static + Copy, const W: usize, const P: i32>(a: &[T; W], b: &[T; W]) -> Option<u64> {
        // SAFETY (both blocks): in bounds; avx512f is enabled.
        if let (Some(a), Some(b)) = (as_pd(a), as_pd(b)) {
            let mut m = 0u64;
            for c in 0..W / PD {
                let k = unsafe { x86::_mm512_cmp_pd_mask::<P>(x86::_mm512_loadu_pd(a.as_ptr().add(c * PD)), x86::_mm512_loadu_pd(b.as_ptr().add(c * PD))) };
                m |= (k as u64) << (c * PD);
            }
            return Some(m);
        }
        if let (Some(a), Some(b)) = (as_ps(a), as_ps(b)) {
            let mut m = 0u64;
            for c in 0..W / PS {
                let k = unsafe { x86::_mm512_cmp_ps_mask::<P>(x86::_mm512_loadu_ps(a.as_ptr().add(c * PS)), x86::_mm512_loadu_ps(b.as_ptr().add(c * PS))) };
                m |= (k as u64) << (c * PS);
            }
            return Some(m);
        }
        None
    }

    /// Lane `j` of `a` where bit `j` of `mask` is set, else of `b`.
    #[inline(always)]
    pub(super) fn select<T: 'static + Copy, const W: usize>(mask: u64, a: &[T; W], b: &[T; W]) -> Option<[T; W]> {
        // SAFETY (both blocks): in bounds; avx512f is enabled.
        if let (Some(a), Some(b)) = (as_pd(a), as_pd(b)) {
            let mut r = [0f64; W];
            for c in 0..W / PD {
                unsafe {
                    let k = (mask >> (c * PD)) as u8;
                    let v = x86::_mm512_mask_blend_pd(k, x86::_mm512_loadu_pd(b.as_ptr().add(c * PD)), x86::_mm512_loadu_pd(a.as_ptr().add(c * PD)));
                    x86::_mm512_storeu_pd(r.as_mut_ptr().add(c * PD), v);
                }
            }
            return Some(cast(r));
        }
        if let (Some(a), Some(b)) = (as_ps(a), as_ps(b)) {
            let mut r = [0f32; W];
            for c in 0..W / PS {
                unsafe {
                    let k = (mask >> (c * PS)) as u16;
                    let v = x86::_mm512_mask_blend_ps(k, x86::_mm512_loadu_ps(b.as_ptr().add(c * PS)), x86::_mm512_loadu_ps(a.as_ptr().add(c * PS)));
                    x86::_mm512_storeu_ps(r.as_mut_ptr().add(c * PS), v);
                }
            }
            return Some(cast(r));
        }
        None
    }
}
