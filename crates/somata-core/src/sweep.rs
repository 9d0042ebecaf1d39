//! Independent runs of many Neun neurons whose parameters vary: parameter
//! sweeps across cores.
//!
//! Neurons are processed in groups of [`LANES`], structure-of-arrays, with the
//! model's equations evaluated on `Lanes<T, LANES>` so the compiler emits SIMD
//! code. Each group runs all its steps before the next group starts (its state
//! stays in registers and L1). Groups are independent and each neuron's
//! arithmetic is the same whichever group, lane or thread runs it, so results
//! are bit-identical for any thread count, and identical to running the same
//! neuron alone through [`crate::single::run`].

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::integrate::{Integrator, IntegratorKind};
use crate::lanes::{Lanes, Num};
use crate::models::neun::{NeunKind, NeunModel};
use crate::real::Real;
use crate::single::check_h;
use crate::with_neun_model;

/// Neurons per SIMD group: two AVX-512 vectors of f64 per operation. Sixteen
/// rather than eight gives the out-of-order core two independent chains to
/// overlap (divisions and exponentials have long latencies): 43 → 35 ns per
/// HH RK4 neuron-step on the benchmark machine; 32 gains nothing more.
pub const LANES: usize = 16;

/// How often (in steps) a running group checks for cancellation and NaN.
const CHECK_EVERY: usize = 1024;

/// Input of a sweep.
#[derive(Clone, Copy, Debug)]
pub enum SweepInput<'a, T> {
    /// The same constant input for every neuron at every step.
    Const(T),
    /// One constant per neuron.
    PerNeuron(&'a [T]),
    /// One value per step, shared by all neurons.
    PerStep(&'a [T]),
    /// One value per step and neuron, time-major: `[k * n + j]`.
    PerStepPerNeuron(&'a [T]),
}

/// A sweep: `n` independent neurons of one model.
#[derive(Clone, Debug)]
pub struct SweepSpec<'a, T> {
    /// Model.
    pub kind: NeunKind,
    /// Integrator.
    pub integ: IntegratorKind,
    /// Number of neurons.
    pub n: usize,
    /// Parameters, `[NP][n]` (one array per parameter, one entry per neuron).
    pub params: Vec<Vec<T>>,
    /// Initial state, `[NV][n]`.
    pub init: Vec<Vec<T>>,
    /// Input.
    pub input: SweepInput<'a, T>,
    /// Step size.
    pub h: T,
    /// Steps per neuron.
    pub steps: usize,
    /// Threshold crossings counted as spikes: (variable index, threshold).
    pub spike: (usize, T),
    /// If set, each neuron's spike threshold is its value of this parameter
    /// (Izhikevich's `threshold`, which may vary across the sweep) instead of
    /// `spike.1`, as a single run of that neuron would use.
    pub spike_threshold_param: Option<usize>,
    /// Variables whose traces are returned.
    pub record: Vec<usize>,
    /// Record after every `every`-th step.
    pub every: usize,
    /// Worker threads.
    pub threads: usize,
}

/// Results of a sweep.
#[derive(Clone, Debug, Default)]
pub struct SweepOutput<T> {
    /// Upward threshold crossings per neuron.
    pub spike_counts: Vec<u32>,
    /// Time of each neuron's first crossing (NaN if none), `(k+1)·h`.
    pub first_spike: Vec<f64>,
    /// Time of each neuron's last crossing (NaN if none).
    pub last_spike: Vec<f64>,
    /// Final state, `[NV][n]`.
    pub final_state: Vec<Vec<T>>,
    /// One array per recorded variable, neuron-major: `[j * n_samples + s]`.
    pub traces: Vec<Vec<T>>,
    /// Samples per neuron in each trace.
    pub n_samples: usize,
}

/// Cancellation flag and progress counter shared with the caller.
#[derive(Debug, Default)]
pub struct Control {
    /// Set to stop the run; it then fails with [`Error::Aborted`].
    pub cancel: AtomicBool,
    /// Neuron-steps completed so far.
    pub progress: AtomicU64,
}

struct GroupOut<T> {
    counts: [u32; LANES],
    first: [f64; LANES],
    last: [f64; LANES],
    state: Vec<[T; LANES]>,
    traces: Vec<Vec<T>>, // per recorded var: [lane * n_samples + s]
}

fn validate<T: Real>(spec: &SweepSpec<'_, T>) -> Result<()> {
    let info = spec.kind.info();
    check_h(spec.h)?;
    if spec.n == 0 {
        return Err(Error::Range("a sweep needs at least one neuron".into()));
    }
    if spec.every == 0 {
        return Err(Error::Range("every must be an integer >= 1".into()));
    }
    if spec.params.len() != info.params.len() || spec.init.len() != info.vars.len() {
        return Err(Error::Type(format!("{}: expected {} parameter and {} variable arrays", info.name, info.params.len(), info.vars.len())));
    }
    for (a, pi) in spec.params.iter().zip(info.params) {
        if a.len() != spec.n {
            return Err(Error::Type(format!("parameter {} has {} values for {} neurons", pi.name, a.len(), spec.n)));
        }
        if let Some(j) = a.iter().position(|x| !x.is_finite()) {
            return Err(Error::Range(format!("parameter {} of neuron {} must be finite, got {}", pi.name, j, a[j])));
        }
    }
    for (a, vi) in spec.init.iter().zip(info.vars) {
        if a.len() != spec.n {
            return Err(Error::Type(format!("initial {} has {} values for {} neurons", vi.name, a.len(), spec.n)));
        }
    }
    if let Some(q) = spec.spike_threshold_param {
        if q >= info.params.len() {
            return Err(Error::Type(format!("spike threshold parameter index {q} is not a parameter of {} (valid: {})", info.name, info.params.iter().map(|p| p.name).collect::<Vec<_>>().join(", "))));
        }
    }
    for &r in spec.record.iter().chain(std::iter::once(&spec.spike.0)) {
        if r >= info.vars.len() {
            return Err(Error::Type(format!("variable index {r} is not a variable of {} (valid: {})", info.name, info.var_names())));
        }
    }
    let want = match spec.input {
        SweepInput::Const(_) => 0,
        SweepInput::PerNeuron(a) => (a.len() != spec.n) as usize * spec.n,
        SweepInput::PerStep(a) => (a.len() != spec.steps) as usize * spec.steps,
        SweepInput::PerStepPerNeuron(a) => (a.len() != spec.steps * spec.n) as usize * spec.steps * spec.n,
    };
    if want != 0 {
        return Err(Error::Type(format!("input must have {want} values for this shape of input")));
    }
    Ok(())
}

/// Runs the sweep on the pool with `spec.threads` workers.
pub fn sweep<T: Real>(spec: &SweepSpec<'_, T>, control: &Control) -> Result<SweepOutput<T>> {
    validate(spec)?;
    let pool = crate::pool::pool(spec.threads)?;
    with_neun_model!(spec.kind, spec.integ, |M, NV, NP, I| {
        let groups = spec.n.div_ceil(LANES);
        let outs: Vec<GroupOut<T>> = pool.install(|| {
            (0..groups)
                .into_par_iter()
                .map(|g| run_group::<T, M, I, NV, NP>(spec, g, control))
                .collect::<Result<Vec<_>>>()
        })?;
        Ok(assemble(spec, NV, outs))
    }, Err(Error::Type(format!("model {} cannot be integrated with {}", spec.kind.info().name, spec.integ.name()))))
}

fn run_group<T: Real, M: NeunModel<NV, NP>, I: Integrator, const NV: usize, const NP: usize>(
    spec: &SweepSpec<'_, T>,
    g: usize,
    control: &Control,
) -> Result<GroupOut<T>> {
    type L<T> = Lanes<T, LANES>;
    let n = spec.n;
    // Lane l holds neuron j = g·LANES + l; lanes past the end repeat the last neuron.
    let idx: [usize; LANES] = std::array::from_fn(|l| (g * LANES + l).min(n - 1));
    let mut x: [L<T>; NV] = std::array::from_fn(|v| Lanes(idx.map(|j| spec.init[v][j])));
    let p: [L<T>; NP] = std::array::from_fn(|q| Lanes(idx.map(|j| spec.params[q][j])));
    let h = L::<T>::splat(spec.h);
    let (sv, thr) = spec.spike;
    let thr = match spec.spike_threshold_param {
        Some(q) => p[q],
        None => L::<T>::splat(thr),
    };
    let n_samples = spec.steps / spec.every;
    let mut traces: Vec<Vec<T>> = vec![vec![T::ZERO; LANES * n_samples]; spec.record.len()];
    let mut counts = [0u32; LANES];
    let mut first = [f64::NAN; LANES];
    let mut last = [f64::NAN; LANES];
    let hf = spec.h.to_f64();
    let const_in = match spec.input {
        SweepInput::Const(c) => Some(L::<T>::splat(c)),
        SweepInput::PerNeuron(a) => Some(Lanes(idx.map(|j| a[j]))),
        _ => None,
    };
    for k in 0..spec.steps {
        let input = match (const_in, spec.input) {
            (Some(c), _) => c,
            (None, SweepInput::PerStep(a)) => L::<T>::splat(a[k]),
            (None, SweepInput::PerStepPerNeuron(a)) => Lanes(idx.map(|j| a[k * n + j])),
            _ => unreachable!(),
        };
        let before = x[sv];
        I::step::<T, L<T>, NV>(&mut x, h, |s| M::eval::<T, L<T>>(s, &p, input));
        let after = x[sv]; // before post_step, as in single::run
        M::post_step::<T, L<T>>(&mut x, &p);
        for l in 0..LANES {
            if before.0[l] < thr.0[l] && after.0[l] >= thr.0[l] {
                counts[l] += 1;
                let t = (k + 1) as f64 * hf;
                if counts[l] == 1 {
                    first[l] = t;
                }
                last[l] = t;
            }
        }
        if (k + 1) % spec.every == 0 {
            let s = (k + 1) / spec.every - 1;
            for (tr, &r) in traces.iter_mut().zip(&spec.record) {
                for l in 0..LANES {
                    tr[l * n_samples + s] = x[r].0[l];
                }
            }
        }
        if (k + 1) % CHECK_EVERY == 0 || k + 1 == spec.steps {
            if control.cancel.load(Ordering::Relaxed) {
                return Err(Error::Aborted);
            }
            check_finite(spec, &x, &idx, k)?;
            let done = (k % CHECK_EVERY + 1) as u64;
            let real_lanes = idx.iter().enumerate().filter(|&(l, &j)| j == g * LANES + l).count() as u64;
            control.progress.fetch_add(done * real_lanes, Ordering::Relaxed);
        }
    }
    Ok(GroupOut { counts, first, last, state: x.iter().map(|v| v.0).collect(), traces })
}

fn check_finite<T: Real, const NV: usize>(spec: &SweepSpec<'_, T>, x: &[Lanes<T, LANES>; NV], idx: &[usize; LANES], k: usize) -> Result<()> {
    for (v, lanes) in x.iter().enumerate() {
        for (l, &val) in lanes.0.iter().enumerate() {
            if !val.is_finite() {
                let info = spec.kind.info();
                return Err(Error::NonFinite(format!(
                    "{} neuron {} of the sweep: {} became {} by step {} (t = {}); check its parameters, input and h",
                    info.name,
                    idx[l],
                    info.vars[v].name,
                    val,
                    k + 1,
                    (k + 1) as f64 * spec.h.to_f64()
                )));
            }
        }
    }
    Ok(())
}

fn assemble<T: Real>(spec: &SweepSpec<'_, T>, nv: usize, outs: Vec<GroupOut<T>>) -> SweepOutput<T> {
    let n = spec.n;
    let n_samples = spec.steps / spec.every;
    let mut o = SweepOutput {
        spike_counts: vec![0; n],
        first_spike: vec![f64::NAN; n],
        last_spike: vec![f64::NAN; n],
        final_state: vec![vec![T::ZERO; n]; nv],
        traces: vec![vec![T::ZERO; n * n_samples]; spec.record.len()],
        n_samples,
    };
    for (g, go) in outs.into_iter().enumerate() {
        for l in 0..LANES {
            let j = g * LANES + l;
            if j >= n {
                break;
            }
            o.spike_counts[j] = go.counts[l];
            o.first_spike[j] = go.first[l];
            o.last_spike[j] = go.last[l];
            for v in 0..nv {
                o.final_state[v][j] = go.state[v][l];
            }
            for (dst, src) in o.traces.iter_mut().zip(&go.traces) {
                dst[j * n_samples..(j + 1) * n_samples].copy_from_slice(&src[l * n_samples..(l + 1) * n_samples]);
            }
        }
    }
    o
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::single::{self, Input, RunSpec};

    fn hh_spec(n: usize, threads: usize) -> SweepSpec<'static, f64> {
        let info = NeunKind::HH.info();
        let mut params: Vec<Vec<f64>> = info.params.iter().map(|p| vec![p.default; n]).collect();
        for j in 0..n {
            params[4][j] = (50.0 + 150.0 * j as f64 / n as f64) * 7.854e-3;
        }
        SweepSpec {
            kind: NeunKind::HH,
            integ: IntegratorKind::RK4,
            n,
            params,
            init: info.vars.iter().map(|v| vec![v.init; n]).collect(),
            input: SweepInput::Const(0.1),
            h: 0.01,
            steps: 3000,
            spike: (0, 0.0),
            spike_threshold_param: None,
            record: vec![0],
            every: 10,
            threads,
        }
    }

    #[test]
    fn identical_for_one_and_two_threads_and_equal_to_single_runs() {
        let a = sweep(&hh_spec(21, 1), &Control::default()).unwrap();
        let b = sweep(&hh_spec(21, 2), &Control::default()).unwrap();
        assert_eq!(a.spike_counts, b.spike_counts);
        assert_eq!(a.traces, b.traces);
        assert_eq!(a.final_state, b.final_state);
        // Neuron 13 alone through the single-neuron path: bit-identical.
        let spec = hh_spec(21, 1);
        let mut buf = single::default_buffer::<f64>(NeunKind::HH);
        buf[4 + 4] = spec.params[4][13];
        let rs = RunSpec { steps: 3000, h: 0.01, input: Input::Const(0.1), record: &[0], every: 10, spike: Some((0, 0.0)) };
        let r = single::run(NeunKind::HH, IntegratorKind::RK4, &mut buf, &rs).unwrap();
        assert_eq!(&a.traces[0][13 * 300..14 * 300], &r.traces[0][..]);
        assert_eq!(a.spike_counts[13] as usize, r.spike_times.len());
    }

    #[test]
    fn cancellation_aborts() {
        let c = Control::default();
        c.cancel.store(true, Ordering::Relaxed);
        assert_eq!(sweep(&hh_spec(8, 1), &c).unwrap_err(), Error::Aborted);
    }
}
