//! `Expon`: single-exponential synapse (brainpy.state `Expon`,
//! `_brainpy/exponential.py`).
//!
//! `dg/dt = −g/tau`; one step: `g ← expeuler(−g/tau) + Σ delta` (the delta
//! inputs, i.e. the weights of the arriving spikes, are added after the
//! decay, so a spike raises `g` by its weight in the step it arrives).
//! Parameters: `tau` = 8 ms. State: `g` (initial 0). Output: `g`.

use crate::integrate::exp_euler::exp_euler;

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
}
