//! `AMPA`: kinetic receptor synapse (brainpy.state `AMPA`,
//! `_brainpy/synapse.py`; Destexhe, Mainen & Sejnowski 1994).
//!
//! `dg/dt = alpha·[T]·(1 − g) − beta·g`, where the transmitter concentration
//! `[T]` is a square pulse of height `T` and length `T_dur` after each
//! presynaptic spike. One step at time `t`: `spike_arrival_time ← t` where
//! the input is non-zero; `TT = T if t − spike_arrival_time < T_dur else 0`;
//! `g ← expeuler(alpha·TT·(1 − g) − beta·g)` (Jacobian `−alpha·TT − beta`).
//! Output `g` (fraction of open receptors). Defaults: `alpha` 0.98 /(ms·mM),
//! `beta` 0.18 /ms, `T` 0.5 mM, `T_dur` 0.5 ms. State `g` (0),
//! `spike_arrival_time` (−1e7 ms).

use crate::integrate::exp_euler::exp_euler;

/// Parameters of `AMPA` (and `GABAa`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct AMPA {
    /// Binding rate, 1/(ms·mM).
    pub alpha: f64,
    /// Unbinding rate, 1/ms.
    pub beta: f64,
    /// Transmitter concentration during a pulse, mM (upstream `T`).
    pub t_conc: f64,
    /// Pulse length, ms (upstream `T_dur`).
    pub t_dur: f64,
}

impl Default for AMPA {
    fn default() -> Self {
        Self { alpha: 0.98, beta: 0.18, t_conc: 0.5, t_dur: 0.5 }
    }
}

impl AMPA {
    /// One step at time `t` (state `[g, spike_arrival_time]`); `spike` != 0 marks an arriving spike.
    #[inline(always)]
    pub fn step(&self, s: &mut [f64; super::MAX_SYN_VARS], spike: f64, t: f64, dt: f64) -> f64 {
        let arrival = if spike != 0.0 { t } else { s[1] };
        let tt = if t - arrival < self.t_dur { self.t_conc } else { 0.0 };
        let g = s[0];
        let f = self.alpha * tt * (1.0 - g) - self.beta * g;
        let j = -self.alpha * tt - self.beta;
        let g = exp_euler(g, f, j, dt);
        s[0] = g;
        s[1] = arrival;
        g
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pulse_then_decay_is_exact() {
        // During the pulse g -> g_inf = aT/(aT+b) with rate aT+b; afterwards decays with beta.
        let m = AMPA::default();
        let dt = 0.01;
        let mut s = [0.0, crate::models::brainpy::LAST_SPIKE_INIT, 0.0];
        let (a, b, tc) = (m.alpha, m.beta, m.t_conc);
        let (ginf, r) = (a * tc / (a * tc + b), a * tc + b);
        let n_on = 50; // steps with t - arrival < 0.5 ms: t = 0 .. 0.49
        for k in 0..2000 {
            let t = k as f64 * dt;
            let g = m.step(&mut s, if k == 0 { 1.0 } else { 0.0 }, t, dt);
            let exact = if k < n_on {
                ginf * (1.0 - (-r * (k + 1) as f64 * dt).exp())
            } else {
                let g_end = ginf * (1.0 - (-r * n_on as f64 * dt).exp());
                g_end * (-b * (k + 1 - n_on) as f64 * dt).exp()
            };
            assert!((g - exact).abs() < 1e-13, "{k}: {g} vs {exact}");
        }
    }
}
