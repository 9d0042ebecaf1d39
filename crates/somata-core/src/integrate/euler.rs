//! Forward Euler: `x ← x + h·f(x)` (Neun `integrators/Euler.h`).

use super::Integrator;
use crate::lanes::Num;
use crate::real::Real;

/// Forward Euler, first order, one evaluation per step.
pub struct Euler;

impl Integrator for Euler {
    const NAME: &'static str = "Euler";
    const ORDER: u32 = 1;
    const STAGES: u32 = 1;
    #[inline(always)]
    fn step<T: Real, S: Num<T>, const N: usize>(x: &mut [S; N], h: S, f: impl Fn(&[S; N]) -> [S; N]) {
        let k = f(x);
        for i in 0..N {
            x[i] = x[i] + k[i] * h;
        }
    }
}
