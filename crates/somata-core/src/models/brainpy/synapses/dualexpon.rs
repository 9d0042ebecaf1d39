//! `DualExpon`: difference of two exponentials (brainpy.state `DualExpon`,
//! `_brainpy/exponential.py`).
//!
//! `g_rise ← expeuler(−g_rise/tau_rise)`, `g_decay ← expeuler(−g_decay/tau_decay)`,
//! then both `+= Σ delta`; output `scale·(g_decay − g_rise)` with
//! `scale = amplitude·N` if `normalize` else `amplitude`, where
//! `N = tau_decay/(tau_decay − tau_rise)·(tau_rise/tau_decay)^(tau_rise/(tau_rise − tau_decay))`
//! (upstream's peak normaliser). Defaults: `tau_decay` 10 ms, `tau_rise`
//! 1 ms, `amplitude` 1, `normalize` true.

use crate::integrate::exp_euler::exp_euler;

/// Parameters of `DualExpon`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DualExpon {
    /// Decay time constant, ms (default 10).
    pub tau_decay: f64,
    /// Rise time constant, ms (default 1).
    pub tau_rise: f64,
    /// Output amplitude (default 1).
    pub amplitude: f64,
    /// Peak normalisation (default true).
    pub normalize: bool,
}

impl Default for DualExpon {
    fn default() -> Self {
        Self { tau_decay: 10.0, tau_rise: 1.0, amplitude: 1.0, normalize: true }
    }
}

impl DualExpon {
    /// The output scale (`amplitude`, times the peak normaliser if `normalize`).
    pub fn scale(&self) -> f64 {
        if self.normalize {
            let (td, tr) = (self.tau_decay, self.tau_rise);
            self.amplitude * (td / (td - tr) * (tr / td).powf(tr / (tr - td)))
        } else {
            self.amplitude
        }
    }

    /// One step: both decays, then the delta input `x` added to both.
    #[inline(always)]
    pub fn step(&self, s: &mut [f64; super::MAX_SYN_VARS], x: f64, dt: f64) -> f64 {
        let (r, d) = (s[0], s[1]);
        let r = exp_euler(r, -r / self.tau_rise, -1.0 / self.tau_rise, dt) + x;
        let d = exp_euler(d, -d / self.tau_decay, -1.0 / self.tau_decay, dt) + x;
        s[0] = r;
        s[1] = d;
        self.scale() * (d - r)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalised_peak_is_amplitude() {
        let m = DualExpon { tau_decay: 5.0, tau_rise: 0.5, amplitude: 2.0, normalize: true };
        let mut s = [0.0; super::super::MAX_SYN_VARS];
        let dt = 0.001;
        let mut peak: f64 = 0.0;
        m.step(&mut s, 1.0, dt);
        for k in 1..20000 {
            let g = m.step(&mut s, 0.0, dt);
            let t = k as f64 * dt;
            let exact = m.scale() * ((-t / 5.0).exp() - (-t / 0.5).exp());
            assert!((g - exact).abs() < 1e-12, "{k}");
            peak = peak.max(g);
        }
        assert!((peak - 2.0).abs() < 1e-6, "{peak}");
    }
}
