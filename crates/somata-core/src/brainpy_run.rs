//! BrainPy-style populations: validation, initial states (with seeded random
//! initialisers), one step, and whole rollouts in one call.
//!
//! A population of `n` neurons of one model stores its parameters and state
//! as structure-of-arrays in flat buffers: parameter `k` of neuron `i` is
//! `params[k*n + i]`, variable `v` of neuron `i` is `state[v*n + i]` (one
//! contiguous slice per parameter and per variable). The JS layer owns the
//! same layout, so one step crosses the boundary without copies.
//!
//! A rollout runs every neuron for all steps before the next one (neurons of
//! this milestone are uncoupled, so this is the same computation as the
//! step-by-step loop, with the state in registers). Neurons run in SIMD
//! groups of [`LANES`] through [`BpModel::step_lanes`] (the same arithmetic
//! as [`BpModel::step`] in every lane); chunks of groups run on
//! an owned rayon pool, and since each neuron's arithmetic does not depend on
//! who runs it, results are bit-identical for any thread count. Recorded
//! traces are time-major, `[step*n + i]`.

use std::sync::atomic::Ordering;

use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::models::brainpy::{BpKind, BpModel, Ctx, Group, Init, LANES};
use crate::lanes::{Lanes, Num};
use crate::real::Real;
use crate::rng::Stream;
use crate::sweep::Control;
use crate::with_bp_model;

/// Largest parameter count of any model (GifRef has 15).
pub const MAX_PARAMS: usize = 16;
/// Largest variable count of any model (GifRef has 6).
pub const MAX_VARS: usize = 8;

/// How a variable is initialised.
#[derive(Clone, Debug, PartialEq)]
pub enum VarInit {
    /// The model's documented default.
    Default,
    /// One value for every neuron.
    Const(f64),
    /// One value per neuron.
    PerNeuron(Vec<f64>),
    /// Uniform on `[lo, hi)`.
    Uniform(f64, f64),
    /// Normal with mean and standard deviation.
    Normal(f64, f64),
}

fn check_dt(dt: f64) -> Result<()> {
    if !dt.is_finite() || dt <= 0.0 {
        return Err(Error::Range(format!("dt must be finite and > 0 ms, got {dt}")));
    }
    Ok(())
}

/// Checks a flat parameter buffer (`[NP*n]`, f64): length, finiteness and the
/// model's constraints (time constants and capacitances > 0, refractory
/// periods >= 0).
pub fn validate(kind: BpKind, params: &[f64], n: usize) -> Result<()> {
    let info = kind.info();
    let np = info.model.params.len();
    if n == 0 {
        return Err(Error::Range(format!("{}: a population needs at least one neuron", info.model.name)));
    }
    if params.len() != np * n {
        return Err(Error::Type(format!("{}: expected {} parameter values ({} parameters x {} neurons), got {}", info.model.name, np * n, np, n, params.len())));
    }
    for (k, p) in info.model.params.iter().enumerate() {
        let unit = if p.unit.is_empty() { String::new() } else { format!(" {}", p.unit) };
        for i in 0..n {
            let x = params[k * n + i];
            let at = if n > 1 { format!(" (neuron {i})") } else { String::new() };
            if !x.is_finite() {
                return Err(Error::Range(format!("{}: {} must be finite, got {x}{at}", info.model.name, p.name)));
            }
            if info.positive.contains(&p.name) && x <= 0.0 {
                return Err(Error::Range(format!("{}: {} must be > 0{unit}, got {x}{unit}{at}", info.model.name, p.name)));
            }
            if info.nonnegative.contains(&p.name) && x < 0.0 {
                return Err(Error::Range(format!("{}: {} must be >= 0{unit}, got {x}{unit}{at}", info.model.name, p.name)));
            }
        }
    }
    Ok(())
}

/// Initial state (`[NV*n]`, f64) from the initialisers of each variable
/// (one per variable, in the model's order). Random initialisers draw from
/// one stream per neuron, `Stream::new(seed, i)`, in variable order, so a
/// neuron's initial state does not depend on the population size.
pub fn init_state(kind: BpKind, params: &[f64], n: usize, inits: &[VarInit], seed: u64) -> Result<Vec<f64>> {
    validate(kind, params, n)?;
    let info = kind.info();
    let nv = info.model.vars.len();
    if inits.len() != nv {
        return Err(Error::Type(format!("{}: expected {} initialisers, got {}", info.model.name, nv, inits.len())));
    }
    let np = info.model.params.len();
    let mut state = vec![0.0; nv * n];
    for i in 0..n {
        let mut rng = Stream::new(seed, i as u64);
        let p: Vec<f64> = (0..np).map(|k| params[k * n + i]).collect();
        let mut s = vec![0.0; nv];
        let mut derived = vec![false; nv];
        for (v, init) in inits.iter().enumerate() {
            let init = match init {
                VarInit::Default => match info.inits[v] {
                    Init::Const(c) => VarInit::Const(c),
                    Init::Uniform(lo, hi) => VarInit::Uniform(lo, hi),
                    Init::Derived => {
                        derived[v] = true;
                        continue;
                    }
                },
                other => other.clone(),
            };
            s[v] = match init {
                VarInit::Const(c) => c,
                VarInit::PerNeuron(ref a) => {
                    if a.len() != n {
                        return Err(Error::Type(format!("{}: initial {} has {} values for {} neurons", info.model.name, info.model.vars[v].name, a.len(), n)));
                    }
                    a[i]
                }
                VarInit::Uniform(lo, hi) => rng.uniform_in(lo, hi),
                VarInit::Normal(m, sd) => m + sd * rng.normal(),
                VarInit::Default => unreachable!(),
            };
        }
        for v in 0..nv {
            if derived[v] {
                s[v] = with_bp_model!(kind, M, M::derived::<f64>(&p, &s, v));
            }
            state[v * n + i] = s[v];
        }
    }
    Ok(state)
}

/// One step of every neuron: `state` (`[NV*n]`) is advanced in place and the
/// spike output written to `spikes` (`[n]`). `current`, `conductance` and
/// `delta` hold one value per neuron, or one value for all (length 1).
/// Fails with [`Error::NonFinite`] naming the model, the first neuron and
/// variable, and `t` if any variable became NaN or infinite (the state is
/// then left as computed).
#[allow(clippy::too_many_arguments)]
#[allow(clippy::needless_range_loop)]
pub fn step<T: Real>(kind: BpKind, params: &[T], state: &mut [T], n: usize, current: &[T], conductance: &[T], delta: &[T], spikes: &mut [T], t: T, dt: T, soft: bool) -> Result<()> {
    let info = kind.info();
    let (np, nv) = (info.model.params.len(), info.model.vars.len());
    check_dt(dt.to_f64())?;
    if params.len() != np * n || state.len() != nv * n || spikes.len() != n {
        return Err(Error::Type(format!("{}: buffers do not match {} neurons", info.model.name, n)));
    }
    for (name, a) in [("current input", current), ("conductance input", conductance), ("delta input", delta)] {
        if a.len() != 1 && a.len() != n {
            return Err(Error::Type(format!("{}: {name} has {} values for {} neurons (expected 1 or {n})", info.model.name, a.len(), n)));
        }
    }
    let at = |a: &[T], i: usize| if a.len() == 1 { a[0] } else { a[i] };
    let mut bad: Option<(usize, usize)> = None;
    with_bp_model!(kind, M, {
        for i in 0..n {
            let mut p = [T::ZERO; MAX_PARAMS];
            let mut s = [T::ZERO; MAX_VARS];
            for k in 0..np {
                p[k] = params[k * n + i];
            }
            for v in 0..nv {
                s[v] = state[v * n + i];
            }
            let c = Ctx { t, dt, i: at(current, i), gi: at(conductance, i), delta: at(delta, i), soft };
            spikes[i] = M::step(&p[..np], &mut s[..nv], &c);
            for v in 0..nv {
                state[v * n + i] = s[v];
                if bad.is_none() && !s[v].is_finite() {
                    bad = Some((i, v));
                }
            }
        }
    });
    if let Some((i, v)) = bad {
        return Err(Error::NonFinite(format!(
            "{}: state became non-finite at neuron {i}, t = {t} ms (the step starting at t): {} is not finite; check parameters, input and dt",
            info.model.name, info.model.vars[v].name
        )));
    }
    Ok(())
}

/// The input of a rollout, in the model's input unit.
#[derive(Clone, Copy, Debug)]
pub enum RunInput<'a, T> {
    /// The same value for every neuron at every step.
    Const(T),
    /// One value per neuron, constant in time.
    PerNeuron(&'a [T]),
    /// One value per step, shared by all neurons.
    PerStep(&'a [T]),
    /// One value per step and neuron, time-major `[k*n + i]`.
    PerStepPerNeuron(&'a [T]),
}

/// A rollout of a population.
#[derive(Clone, Debug)]
pub struct RunSpec<'a, T> {
    /// Model.
    pub kind: BpKind,
    /// Neurons.
    pub n: usize,
    /// Parameters, `[NP*n]`.
    pub params: &'a [T],
    /// `spk_reset == 'soft'`.
    pub soft: bool,
    /// Step size, ms.
    pub dt: T,
    /// Time of the first step, ms (step k runs at `t0 + k*dt`).
    pub t0: T,
    /// Number of steps.
    pub steps: usize,
    /// Current input.
    pub input: RunInput<'a, T>,
    /// Delta input, added where upstream adds `sum_delta_inputs` (V, or g
    /// for CubaLIF/CobaLIF), in that variable's unit; `Const(0)` for none.
    pub delta: RunInput<'a, T>,
    /// Persistent conductance-type current inputs `I(V) = offset − g·V` per
    /// neuron (brainpy's callable inputs `g·(E − V)`: offset = Σ g·E, g = Σ g);
    /// `None` for none. Added to `input`; `g` enters the exp-Euler Jacobian.
    pub conductance: Option<(&'a [T], &'a [T])>,
    /// Variables whose traces are recorded (indices into the model's variables).
    pub record: Vec<usize>,
    /// Record the spike output (`[step*n + i]`, 0/1).
    pub record_spikes: bool,
    /// Worker threads.
    pub threads: usize,
}

/// Results of a rollout.
#[derive(Clone, Debug, Default)]
pub struct RunOutput<T> {
    /// One trace per recorded variable, time-major `[step*n + i]`, value after the step.
    pub traces: Vec<Vec<T>>,
    /// Spike output, time-major (empty unless recorded).
    pub spikes: Vec<u8>,
    /// Spikes per neuron.
    pub spike_counts: Vec<u32>,
}

struct SyncPtr<T>(*mut T);
unsafe impl<T> Sync for SyncPtr<T> {}
unsafe impl<T> Send for SyncPtr<T> {}
impl<T> SyncPtr<T> {
    /// # Safety
    /// `idx` in bounds and written by one thread only.
    unsafe fn write(&self, idx: usize, v: T) {
        *self.0.add(idx) = v;
    }
}

/// Neurons per parallel work item.
const CHUNK: usize = 64;
/// Steps between cancellation checks / progress updates inside one neuron.
const CHECK_EVERY: usize = 4096;

/// Runs a rollout; `state` (`[NV*n]`) holds the initial state and receives
/// the final one. Stops with [`Error::NonFinite`] naming the model, neuron,
/// variable and time at the earliest step at which any variable becomes NaN
/// or infinite (the state is then left at its initial values), and with
/// [`Error::Aborted`] when `control.cancel` is set.
#[allow(clippy::needless_range_loop)]
pub fn run<T: Real>(spec: &RunSpec<'_, T>, state: &mut [T], control: &Control) -> Result<RunOutput<T>> {
    let info = spec.kind.info();
    let (np, nv, n, steps) = (info.model.params.len(), info.model.vars.len(), spec.n, spec.steps);
    check_dt(spec.dt.to_f64())?;
    if !spec.t0.is_finite() {
        return Err(Error::Range(format!("t0 must be finite, got {}", spec.t0)));
    }
    if n == 0 || spec.params.len() != np * n || state.len() != nv * n {
        return Err(Error::Type(format!("{}: buffers do not match {} neurons", info.model.name, n)));
    }
    if let Some(&r) = spec.record.iter().find(|&&r| r >= nv) {
        return Err(Error::Type(format!("{}: cannot record variable index {r}; variables: {}", info.model.name, info.model.var_names())));
    }
    if let Some((o, g)) = spec.conductance {
        if o.len() != n || g.len() != n {
            return Err(Error::Type(format!("conductance inputs need one value per neuron ({n})")));
        }
    }
    for (what, inp) in [("input", spec.input), ("delta input", spec.delta)] {
        match inp {
            RunInput::PerNeuron(a) if a.len() != n => return Err(Error::Type(format!("{what} has {} values for {n} neurons", a.len()))),
            RunInput::PerStep(a) if a.len() != steps => return Err(Error::Type(format!("{what} has {} values for {steps} steps", a.len()))),
            RunInput::PerStepPerNeuron(a) if a.len() != steps * n => {
                return Err(Error::Type(format!("{what} has {} values; expected steps x neurons = {}", a.len(), steps * n)))
            }
            _ => {}
        }
    }
    let total = steps.checked_mul(n).ok_or_else(|| Error::Range("steps x neurons is too large".into()))?;
    let mut traces: Vec<Vec<T>> = spec.record.iter().map(|_| vec![T::ZERO; total]).collect();
    let mut spikes: Vec<u8> = if spec.record_spikes { vec![0; total] } else { Vec::new() };
    let mut counts = vec![0u32; n];
    let mut final_state = state.to_vec();

    let trace_ptrs: Vec<SyncPtr<T>> = traces.iter_mut().map(|t| SyncPtr(t.as_mut_ptr())).collect();
    let spike_ptr = SyncPtr(spikes.as_mut_ptr());
    let count_ptr = SyncPtr(counts.as_mut_ptr());
    let state_ptr = SyncPtr(final_state.as_mut_ptr());
    let init: &[T] = state;

    // A SIMD group of up to LANES neurons (one per lane; missing lanes
    // repeat the group's last neuron and are discarded) runs every step
    // with its state in registers; Err(Ok((step, neuron, var))) at the first
    // non-finite value (earliest step, then lowest neuron index).
    type GroupErr = std::result::Result<(usize, usize, usize), Error>;
    let run_group = |i0: usize, g: usize| -> std::result::Result<(), GroupErr> {
        let lane = |j: usize| i0 + j.min(g - 1);
        let load = |a: &[T], base: usize| -> Group<T> { Lanes(std::array::from_fn(|j| a[base + lane(j)])) };
        let zero = Group::<T>::splat(T::ZERO);
        with_bp_model!(spec.kind, M, {
            // Compile-time constants of the model: the group's parameters and
            // state stay in registers.
            let (np, nv) = (M::INFO.model.params.len(), M::INFO.model.vars.len());
            let mut p = [zero; MAX_PARAMS];
            let mut s = [zero; MAX_VARS];
            for k in 0..np {
                p[k] = load(spec.params, k * n);
            }
            for v in 0..nv {
                s[v] = load(init, v * n);
            }
            let cond = spec.conductance.map(|(o, gg)| (load(o, 0), load(gg, 0)));
            let lanes_of = |inp: RunInput<'_, T>, k: usize| match inp {
                RunInput::Const(x) => Group::<T>::splat(x),
                RunInput::PerNeuron(a) => load(a, 0),
                RunInput::PerStep(a) => Group::<T>::splat(a[k]),
                RunInput::PerStepPerNeuron(a) => load(a, k * n),
            };
            let (dt, soft) = (Group::<T>::splat(spec.dt), spec.soft);
            let mut count = [0u32; LANES];
            for k in 0..steps {
                if k % CHECK_EVERY == CHECK_EVERY - 1 {
                    if control.cancel.load(Ordering::Relaxed) {
                        return Err(Err(Error::Aborted));
                    }
                    control.progress.fetch_add((CHECK_EVERY * g) as u64, Ordering::Relaxed);
                }
                let t = Group::<T>::splat(spec.t0 + T::c(k as f64) * spec.dt);
                let (x, delta) = (lanes_of(spec.input, k), lanes_of(spec.delta, k));
                let (x, gi) = match cond {
                    Some((o, gg)) => (x + o, gg),
                    None => (x, zero),
                };
                let c = Ctx { t, dt, i: x, gi, delta, soft };
                let spk = M::step_lanes(&p[..np], &mut s[..nv], &c);
                // 0·x is NaN exactly where x is NaN or infinite.
                let mut probe = zero;
                for v in 0..nv {
                    probe = probe + s[v] * zero;
                }
                if probe.0.iter().any(|z| !z.is_finite()) {
                    let j = (0..g).find(|&j| (0..nv).any(|v| !s[v].0[j].is_finite())).unwrap_or(0);
                    let bad = (0..nv).find(|&v| !s[v].0[j].is_finite()).unwrap_or(0);
                    return Err(Ok((k, i0 + j, bad)));
                }
                let idx = k * n + i0;
                // SAFETY: indices k*n + i0 .. + g belong to this group's neurons only.
                unsafe {
                    for j in 0..g {
                        let fired = spk.0[j] > T::ZERO;
                        count[j] += fired as u32;
                        if spec.record_spikes {
                            spike_ptr.write(idx + j, fired as u8);
                        }
                    }
                    for (r, &v) in spec.record.iter().enumerate() {
                        for j in 0..g {
                            trace_ptrs[r].write(idx + j, s[v].0[j]);
                        }
                    }
                }
            }
            control.progress.fetch_add(((steps % CHECK_EVERY) * g) as u64, Ordering::Relaxed);
            // SAFETY: as above, these indices belong to this group's neurons.
            unsafe {
                for j in 0..g {
                    count_ptr.write(i0 + j, count[j]);
                    for v in 0..nv {
                        state_ptr.write(v * n + i0 + j, s[v].0[j]);
                    }
                }
            }
            Ok(())
        })
    };

    let chunks = n.div_ceil(CHUNK);
    let work = |c: usize| -> std::result::Result<(), GroupErr> {
        let mut first: Option<(usize, usize, usize)> = None;
        let end = ((c + 1) * CHUNK).min(n);
        let mut i0 = c * CHUNK;
        while i0 < end {
            if control.cancel.load(Ordering::Relaxed) {
                return Err(Err(Error::Aborted));
            }
            let g = LANES.min(end - i0);
            match run_group(i0, g) {
                Ok(()) => {}
                Err(Ok((k, i, v))) => {
                    if first.is_none_or(|(k0, i1, _)| (k, i) < (k0, i1)) {
                        first = Some((k, i, v));
                    }
                }
                Err(Err(e)) => return Err(Err(e)),
            }
            i0 += g;
        }
        match first {
            Some(f) => Err(Ok(f)),
            None => Ok(()),
        }
    };
    let results: Vec<_> = if chunks == 1 || spec.threads <= 1 {
        (0..chunks).map(work).collect()
    } else {
        let pool = crate::pool::pool(spec.threads)?;
        pool.install(|| (0..chunks).into_par_iter().map(work).collect())
    };
    let mut first: Option<(usize, usize, usize)> = None;
    for r in results {
        match r {
            Ok(()) => {}
            Err(Err(e)) => return Err(e),
            Err(Ok((k, i, v))) => {
                if first.is_none_or(|(k0, i0, _)| (k, i) < (k0, i0)) {
                    first = Some((k, i, v));
                }
            }
        }
    }
    if let Some((k, i, v)) = first {
        let t = spec.t0.to_f64() + k as f64 * spec.dt.to_f64();
        let var = &info.model.vars[v];
        return Err(Error::NonFinite(format!(
            "{}: state became non-finite at neuron {i}, t = {t} ms (step {k}, the step starting at t): {} is not finite; check parameters, input and dt",
            info.model.name, var.name
        )));
    }
    state.copy_from_slice(&final_state);
    Ok(RunOutput { traces, spikes, spike_counts: counts })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn defaults(kind: BpKind, n: usize) -> Vec<f64> {
        kind.info().model.params.iter().flat_map(|p| std::iter::repeat_n(p.default, n)).collect()
    }

    fn set(kind: BpKind, p: &mut [f64], n: usize, name: &str, x: f64) {
        let k = kind.info().model.param_index(name).unwrap();
        p[k * n..(k + 1) * n].fill(x);
    }

    fn seed001(soft: bool, f32: bool) -> u32 {
        // Seed 001: LIFRef(R=1 ohm, tau=20 ms, V_rest=-60, V_th=-50, V_reset=-60 mV,
        // tau_ref=5 ms), V0 = 0 mV (upstream default), 25 mA, dt 0.1 ms, 2000 steps.
        let k = BpKind::LIFRef;
        let mut p = defaults(k, 1);
        for (name, x) in [("R", 1.0), ("tau", 20.0), ("V_rest", -60.0), ("V_th", -50.0), ("V_reset", -60.0), ("tau_ref", 5.0)] {
            set(k, &mut p, 1, name, x);
        }
        let s0 = init_state(k, &p, 1, &[VarInit::Default, VarInit::Default], 0).unwrap();
        let control = Control::default();
        macro_rules! go {
            ($t:ty) => {{
                let pt: Vec<$t> = p.iter().map(|&x| x as $t).collect();
                let mut st: Vec<$t> = s0.iter().map(|&x| x as $t).collect();
                let spec = RunSpec { kind: k, n: 1, params: &pt, soft, dt: 0.1, t0: 0.0, steps: 2000, input: RunInput::Const(25.0), delta: RunInput::Const(0.0), conductance: None, record: vec![0], record_spikes: true, threads: 1 };
                run(&spec, &mut st, &control).unwrap().spike_counts[0]
            }};
        }
        if f32 {
            go!(f32)
        } else {
            go!(f64)
        }
    }

    #[test]
    fn seed_001_lifref_spike_count() {
        // Printed in the seed (float32): "total spikes: 17.0".
        assert_eq!(seed001(true, true), 17);
        assert_eq!(seed001(true, false), 17);
    }

    #[test]
    fn lif_is_exact_for_constant_input() {
        // V(t) = V_inf + (V0 - V_inf) e^{-t/tau}, V_inf = V_rest + R I (no spike).
        let k = BpKind::LIF;
        let mut p = defaults(k, 1);
        for (name, x) in [("R", 2.0), ("tau", 10.0), ("V_rest", -65.0), ("V_th", 100.0), ("V_reset", -65.0)] {
            set(k, &mut p, 1, name, x);
        }
        let mut st = vec![-70.0];
        let spec = RunSpec { kind: k, n: 1, params: &p, soft: true, dt: 0.1, t0: 0.0, steps: 1000, input: RunInput::Const(5.0), delta: RunInput::Const(0.0), conductance: None, record: vec![0], record_spikes: false, threads: 1 };
        let out = run(&spec, &mut st, &Control::default()).unwrap();
        for (s, v) in out.traces[0].iter().enumerate() {
            let t = (s + 1) as f64 * 0.1;
            let exact = -55.0 + (-70.0 + 55.0) * (-t / 10.0).exp();
            assert!((v - exact).abs() < 1e-11, "step {s}: {v} vs {exact}");
        }
    }

    #[test]
    fn threads_do_not_change_results() {
        let k = BpKind::HH;
        let n = 300;
        let p = defaults(k, n);
        let s0 = init_state(k, &p, n, &vec![VarInit::Default; 4], 7).unwrap();
        let input: Vec<f64> = (0..n).map(|i| i as f64 * 0.05).collect();
        let go = |threads| {
            let mut st = s0.clone();
            let spec = RunSpec { kind: k, n, params: &p, soft: true, dt: 0.01, t0: 0.0, steps: 500, input: RunInput::PerNeuron(&input), delta: RunInput::Const(0.0), conductance: None, record: vec![0], record_spikes: true, threads };
            let o = run(&spec, &mut st, &Control::default()).unwrap();
            (o.traces, o.spikes, st)
        };
        assert_eq!(go(1), go(4));
    }

    /// Every model's rollout (SIMD groups of 16, a partial last group)
    /// equals its one-neuron step repeated, bit for bit, in both precisions.
    fn lanes_equal_steps<T: Real>() {
        let n = 21;
        let (mut checked, mut fired) = (0, 0);
        for kind in BpKind::ALL {
            let info = kind.info();
            let p64 = defaults(kind, n);
            let nv = info.model.vars.len();
            let s64 = init_state(kind, &p64, n, &vec![VarInit::Default; nv], 5).unwrap();
            let p: Vec<T> = p64.iter().map(|&x| T::c(x)).collect();
            let s0: Vec<T> = s64.iter().map(|&x| T::c(x)).collect();
            // Inputs that make every model fire: scaled by the model's unit.
            let scale = match info.input_unit {
                "mA" => 30.0,
                "uA" => 10.0,
                _ => 1.0,
            };
            let input: Vec<T> = (0..n).map(|i| T::c(scale * (0.5 + i as f64 / n as f64))).collect();
            let gin: Vec<T> = (0..n).map(|i| T::c(0.01 * i as f64)).collect();
            let steps = 300;
            let mut st = s0.clone();
            let spec = RunSpec {
                kind,
                n,
                params: &p,
                soft: info.default_soft,
                dt: T::c(0.1),
                t0: T::ZERO,
                steps,
                input: RunInput::PerNeuron(&input),
                delta: RunInput::Const(T::ZERO),
                conductance: Some((&input, &gin)),
                record: (0..nv).collect(),
                record_spikes: true,
                threads: 1,
            };
            let Ok(out) = run(&spec, &mut st, &Control::default()) else { continue };
            let mut s1 = s0.clone();
            let mut spk = vec![T::ZERO; n];
            let cur: Vec<T> = input.iter().map(|&x| x + x).collect();
            for k in 0..steps {
                step(kind, &p, &mut s1, n, &cur, &gin, &[T::ZERO], &mut spk, T::c(k as f64) * T::c(0.1), T::c(0.1), info.default_soft).unwrap();
                for v in 0..nv {
                    for i in 0..n {
                        let (a, b) = (out.traces[v][k * n + i], s1[v * n + i]);
                        assert!(a == b || (a != a && b != b), "{} step {k} neuron {i} var {v}: {a} vs {b}", info.model.name);
                    }
                }
                for i in 0..n {
                    assert_eq!(out.spikes[k * n + i] as f64, spk[i].to_f64(), "{} step {k} neuron {i}", info.model.name);
                }
            }
            assert_eq!(st, s1);
            fired += (out.spike_counts.iter().sum::<u32>() > 0) as usize;
            checked += 1;
        }
        assert!(checked >= 20 && fired >= 15, "{checked} models checked, {fired} fired");
    }

    #[test]
    fn simd_groups_equal_single_steps() {
        lanes_equal_steps::<f64>();
        lanes_equal_steps::<f32>();
    }

    #[test]
    fn random_init_is_per_neuron_and_in_range() {
        let k = BpKind::HH;
        let a = init_state(k, &defaults(k, 10), 10, &vec![VarInit::Default; 4], 3).unwrap();
        let b = init_state(k, &defaults(k, 3), 3, &vec![VarInit::Default; 4], 3).unwrap();
        assert_eq!(&a[..3], &b[..3]); // neuron i's V does not depend on n
        assert!(a[..10].iter().all(|&v| (-70.0..-60.0).contains(&v)));
        let m = a[10];
        let [am, bm, ..] = crate::models::brainpy::hh::hh_rates(a[0]);
        assert_eq!(m, am / (am + bm));
    }

    #[test]
    fn nan_stops_with_model_neuron_and_time() {
        let k = BpKind::ExpIF;
        let p = defaults(k, 2);
        let mut st = vec![-65.0, -65.0];
        let input = [0.0, f64::INFINITY];
        let spec = RunSpec { kind: k, n: 2, params: &p, soft: true, dt: 0.1, t0: 0.0, steps: 10, input: RunInput::PerNeuron(&input), delta: RunInput::Const(0.0), conductance: None, record: vec![], record_spikes: false, threads: 1 };
        let e = run(&spec, &mut st, &Control::default()).unwrap_err();
        let Error::NonFinite(m) = e else { panic!("{e:?}") };
        assert!(m.contains("ExpIF") && m.contains("neuron 1") && m.contains("t = 0 ms"), "{m}");
        assert_eq!(st, vec![-65.0, -65.0]);
    }

    #[test]
    fn validation_names_the_parameter() {
        let k = BpKind::LIFRef;
        let mut p = defaults(k, 1);
        set(k, &mut p, 1, "tau", -1.0);
        let Err(Error::Range(m)) = validate(k, &p, 1) else { panic!() };
        assert!(m.contains("tau must be > 0"), "{m}");
        let mut p = defaults(k, 1);
        set(k, &mut p, 1, "tau_ref", -1.0);
        assert!(validate(k, &p, 1).is_err());
        set(k, &mut p, 1, "tau_ref", 0.0);
        assert!(validate(k, &p, 1).is_ok());
    }
}
