//! The iterated-map "integrator" (Neun `integrators/Stepper.h`): `x ← f(x)`.
//! The step size is ignored; one call is one iteration of the map.

use super::Integrator;
use crate::lanes::Num;
use crate::real::Real;

/// Iterates a map model once per step.
pub struct Stepper;

impl Integrator for Stepper {
    const NAME: &'static str = "Stepper";
    const ORDER: u32 = 0;
    const STAGES: u32 = 1;
    const IS_MAP: bool = true;
    #[inline(always)]
    fn step<T: Real, S: Num<T>, const N: usize>(x: &mut [S; N], _h: S, f: impl Fn(&[S; N]) -> [S; N]) {
        *x = f(x);
    }
}
