//! The exponential Euler step of brainstate (`brainstate.nn.exp_euler_step`),
//! which every BrainPy-style model uses for each of its state variables:
//!
//! `x₁ = x + dt·exprel(dt·J)·f(x)`, with `J = ∂f/∂x` (the diagonal of the
//! Jacobian, the other variables frozen) and `exprel(z) = (eᶻ − 1)/z`.
//!
//! For a linear `f` this is the exact solution over the step; otherwise it is
//! first order. Operation order follows brainstate (`(dt·φ)·f` added to `x`).

use crate::real::Real;

// 1/(k+1)! for k = 0..=15: exprel(z) = Σ z^k/(k+1)!.
const C: [f64; 16] = [
    1.0,
    1.0 / 2.0,
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

/// `exprel(z) = (eᶻ − 1)/z`, with `exprel(0) = 1`.
///
/// `(eᶻ − 1)/z` loses about `|log2 |z||` bits near 0 (the subtraction
/// cancels), so for `|z| ≤ 1/2` the Taylor series is summed instead: 15
/// terms in f64 (truncation < 2⁻⁵⁸ relative) and 8 in f32. Outside that range
/// the quotient is accurate to a few ulp. Branch-free (both sides are
/// evaluated and one is selected), so loops over neurons vectorise.
/// Large positive `z` gives +inf, large negative `z` tends to `−1/z`, NaN
/// gives NaN.
#[inline(always)]
pub fn exprel<T: Real>(z: T) -> T {
    let terms = if T::MANTISSA_BITS > 30 { 16 } else { 9 };
    // Horner from the highest term.
    let mut p = T::c(C[terms - 1]);
    for k in (0..terms - 1).rev() {
        p = p * z + T::c(C[k]);
    }
    let zs = T::select(z == T::ZERO, T::ONE, z);
    let q = (zs.exp() - T::ONE) / zs;
    T::select(z.abs() <= T::c(0.5), p, q)
}

/// One exponential Euler step of `x` with drift `f = f(x)` and `j = ∂f/∂x`.
#[inline(always)]
pub fn exp_euler<T: Real>(x: T, f: T, j: T, dt: T) -> T {
    x + dt * exprel(dt * j) * f
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exprel_matches_expm1_over_z() {
        let mut worst: f64 = 0.0;
        for i in -4000..=4000 {
            let z = i as f64 * 1e-3 * 7.0; // [-28, 28]
            if z == 0.0 {
                continue;
            }
            let exact = z.exp_m1() / z;
            worst = worst.max(((exprel(z) - exact) / exact).abs());
        }
        assert!(worst < 4.0 * f64::EPSILON, "worst relative error {worst:e}");
        assert_eq!(exprel(0.0f64), 1.0);
        // Near zero, where (e^z - 1)/z would lose digits.
        for &z in &[1e-300, -1e-17, 1e-12, -3e-9, 1e-5, -0.004999, 0.5, -0.5] {
            let exact = if z == 0.0 { 1.0 } else { (z as f64).exp_m1() / z };
            assert!(((exprel(z) - exact) / exact).abs() < 2.0 * f64::EPSILON, "z={z}");
        }
    }

    #[test]
    fn exprel_f32() {
        let mut worst: f64 = 0.0;
        for i in -2000..=2000 {
            let z = i as f32 * 5e-3;
            if z == 0.0 {
                continue;
            }
            let exact = (z as f64).exp_m1() / z as f64;
            worst = worst.max(((exprel(z) as f64 - exact) / exact).abs());
        }
        assert!(worst < 4.0 * f32::EPSILON as f64, "worst {worst:e}");
        assert_eq!(exprel(0.0f32), 1.0);
    }

    #[test]
    fn exprel_special_values() {
        assert_eq!(exprel(1000.0f64), f64::INFINITY);
        assert!((exprel(-1000.0f64) - 1e-3).abs() < 1e-18);
        assert!(exprel(f64::NAN).is_nan());
    }

    #[test]
    fn exact_for_linear_decay() {
        // dx/dt = (a - x)/tau: x1 = a + (x0 - a) e^{-dt/tau}.
        let (x0, a, tau, dt) = (-70.0f64, -50.0, 20.0, 0.1);
        let x1 = exp_euler(x0, (a - x0) / tau, -1.0 / tau, dt);
        let exact = a + (x0 - a) * (-dt / tau).exp();
        assert!((x1 - exact).abs() < 1e-13);
    }
}
