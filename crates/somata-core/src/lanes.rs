//! `Num`: the arithmetic a model's right-hand side is written in.
//!
//! A model writes its equations once, generic over `S: Num<T>`. With `S = T`
//! the equations run for one neuron; with `S = Lanes<T, W>` they run for `W`
//! neurons at once (one lane each, every parameter per lane), which LLVM turns
//! into SIMD code. Both evaluate the same IEEE operations in the same order,
//! so a neuron gives bit-identical numbers whichever path runs it.

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
    ($tr:ident, $f:ident, $op:tt) => {
        impl<T: Real, const W: usize> $tr for Lanes<T, W> {
            type Output = Self;
            #[inline(always)]
            fn $f(self, o: Self) -> Self {
                let mut r = self.0;
                for i in 0..W {
                    r[i] = self.0[i] $op o.0[i];
                }
                Lanes(r)
            }
        }
    };
}
lane_binop!(Add, add, +);
lane_binop!(Sub, sub, -);
lane_binop!(Mul, mul, *);
lane_binop!(Div, div, /);

impl<T: Real, const W: usize> Neg for Lanes<T, W> {
    type Output = Self;
    #[inline(always)]
    fn neg(self) -> Self {
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
        let mut r = self.0;
        for v in r.iter_mut() {
            *v = Real::abs(*v);
        }
        Lanes(r)
    }
    #[inline(always)]
    fn select_lt(self, bound: Self, a: Self, b: Self) -> Self {
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
}
