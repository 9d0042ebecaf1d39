//! `BioNMDA`: second-order kinetic NMDA receptor synapse (brainpy.state
//! `BioNMDA`, `_brainpy/synapse.py`).
//!
//! `dx/dt = alpha2·[T]·(1 − x) − beta2·x`, `dg/dt = alpha1·x·(1 − g) − beta1·g`,
//! where the transmitter `[T]` is a square pulse of height `T` for `T_dur`
//! after each presynaptic spike. One step at time `t`, upstream's order:
//! `spike_arrival_time ← t` where the input is non-zero;
//! `TT = T if t − spike_arrival_time < T_dur else 0`;
//! `x ← expeuler(alpha2·TT·(1 − x) − beta2·x)`; then
//! `g ← expeuler(alpha1·x·(1 − g) − beta1·g)` with the **new** `x`.
//! Output `g` (upstream carries it in mS; the voltage dependence is the
//! `MgBlock` output's). Defaults: `alpha1` 2 /ms, `beta1` 0.01 /ms,
//! `alpha2` 1 /(ms·mM), `beta2` 0.5 /ms, `T` 1 mM, `T_dur` 0.5 ms.
//! State `g` (0), `x` (0), `spike_arrival_time` (−1e7 ms).

use crate::integrate::exp_euler::exp_euler;

/// Parameters of `BioNMDA`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BioNMDA {
    /// Opening rate of `g`, 1/ms.
    pub alpha1: f64,
    /// Closing rate of `g`, 1/ms.
    pub beta1: f64,
    /// Binding rate of `x`, 1/(ms·mM).
    pub alpha2: f64,
    /// Unbinding rate of `x`, 1/ms.
    pub beta2: f64,
    /// Transmitter concentration during a pulse, mM (upstream `T`).
    pub t_conc: f64,
    /// Pulse length, ms (upstream `T_dur`).
    pub t_dur: f64,
}

impl Default for BioNMDA {
    fn default() -> Self {
        Self { alpha1: 2.0, beta1: 0.01, alpha2: 1.0, beta2: 0.5, t_conc: 1.0, t_dur: 0.5 }
    }
}

impl BioNMDA {
    /// One step at time `t` (state `[g, x, spike_arrival_time]`); `spike` != 0 marks an arriving spike.
    #[inline(always)]
    pub fn step(&self, s: &mut [f64; super::MAX_SYN_VARS], spike: f64, t: f64, dt: f64) -> f64 {
        let arrival = if spike != 0.0 { t } else { s[2] };
        let tt = if t - arrival < self.t_dur { self.t_conc } else { 0.0 };
        let x = s[1];
        let x = exp_euler(x, self.alpha2 * tt * (1.0 - x) - self.beta2 * x, -self.alpha2 * tt - self.beta2, dt);
        let g = s[0];
        let g = exp_euler(g, self.alpha1 * x * (1.0 - g) - self.beta1 * g, -self.alpha1 * x - self.beta1, dt);
        *s = [g, x, arrival];
        g
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn x_follows_the_pulse_exactly_and_g_stays_in_0_1() {
        // x is linear in itself: during the pulse x -> aT/(aT + b) at rate aT + b, exactly.
        let m = BioNMDA::default();
        let dt = 0.01;
        let mut s = [0.0, 0.0, crate::models::brainpy::LAST_SPIKE_INIT];
        let (r, xinf) = (m.alpha2 * m.t_conc + m.beta2, m.alpha2 * m.t_conc / (m.alpha2 * m.t_conc + m.beta2));
        for k in 0..3000 {
            let g = m.step(&mut s, if k == 0 { 1.0 } else { 0.0 }, k as f64 * dt, dt);
            if k < 50 {
                let xe = xinf * (1.0 - (-r * (k + 1) as f64 * dt).exp());
                assert!((s[1] - xe).abs() < 1e-13, "{k}");
            }
            assert!((0.0..1.0).contains(&g));
        }
        assert!(s[0] > 0.1, "g rises slowly and stays up (beta1 = 0.01/ms): {}", s[0]);
    }
}
