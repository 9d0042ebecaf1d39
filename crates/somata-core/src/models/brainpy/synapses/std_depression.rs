//! `STD`: short-term depression (brainpy.state `STD`, `_brainpy/stp.py`;
//! Tsodyks–Markram without facilitation).
//!
//! State per presynaptic element: `x` (available resources, initially 1).
//! One step with spike indicator `s`: `x' = expeuler((1 − x)/tau)`;
//! `released = x'` (before this spike depletes it, so the first spike of a
//! train transmits undepressed); `x ← x' − s·U·x_old`; output
//! `released·s`. Defaults: `tau` 200 ms, `U` 0.07.

use crate::integrate::exp_euler::exp_euler;

/// Parameters of `STD`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct STD {
    /// Recovery time constant, ms.
    pub tau: f64,
    /// Fraction of the resources used per spike, dimensionless.
    pub u: f64,
}

impl Default for STD {
    fn default() -> Self {
        Self { tau: 200.0, u: 0.07 }
    }
}

impl STD {
    /// One step of `x` (state `[x, unused]`) with spike indicator `s`;
    /// returns the released resources times `s`.
    #[inline(always)]
    pub fn step(&self, st: &mut [f64; 2], s: f64, dt: f64) -> f64 {
        let x0 = st[0];
        let x1 = exp_euler(x0, (1.0 - x0) / self.tau, -1.0 / self.tau, dt);
        st[0] = x1 - s * self.u * x0;
        x1 * s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regular_train_tends_to_the_steady_state() {
        // Spikes every n steps: x_after = x_before(1 - U); recovery
        // x_before' = 1 - (1 - x_after)q with q = e^{-n dt/tau}; fixed point
        // x* = (1 - q)/(1 - q(1 - U)) before each spike (first spike released at 1).
        let m = STD { tau: 30.0, u: 0.3 };
        let (dt, n) = (0.1, 50i32);
        let mut st = [1.0, 0.0];
        let mut last = 0.0;
        for k in 0..20000 {
            let r = m.step(&mut st, if k % n as usize == 0 { 1.0 } else { 0.0 }, dt);
            if k == 0 {
                assert_eq!(r, 1.0);
            }
            if k % n as usize == 0 {
                last = r;
            }
        }
        // Pre-spike value p, a = e^{-dt/tau}, q = a^n: spike step r = 1 - (1 - p)a,
        // then x = r - U p and n - 1 silent steps; fixed point p = (1 - q)/(1 - q + U a^{n-1}).
        let a = (-dt / 30.0f64).exp();
        let q = a.powi(n);
        let p = (1.0 - q) / (1.0 - q + 0.3 * a.powi(n - 1));
        let fp = 1.0 - (1.0 - p) * a;
        assert!((last - fp).abs() < 1e-12, "{last} vs {fp}");
    }
}
