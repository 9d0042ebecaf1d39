//! `ChemicalSynapsis` (Neun `include/ChemicalSynapsis.h` with
//! `models/ChemicalSynapsisModel.h`), the graded synapse of Golowasch,
//! Casey, Abbott & Marder 1999: an instantaneous fast component and a slow
//! component gated by `mslow`,
//!
//! ```text
//! dmslow/dt = k1·(1 − mslow) / (1 + exp(sslow·(Vslow − v_pre))) − k2·mslow
//! ifast     = gfast·(V2 − Esyn) / (1 + exp(sfast·(Vfast − v_pre)))
//! islow     = gslow·mslow·(V2 − Esyn)
//! i         = ifast + islow
//! ```
//!
//! The `mslow` equation is the corrected one of Neun commit 64595c4 (the copy
//! bundled with neun_py reads a parameter slot in `(1 − mslow)`).
//!
//! Step protocol as in Neun: `v_pre` (a *parameter*, as in Neun) is set to
//! the presynaptic value and `V2` read once; `mslow` is integrated `steps`
//! times with the full `h` each; then `ifast`, `islow` and `i` (also stored
//! as parameters, Neun's layout) are computed with the **new** `mslow`.
//!
//! Like Neun, the synapse does **not** inject by default: the caller adds
//! `i` to the postsynaptic neuron (`n2.add_synaptic_input(s.get(i))` in
//! Neun's `examples/chemicalSynapsis.cpp`, a `+` sign, so with Esyn = −75 mV
//! the current is positive whenever V2 > −75 mV). With `inject = true` the
//! step adds `+i` to neuron 2's pending input itself, exactly what that
//! example does by hand.

use super::{check_h, check_steps, non_finite, stepper_error, Pair, SynapseKind};
use crate::error::Result;
use crate::info::{ModelInfo, ParamInfo, VarInfo};
use crate::integrate::{Euler, Integrator, IntegratorKind, RungeKutta4, RungeKutta6};
use crate::real::Real;

/// Variable `mslow`.
pub const MSLOW: usize = 0;
/// Buffer index of parameter `v_pre` (written by each step).
pub const V_PRE: usize = 1;
/// Buffer index of parameter `gfast`.
pub const GFAST: usize = 2;
/// Buffer index of parameter `Esyn`.
pub const ESYN: usize = 3;
/// Buffer index of parameter `sfast`.
pub const SFAST: usize = 4;
/// Buffer index of parameter `Vfast`.
pub const VFAST: usize = 5;
/// Buffer index of parameter `gslow`.
pub const GSLOW: usize = 6;
/// Buffer index of parameter `k1`.
pub const K1: usize = 7;
/// Buffer index of parameter `k2`.
pub const K2: usize = 8;
/// Buffer index of parameter `sslow`.
pub const SSLOW: usize = 9;
/// Buffer index of parameter `Vslow`.
pub const VSLOW: usize = 10;
/// Buffer index of output parameter `ifast`.
pub const IFAST: usize = 11;
/// Buffer index of output parameter `islow`.
pub const ISLOW: usize = 12;
/// Buffer index of output parameter `i`.
pub const I: usize = 13;

/// Names, defaults and equations of the chemical synapse.
pub const INFO: ModelInfo = ModelInfo {
    name: "CSyn",
    title: "ChemicalSynapsis: graded fast + slow synapse (Golowasch, Casey, Abbott & Marder 1999)",
    vars: &[VarInfo { name: "mslow", unit: "", init: 0.0, doc: "activation of the slow component" }],
    params: &[
        ParamInfo { name: "v_pre", unit: "mV", default: 0.0, doc: "presynaptic value, written by each step (Neun stores it as a parameter)" },
        ParamInfo { name: "gfast", unit: "", default: 0.015, doc: "fast conductance (Neun example value)" },
        ParamInfo { name: "Esyn", unit: "mV", default: -75.0, doc: "synaptic reversal potential" },
        ParamInfo { name: "sfast", unit: "1/mV", default: 0.2, doc: "slope of the fast activation" },
        ParamInfo { name: "Vfast", unit: "mV", default: -50.0, doc: "half-activation of the fast component" },
        ParamInfo { name: "gslow", unit: "", default: 0.025, doc: "slow conductance (Neun example value; 0 for a fast-only synapse)" },
        ParamInfo { name: "k1", unit: "1/ms", default: 1.0, doc: "activation rate of mslow" },
        ParamInfo { name: "k2", unit: "1/ms", default: 0.03, doc: "deactivation rate of mslow" },
        ParamInfo { name: "sslow", unit: "1/mV", default: 1.0, doc: "slope of the slow activation" },
        ParamInfo { name: "Vslow", unit: "mV", default: 0.0, doc: "half-activation of the slow component (Neun's example never sets it; its run uses 0)" },
        ParamInfo { name: "ifast", unit: "", default: 0.0, doc: "output: fast current at the last step" },
        ParamInfo { name: "islow", unit: "", default: 0.0, doc: "output: slow current at the last step" },
        ParamInfo { name: "i", unit: "", default: 0.0, doc: "output: total current ifast + islow at the last step" },
    ],
    equations: &[
        "dmslow/dt = k1 (1 - mslow) / (1 + exp(sslow (Vslow - v_pre))) - k2 mslow",
        "ifast = gfast (V2 - Esyn) / (1 + exp(sfast (Vfast - v_pre)))",
        "islow = gslow mslow (V2 - Esyn)",
        "i = ifast + islow (read by the caller; added with + sign to neuron 2 when inject is on)",
    ],
    notes: &[
        "mslow equation as fixed in Neun commit 64595c4.",
        "Like Neun, the synapse does not inject unless asked to; Neun's example adds +i to the post neuron.",
        "v_pre, ifast, islow and i are parameters in Neun's layout and are overwritten by each step.",
        "Defaults are the values set in Neun's examples/chemicalSynapsis.cpp; Vslow, which that example leaves uninitialised, defaults to 0 (the value its run uses).",
    ],
};

#[inline(always)]
fn rhs<T: Real>(m: T, p: &[T]) -> T {
    // Neun: ((k1·(1 − m)) / (1 + exp(sslow·(Vslow − v_pre)))) − k2·m.
    (p[K1] * (T::ONE - m)) / (T::ONE + (p[SSLOW] * (p[VSLOW] - p[V_PRE])).exp()) - p[K2] * m
}

fn integrate<T: Real, I: Integrator>(syn: &mut [T], h: T, steps: usize) {
    let mut x = [syn[MSLOW]];
    for _ in 0..steps {
        I::step::<T, T, 1>(&mut x, h, |s| [rhs(s[0], syn)]);
    }
    syn[MSLOW] = x[0];
}

/// What a chemical-synapse step reads and whether it injects.
#[derive(Clone, Copy, Debug)]
pub struct ChemicalStep<T> {
    /// Step size.
    pub h: T,
    /// Repetitions of the integration, each with the full `h` (Neun's `steps`).
    pub steps: usize,
    /// Integrator for `mslow`.
    pub integ: IntegratorKind,
    /// Add `+i` to neuron 2's pending input (Neun does not; its example does it by hand).
    pub inject: bool,
    /// Use this presynaptic value instead of reading neuron 1 (Neun's `step(h, vpre, vpost)`).
    pub v_pre: Option<T>,
    /// Use this postsynaptic value instead of reading neuron 2.
    pub v_post: Option<T>,
}

/// One Neun step of a chemical synapse (buffer `[mslow | v_pre, gfast, Esyn,
/// sfast, Vfast, gslow, k1, k2, sslow, Vslow, ifast, islow, i]`). Returns `i`.
/// Nothing is written if a result is not finite.
pub fn step<T: Real>(syn: &mut [T], pair: &mut Pair<'_, T>, a: ChemicalStep<T>) -> Result<T> {
    SynapseKind::Chemical.validate(syn)?;
    check_h(INFO.name, a.h)?;
    check_steps(INFO.name, a.steps)?;
    let mut w: [T; 14] = (&*syn).try_into().expect("validated length");
    w[V_PRE] = a.v_pre.unwrap_or_else(|| pair.v_pre());
    let v_post = a.v_post.unwrap_or_else(|| pair.v_post());
    if !w[V_PRE].is_finite() || !v_post.is_finite() {
        return Err(non_finite(INFO.name, "a neuron value", if w[V_PRE].is_finite() { v_post } else { w[V_PRE] }));
    }
    match a.integ {
        IntegratorKind::Euler => integrate::<T, Euler>(&mut w, a.h, a.steps),
        IntegratorKind::RK4 => integrate::<T, RungeKutta4>(&mut w, a.h, a.steps),
        IntegratorKind::RK6 => integrate::<T, RungeKutta6>(&mut w, a.h, a.steps),
        IntegratorKind::Stepper => return Err(stepper_error(INFO.name)),
    }
    w[IFAST] = (w[GFAST] * (v_post - w[ESYN])) / (T::ONE + (w[SFAST] * (w[VFAST] - w[V_PRE])).exp());
    w[ISLOW] = w[GSLOW] * w[MSLOW] * (v_post - w[ESYN]);
    w[I] = w[IFAST] + w[ISLOW];
    for (k, name) in [(MSLOW, "mslow"), (IFAST, "ifast"), (ISLOW, "islow"), (I, "i")] {
        if !w[k].is_finite() {
            return Err(non_finite(INFO.name, name, w[k]));
        }
    }
    syn.copy_from_slice(&w);
    if a.inject {
        pair.add_post(w[I]);
    }
    Ok(w[I])
}

#[cfg(test)]
mod tests {
    use super::super::test_util::*;
    use super::super::Side;
    use super::*;
    use crate::error::Error;
    use crate::models::neun::NeunKind;

    fn defaults() -> Vec<f64> {
        SynapseKind::Chemical.default_buffer::<f64>()
    }

    fn args(h: f64, steps: usize, integ: IntegratorKind, inject: bool) -> ChemicalStep<f64> {
        ChemicalStep { h, steps, integ, inject, v_pre: None, v_post: None }
    }

    fn run(s: &mut [f64], a: &mut [f64], b: &mut [f64], c: ChemicalStep<f64>) -> Result<f64> {
        let mut p = Pair::two(Side { kind: NeunKind::HH, buf: a, var: 0 }, Side { kind: NeunKind::HH, buf: b, var: 0 })?;
        step(s, &mut p, c)
    }

    #[test]
    fn first_step_of_neuns_example_by_hand() {
        // Neun's examples/chemicalSynapsis.cpp, first step: V1 = −75, V2 = 0, h = 0.01, RK4.
        let mut s = defaults();
        let mut pre = hh(-75.0, 0.0);
        let mut post = hh(0.0, 0.0);
        let i = run(&mut s, &mut pre, &mut post, args(0.01, 1, IntegratorKind::RK4, false)).unwrap();
        // ifast = 0.015·(0 + 75) / (1 + e^(0.2·(−50 + 75))) = 1.125 / (1 + e^5) = 0.0075294...
        let ifast = 1.125 / (1.0 + 5f64.exp());
        assert!((s[IFAST] - ifast).abs() < 1e-17);
        assert!((ifast - 0.007_529_46).abs() < 5e-9); // the example prints 0.00752946
        // mslow: from 0 with a = k1 / (1 + e^75) (constant), b = k2 = 0.03, the exact
        // solution of dm/dt = a − (a + b)m is a/(a+b)·(1 − e^(−(a+b)h)); RK4's error
        // is O(((a+b)h)^5) ≈ 2e-18 relative.
        let a = 1.0 / (1.0 + 75f64.exp());
        let m = a / (a + 0.03) * -(-(a + 0.03) * 0.01f64).exp_m1();
        assert!(((s[MSLOW] - m) / m).abs() < 1e-13, "{} vs {m}", s[MSLOW]);
        // islow = 0.025·m·75 ≈ 5.0217e-35 (the example prints 5.02169e-35).
        assert!(((s[ISLOW] - 5.02169e-35) / 5.02169e-35).abs() < 1e-5, "{}", s[ISLOW]);
        assert_eq!(i, s[I]);
        assert_eq!(s[V_PRE], -75.0);
        // Not injected unless asked.
        assert_eq!(input(&post), 0.0);
        assert_eq!(input(&pre), 0.0);
    }

    #[test]
    fn inject_adds_plus_i_to_the_post_neuron() {
        let mut s = defaults();
        let mut pre = hh(-40.0, 0.0);
        let mut post = hh(-65.0, 0.25);
        let i = run(&mut s, &mut pre, &mut post, args(0.01, 1, IntegratorKind::Euler, true)).unwrap();
        // V2 = −65 > Esyn = −75: i > 0 (Neun's sign: depolarising).
        assert!(i > 0.0);
        assert_eq!(input(&post), 0.25 + i);
        assert_eq!(input(&pre), 0.0);
        // Euler by hand from mslow = 0: m = 0.01·1/(1 + e^(1·(0 + 40))).
        let m = 0.01 / (1.0 + 40f64.exp());
        assert!(((s[MSLOW] - m) / m).abs() < 1e-15);
        let ifast = 0.015 * 10.0 / (1.0 + (0.2f64 * -10.0).exp());
        assert!((s[IFAST] - ifast).abs() < 1e-17);
        assert!((s[ISLOW] - 0.025 * m * 10.0).abs() < 1e-30);
    }

    #[test]
    fn mslow_relaxes_to_its_fixed_point_and_steps_repeat() {
        // With v_pre fixed at Vslow: a = k1/2 = 0.5, m* = a/(a + k2) = 0.5/0.53.
        let mut s = defaults();
        let mut pre = hh(0.0, 0.0);
        let mut post = hh(-65.0, 0.0);
        for _ in 0..100 {
            run(&mut s, &mut pre, &mut post, args(0.5, 10, IntegratorKind::RK6, false)).unwrap();
        }
        assert!((s[MSLOW] - 0.5 / 0.53).abs() < 1e-12, "{}", s[MSLOW]);
        // steps = 2 equals two calls with steps = 1 (v_pre is constant).
        let mut a = defaults();
        let mut b = defaults();
        pre[0] = -10.0;
        run(&mut a, &mut pre, &mut post, args(0.1, 2, IntegratorKind::RK4, false)).unwrap();
        run(&mut b, &mut pre, &mut post, args(0.1, 1, IntegratorKind::RK4, false)).unwrap();
        run(&mut b, &mut pre, &mut post, args(0.1, 1, IntegratorKind::RK4, false)).unwrap();
        assert_eq!(a, b);
    }

    #[test]
    fn explicit_values_override_the_neurons() {
        let mut s = defaults();
        let mut pre = hh(-75.0, 0.0);
        let mut post = hh(0.0, 0.0);
        let c = ChemicalStep { v_pre: Some(-50.0), v_post: Some(-70.0), ..args(0.01, 1, IntegratorKind::RK4, false) };
        run(&mut s, &mut pre, &mut post, c).unwrap();
        // ifast = 0.015·5/(1 + e^0) = 0.0375.
        assert!((s[IFAST] - 0.0375).abs() < 1e-17);
        assert_eq!(s[V_PRE], -50.0);
    }

    #[test]
    fn bad_arguments() {
        let mut s = defaults();
        let mut pre = hh(-65.0, 0.0);
        let mut post = hh(-65.0, 0.0);
        assert!(matches!(run(&mut s, &mut pre, &mut post, args(0.1, 1, IntegratorKind::Stepper, false)), Err(Error::Type(_))));
        assert!(matches!(run(&mut s, &mut pre, &mut post, args(f64::INFINITY, 1, IntegratorKind::RK4, false)), Err(Error::Range(_))));
        s[K2] = f64::NAN;
        let e = run(&mut s, &mut pre, &mut post, args(0.1, 1, IntegratorKind::RK4, false)).unwrap_err();
        assert!(e.to_string().contains("CSyn parameter k2 must be finite"), "{e}");
    }
}
