//! Classic Runge–Kutta 4 with Neun's operation order
//! (`integrators/RungeKutta4.h`): stages at h/2, h/2, h and
//! `x += h/6 · (k1 + 2k2 + 2k3 + k4)`.

use super::Integrator;
use crate::lanes::Num;
use crate::real::Real;

/// Classic 4-stage, 4th-order Runge–Kutta.
pub struct RungeKutta4;

impl Integrator for RungeKutta4 {
    const NAME: &'static str = "RK4";
    const ORDER: u32 = 4;
    const STAGES: u32 = 4;
    #[inline(always)]
    fn step<T: Real, S: Num<T>, const N: usize>(x: &mut [S; N], h: S, f: impl Fn(&[S; N]) -> [S; N]) {
        let two = S::c(2.0);
        // Neun writes `k·h / 2`; multiplying by 0.5 is the same IEEE result
        // (halving is exact) and avoids a vector division.
        let half = S::c(0.5);
        let mut y = *x;
        let k0 = f(x);
        for i in 0..N {
            y[i] = x[i] + k0[i] * h * half;
        }
        let k1 = f(&y);
        for i in 0..N {
            y[i] = x[i] + k1[i] * h * half;
        }
        let k2 = f(&y);
        for i in 0..N {
            y[i] = x[i] + k2[i] * h;
        }
        let k3 = f(&y);
        let h6 = h / S::c(6.0);
        for i in 0..N {
            x[i] = x[i] + h6 * (k0[i] + two * k1[i] + two * k2[i] + k3[i]);
        }
    }
}
