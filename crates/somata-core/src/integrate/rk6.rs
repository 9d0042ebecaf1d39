//! Neun's "RungeKutta6" (`integrators/RungeKutta6.h`).
//!
//! Six stages, but **fifth order**: checked against the Butcher order
//! conditions with exact fractions, all hold up to order 5 and the order-6
//! conditions fail. The tableau in exact form is
//!
//! ```text
//! c    | A
//! 0    |
//! 1/5  | 1/5
//! 3/10 | 3/40      9/40
//! 3/5  | 3/10     -9/10   6/5
//! 9/10 | 3/40     27/40  -3/5     3/4
//! 1    | 107/162   5/2  -140/27  35/9  -70/81
//! b    | 8/81, 0, 25/63, 25/108, 25/81, -1/28
//! ```
//!
//! Neun writes these as *truncated* decimals (e.g. 0.660493827160493 for
//! 107/162), which we keep verbatim so that results match Neun bit for bit.
//! A consequence: the weights sum to 1 − 2·10⁻¹⁵, a consistency error far
//! below any step size a user would choose.

use super::Integrator;
use crate::lanes::Num;
use crate::real::Real;

/// Neun's 6-stage, 5th-order explicit Runge–Kutta method.
pub struct RungeKutta6;

impl Integrator for RungeKutta6 {
    const NAME: &'static str = "RK6";
    const ORDER: u32 = 5;
    const STAGES: u32 = 6;
    #[inline(always)]
    fn step<T: Real, S: Num<T>, const N: usize>(x: &mut [S; N], h: S, f: impl Fn(&[S; N]) -> [S; N]) {
        let c = S::c;
        let mut y = *x;
        let mut k0 = f(x);
        for i in 0..N {
            k0[i] = k0[i] * h;
            y[i] = x[i] + k0[i] * c(0.2);
        }
        let mut k1 = f(&y);
        for i in 0..N {
            k1[i] = k1[i] * h;
            y[i] = x[i] + k0[i] * c(0.075) + k1[i] * c(0.225);
        }
        let mut k2 = f(&y);
        for i in 0..N {
            k2[i] = k2[i] * h;
            y[i] = x[i] + k0[i] * c(0.3) - k1[i] * c(0.9) + k2[i] * c(1.2);
        }
        let mut k3 = f(&y);
        for i in 0..N {
            k3[i] = k3[i] * h;
            y[i] = x[i] + k0[i] * c(0.075) + k1[i] * c(0.675) - k2[i] * c(0.6) + k3[i] * c(0.75);
        }
        let mut k4 = f(&y);
        for i in 0..N {
            k4[i] = k4[i] * h;
            y[i] = x[i] + k0[i] * c(0.660493827160493) + k1[i] * c(2.5) - k2[i] * c(5.185185185185185)
                + k3[i] * c(3.888888888888889)
                - k4[i] * c(0.864197530864197);
        }
        let mut k5 = f(&y);
        for i in 0..N {
            k5[i] = k5[i] * h;
            x[i] = x[i]
                + (k0[i] * c(0.098765432098765) + k2[i] * c(0.396825396825396) + k3[i] * c(0.231481481481481)
                    + k4[i] * c(0.308641975308641)
                    - k5[i] * c(0.035714285714285));
        }
    }
}
