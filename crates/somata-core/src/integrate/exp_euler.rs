//! The exponential Euler step of brainstate (`brainstate.nn.exp_euler_step`),
//! which every BrainPy-style model uses for each of its state variables:
//!
//! `x₁ = x + dt·exprel(dt·J)·f(x)`, with `J = ∂f/∂x` (the diagonal of the
//! Jacobian, the other variables frozen) and `exprel(z) = (eᶻ − 1)/z`.
//!
//! For a linear `f` this is the exact solution over the step; otherwise it is
//! first order. Operation order follows brainstate (`(dt·φ)·f` added to `x`).

use crate::real::{Real, INV_FACT};

/// `exprel(z) = (eᶻ − 1)/z`, with `exprel(0) = 1`.
///
/// `(eᶻ − 1)/z` loses about `|log2 |z||` bits near 0 (the subtraction
/// cancels), so for `|z| ≤ 1/2` the Taylor series is summed instead: 16
/// terms in f64 (truncation < 2⁻⁵⁸ relative) and 9 in f32, evaluated with
/// Estrin's scheme (short dependency chains: one neuron's step is
/// latency-bound). Outside that range the quotient is accurate to a few ulp.
/// The range test is a (well-predicted) branch: typical steps have
/// `|dt·J| ≪ 1/2`. Large positive `z` gives +inf, large negative `z` tends
/// to `−1/z`, NaN gives NaN.
#[inline(always)]
pub fn exprel<T: Real>(z: T) -> T {
    if z.abs() <= T::c(0.5) {
        let c = |k: usize| T::c(INV_FACT[k + 1]);
        let z2 = z * z;
        let z4 = z2 * z2;
        if T::MANTISSA_BITS > 30 {
            let z8 = z4 * z4;
            let p01 = c(0) + c(1) * z;
            let p23 = c(2) + c(3) * z;
            let p45 = c(4) + c(5) * z;
            let p67 = c(6) + c(7) * z;
            let p89 = c(8) + c(9) * z;
            let p1011 = c(10) + c(11) * z;
            let p1213 = c(12) + c(13) * z;
            let p1415 = c(14) + c(15) * z;
            let q03 = p01 + p23 * z2;
            let q47 = p45 + p67 * z2;
            let q811 = p89 + p1011 * z2;
            let q1215 = p1213 + p1415 * z2;
            let r07 = q03 + q47 * z4;
            let r815 = q811 + q1215 * z4;
            r07 + r815 * z8
        } else {
            let z8 = z4 * z4;
            let q03 = (c(0) + c(1) * z) + (c(2) + c(3) * z) * z2;
            let q47 = (c(4) + c(5) * z) + (c(6) + c(7) * z) * z2;
            q03 + q47 * z4 + c(8) * z8
        }
    } else {
        (z.exp() - T::ONE) / z
    }
}

/// One exponential Euler step of `x` with drift `f = f(x)` and `j = ∂f/∂x`.
#[inline(always)]
pub fn exp_euler<T: Real>(x: T, f: T, j: T, dt: T) -> T {
    x + dt * exprel(dt * j) * f
}

/// [`exprel`] over [`Num`](crate::lanes::Num), for one value or a SIMD
/// group: both branches are evaluated and each lane takes the one the scalar
/// [`exprel`] would take, so every lane equals [`exprel`] of its value bit for
/// bit.
#[inline(always)]
pub fn exprel_n<T: Real, S: crate::lanes::Num<T>>(z: S) -> S {
    S::c(0.5).select_ge(z.abs(), exprel_series_n(z), exprel_quotient_n(z))
}

/// The series branch of [`exprel`] (`|z| ≤ 1/2`) over [`Num`](crate::lanes::Num).
#[inline(always)]
pub fn exprel_series_n<T: Real, S: crate::lanes::Num<T>>(z: S) -> S {
    let c = |k: usize| S::c(INV_FACT[k + 1]);
    let z2 = z * z;
    let z4 = z2 * z2;
    let z8 = z4 * z4;
    if T::MANTISSA_BITS > 30 {
        let p01 = c(0) + c(1) * z;
        let p23 = c(2) + c(3) * z;
        let p45 = c(4) + c(5) * z;
        let p67 = c(6) + c(7) * z;
        let p89 = c(8) + c(9) * z;
        let p1011 = c(10) + c(11) * z;
        let p1213 = c(12) + c(13) * z;
        let p1415 = c(14) + c(15) * z;
        let q03 = p01 + p23 * z2;
        let q47 = p45 + p67 * z2;
        let q811 = p89 + p1011 * z2;
        let q1215 = p1213 + p1415 * z2;
        let r07 = q03 + q47 * z4;
        let r815 = q811 + q1215 * z4;
        r07 + r815 * z8
    } else {
        let q03 = (c(0) + c(1) * z) + (c(2) + c(3) * z) * z2;
        let q47 = (c(4) + c(5) * z) + (c(6) + c(7) * z) * z2;
        q03 + q47 * z4 + c(8) * z8
    }
}

/// The quotient branch of [`exprel`] (`|z| > 1/2`, NaN) over [`Num`](crate::lanes::Num).
#[inline(always)]
pub fn exprel_quotient_n<T: Real, S: crate::lanes::Num<T>>(z: S) -> S {
    (z.exp() - S::splat(T::ONE)) / z
}

/// [`exp_euler`] over [`Num`](crate::lanes::Num).
#[inline(always)]
pub fn exp_euler_n<T: Real, S: crate::lanes::Num<T>>(x: S, f: S, j: S, dt: S) -> S {
    x + dt * exprel_n(dt * j) * f
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
    fn exprel_n_equals_exprel_in_every_lane() {
        use crate::lanes::Lanes;
        let zs: Vec<f64> = (-300..300).map(|i| i as f64 * 0.01).chain([0.5, -0.5, 0.0, 1000.0, -1000.0, f64::NAN]).collect();
        for ch in zs.chunks(8) {
            let mut l = [0.25f64; 8];
            l[..ch.len()].copy_from_slice(ch);
            let r = exprel_n::<f64, Lanes<f64, 8>>(Lanes(l));
            for (j, &z) in l.iter().enumerate() {
                assert_eq!(r.0[j].to_bits(), exprel(z).to_bits(), "z = {z}");
                assert_eq!(exprel_n::<f64, f64>(z).to_bits(), exprel(z).to_bits());
            }
            let l32 = l.map(|x| x as f32);
            let r = exprel_n::<f32, Lanes<f32, 8>>(Lanes(l32));
            for (j, &z) in l32.iter().enumerate() {
                assert_eq!(r.0[j].to_bits(), exprel(z).to_bits(), "z = {z}");
            }
        }
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
