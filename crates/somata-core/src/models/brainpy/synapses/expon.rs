//! `Expon`: single-exponential synapse (brainpy.state `Expon`,
//! `_brainpy/exponential.py`).
//!
//! `dg/dt = −g/tau`; one step: `g ← expeuler(−g/tau) + Σ delta` (the delta
//! inputs, i.e. the weights of the arriving spikes, are added after the
//! decay, so a spike raises `g` by its weight in the step it arrives).
//! Parameters: `tau` = 8 ms. State: `g` (initial 0). Output: `g`.

use crate::integrate::exp_euler::{exp_euler, exprel};
use crate::lanes::Num;
use crate::real::Real;

/// Parameters of `Expon`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Expon {
    /// Decay time constant, ms (default 8).
    pub tau: f64,
}

impl Default for Expon {
    fn default() -> Self {
        Self { tau: 8.0 }
    }
}

impl Expon {
    /// One step: decay, then add the delta input `x`.
    #[inline(always)]
    pub fn step(&self, s: &mut [f64; super::MAX_SYN_VARS], x: f64, dt: f64) -> f64 {
        let g = s[0];
        let g = exp_euler(g, -g / self.tau, -1.0 / self.tau, dt) + x;
        s[0] = g;
        g
    }

    /// The exp-Euler coefficient `dt·exprel(dt·(−1/tau))` of [`Expon::step`],
    /// the same for every element: a population of `Expon` synapses computes
    /// it once per step and steps every element with [`decay_step`].
    #[inline(always)]
    pub fn decay_coefficient<T: Real>(tau: T, dt: T) -> T {
        dt * exprel(dt * (-T::ONE / tau))
    }
}

/// [`Expon::step`] of one element (`S = T`) or a SIMD group, given
/// `a =` [`Expon::decay_coefficient`]: `g + a·(−g/tau) + x`, the same
/// operations in the same order (bit-identical in float64).
#[inline(always)]
pub fn decay_step<T: Real, S: Num<T>>(g: S, a: S, tau: S, x: S) -> S {
    g + a * (-g / tau) + x
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_spike_decays_exponentially() {
        let m = Expon { tau: 5.0 };
        let mut s = [0.0; super::super::MAX_SYN_VARS];
        let dt = 0.1;
        assert_eq!(m.step(&mut s, 2.0, dt), 2.0);
        for k in 1..500 {
            let g = m.step(&mut s, 0.0, dt);
            let exact = 2.0 * (-(k as f64) * dt / 5.0).exp();
            assert!((g - exact).abs() < 1e-14, "{k}: {g} vs {exact}");
        }
    }

    #[test]
    fn decay_step_is_step_bit_for_bit() {
        for (tau, dt) in [(5.0, 0.1), (10.0, 0.1), (0.3, 0.25), (8.0, 0.01)] {
            let m = Expon { tau };
            let a = Expon::decay_coefficient(tau, dt);
            let mut s = [0.0; super::super::MAX_SYN_VARS];
            let mut g = 0.0f64;
            for k in 0..200 {
                let x = if k % 7 == 0 { 0.37 * k as f64 } else { 0.0 };
                let want = m.step(&mut s, x, dt);
                g = decay_step(g, a, tau, x);
                assert_eq!(g.to_bits(), want.to_bits(), "tau {tau} step {k}");
            }
        }
    }
}
