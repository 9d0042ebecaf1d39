//! One Neun-style neuron: `step(h)` and whole runs in one call.
//!
//! A neuron's state lives in one flat buffer laid out as
//! `[variables (NV) | parameters (NP) | pending synaptic input (1)]`, the same
//! layout the JS class holds, so the binding can pass the JS buffer straight
//! through without copying. `step` follows Neun's `IntegratedSystemWrapper`:
//! integrate with the input held constant over all stages, clear the input,
//! then run the model's `post_step` hook.

use crate::error::{Error, Result};
use crate::integrate::{Integrator, IntegratorKind};
use crate::models::neun::{NeunKind, NeunModel};
use crate::real::Real;
use crate::with_neun_model;

/// Length of a neuron buffer: variables, parameters and the input slot.
pub fn buffer_len(kind: NeunKind) -> usize {
    kind.n_vars() + kind.n_params() + 1
}

/// A fresh buffer holding the documented initial state and default parameters.
pub fn default_buffer<T: Real>(kind: NeunKind) -> Vec<T> {
    let info = kind.info();
    let mut b: Vec<T> = info.vars.iter().map(|v| T::c(v.init)).collect();
    b.extend(info.params.iter().map(|p| T::c(p.default)));
    b.push(T::ZERO);
    b
}

/// Checks that `h` is a usable step size.
pub fn check_h<T: Real>(h: T) -> Result<()> {
    if !h.is_finite() || h <= T::ZERO {
        return Err(Error::Range(format!("step size h must be finite and > 0, got {h}")));
    }
    Ok(())
}

fn check_combination(kind: NeunKind, integ: IntegratorKind) -> Error {
    let names: Vec<&str> = kind.integrators().iter().map(|i| i.name()).collect();
    Error::Type(format!(
        "model {} cannot be integrated with {}; valid integrators: {}",
        kind.info().name,
        integ.name(),
        names.join(", ")
    ))
}

fn check_len<T>(kind: NeunKind, buf: &[T]) -> Result<()> {
    if buf.len() != buffer_len(kind) {
        return Err(Error::Type(format!(
            "state buffer of model {} must have {} entries, got {}",
            kind.info().name,
            buffer_len(kind),
            buf.len()
        )));
    }
    Ok(())
}

fn non_finite(kind: NeunKind, buf_vars: &[impl Real], step: usize, h: f64) -> Error {
    let info = kind.info();
    let which: Vec<String> = info
        .vars
        .iter()
        .zip(buf_vars)
        .filter(|(_, x)| !x.is_finite())
        .map(|(v, x)| format!("{} = {}", v.name, x))
        .collect();
    Error::NonFinite(format!(
        "{} neuron state became non-finite ({}) at step {} (t = {} after the start of the call); check parameters, input and h",
        info.name,
        which.join(", "),
        step + 1,
        (step + 1) as f64 * h
    ))
}

#[inline(always)]
fn step_typed<T: Real, M: NeunModel<NV, NP>, I: Integrator, const NV: usize, const NP: usize>(
    x: &mut [T; NV],
    p: &[T; NP],
    input: T,
    h: T,
) {
    I::step::<T, T, NV>(x, h, |s| M::eval::<T, T>(s, p, input));
    M::post_step::<T, T>(x, p);
}

/// One Neun step of a single neuron held in `buf`: integrates with the pending
/// input, clears it and applies `post_step`. Fails if `h` is not finite and
/// positive, or if the state becomes NaN or infinite.
pub fn step<T: Real>(kind: NeunKind, integ: IntegratorKind, buf: &mut [T], h: T) -> Result<()> {
    check_len(kind, buf)?;
    check_h(h)?;
    with_neun_model!(kind, integ, |M, NV, NP, I| {
        let mut x: [T; NV] = buf[..NV].try_into().unwrap();
        let p: [T; NP] = buf[NV..NV + NP].try_into().unwrap();
        let input = buf[NV + NP];
        step_typed::<T, M, I, NV, NP>(&mut x, &p, input, h);
        buf[..NV].copy_from_slice(&x);
        buf[NV + NP] = T::ZERO;
        if x.iter().any(|v| !v.is_finite()) {
            return Err(non_finite(kind, &x, 0, h.to_f64()));
        }
        Ok(())
    }, Err(check_combination(kind, integ)))
}

/// Synaptic input of a whole run.
#[derive(Clone, Copy, Debug)]
pub enum Input<'a, T> {
    /// The same input at every step.
    Const(T),
    /// One value per step.
    PerStep(&'a [T]),
}

/// What a whole run does and records.
#[derive(Clone, Debug)]
pub struct RunSpec<'a, T> {
    /// Number of steps.
    pub steps: usize,
    /// Step size.
    pub h: T,
    /// Input added at every step (on top of any pending input for the first).
    pub input: Input<'a, T>,
    /// Variable indices to record.
    pub record: &'a [usize],
    /// Record after every `every`-th step.
    pub every: usize,
    /// Upward threshold crossings to detect: (variable index, threshold).
    pub spike: Option<(usize, T)>,
}

/// The result of a whole run.
#[derive(Clone, Debug, Default)]
pub struct RunOutput<T> {
    /// One trace per recorded variable; sample j is the state after step (j+1)·every.
    pub traces: Vec<Vec<T>>,
    /// Times of upward crossings, `(k+1)·h` for a crossing during step k
    /// (detected on the integrated state, before any `post_step` reset).
    pub spike_times: Vec<f64>,
}

/// Checks a run's shape against a model.
pub fn check_run_spec<T: Real>(kind: NeunKind, spec: &RunSpec<'_, T>) -> Result<()> {
    check_h(spec.h)?;
    let nv = kind.n_vars();
    if spec.every == 0 {
        return Err(Error::Range("every must be an integer >= 1".into()));
    }
    for &r in spec.record {
        if r >= nv {
            return Err(Error::Type(format!(
                "record: variable index {r} is not a variable of {} (valid: {})",
                kind.info().name,
                kind.info().var_names()
            )));
        }
    }
    if let Some((v, thr)) = spec.spike {
        if v >= nv {
            return Err(Error::Type(format!("spike variable index {v} is not a variable of {}", kind.info().name)));
        }
        if !thr.is_finite() {
            return Err(Error::Range(format!("spike threshold must be finite, got {thr}")));
        }
    }
    match spec.input {
        Input::PerStep(a) if a.len() != spec.steps => Err(Error::Type(format!(
            "input has {} values but the run has {} steps (give one value per step or a constant)",
            a.len(),
            spec.steps
        ))),
        Input::Const(c) if !c.is_finite() => Err(Error::Range(format!("input must be finite, got {c}"))),
        _ => Ok(()),
    }
}

/// Runs `spec.steps` Neun steps of the neuron in `buf` in one call, exactly as
/// the same number of `addSynapticInput(input[k]); step(h)` calls would.
pub fn run<T: Real>(kind: NeunKind, integ: IntegratorKind, buf: &mut [T], spec: &RunSpec<'_, T>) -> Result<RunOutput<T>> {
    check_len(kind, buf)?;
    check_run_spec(kind, spec)?;
    with_neun_model!(kind, integ, |M, NV, NP, I| {
        let mut x: [T; NV] = buf[..NV].try_into().unwrap();
        let p: [T; NP] = buf[NV..NV + NP].try_into().unwrap();
        let mut pending = buf[NV + NP];
        let n_rec = spec.steps / spec.every;
        let mut out = RunOutput { traces: vec![Vec::with_capacity(n_rec); spec.record.len()], spike_times: Vec::new() };
        let hf = spec.h.to_f64();
        for k in 0..spec.steps {
            let input = pending + match spec.input {
                Input::Const(c) => c,
                Input::PerStep(a) => a[k],
            };
            pending = T::ZERO;
            let before = spec.spike.map(|(v, _)| x[v]);
            I::step::<T, T, NV>(&mut x, spec.h, |s| M::eval::<T, T>(s, &p, input));
            // Crossings are detected before `post_step`, so a reset (Izhikevich)
            // does not hide the spike that triggered it.
            if let (Some((v, thr)), Some(b)) = (spec.spike, before) {
                if b < thr && x[v] >= thr {
                    out.spike_times.push((k + 1) as f64 * hf);
                }
            }
            M::post_step::<T, T>(&mut x, &p);
            if (k + 1) % spec.every == 0 {
                for (t, &r) in out.traces.iter_mut().zip(spec.record) {
                    t.push(x[r]);
                }
            }
            if !x.iter().all(|v| v.is_finite()) {
                buf[..NV].copy_from_slice(&x);
                return Err(non_finite(kind, &x, k, hf));
            }
        }
        buf[..NV].copy_from_slice(&x);
        buf[NV + NP] = T::ZERO;
        Ok(out)
    }, Err(check_combination(kind, integ)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hh_buf() -> Vec<f64> {
        default_buffer::<f64>(NeunKind::HH)
    }

    #[test]
    fn run_equals_repeated_steps() {
        let mut a = hh_buf();
        let mut b = hh_buf();
        let spec = RunSpec { steps: 5000, h: 0.01, input: Input::Const(0.1), record: &[0], every: 1, spike: Some((0, 0.0)) };
        let out = run(NeunKind::HH, IntegratorKind::RK4, &mut a, &spec).unwrap();
        for k in 0..5000 {
            let n = b.len();
            b[n - 1] += 0.1;
            step(NeunKind::HH, IntegratorKind::RK4, &mut b, 0.01).unwrap();
            assert_eq!(out.traces[0][k], b[0]);
        }
        assert_eq!(a, b);
        assert!(!out.spike_times.is_empty());
    }

    #[test]
    fn bad_h_and_bad_combination_are_errors() {
        let mut a = hh_buf();
        assert!(matches!(step(NeunKind::HH, IntegratorKind::RK4, &mut a, 0.0), Err(Error::Range(_))));
        assert!(matches!(step(NeunKind::HH, IntegratorKind::RK4, &mut a, f64::NAN), Err(Error::Range(_))));
        assert!(matches!(step(NeunKind::HH, IntegratorKind::Stepper, &mut a, 0.1), Err(Error::Type(_))));
    }

    #[test]
    fn nan_state_stops_a_run() {
        let mut a = hh_buf();
        a[4] = 0.0; // cm = 0: dv/dt divides by zero
        let spec = RunSpec { steps: 10, h: 0.01, input: Input::Const(0.1), record: &[], every: 1, spike: None };
        let e = run(NeunKind::HH, IntegratorKind::RK4, &mut a, &spec).unwrap_err();
        assert!(matches!(e, Error::NonFinite(_)), "{e}");
        assert!(e.to_string().contains("HH"));
    }
}
