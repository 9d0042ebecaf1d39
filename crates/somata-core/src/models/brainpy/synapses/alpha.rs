//! `Alpha`: alpha-function synapse (brainpy.state `Alpha`,
//! `_brainpy/synapse.py`).
//!
//! `dh/dt = −h/tau`, `dg/dt = −g/tau + h/tau`. One step, in upstream's
//! order: `h' = expeuler(−h/tau)`; `g ← expeuler(−g/tau + h/tau)` with the
//! **old** `h` frozen; `h ← h' + Σ delta`. Output `g`. Default `tau` 8 ms.
//! A unit input at step 0 gives `g(t) ≈ (t/tau)·e^{−t/tau}` (exactly the
//! exp-Euler discretisation of it; see the tests).

use crate::integrate::exp_euler::exp_euler;

/// Parameters of `Alpha`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Alpha {
    /// Time constant, ms (default 8).
    pub tau: f64,
}

impl Default for Alpha {
    fn default() -> Self {
        Self { tau: 8.0 }
    }
}

impl Alpha {
    /// One step (state `[g, h]`).
    #[inline(always)]
    pub fn step(&self, s: &mut [f64; super::MAX_SYN_VARS], x: f64, dt: f64) -> f64 {
        let (g, h) = (s[0], s[1]);
        let tau = self.tau;
        let h1 = exp_euler(h, -h / tau, -1.0 / tau, dt);
        let g1 = exp_euler(g, -g / tau + h / tau, -1.0 / tau, dt);
        s[0] = g1;
        s[1] = h1 + x;
        g1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_the_discrete_solution() {
        // With a = e^{-dt/tau}: h_k = a^k (k >= 1 after a unit input at step 0),
        // g_{k+1} = a g_k + (1 - a) h_k, so g_k = (k-1)(1-a) a^{k-1}... for k >= 1:
        // g_1 = 0, g_{k} = (k-1)(1-a)a^{k-2}·a^0... check by recursion against closed form.
        let m = Alpha { tau: 4.0 };
        let dt: f64 = 0.1;
        let a: f64 = (-dt / 4.0f64).exp();
        let mut s = [0.0; super::super::MAX_SYN_VARS];
        assert_eq!(m.step(&mut s, 1.0, dt), 0.0);
        for k in 1..400usize {
            let g = m.step(&mut s, 0.0, dt);
            // h after step j is a^j (j >= 0), g_k = sum_{j=0}^{k-1} a^{k-1-j} (1-a) a^j = k (1-a) a^{k-1}
            let exact = k as f64 * (1.0 - a) * a.powi(k as i32 - 1);
            assert!((g - exact).abs() < 1e-13, "{k}: {g} vs {exact}");
        }
    }
}
