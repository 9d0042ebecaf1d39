//! BrainPy-style networks: neuron populations and Poisson sources joined by
//! projections (brainpy.state's `AlignPostProj` and `align_pre_projection`
//! with `Expon`/`DualExpon`/`Alpha`/`AMPA`/`GABAa` synapses and `COBA`/`CUBA`
//! outputs), and `PoissonInput`s, run as one rollout.
//!
//! One step at time `t = t0 + k·dt`, in the order of brainpy's E/I tutorial
//! (`spk = N.get_spike(); proj(spk); N(inp)`):
//! 1. Poisson source populations draw this step's spikes
//!    (`rand ≤ 1 − e^{−rate·dt}`, brainpy.state's `PoissonSpike`).
//! 2. Every projection takes its presynaptic spikes (a neuron population's
//!    spike output of the previous step, a Poisson source's of this step),
//!    pushes them into its delay ring buffer and reads the ones sent `delay`
//!    steps ago. Post-aligned projections add their weights to the delta
//!    input of the synapse state of each target; pre-aligned ones step their
//!    presynaptic synapse states with the spikes and form the target
//!    conductance `Σ_j w_ij·g_j`.
//! 3. `PoissonInput`s add `count·weight` to their target neurons' variable
//!    (brainpy's `poisson_input`: Binomial(num_input, p) counts, or the
//!    rounded normal approximation when `num_input·p > 5` and
//!    `num_input·(1−p) > 5`).
//! 4. Every neuron population runs its before-update hooks (each
//!    post-aligned synapse steps: decay, then its delta input) and then its
//!    own update with the current `I(V) = input + Σ out(g, V)`, where
//!    `COBA` gives `g·(E − V)` (with `−g` in the exp-Euler Jacobian) and
//!    `CUBA` gives `g·scale`.
//!
//! Randomness (Poisson sources and inputs) comes from one stream per
//! (generator, neuron) derived with [`crate::rng::Stream`], so results are
//! bit-identical for any thread count.

pub mod connect;
pub mod proj_ext;

use std::sync::atomic::Ordering;

use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::models::brainpy::synapses::expon::{self, Expon};
use crate::models::brainpy::synapses::{Syn, MAX_SYN_VARS};
use crate::lanes::{Lanes, Num};
use crate::models::brainpy::{BpKind, BpModel, Ctx, Group, LANES};
use crate::real::Real;
use crate::rng::Stream;
use crate::sweep::Control;
use crate::with_bp_model;
use connect::Csr;
pub use proj_ext::{ProjExt, ProjKind};

/// The current input of a neuron population.
#[derive(Clone, Debug, PartialEq)]
pub enum PopInput {
    /// The same value for every neuron at every step.
    Const(f64),
    /// One value per neuron, constant in time.
    PerNeuron(Vec<f64>),
}

/// A population of one BrainPy-style neuron model.
#[derive(Clone, Debug)]
pub struct NeuronPop {
    /// Model.
    pub kind: BpKind,
    /// Neurons.
    pub n: usize,
    /// Parameters `[k*n + i]`.
    pub params: Vec<f64>,
    /// State `[v*n + i]` (initial; receives the final state).
    pub state: Vec<f64>,
    /// `spk_reset == 'soft'`.
    pub soft: bool,
    /// Spike output of the previous step (initially that of the initial state, as `get_spike()`).
    pub spike: Vec<f64>,
    /// Background current, model input unit.
    pub input: PopInput,
    /// Neurons whose variable `record_var` is recorded every step.
    pub record: Vec<u32>,
    /// Variable recorded (index into the model's variables; usually 0 = V).
    pub record_var: usize,
}

/// A population.
#[derive(Clone, Debug)]
pub enum Pop {
    /// Neurons.
    Neuron(NeuronPop),
    /// Independent Poisson spike sources (brainpy.state `PoissonSpike`).
    Poisson {
        /// Sources.
        n: usize,
        /// Rate of each source (one value, or one per source), Hz.
        rates: Vec<f64>,
        /// Seed of the sources' streams.
        seed: u64,
    },
}

impl Pop {
    /// Size.
    pub fn n(&self) -> usize {
        match self {
            Pop::Neuron(p) => p.n,
            Pop::Poisson { n, .. } => *n,
        }
    }
}

/// A synaptic output.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Out {
    /// `g·(E − V)`, `E` in mV.
    COBA {
        /// Reversal potential, mV.
        e: f64,
    },
    /// `g·scale`.
    CUBA {
        /// Conversion factor to the post model's input unit.
        scale: f64,
    },
    /// `g·(E − V)/(1 + cc_Mg/beta·e^{alpha(V_offset − V)})` (see [`proj_ext`]).
    MgBlock(proj_ext::MgOut),
}

/// A projection.
#[derive(Clone, Debug)]
pub struct Proj {
    /// Presynaptic population.
    pub pre: usize,
    /// First presynaptic neuron: the projection reads neurons
    /// `pre_offset..pre_offset + csr.n_pre` of `pre` (brainpy's `spk[a:b]`).
    pub pre_offset: usize,
    /// Postsynaptic population (a neuron population).
    pub post: usize,
    /// Connectivity.
    pub csr: Csr,
    /// One weight for all synapses (`len 1`) or one per synapse in CSR order.
    pub weights: Vec<f64>,
    /// Delay, steps.
    pub delay: usize,
    /// Synapse model.
    pub syn: Syn,
    /// Synapse state per presynaptic neuron (`align_pre_projection`) instead
    /// of per postsynaptic neuron (`AlignPostProj`).
    pub align_pre: bool,
    /// Output.
    pub out: Out,
    /// Fractional delays, STP, CurrentProj/DeltaProj ([`proj_ext`]).
    pub ext: ProjExt,
}

/// brainpy.state's `PoissonInput`: `num_input` independent Poisson inputs
/// at `freq` onto each target neuron, each adding `weight` to its variable.
#[derive(Clone, Debug)]
pub struct PoissonInput {
    /// Target neuron population.
    pub target: usize,
    /// Target neurons (all if `None`).
    pub indices: Option<Vec<u32>>,
    /// Inputs per target neuron.
    pub num_input: u64,
    /// Rate of each input, Hz.
    pub freq: f64,
    /// Increment per input spike, in the target variable's unit.
    pub weight: f64,
    /// Target variable (index into the model's variables; 0 = V).
    pub var: usize,
    /// Seed.
    pub seed: u64,
}

/// A network rollout.
#[derive(Clone, Debug)]
pub struct NetSpec {
    /// Populations.
    pub pops: Vec<Pop>,
    /// Projections.
    pub projs: Vec<Proj>,
    /// Poisson inputs.
    pub inputs: Vec<PoissonInput>,
    /// Step, ms.
    pub dt: f64,
    /// Time of the first step, ms.
    pub t0: f64,
    /// Steps.
    pub steps: usize,
    /// Record spikes as (step, neuron) lists.
    pub record_spikes: bool,
    /// Worker threads for the neuron updates of large populations (results
    /// do not depend on it: every neuron's arithmetic is the same and spike
    /// lists are merged in neuron order).
    pub threads: usize,
}

/// What one chunk of a population update returns: the neurons that fired and the first non-finite (neuron, variable).
type ChunkOut = (Vec<u32>, Option<(usize, usize)>);

/// Smallest population whose update may be split across threads.
const PAR_MIN: usize = 2048;

/// Steps timed each way (on the calling thread, split across threads) before
/// a population's update settles on the faster.
const SPLIT_PROBE_STEPS: usize = 16;

/// Whether a population's per-step update is split across the pool's
/// threads. A split step pays a fork-join (waking the workers and waiting
/// for them, tens of µs on small virtual machines), which only a large or
/// costly population earns back; the run times its first steps both ways
/// ([`SPLIT_PROBE_STEPS`] on the calling thread, then as many split: in a
/// row, as the workers then stay awake from one step to the next) and keeps
/// the faster (by median). Results are bit-identical either way.
enum Split {
    /// Timing both ways: nanoseconds per step on the calling thread and split.
    Probe(Vec<u64>, Vec<u64>),
    /// On the calling thread.
    Serial,
    /// Split across the pool.
    Parallel,
}

impl Split {
    /// The way for the population's next step: `true` to split.
    fn next_parallel(&self) -> bool {
        match self {
            Split::Probe(serial, _) => serial.len() >= SPLIT_PROBE_STEPS,
            Split::Serial => false,
            Split::Parallel => true,
        }
    }

    /// Records a probed step's time, then settles once both ways are timed.
    fn record(&mut self, parallel: bool, ns: u64) {
        let Split::Probe(serial, par) = self else { return };
        if parallel {
            par.push(ns);
        } else {
            serial.push(ns);
        }
        if serial.len() >= SPLIT_PROBE_STEPS && par.len() >= SPLIT_PROBE_STEPS {
            let median = |v: &mut Vec<u64>| {
                v.sort_unstable();
                v[v.len() / 2]
            };
            *self = if median(par) < median(serial) { Split::Parallel } else { Split::Serial };
        }
    }
}

struct SyncPtr<T>(*mut T);
unsafe impl<T> Sync for SyncPtr<T> {}
unsafe impl<T> Send for SyncPtr<T> {}
impl<T: Copy> SyncPtr<T> {
    /// # Safety
    /// `idx` in bounds and written by no other thread.
    unsafe fn read(&self, idx: usize) -> T {
        *self.0.add(idx)
    }
}

/// What one population produced.
#[derive(Clone, Debug, Default)]
pub struct PopOutput {
    /// Step index of every spike (time order, then neuron order).
    pub spike_steps: Vec<u32>,
    /// Neuron index of every spike.
    pub spike_neurons: Vec<u32>,
    /// Spikes per step.
    pub counts_per_step: Vec<u32>,
    /// Spikes per neuron.
    pub counts: Vec<u32>,
    /// Recorded trace, time-major `[k*nrec + r]`.
    pub trace: Vec<f64>,
}

/// Checks a network: indices, sizes, weights, parameters.
pub fn validate(spec: &NetSpec) -> Result<()> {
    if !(spec.dt.is_finite() && spec.dt > 0.0) {
        return Err(Error::Range(format!("dt must be finite and > 0 ms, got {}", spec.dt)));
    }
    for (q, p) in spec.pops.iter().enumerate() {
        match p {
            Pop::Neuron(np) => {
                crate::brainpy_run::validate(np.kind, &np.params, np.n)?;
                let nv = np.kind.info().model.vars.len();
                if np.state.len() != nv * np.n || np.spike.len() != np.n {
                    return Err(Error::Type(format!("population {q}: state does not match {} neurons", np.n)));
                }
                if let PopInput::PerNeuron(v) = &np.input {
                    if v.len() != np.n {
                        return Err(Error::Type(format!("population {q}: input has {} values for {} neurons", v.len(), np.n)));
                    }
                }
                if np.record_var >= nv {
                    return Err(Error::Type(format!("population {q}: cannot record variable {}", np.record_var)));
                }
                if let Some(&r) = np.record.iter().find(|&&r| r as usize >= np.n) {
                    return Err(Error::Range(format!("population {q}: recorded neuron {r} is out of range 0..{}", np.n)));
                }
            }
            Pop::Poisson { n, rates, .. } => {
                if *n == 0 || (rates.len() != 1 && rates.len() != *n) {
                    return Err(Error::Type(format!("population {q}: Poisson rates need one value or one per source ({n})")));
                }
                if let Some(r) = rates.iter().find(|r| !(r.is_finite() && **r >= 0.0)) {
                    return Err(Error::Range(format!("population {q}: Poisson rate must be finite and >= 0 Hz, got {r}")));
                }
            }
        }
    }
    for (k, pr) in spec.projs.iter().enumerate() {
        let (Some(pre), Some(post)) = (spec.pops.get(pr.pre), spec.pops.get(pr.post)) else {
            return Err(Error::Type(format!("projection {k}: unknown population")));
        };
        if !matches!(post, Pop::Neuron(_)) {
            return Err(Error::Type(format!("projection {k}: the postsynaptic population must be neurons")));
        }
        if pr.pre_offset + pr.csr.n_pre > pre.n() || pr.csr.n_post != post.n() {
            return Err(Error::Type(format!(
                "projection {k}: connectivity is {}x{} (from presynaptic neuron {}) but pre has {} and post {} neurons",
                pr.csr.n_pre,
                pr.pre_offset,
                pr.csr.n_post,
                pre.n(),
                post.n()
            )));
        }
        if pr.weights.len() != 1 && pr.weights.len() != pr.csr.nnz() {
            return Err(Error::Type(format!("projection {k}: {} weights for {} synapses", pr.weights.len(), pr.csr.nnz())));
        }
        if let Some(w) = pr.weights.iter().find(|w| !w.is_finite()) {
            return Err(Error::Range(format!("projection {k}: weights must be finite, got {w}")));
        }
        pr.syn.validate()?;
        if !pr.align_pre && !pr.syn.align_post() {
            return Err(Error::Type(format!(
                "projection {k}: {} is not an AlignPost synapse (its state depends on each presynaptic spike train); use align_pre_projection",
                pr.syn.name()
            )));
        }
        match pr.out {
            Out::COBA { e } if !e.is_finite() => return Err(Error::Range(format!("projection {k}: COBA E must be finite"))),
            Out::CUBA { scale } if !scale.is_finite() => return Err(Error::Range(format!("projection {k}: CUBA scale must be finite"))),
            _ => {}
        }
    }
    proj_ext::validate(spec)?;
    for (k, inp) in spec.inputs.iter().enumerate() {
        let Some(Pop::Neuron(np)) = spec.pops.get(inp.target) else {
            return Err(Error::Type(format!("PoissonInput {k}: the target must be a neuron population")));
        };
        if inp.var >= np.kind.info().model.vars.len() {
            return Err(Error::Type(format!("PoissonInput {k}: unknown target variable")));
        }
        if let Some(ix) = &inp.indices {
            if let Some(&r) = ix.iter().find(|&&r| r as usize >= np.n) {
                return Err(Error::Range(format!("PoissonInput {k}: index {r} out of range 0..{}", np.n)));
            }
        }
        if !(inp.freq.is_finite() && inp.freq >= 0.0 && inp.weight.is_finite()) {
            return Err(Error::Range(format!("PoissonInput {k}: freq must be >= 0 Hz and weight finite")));
        }
    }
    Ok(())
}

/// Binomial(n, p) by inversion of the CDF (used where the mean is ≤ 5).
fn binomial_small(rng: &mut Stream, n: u64, p: f64) -> f64 {
    if p <= 0.0 || n == 0 {
        return 0.0;
    }
    let q = 1.0 - p;
    let mut pk = q.powf(n as f64);
    let mut cdf = pk;
    let u = rng.uniform();
    let mut k = 0u64;
    while u > cdf && k < n {
        pk *= (n - k) as f64 / (k + 1) as f64 * (p / q);
        k += 1;
        cdf += pk;
        if pk == 0.0 && cdf < u {
            break;
        }
    }
    k as f64
}

/// brainpy's Poisson-input count: normal approximation (rounded, ≥ 0) when
/// `n·p > 5` and `n·(1−p) > 5`, else an exact binomial draw.
fn poisson_count(rng: &mut Stream, n: u64, p: f64) -> f64 {
    let a = n as f64 * p;
    let b = n as f64 * (1.0 - p);
    if a > 5.0 && b > 5.0 {
        (a + (b * p).sqrt() * rng.normal()).round().max(0.0)
    } else if a <= 5.0 {
        binomial_small(rng, n, p)
    } else {
        n as f64 - binomial_small(rng, n, 1.0 - p)
    }
}

struct ProjState<T> {
    /// Ring buffer of spike lists, `delay + 1` slots.
    ring: Vec<Vec<u32>>,
    /// Synapse state `[v*m + i]`, m = n_post (post-aligned) or n_pre (pre-aligned).
    syn: Vec<T>,
    /// Delta input per post neuron (post-aligned) / spike flags per pre neuron (pre-aligned).
    x: Vec<T>,
    /// Conductance output per post neuron.
    g: Vec<T>,
    /// Conductance output per presynaptic element (pre-aligned).
    gpre: Vec<T>,
    /// Weights in the run's precision.
    w: Vec<T>,
}

/// The parameters `[k*n + i]` of `n` neurons, one value each, if every
/// neuron has bit for bit the same.
fn homogeneous_params(params: &[f64], n: usize) -> Option<Vec<f64>> {
    let per_param = params.chunks_exact(n.max(1));
    let same = per_param.clone().all(|c| c.iter().all(|x| x.to_bits() == c[0].to_bits()));
    (n > 0 && same).then(|| per_param.map(|c| c[0]).collect())
}

/// A neuron population's buffers in the run's precision.
struct NeuronBufs<T> {
    /// Parameters `[k*n + i]`.
    params: Vec<T>,
    /// State `[v*n + i]`.
    state: Vec<T>,
    /// Background current: one value, or one per neuron.
    input: Vec<T>,
    /// The parameters (one value each) when every neuron has the same.
    homogeneous: Option<Vec<T>>,
}

/// Runs a network in float64 for `spec.steps` steps; neuron populations'
/// `state` and `spike` receive the final values. Stops with
/// [`Error::NonFinite`] naming the model, population, neuron and time, or
/// [`Error::Aborted`].
pub fn run(spec: &mut NetSpec, control: &Control) -> Result<Vec<PopOutput>> {
    run_in::<f64>(spec, control)
}

/// [`run`] in float32: neuron parameters and states, synapse states, weights
/// and conductances are rounded to f32 once at the start and every neuron
/// and `Expon` synapse update computes in f32 (the other synapse models step
/// in f64 from their f32 state, which is rounded back after each step).
/// Poisson probabilities and counts are drawn as in float64. `state` receives
/// the final f32 values, widened exactly; recorded traces likewise.
pub fn run_f32(spec: &mut NetSpec, control: &Control) -> Result<Vec<PopOutput>> {
    run_in::<f32>(spec, control)
}

/// `LANES` values of `a` from `base + i0`: contiguous for a full group; the
/// missing lanes of a partial group (`g < LANES`) repeat its last neuron.
#[inline(always)]
fn load<T: Real>(a: &[T], base: usize, i0: usize, g: usize) -> Group<T> {
    if g == LANES {
        let mut l = [T::ZERO; LANES];
        l.copy_from_slice(&a[base + i0..base + i0 + LANES]);
        Lanes(l)
    } else {
        Lanes(std::array::from_fn(|j| a[base + i0 + j.min(g - 1)]))
    }
}

/// A post-aligned `Expon` synapse population (one element per neuron of its
/// target) with a COBA or CUBA output whose step runs inside the target's
/// neuron update, group by group: decay and delta input
/// ([`expon::decay_step`]), then the output sums in projection order, the
/// same operations per neuron as the separate passes (which need the
/// `off`/`gs` buffers and four more memory sweeps per step).
struct FusedSyn<T> {
    /// Synapse state `g` per postsynaptic neuron.
    syn: SyncPtr<T>,
    /// Delta input per postsynaptic neuron; read and reset to 0 by the
    /// update (so the next step's delivery starts from zeros).
    x: SyncPtr<T>,
    /// [`Expon::decay_coefficient`].
    a: T,
    /// Decay time constant, ms.
    tau: T,
    /// COBA: reversal potential `E` (adds `g·E` to the offset and `g` to the
    /// conductance); CUBA: the scale (adds `g·scale` to the offset).
    out: T,
    /// COBA (else CUBA).
    coba: bool,
}

/// `LANES` values from `ptr + base`: contiguous for a full group; lanes past
/// `g` repeat the last.
///
/// # Safety
/// `base .. base + g` in bounds and written by no other thread.
#[inline(always)]
unsafe fn load_raw<T: Real>(ptr: &SyncPtr<T>, base: usize, g: usize) -> Group<T> {
    if g == LANES {
        let mut l = Lanes([T::ZERO; LANES]);
        std::ptr::copy_nonoverlapping(ptr.0.add(base) as *const T, l.0.as_mut_ptr(), LANES);
        l
    } else {
        Lanes(std::array::from_fn(|j| ptr.read(base + j.min(g - 1))))
    }
}

/// Stores the first `g` lanes of `l` at `ptr + base`.
///
/// # Safety
/// As [`load_raw`].
#[inline(always)]
unsafe fn store_raw<T: Real>(ptr: &SyncPtr<T>, base: usize, g: usize, l: &Group<T>) {
    // A constant length for full groups (a vector store, not a memmove call).
    let len = if g == LANES { LANES } else { g };
    std::ptr::copy_nonoverlapping(l.0.as_ptr(), ptr.0.add(base), len);
}

/// What the neuron update of one population and step reads.
struct NeuronStep<'a, T> {
    n: usize,
    npar: usize,
    nv: usize,
    /// Parameters `[k*n + i]`.
    params: &'a [T],
    /// The parameters (one value each) when every neuron has the same.
    homogeneous: Option<&'a [T]>,
    /// State `[v*n + i]`, written by the chunk owning neuron `i`.
    state: &'a SyncPtr<T>,
    /// Background current (one value or one per neuron).
    input: &'a [T],
    /// The population's synapses stepped inside its update (see
    /// [`FusedSyn`]); `None`: the inputs are `off` and `gs`.
    fused: Option<&'a [FusedSyn<T>]>,
    /// Conductance-input offset Σ g·E (+ CUBA) per neuron.
    off: &'a [T],
    /// Conductance Σ g per neuron.
    gs: &'a [T],
    /// Delta input per neuron (empty: none).
    delta: &'a [T],
    t: T,
    dt: T,
    soft: bool,
}

/// Updates neurons `lo..hi` of a population in SIMD groups of [`LANES`]
/// (one function per model, so each is optimised on its own); appends the
/// neurons that fired (ascending) to `fired` and returns the first
/// non-finite (neuron, variable).
#[inline(never)]
#[allow(clippy::needless_range_loop)]
fn update_range<T: Real, M: BpModel>(nb: &NeuronStep<'_, T>, lo: usize, hi: usize, fired: &mut Vec<u32>) -> Option<(usize, usize)> {
    // Compile-time constants of the model (lets the compiler keep the
    // group's parameters and state in registers).
    let (n, npar, nv) = (nb.n, M::INFO.model.params.len(), M::INFO.model.vars.len());
    debug_assert_eq!((npar, nv), (nb.npar, nb.nv));
    let zero = Group::<T>::splat(T::ZERO);
    // Parameters of a group: one splat per parameter for the whole range when
    // they are the same for every neuron, else loaded per group.
    let mut hom = [zero; crate::brainpy_run::MAX_PARAMS];
    if let Some(h) = nb.homogeneous {
        for k in 0..npar {
            hom[k] = Group::<T>::splat(h[k]);
        }
    }
    let params_of = |i0: usize, g: usize| {
        let mut p = hom;
        if nb.homogeneous.is_none() {
            for k in 0..npar {
                p[k] = load(nb.params, k * n, i0, g);
            }
        }
        p
    };
    let mut bad = None;
    let mut i0 = lo;
    while i0 + LANES <= hi {
        update_group::<T, M>(nb, &params_of(i0, LANES)[..npar], i0, LANES, fired, &mut bad);
        i0 += LANES;
    }
    if i0 < hi {
        update_group::<T, M>(nb, &params_of(i0, hi - i0)[..npar], i0, hi - i0, fired, &mut bad);
    }
    bad
}

/// One group of [`update_range`]: neurons `i0..i0 + g` (`g ≤ LANES`) with
/// parameters `p`.
#[inline(always)]
fn update_group<T: Real, M: BpModel>(nb: &NeuronStep<'_, T>, p: &[Group<T>], i0: usize, g: usize, fired: &mut Vec<u32>, bad: &mut Option<(usize, usize)>) {
    let (n, nv) = (nb.n, M::INFO.model.vars.len());
    let state_ptr = nb.state;
    let zero = Group::<T>::splat(T::ZERO);
    let mut s = [zero; crate::brainpy_run::MAX_VARS];
    // SAFETY (every raw access below): the state and synapse elements of
    // neurons i0..i0+g belong to this chunk only.
    for v in 0..nv {
        s[v] = unsafe { load_raw(state_ptr, v * n + i0, g) };
    }
    let (off, gs) = match nb.fused {
        None => (load(nb.off, 0, i0, g), load(nb.gs, 0, i0, g)),
        Some(fused) => {
            // The separate passes start from zeroed sums.
            let (mut off, mut gs) = (zero, zero);
            for f in fused {
                let (syn, x) = unsafe { (load_raw(&f.syn, i0, g), load_raw(&f.x, i0, g)) };
                let v = expon::decay_step(syn, Group::<T>::splat(f.a), Group::<T>::splat(f.tau), x);
                unsafe {
                    store_raw(&f.syn, i0, g, &v);
                    store_raw(&f.x, i0, g, &zero);
                }
                off = off + v * Group::<T>::splat(f.out);
                if f.coba {
                    gs = gs + v;
                }
            }
            (off, gs)
        }
    };
    let x = if nb.input.len() == 1 { Group::<T>::splat(nb.input[0]) } else { load(nb.input, 0, i0, g) };
    let delta = if nb.delta.is_empty() { zero } else { load(nb.delta, 0, i0, g) };
    let c = Ctx { t: Group::<T>::splat(nb.t), dt: Group::<T>::splat(nb.dt), i: x + off, gi: gs, delta, soft: nb.soft };
    let spk = M::step_lanes(p, &mut s[..nv], &c);
    // 0·x is NaN exactly where x is NaN or infinite.
    let mut probe = zero;
    for v in 0..nv {
        probe = probe + s[v] * zero;
    }
    for v in 0..nv {
        unsafe { store_raw(state_ptr, v * n + i0, g, &s[v]) };
    }
    let valid = u64::MAX >> (64 - g);
    let nonfinite = probe.nan_mask() & valid;
    if nonfinite != 0 && bad.is_none() {
        let j = nonfinite.trailing_zeros() as usize;
        *bad = Some((i0 + j, (0..nv).find(|&v| !s[v].0[j].is_finite()).unwrap_or(0)));
    }
    let mut mask = zero.lt_mask(spk) & valid;
    while mask != 0 {
        fired.push((i0 + mask.trailing_zeros() as usize) as u32);
        mask &= mask - 1;
    }
}

#[allow(clippy::needless_range_loop)]
fn run_in<T: Real>(spec: &mut NetSpec, control: &Control) -> Result<Vec<PopOutput>> {
    validate(spec)?;
    let (dt, steps) = (spec.dt, spec.steps);
    let dt_t = T::c(dt);
    let npops = spec.pops.len();
    let mut outs: Vec<PopOutput> = spec
        .pops
        .iter()
        .map(|p| PopOutput {
            counts: vec![0; p.n()],
            counts_per_step: vec![0; steps],
            trace: match p {
                Pop::Neuron(np) => Vec::with_capacity(np.record.len() * steps),
                _ => Vec::new(),
            },
            ..Default::default()
        })
        .collect();
    let mut ps: Vec<ProjState<T>> = spec
        .projs
        .iter()
        .map(|pr| {
            let m = if pr.align_pre { pr.csr.n_pre } else { pr.csr.n_post };
            let nv = pr.syn.vars().len();
            let init = pr.syn.init();
            let mut syn = vec![T::ZERO; nv * m];
            for v in 0..nv {
                syn[v * m..(v + 1) * m].fill(T::c(init[v]));
            }
            let gpre = if pr.align_pre { vec![T::ZERO; m] } else { Vec::new() };
            let w = pr.weights.iter().map(|&w| T::c(w)).collect();
            ProjState { ring: vec![Vec::new(); pr.delay + 1], syn, x: vec![T::ZERO; m], g: vec![T::ZERO; pr.csr.n_post], gpre, w }
        })
        .collect();
    // Streams of Poisson sources and inputs: per (generator, neuron).
    let mut src_rng: Vec<Vec<Stream>> = spec
        .pops
        .iter()
        .map(|p| match p {
            Pop::Poisson { n, seed, .. } => (0..*n).map(|i| Stream::new(*seed, i as u64)).collect(),
            _ => Vec::new(),
        })
        .collect();
    let mut inp_rng: Vec<Vec<Stream>> = spec
        .inputs
        .iter()
        .map(|inp| {
            let n = spec.pops[inp.target].n();
            (0..n).map(|i| Stream::new(inp.seed ^ 0x9E37_79B9_7F4A_7C15, i as u64)).collect()
        })
        .collect();
    let pool = if spec.threads > 1 && spec.pops.iter().any(|p| matches!(p, Pop::Neuron(np) if np.n >= PAR_MIN)) {
        Some(crate::pool::pool(spec.threads)?)
    } else {
        None
    };
    let mut split: Vec<Split> = spec
        .pops
        .iter()
        .map(|p| match p {
            Pop::Neuron(np) if pool.is_some() && np.n >= PAR_MIN => Split::Probe(Vec::new(), Vec::new()),
            _ => Split::Serial,
        })
        .collect();
    let mut bufs: Vec<Option<NeuronBufs<T>>> = spec
        .pops
        .iter()
        .map(|p| match p {
            Pop::Neuron(np) => Some(NeuronBufs {
                homogeneous: homogeneous_params(&np.params, np.n).map(|h| h.into_iter().map(T::c).collect()),
                params: np.params.iter().map(|&x| T::c(x)).collect(),
                state: np.state.iter().map(|&x| T::c(x)).collect(),
                input: match &np.input {
                    PopInput::Const(c) => vec![T::c(*c)],
                    PopInput::PerNeuron(a) => a.iter().map(|&x| T::c(x)).collect(),
                },
            }),
            _ => None,
        })
        .collect();
    // This step's spike lists of every population; a neuron population's
    // list is its spike output of the previous step (initially get_spike()
    // of the initial state).
    let mut fired: Vec<Vec<u32>> = spec
        .pops
        .iter()
        .map(|p| match p {
            Pop::Neuron(np) => (0..np.n as u32).filter(|&i| np.spike[i as usize] != 0.0).collect(),
            _ => Vec::new(),
        })
        .collect();
    // Per-population accumulated conductance inputs: offset Σ g·E (+ CUBA) and Σ g.
    let mut ext = proj_ext::Runtime::<T>::new(spec);
    // Populations whose every incoming synapse is a plain post-aligned
    // `Expon` with a COBA/CUBA output step those synapses inside their
    // neuron update ([`FusedSyn`]); the others use the separate passes and
    // the per-population sums below.
    let fused_pop: Vec<bool> = (0..npops)
        .map(|q| {
            matches!(spec.pops[q], Pop::Neuron(_))
                && ext.current[q].is_empty()
                && spec.projs.iter().filter(|pr| pr.post == q && pr.ext.kind != ProjKind::Delta).all(|pr| {
                    pr.ext.kind == ProjKind::Synaptic
                        && !pr.ext.active()
                        && !pr.align_pre
                        && matches!(pr.syn, Syn::Expon(_))
                        && matches!(pr.out, Out::COBA { .. } | Out::CUBA { .. })
                })
        })
        .collect();
    // Delta inputs that the fused update resets to 0 after reading them.
    let x_reset_by_update: Vec<bool> = spec.projs.iter().map(|pr| fused_pop[pr.post] && pr.ext.kind == ProjKind::Synaptic).collect();
    let mut fused_buf: Vec<FusedSyn<T>> = Vec::new();
    let sums_len = |q: usize| if fused_pop[q] { 0 } else { spec.pops[q].n() };
    let mut offs: Vec<Vec<T>> = (0..npops).map(|q| vec![T::ZERO; sums_len(q)]).collect();
    let mut gsum: Vec<Vec<T>> = (0..npops).map(|q| vec![T::ZERO; sums_len(q)]).collect();

    for k in 0..steps {
        if k % 64 == 0 && control.cancel.load(Ordering::Relaxed) {
            return Err(Error::Aborted);
        }
        let t = spec.t0 + k as f64 * dt;
        let t_t = T::c(spec.t0) + T::c(k as f64) * dt_t;
        // 1. Presynaptic spikes: neurons' previous output (already in
        //    `fired`), Poisson sources now.
        for (q, p) in spec.pops.iter().enumerate() {
            let Pop::Poisson { n, rates, .. } = p else { continue };
            let f = &mut fired[q];
            f.clear();
            for i in 0..*n {
                let r = if rates.len() == 1 { rates[0] } else { rates[i] };
                let prob = -(-r * dt * 1e-3).exp_m1();
                if src_rng[q][i].uniform() <= prob && r > 0.0 {
                    f.push(i as u32);
                }
            }
            let o = &mut outs[q];
            o.counts_per_step[k] = f.len() as u32;
            for &i in f.iter() {
                o.counts[i as usize] += 1;
                if spec.record_spikes {
                    o.spike_steps.push(k as u32);
                    o.spike_neurons.push(i);
                }
            }
        }
        // 2. Projections: event-driven delivery along CSR rows.
        for ((pr, st), &x_is_zero) in spec.projs.iter().zip(ps.iter_mut()).zip(&x_reset_by_update) {
            if pr.ext.active() {
                continue; // delivered by proj_ext below
            }
            let d1 = pr.delay + 1;
            let slot = k % d1;
            st.ring[slot].clear();
            let (lo, hi) = (pr.pre_offset as u32, (pr.pre_offset + pr.csr.n_pre) as u32);
            if lo == 0 && hi as usize == spec.pops[pr.pre].n() {
                st.ring[slot].extend_from_slice(&fired[pr.pre]);
            } else {
                st.ring[slot].extend(fired[pr.pre].iter().filter(|&&j| j >= lo && j < hi).map(|&j| j - lo));
            }
            let arrived = &st.ring[(k + d1 - pr.delay) % d1];
            let (indptr, indices) = (&pr.csr.indptr, &pr.csr.indices);
            if !pr.align_pre {
                if !x_is_zero {
                    st.x.fill(T::ZERO);
                }
                for &j in arrived {
                    let (a, b) = (indptr[j as usize], indptr[j as usize + 1]);
                    if st.w.len() == 1 {
                        let w = st.w[0];
                        for &i in &indices[a..b] {
                            st.x[i as usize] += w;
                        }
                    } else {
                        for (&i, &w) in indices[a..b].iter().zip(&st.w[a..b]) {
                            st.x[i as usize] += w;
                        }
                    }
                }
            } else {
                // Pre-aligned: step every presynaptic synapse with its spike, then g_post = W^T g_pre.
                let m = pr.csr.n_pre;
                let nv = pr.syn.vars().len();
                st.x.fill(T::ZERO);
                for &j in arrived {
                    st.x[j as usize] = T::ONE;
                }
                for j in 0..m {
                    let mut s = [0.0; MAX_SYN_VARS];
                    for v in 0..nv {
                        s[v] = st.syn[v * m + j].to_f64();
                    }
                    st.gpre[j] = T::c(pr.syn.step(&mut s, st.x[j].to_f64(), t, dt));
                    for v in 0..nv {
                        st.syn[v * m + j] = T::c(s[v]);
                    }
                }
                st.g.fill(T::ZERO);
                for j in 0..m {
                    let gj = st.gpre[j];
                    if gj == T::ZERO {
                        continue;
                    }
                    for s in indptr[j]..indptr[j + 1] {
                        let w = if st.w.len() == 1 { st.w[0] } else { st.w[s] };
                        st.g[indices[s] as usize] += w * gj;
                    }
                }
            }
        }
        ext.deliver(spec, &mut ps, &bufs, &fired, k, t, dt);
        // 3. Poisson inputs onto neuron variables.
        for (inp, rngs) in spec.inputs.iter().zip(inp_rng.iter_mut()) {
            let b = bufs[inp.target].as_mut().expect("validated: a neuron population");
            let p = -(-inp.freq * dt * 1e-3).exp_m1();
            let n = spec.pops[inp.target].n();
            let base = inp.var * n;
            let w = T::c(inp.weight);
            let mut add = |i: usize| {
                let c = poisson_count(&mut rngs[i], inp.num_input, p);
                b.state[base + i] += T::c(c) * w;
            };
            match &inp.indices {
                Some(ix) => ix.iter().for_each(|&i| add(i as usize)),
                None => (0..n).for_each(add),
            }
        }
        // 4. Post-aligned synapses, outputs, neuron updates.
        for q in 0..npops {
            let Some(b) = bufs[q].as_mut() else { continue };
            let (off, gs) = (&mut offs[q], &mut gsum[q]);
            fused_buf.clear();
            if fused_pop[q] {
                for (pr, st) in spec.projs.iter().zip(ps.iter_mut()) {
                    let (true, ProjKind::Synaptic, Syn::Expon(e)) = (pr.post == q, pr.ext.kind, pr.syn) else { continue };
                    let (out, coba) = match pr.out {
                        Out::COBA { e } => (e, true),
                        Out::CUBA { scale } => (scale, false),
                        Out::MgBlock(_) => unreachable!("not fused"),
                    };
                    let tau = T::c(e.tau);
                    let a = Expon::decay_coefficient(tau, dt_t);
                    fused_buf.push(FusedSyn { syn: SyncPtr(st.syn.as_mut_ptr()), x: SyncPtr(st.x.as_mut_ptr()), a, tau, out: T::c(out), coba });
                }
            }
            let vp = if fused_pop[q] { Vec::new() } else { ext.eval_points(spec, q, &b.params, &b.state, t_t) };
            off.fill(T::ZERO);
            gs.fill(T::ZERO);
            for (pr, st) in spec.projs.iter().zip(ps.iter_mut()) {
                if fused_pop[q] || pr.post != q || matches!(pr.ext.kind, ProjKind::Delta | ProjKind::Gap) {
                    continue;
                }
                let syn_in_post = !pr.align_pre && pr.ext.kind == ProjKind::Synaptic;
                if let (true, Syn::Expon(e)) = (syn_in_post, pr.syn) {
                    // Hot path, bit-identical to Expon::step in float64: the
                    // exp-Euler coefficient dt·exprel(dt·J) is the same for
                    // every element.
                    let tau = T::c(e.tau);
                    let a = Expon::decay_coefficient(tau, dt_t);
                    if let Out::COBA { e } = pr.out {
                        // Decay, delta input and the COBA sums in one pass
                        // (the same operations as the two passes below).
                        let e = T::c(e);
                        let n = off.len();
                        let (syn, g, x) = (&mut st.syn[..n], &mut st.g[..n], &st.x[..n]);
                        let (off, gs) = (&mut off[..n], &mut gs[..n]);
                        for i in 0..n {
                            let v = expon::decay_step(syn[i], a, tau, x[i]);
                            syn[i] = v;
                            g[i] = v;
                            off[i] += v * e;
                            gs[i] += v;
                        }
                        continue;
                    }
                    for ((g, o), &x) in st.syn.iter_mut().zip(st.g.iter_mut()).zip(st.x.iter()) {
                        let v = expon::decay_step(*g, a, tau, x);
                        *g = v;
                        *o = v;
                    }
                } else if syn_in_post {
                    let m = pr.csr.n_post;
                    let nv = pr.syn.vars().len();
                    for i in 0..m {
                        let mut s = [0.0; MAX_SYN_VARS];
                        for v in 0..nv {
                            s[v] = st.syn[v * m + i].to_f64();
                        }
                        st.g[i] = T::c(pr.syn.step(&mut s, st.x[i].to_f64(), t, dt));
                        for v in 0..nv {
                            st.syn[v * m + i] = T::c(s[v]);
                        }
                    }
                }
                match pr.out {
                    Out::COBA { e } => {
                        let e = T::c(e);
                        for ((o, g), &gi) in off.iter_mut().zip(gs.iter_mut()).zip(st.g.iter()) {
                            *o += gi * e;
                            *g += gi;
                        }
                    }
                    Out::CUBA { scale } => {
                        let scale = T::c(scale);
                        for (o, &gi) in off.iter_mut().zip(st.g.iter()) {
                            *o += gi * scale;
                        }
                    }
                    Out::MgBlock(m) => proj_ext::add_mg_block(&m, &st.g, &vp, off, gs),
                }
            }
            if !fused_pop[q] {
                ext.add_currents(q, off);
            }
            let Pop::Neuron(np) = &spec.pops[q] else { unreachable!() };
            let info = np.kind.info();
            let (n, npar, nv) = (np.n, info.model.params.len(), info.model.vars.len());
            let o = &mut outs[q];
            let kind = np.kind;
            let soft = np.soft;
            let parallel = split[q].next_parallel();
            let probe_start = matches!(split[q], Split::Probe(..)).then(std::time::Instant::now);
            let chunk_n = if parallel { n.div_ceil(spec.threads).next_multiple_of(LANES) } else { n };
            let nchunks = n.div_ceil(chunk_n);
            let state_ptr = SyncPtr(b.state.as_mut_ptr());
            let (params, input) = (&b.params[..], &b.input[..]);
            let dl = &ext.delta[q][..];
            let (off, gs) = (&off[..], &gs[..]);
            let fused = fused_pop[q].then_some(&fused_buf[..]);
            let nb = NeuronStep { n, npar, nv, params, homogeneous: b.homogeneous.as_deref(), state: &state_ptr, input, fused, off, gs, delta: dl, t: t_t, dt: dt_t, soft };
            let f = &mut fired[q];
            f.clear();
            let bad = if nchunks == 1 {
                with_bp_model!(kind, M, update_range::<T, M>(&nb, 0, n, f))
            } else {
                let work = |ch: usize| -> ChunkOut {
                    let (lo, hi) = (ch * chunk_n, ((ch + 1) * chunk_n).min(n));
                    let mut fired_here = Vec::new();
                    let bad = with_bp_model!(kind, M, update_range::<T, M>(&nb, lo, hi, &mut fired_here));
                    (fired_here, bad)
                };
                let results: Vec<ChunkOut> = match &pool {
                    Some(pl) => pl.install(|| (0..nchunks).into_par_iter().map(work).collect()),
                    None => (0..nchunks).map(work).collect(),
                };
                let mut bad: Option<(usize, usize)> = None;
                for (fc, bc) in results {
                    if bad.is_none() {
                        bad = bc;
                    }
                    f.extend_from_slice(&fc);
                }
                bad
            };
            if let Some(t0) = probe_start {
                split[q].record(parallel, t0.elapsed().as_nanos() as u64);
            }
            o.counts_per_step[k] = f.len() as u32;
            for &i in f.iter() {
                o.counts[i as usize] += 1;
                if spec.record_spikes {
                    o.spike_steps.push(k as u32);
                    o.spike_neurons.push(i);
                }
            }
            if let Some((i, v)) = bad {
                return Err(Error::NonFinite(format!(
                    "{} (population {q}): state became non-finite at neuron {i}, t = {t} ms (step {k}): {} is not finite; check parameters, weights and dt",
                    info.model.name, info.model.vars[v].name
                )));
            }
            let rv = np.record_var;
            for &r in &np.record {
                o.trace.push(b.state[rv * n + r as usize].to_f64());
            }
        }
        control.progress.fetch_add(1, Ordering::Relaxed);
    }
    // Final states and spike outputs back into the spec.
    for (q, b) in bufs.into_iter().enumerate() {
        let (Pop::Neuron(np), Some(b)) = (&mut spec.pops[q], b) else { continue };
        for (d, x) in np.state.iter_mut().zip(&b.state) {
            *d = x.to_f64();
        }
        np.spike.fill(0.0);
        for &i in &fired[q] {
            np.spike[i as usize] = 1.0;
        }
    }
    Ok(outs)
}

#[cfg(test)]
mod tests {
    use super::connect::{build, Rule};
    use super::*;
    use crate::models::brainpy::synapses::expon::Expon;

    fn lifref(n: usize, v0: f64) -> NeuronPop {
        let k = BpKind::LIFRef;
        let mut params: Vec<f64> = k.info().model.params.iter().flat_map(|p| std::iter::repeat_n(p.default, n)).collect();
        for (name, x) in [("tau", 20.0), ("V_rest", -60.0), ("V_th", -50.0), ("V_reset", -60.0), ("tau_ref", 5.0)] {
            let i = k.info().model.param_index(name).unwrap();
            params[i * n..(i + 1) * n].fill(x);
        }
        let mut state = vec![v0; n];
        state.extend(std::iter::repeat_n(crate::models::brainpy::LAST_SPIKE_INIT, n));
        NeuronPop { kind: k, n, params, state, soft: true, spike: vec![0.0; n], input: PopInput::Const(0.0), record: (0..n as u32).collect(), record_var: 0 }
    }

    #[test]
    fn one_spike_through_expon_coba_matches_the_analytic_trace() {
        // Source neuron 0 driven to fire once; target sees g = w e^{-(t - t_arr)/tau}.
        // The source's spike output before step 0 is 1 (get_spike() of a state at threshold).
        let mut pre = lifref(1, -60.0);
        pre.spike[0] = 1.0;
        let post = lifref(1, -60.0);
        let csr = build(Rule::OneToOne, 1, 1, false, 0, 1).unwrap();
        let w = 1e-3;
        let mut spec = NetSpec {
            pops: vec![Pop::Neuron(pre), Pop::Neuron(post)],
            projs: vec![Proj { pre: 0, pre_offset: 0, post: 1, csr, weights: vec![w], delay: 2, syn: Syn::Expon(Expon { tau: 5.0 }), align_pre: false, out: Out::COBA { e: 0.0 }, ext: ProjExt::default() }],
            inputs: vec![],
            dt: 0.1,
            t0: 0.0,
            steps: 200,
            record_spikes: true,
            threads: 1,
        };
        let out = run(&mut spec, &Control::default()).unwrap();
        assert!(out[0].spike_steps.is_empty());
        // The spike is read at step 0 and, delayed 2 steps, arrives at step 2.
        // Reproduce V exactly: exp-Euler of dV = (-(V+60) + g(0 - V))/20 with g known.
        let mut v: f64 = -60.0;
        for k in 0..200 {
            let g = if k >= 2 { w * (-(0.1f64) / 5.0).exp().powi(k as i32 - 2) } else { 0.0 };
            let f = (-v - 60.0 + g * (0.0 - v)) / 20.0;
            let j = (-1.0 - g) / 20.0;
            v = crate::integrate::exp_euler::exp_euler(v, f, j, 0.1);
            assert!((out[1].trace[k] - v).abs() < 1e-12, "step {k}: {} vs {v}", out[1].trace[k]);
        }
    }

    #[test]
    fn ampa_in_align_post_is_rejected() {
        let csr = build(Rule::OneToOne, 1, 1, false, 0, 1).unwrap();
        let mut spec = NetSpec {
            pops: vec![Pop::Neuron(lifref(1, -60.0)), Pop::Neuron(lifref(1, -60.0))],
            projs: vec![Proj { pre: 0, pre_offset: 0, post: 1, csr, weights: vec![1.0], delay: 0, syn: Syn::AMPA(Default::default()), align_pre: false, out: Out::COBA { e: 0.0 }, ext: ProjExt::default() }],
            inputs: vec![],
            dt: 0.1,
            t0: 0.0,
            steps: 1,
            record_spikes: false,
            threads: 1,
        };
        let e = run(&mut spec, &Control::default()).unwrap_err();
        assert!(format!("{e}").contains("align_pre_projection"));
    }
}
