//! `GABAa`: kinetic GABA-A receptor synapse (brainpy.state `GABAa`, a
//! subclass of `AMPA` with other defaults, `_brainpy/synapse.py`).
//!
//! Same kinetics as [`super::ampa::AMPA`]; defaults `alpha` 0.53 /(ms·mM),
//! `beta` 0.18 /ms, `T` 1 mM, `T_dur` 1 ms. The inhibitory sign comes from
//! the output (`COBA` with `E` ≈ −80 mV).

use super::ampa::AMPA;

/// GABAa's default parameters.
pub const GABAA_DEFAULTS: AMPA = AMPA { alpha: 0.53, beta: 0.18, t_conc: 1.0, t_dur: 1.0 };

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pulse_plateau_tends_to_the_steady_state() {
        let m = GABAA_DEFAULTS;
        let mut s = [0.0, crate::models::brainpy::LAST_SPIKE_INIT, 0.0];
        // A spike every step keeps the pulse on: g -> aT/(aT + b).
        let mut g = 0.0;
        for k in 0..20000 {
            g = m.step(&mut s, 1.0, k as f64 * 0.01, 0.01);
        }
        let ginf = 0.53 / (0.53 + 0.18);
        assert!((g - ginf).abs() < 1e-12);
    }
}
