//! Exact-integration propagators shared by the current-based IAF models,
//! computed as NEST computes them (`IAFPropagator`), including its handling
//! of the singular case tau_m ≈ tau_syn.
//!
//! With β = τs·τm/(τm − τs) and γ = β/C:
//! - `P32 = γ·e^(−h/τs)·expm1(h/β)`; if that is not a normal positive number
//!   (τm = τs, or cancellation), the singular limit `h/C·e^(−h/τm)` is used.
//! - alpha `P31 = γ·e^(−h/τs)·(β·expm1(h/β) − h)` when
//!   `h > 1e-7·τm²/|τm − τs|`, else the limit `½h²/C·e^(−h/τm)`.

/// NEST's `NUMERICAL_STABILITY_FACTOR_`.
const STABILITY_FACTOR: f64 = 1e-7;

/// Intermediate values shared by the exp and alpha propagators.
struct P32 {
    p32: f64,
    exp_h_tau_syn: f64,
    expm1_h_tau: f64,
    beta: f64,
    gamma: f64,
}

fn p32(tau_syn: f64, tau_m: f64, c_m: f64, h: f64) -> P32 {
    let beta = tau_syn * tau_m / (tau_m - tau_syn);
    let gamma = beta / c_m;
    let inv_beta = (tau_m - tau_syn) / (tau_syn * tau_m);
    let exp_h_tau_syn = (-h / tau_syn).exp();
    let expm1_h_tau = (h * inv_beta).exp_m1();
    let p = gamma * exp_h_tau_syn * expm1_h_tau;
    let p32 = if p.is_normal() && p > 0.0 { p } else { h / c_m * (-h / tau_m).exp() };
    P32 { p32, exp_h_tau_syn, expm1_h_tau, beta, gamma }
}

/// The propagator from an exponential synaptic current to V over one step
/// (NEST `IAFPropagatorExp::evaluate`), in mV/pA.
pub fn exp_p21(tau_syn: f64, tau_m: f64, c_m: f64, h: f64) -> f64 {
    p32(tau_syn, tau_m, c_m, h).p32
}

/// The propagators `(P31, P32)` from an alpha current's `dI` and `I` to V
/// over one step (NEST `IAFPropagatorAlpha::evaluate`).
pub fn alpha_p31_p32(tau_syn: f64, tau_m: f64, c_m: f64, h: f64) -> (f64, f64) {
    let q = p32(tau_syn, tau_m, c_m, h);
    let h_min_regular = STABILITY_FACTOR * tau_m * tau_m / (tau_m - tau_syn).abs();
    if h > h_min_regular {
        (q.gamma * q.exp_h_tau_syn * (q.beta * q.expm1_h_tau - h), q.p32)
    } else {
        (0.5 * h * h / c_m * (-h / tau_m).exp(), q.p32)
    }
}

/// The propagator from a constant current to V over one step:
/// `−τm/C·expm1(−h/τm)`, in mV/pA.
pub fn p30(tau_m: f64, c_m: f64, h: f64) -> f64 {
    -tau_m / c_m * (-h / tau_m).exp_m1()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn singular_limits_are_continuous() {
        // tau_syn → tau_m: the regular and singular forms agree to ~1e-6 relative.
        let (h, c, tm) = (0.1, 250.0, 10.0);
        let (a31, a32) = alpha_p31_p32(tm, tm, c, h);
        let (b31, b32) = alpha_p31_p32(tm * (1.0 + 1e-6), tm, c, h);
        assert!((a31 - b31).abs() / a31 < 1e-5 && (a32 - b32).abs() / a32 < 1e-5);
        assert!((exp_p21(tm, tm, c, h) - h / c * (-h / tm).exp()).abs() < 1e-18);
    }

    #[test]
    fn alpha_matches_closed_form() {
        // (1/C)·β·(e^(−h/τm) − e^(−h/τs)) for P32.
        let (ts, tm, c, h) = (2.0f64, 10.0f64, 250.0f64, 0.1f64);
        let beta = ts * tm / (tm - ts);
        let p32_ref = beta / c * ((-h / tm).exp() - (-h / ts).exp());
        assert!((alpha_p31_p32(ts, tm, c, h).1 - p32_ref).abs() < 1e-15);
    }
}
