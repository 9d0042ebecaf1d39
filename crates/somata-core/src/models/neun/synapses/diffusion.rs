//! `DiffusionSynapsis` (Neun `include/DiffusionSynapsis.h` with
//! `models/DiffusionSynapsisModel.h`), after Destexhe, Mainen & Sejnowski
//! 1994: a pulse of transmitter (concentration `T` for `max_release_time`)
//! is released when the presynaptic variable crosses `threshold` upwards,
//! and the fraction of open receptors `r` follows
//!
//! ```text
//! dr/dt = alpha·T·(1 − r) − beta·r    while releasing
//! dr/dt = −beta·r                     otherwise
//! ```
//!
//! Neun's step protocol, kept exactly: `step(h)` repeats `steps` times, each
//! time with the **full** `h` (so one call advances `r` by `steps·h`):
//!
//! 1. read the presynaptic value `V1`; if `last < threshold <= V1`, start a
//!    release (`release = true`, release clock = 0);
//! 2. while releasing, advance the release clock by `h` and stop releasing
//!    once it exceeds `max_release_time`;
//! 3. integrate `r` over `h` with the chosen integrator (the release flag is
//!    held over all stages);
//! 4. `last = V1`.
//!
//! Afterwards `i = gsyn·r·(V2 − esyn)` is added to neuron 2's pending input
//! with a **`+`** sign (Neun's convention, the opposite of the usual
//! `−g(V − E)`): with the models' `+I` input, a synapse that drives V2
//! towards `esyn` needs `gsyn < 0`.
//!
//! Difference from Neun: Neun leaves the last presynaptic value
//! uninitialised until the first step; we set it to the presynaptic value
//! at construction ([`attach`]), so a neuron that starts above threshold
//! does not fire a spurious release.

use super::{check_h, check_steps, non_finite, stepper_error, Pair, SynapseKind};
use crate::error::Result;
use crate::info::{ModelInfo, ParamInfo, VarInfo};
use crate::integrate::{Euler, Integrator, IntegratorKind, RungeKutta4, RungeKutta6};
use crate::real::Real;

/// Variable `r`: fraction of bound receptors.
pub const R: usize = 0;
/// Variable `i`: synaptic current added to neuron 2 at the last step.
pub const I: usize = 1;
/// Buffer index of parameter `alpha`.
pub const ALPHA: usize = 2;
/// Buffer index of parameter `beta`.
pub const BETA: usize = 3;
/// Buffer index of parameter `threshold`.
pub const THRESHOLD: usize = 4;
/// Buffer index of parameter `esyn`.
pub const ESYN: usize = 5;
/// Buffer index of parameter `gsyn`.
pub const GSYN: usize = 6;
/// Buffer index of parameter `T`.
pub const T_MAX: usize = 7;
/// Buffer index of parameter `max_release_time`.
pub const MAX_RELEASE_TIME: usize = 8;
/// Buffer index of the release flag (0 or 1).
pub const RELEASE: usize = 9;
/// Buffer index of the release clock.
pub const RELEASE_TIME: usize = 10;
/// Buffer index of the last presynaptic value.
pub const LAST_PRE: usize = 11;

/// Names of the internal slots (after the parameters).
pub const INTERNAL: &[&str] = &["release", "release_time", "last_pre"];

/// Names, defaults and equations of the diffusion synapse.
pub const INFO: ModelInfo = ModelInfo {
    name: "DSyn",
    title: "DiffusionSynapsis: transmitter-release kinetics (Destexhe, Mainen & Sejnowski 1994)",
    vars: &[
        VarInfo { name: "r", unit: "", init: 0.0, doc: "fraction of receptors bound to transmitter" },
        VarInfo { name: "i", unit: "", init: 0.0, doc: "current added to neuron 2 at the last step (gsyn·r·(V2 − esyn))" },
    ],
    params: &[
        ParamInfo { name: "alpha", unit: "1/(mM·ms)", default: 1.1, doc: "binding rate (AMPA value of Destexhe et al. 1994)" },
        ParamInfo { name: "beta", unit: "1/ms", default: 0.19, doc: "unbinding rate (AMPA value of Destexhe et al. 1994)" },
        ParamInfo { name: "threshold", unit: "mV", default: 0.0, doc: "presynaptic value whose upward crossing starts a release" },
        ParamInfo { name: "esyn", unit: "mV", default: 0.0, doc: "synaptic reversal potential" },
        ParamInfo { name: "gsyn", unit: "", default: 0.0, doc: "maximal conductance; Neun adds +gsyn·r·(V2 − esyn), so gsyn < 0 drives V2 towards esyn" },
        ParamInfo { name: "T", unit: "mM", default: 1.0, doc: "transmitter concentration during a release" },
        ParamInfo { name: "max_release_time", unit: "ms", default: 1.0, doc: "duration of the transmitter pulse" },
    ],
    equations: &[
        "on an upward crossing of threshold by V1: release for max_release_time",
        "dr/dt = alpha T (1 - r) - beta r while releasing, -beta r otherwise",
        "i = gsyn r (V2 - esyn), added with + sign to neuron 2's input",
        "step(h) repeats detection, release clock and integration `steps` times with the full h each",
    ],
    notes: &[
        "Neun's sign: i is added with + to the post neuron, the opposite of the usual -g(V - E); gsyn < 0 makes the synapse drive V2 towards esyn.",
        "steps > 1 advances r by steps*h per call (Neun's behaviour); the presynaptic value is read once per repetition and does not change within a call.",
        "The last presynaptic value starts at the presynaptic value at construction (Neun leaves it uninitialised).",
        "Neun has no defaults; ours are the AMPA kinetics of Destexhe et al. 1994 with gsyn = 0 (no current until set).",
    ],
};

/// Sets the last presynaptic value to `v_pre` (called at construction so
/// that the first step only releases on a real upward crossing).
pub fn attach<T: Real>(syn: &mut [T], v_pre: T) {
    syn[LAST_PRE] = v_pre;
    syn[RELEASE] = T::ZERO;
    syn[RELEASE_TIME] = T::ZERO;
}

#[inline(always)]
fn rhs<T: Real>(r: T, releasing: bool, alpha: T, beta: T, t: T) -> T {
    // Neun: alpha·T·(1 − r) − beta·r, or −beta·r.
    if releasing {
        alpha * t * (T::ONE - r) - beta * r
    } else {
        -beta * r
    }
}

fn inner<T: Real, I: Integrator>(syn: &mut [T], v1: T, h: T, steps: usize) {
    let (alpha, beta, thr, t, max_rel) = (syn[ALPHA], syn[BETA], syn[THRESHOLD], syn[T_MAX], syn[MAX_RELEASE_TIME]);
    let mut release = syn[RELEASE] != T::ZERO;
    let mut release_time = syn[RELEASE_TIME];
    let mut last = syn[LAST_PRE];
    let mut x = [syn[R]];
    for _ in 0..steps {
        if last < thr && v1 >= thr {
            release = true;
            release_time = T::ZERO;
        }
        if release {
            release_time += h;
            if release_time > max_rel {
                release = false;
            }
        }
        I::step::<T, T, 1>(&mut x, h, |s| [rhs(s[0], release, alpha, beta, t)]);
        last = v1;
    }
    syn[R] = x[0];
    syn[RELEASE] = if release { T::ONE } else { T::ZERO };
    syn[RELEASE_TIME] = release_time;
    syn[LAST_PRE] = last;
}

/// One Neun step of a diffusion synapse (buffer `[r, i | alpha, beta,
/// threshold, esyn, gsyn, T, max_release_time | release, release_time,
/// last_pre]`): `steps` repetitions of detection and integration with the
/// full `h`, then `i = gsyn·r·(V2 − esyn)` added to neuron 2's input.
/// Nothing is injected if `r` or `i` is not finite.
pub fn step<T: Real>(syn: &mut [T], pair: &mut Pair<'_, T>, h: T, steps: usize, integ: IntegratorKind) -> Result<()> {
    SynapseKind::Diffusion.validate(syn)?;
    check_h(INFO.name, h)?;
    check_steps(INFO.name, steps)?;
    let v1 = pair.v_pre();
    let mut work: [T; 12] = syn.try_into().expect("validated length");
    match integ {
        IntegratorKind::Euler => inner::<T, Euler>(&mut work, v1, h, steps),
        IntegratorKind::RK4 => inner::<T, RungeKutta4>(&mut work, v1, h, steps),
        IntegratorKind::RK6 => inner::<T, RungeKutta6>(&mut work, v1, h, steps),
        IntegratorKind::Stepper => return Err(stepper_error(INFO.name)),
    }
    if !work[R].is_finite() {
        return Err(non_finite(INFO.name, "r", work[R]));
    }
    // Neun: gsyn·r·(V2 − esyn), evaluated left to right.
    let i = work[GSYN] * work[R] * (pair.v_post() - work[ESYN]);
    if !i.is_finite() {
        return Err(non_finite(INFO.name, "i", i));
    }
    work[I] = i;
    syn.copy_from_slice(&work);
    pair.add_post(i);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::test_util::*;
    use super::super::Side;
    use super::*;
    use crate::error::Error;
    use crate::models::neun::NeunKind;

    fn syn(alpha: f64, beta: f64, thr: f64, esyn: f64, gsyn: f64, t: f64, max_rel: f64) -> Vec<f64> {
        vec![0.0, 0.0, alpha, beta, thr, esyn, gsyn, t, max_rel, 0.0, 0.0, 0.0]
    }

    fn run(s: &mut [f64], a: &mut [f64], b: &mut [f64], h: f64, steps: usize, integ: IntegratorKind) -> Result<()> {
        let mut p = Pair::two(Side { kind: NeunKind::HH, buf: a, var: 0 }, Side { kind: NeunKind::HH, buf: b, var: 0 })?;
        step(s, &mut p, h, steps, integ)
    }

    #[test]
    fn release_on_upward_crossing_euler_by_hand() {
        // alpha = 2, beta = 0.5, T = 1, threshold = 0, max_release_time = 0.25, h = 0.1, Euler.
        let mut s = syn(2.0, 0.5, 0.0, -80.0, 0.1, 1.0, 0.25);
        let mut pre = hh(-65.0, 0.0);
        let mut post = hh(-60.0, 0.0);
        attach(&mut s, -65.0);
        // Below threshold: no release, r stays 0, i = 0.
        run(&mut s, &mut pre, &mut post, 0.1, 1, IntegratorKind::Euler).unwrap();
        assert_eq!(s[R], 0.0);
        assert_eq!(input(&post), 0.0);
        // Crossing (−65 → 10): release, clock 0.1; r = 0 + 0.1·(2·1·(1 − 0) − 0) = 0.2.
        pre[0] = 10.0;
        run(&mut s, &mut pre, &mut post, 0.1, 1, IntegratorKind::Euler).unwrap();
        assert!((s[R] - 0.2).abs() < 1e-15);
        assert_eq!(s[RELEASE], 1.0);
        // i = gsyn·r·(V2 − esyn) = 0.1·0.2·(−60 + 80) = 0.4, added with + sign.
        assert!((s[I] - 0.4).abs() < 1e-14);
        assert_eq!(input(&post), s[I]);
        assert_eq!(input(&pre), 0.0); // nothing into the presynaptic neuron
        // Still above threshold: no new release; clock 0.2 <= 0.25, still releasing:
        // r = 0.2 + 0.1·(2·0.8 − 0.5·0.2) = 0.35.
        run(&mut s, &mut pre, &mut post, 0.1, 1, IntegratorKind::Euler).unwrap();
        assert!((s[R] - 0.35).abs() < 1e-15, "{}", s[R]);
        // Clock 0.3 > 0.25: release ends before integrating: r = 0.35·(1 − 0.05) = 0.3325.
        run(&mut s, &mut pre, &mut post, 0.1, 1, IntegratorKind::Euler).unwrap();
        assert_eq!(s[RELEASE], 0.0);
        assert!((s[R] - 0.3325).abs() < 1e-15, "{}", s[R]);
        // The input accumulated over the three steps that had r > 0 (never cleared: no neuron step).
        let expect = 0.1 * (0.2 + 0.35 + 0.3325) * 20.0;
        assert!((input(&post) - expect).abs() < 1e-13);
    }

    #[test]
    fn steps_repeat_with_full_h() {
        // Decay only: Euler with steps = 3 and h = 0.1 gives r·(1 − 0.1·beta)^3.
        let mut s = syn(2.0, 0.5, 0.0, 0.0, 1.0, 1.0, 1.0);
        s[R] = 0.8;
        let mut pre = hh(-65.0, 0.0);
        let mut post = hh(-65.0, 0.0);
        attach(&mut s, -65.0);
        run(&mut s, &mut pre, &mut post, 0.1, 3, IntegratorKind::Euler).unwrap();
        assert!((s[R] - 0.8 * 0.95f64.powi(3)).abs() < 1e-15);
        // RK4 on pure decay: one step multiplies by 1 − z + z²/2 − z³/6 + z⁴/24, z = beta·h = 0.05.
        let mut s2 = syn(2.0, 0.5, 0.0, 0.0, 1.0, 1.0, 1.0);
        s2[R] = 0.8;
        attach(&mut s2, -65.0);
        run(&mut s2, &mut pre, &mut post, 0.1, 2, IntegratorKind::RK4).unwrap();
        let z: f64 = 0.05;
        let f = 1.0 - z + z * z / 2.0 - z * z * z / 6.0 + z * z * z * z / 24.0;
        assert!((s2[R] - 0.8 * f * f).abs() < 1e-15);
        // The crossing is seen once per call: steps = 4 with a release of 0.25 and h = 0.1
        // releases for the first two repetitions only (clock 0.1, 0.2; 0.3 > 0.25 ends it).
        let mut s3 = syn(2.0, 0.0, 0.0, 0.0, 1.0, 1.0, 0.25);
        attach(&mut s3, -65.0);
        pre[0] = 5.0;
        run(&mut s3, &mut pre, &mut post, 0.1, 4, IntegratorKind::Euler).unwrap();
        // beta = 0: r1 = 0.2, r2 = 0.2 + 0.2·0.8 = 0.36, then constant.
        assert!((s3[R] - 0.36).abs() < 1e-15, "{}", s3[R]);
        assert_eq!(s3[RELEASE], 0.0);
    }

    #[test]
    fn attach_prevents_a_spurious_first_release() {
        let mut s = syn(2.0, 0.5, 0.0, 0.0, 1.0, 1.0, 1.0);
        let mut pre = hh(20.0, 0.0); // starts above threshold
        let mut post = hh(-65.0, 0.0);
        attach(&mut s, 20.0);
        run(&mut s, &mut pre, &mut post, 0.1, 1, IntegratorKind::RK4).unwrap();
        assert_eq!(s[R], 0.0);
        assert_eq!(s[RELEASE], 0.0);
    }

    #[test]
    fn bad_arguments() {
        let mut s = syn(2.0, 0.5, 0.0, 0.0, 1.0, 1.0, 1.0);
        let mut pre = hh(-65.0, 0.0);
        let mut post = hh(-65.0, 0.0);
        assert!(matches!(run(&mut s, &mut pre, &mut post, 0.1, 1, IntegratorKind::Stepper), Err(Error::Type(_))));
        assert!(matches!(run(&mut s, &mut pre, &mut post, 0.1, 0, IntegratorKind::RK4), Err(Error::Range(_))));
        assert!(matches!(run(&mut s, &mut pre, &mut post, -0.1, 1, IntegratorKind::RK4), Err(Error::Range(_))));
        s[BETA] = f64::NAN;
        let e = run(&mut s, &mut pre, &mut post, 0.1, 1, IntegratorKind::RK4).unwrap_err();
        assert!(e.to_string().contains("DSyn parameter beta must be finite"), "{e}");
    }
}
