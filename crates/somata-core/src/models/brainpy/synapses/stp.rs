//! `STP`: Tsodyks–Markram short-term plasticity, facilitation and
//! depression (brainpy.state `STP`, `_brainpy/stp.py`).
//!
//! State per presynaptic element: `u` (utilisation, initially `U`) and `x`
//! (available resources, initially 1). One step with spike indicator `s`,
//! in upstream's order:
//! `u' = expeuler(−u/tau_f)`, `x' = expeuler((1 − x)/tau_d)`;
//! `u ← u' + s·U·(1 − u_old)`; `released = u·x'` (the resources before this
//! spike depletes them); `x ← x' − s·u·x_old`; output `released·s`.
//! Note upstream's increments use the *old* (not decayed) `u` and `x`.
//! Defaults: `U` 0.15, `tau_f` 1500 ms, `tau_d` 200 ms.

use crate::integrate::exp_euler::exp_euler;

/// Parameters of `STP`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct STP {
    /// Baseline utilisation (release probability), dimensionless.
    pub u0: f64,
    /// Facilitation time constant, ms.
    pub tau_f: f64,
    /// Depression (recovery) time constant, ms.
    pub tau_d: f64,
}

impl Default for STP {
    fn default() -> Self {
        Self { u0: 0.15, tau_f: 1500.0, tau_d: 200.0 }
    }
}

impl STP {
    /// Initial state `[u, x]`.
    pub fn init(&self) -> [f64; 2] {
        [self.u0, 1.0]
    }

    /// One step of state `[u, x]` with spike indicator `s`; returns the
    /// released fraction times `s`.
    #[inline(always)]
    pub fn step(&self, st: &mut [f64; 2], s: f64, dt: f64) -> f64 {
        let (u0, x0) = (st[0], st[1]);
        let u1 = exp_euler(u0, -u0 / self.tau_f, -1.0 / self.tau_f, dt);
        let x1 = exp_euler(x0, (1.0 - x0) / self.tau_d, -1.0 / self.tau_d, dt);
        let u = u1 + s * self.u0 * (1.0 - u0);
        let released = u * x1;
        let x = x1 - s * u * x0;
        st[0] = u;
        st[1] = x;
        released * s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_spike_releases_u_then_facilitates_and_depresses() {
        // Closed form between spikes: u decays to 0 with tau_f, x recovers to 1 with tau_d.
        let m = STP { u0: 0.2, tau_f: 300.0, tau_d: 40.0 };
        let dt = 0.1;
        let mut st = m.init();
        // First spike at step 0: u = U·e^{-dt/tau_f} + U(1 - U), x' = 1.
        let r = m.step(&mut st, 1.0, dt);
        let u1 = 0.2 * (-dt / 300.0f64).exp() + 0.2 * 0.8;
        assert!((r - u1).abs() < 1e-15);
        assert!((st[1] - (1.0 - u1)).abs() < 1e-15);
        // 100 silent steps: exact exponential relaxation.
        let (u_s, x_s) = (st[0], st[1]);
        for _ in 0..100 {
            assert_eq!(m.step(&mut st, 0.0, dt), 0.0);
        }
        let ue = u_s * (-10.0 / 300.0f64).exp();
        let xe = 1.0 - (1.0 - x_s) * (-10.0 / 40.0f64).exp();
        assert!((st[0] - ue).abs() < 1e-13 && (st[1] - xe).abs() < 1e-13, "{st:?} vs {ue} {xe}");
    }
}
