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

use std::sync::atomic::Ordering;

use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::integrate::exp_euler::exprel;
use crate::models::brainpy::synapses::{Syn, MAX_SYN_VARS};
use crate::models::brainpy::{BpKind, BpModel, Ctx};
use crate::rng::Stream;
use crate::sweep::Control;
use crate::with_bp_model;
use connect::Csr;

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

/// Smallest population whose update is split across threads.
const PAR_MIN: usize = 2048;

struct SyncPtr<T>(*mut T);
unsafe impl<T> Sync for SyncPtr<T> {}
unsafe impl<T> Send for SyncPtr<T> {}
impl<T: Copy> SyncPtr<T> {
    /// # Safety
    /// `idx` in bounds and touched by one thread only.
    unsafe fn write(&self, idx: usize, v: T) {
        *self.0.add(idx) = v;
    }
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

struct ProjState {
    /// Ring buffer of spike lists, `delay + 1` slots.
    ring: Vec<Vec<u32>>,
    /// Synapse state `[v*m + i]`, m = n_post (post-aligned) or n_pre (pre-aligned).
    syn: Vec<f64>,
    /// Delta input per post neuron (post-aligned) / spike flags per pre neuron (pre-aligned).
    x: Vec<f64>,
    /// Conductance output per post neuron.
    g: Vec<f64>,
}

/// Runs a network for `spec.steps` steps; neuron populations' `state` and
/// `spike` receive the final values. Stops with [`Error::NonFinite`] naming
/// the model, population, neuron and time, or [`Error::Aborted`].
#[allow(clippy::needless_range_loop)]
pub fn run(spec: &mut NetSpec, control: &Control) -> Result<Vec<PopOutput>> {
    validate(spec)?;
    let (dt, steps) = (spec.dt, spec.steps);
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
    let mut ps: Vec<ProjState> = spec
        .projs
        .iter()
        .map(|pr| {
            let m = if pr.align_pre { pr.csr.n_pre } else { pr.csr.n_post };
            let nv = pr.syn.vars().len();
            let init = pr.syn.init();
            let mut syn = vec![0.0; nv * m];
            for v in 0..nv {
                syn[v * m..(v + 1) * m].fill(init[v]);
            }
            ProjState { ring: vec![Vec::new(); pr.delay + 1], syn, x: vec![0.0; m], g: vec![0.0; pr.csr.n_post] }
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
    // Parameters neuron-major (`[i*NP + k]`): one contiguous load per neuron and step.
    let param_aos: Vec<Vec<f64>> = spec
        .pops
        .iter()
        .map(|p| match p {
            Pop::Neuron(np) => {
                let npar = np.kind.info().model.params.len();
                let mut a = vec![0.0; npar * np.n];
                for i in 0..np.n {
                    for k in 0..npar {
                        a[i * npar + k] = np.params[k * np.n + i];
                    }
                }
                a
            }
            _ => Vec::new(),
        })
        .collect();
    // This step's spike lists of every population.
    let mut fired: Vec<Vec<u32>> = vec![Vec::new(); npops];
    // Per-population accumulated conductance inputs: offset Σ g·E (+ CUBA) and Σ g.
    let mut offs: Vec<Vec<f64>> = spec.pops.iter().map(|p| vec![0.0; p.n()]).collect();
    let mut gsum: Vec<Vec<f64>> = spec.pops.iter().map(|p| vec![0.0; p.n()]).collect();

    for k in 0..steps {
        if k % 64 == 0 && control.cancel.load(Ordering::Relaxed) {
            return Err(Error::Aborted);
        }
        let t = spec.t0 + k as f64 * dt;
        // 1. Presynaptic spikes: neurons' previous output, Poisson sources now.
        for (q, p) in spec.pops.iter().enumerate() {
            let f = &mut fired[q];
            f.clear();
            match p {
                Pop::Neuron(np) => {
                    for (i, &s) in np.spike.iter().enumerate() {
                        if s != 0.0 {
                            f.push(i as u32);
                        }
                    }
                }
                Pop::Poisson { n, rates, .. } => {
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
            }
        }
        // 2. Projections.
        for (pr, st) in spec.projs.iter().zip(ps.iter_mut()) {
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
            let scalar = pr.weights.len() == 1;
            if !pr.align_pre {
                st.x.fill(0.0);
                for &j in arrived {
                    let (a, b) = (pr.csr.indptr[j as usize], pr.csr.indptr[j as usize + 1]);
                    if scalar {
                        let w = pr.weights[0];
                        for s in a..b {
                            st.x[pr.csr.indices[s] as usize] += w;
                        }
                    } else {
                        for s in a..b {
                            st.x[pr.csr.indices[s] as usize] += pr.weights[s];
                        }
                    }
                }
            } else {
                // Pre-aligned: step every presynaptic synapse with its spike, then g_post = W^T g_pre.
                let m = pr.csr.n_pre;
                let nv = pr.syn.vars().len();
                st.x.fill(0.0);
                for &j in arrived {
                    st.x[j as usize] = 1.0;
                }
                let mut gpre = vec![0.0; m];
                for j in 0..m {
                    let mut s = [0.0; MAX_SYN_VARS];
                    for v in 0..nv {
                        s[v] = st.syn[v * m + j];
                    }
                    gpre[j] = pr.syn.step(&mut s, st.x[j], t, dt);
                    for v in 0..nv {
                        st.syn[v * m + j] = s[v];
                    }
                }
                st.g.fill(0.0);
                for j in 0..m {
                    let gj = gpre[j];
                    if gj == 0.0 {
                        continue;
                    }
                    for s in pr.csr.indptr[j]..pr.csr.indptr[j + 1] {
                        let w = if scalar { pr.weights[0] } else { pr.weights[s] };
                        st.g[pr.csr.indices[s] as usize] += w * gj;
                    }
                }
            }
        }
        // 3. Poisson inputs onto neuron variables.
        for (inp, rngs) in spec.inputs.iter().zip(inp_rng.iter_mut()) {
            let Pop::Neuron(np) = &mut spec.pops[inp.target] else { unreachable!() };
            let p = -(-inp.freq * dt * 1e-3).exp_m1();
            let n = np.n;
            let base = inp.var * n;
            let mut add = |i: usize| {
                let c = poisson_count(&mut rngs[i], inp.num_input, p);
                np.state[base + i] += c * inp.weight;
            };
            match &inp.indices {
                Some(ix) => ix.iter().for_each(|&i| add(i as usize)),
                None => (0..n).for_each(add),
            }
        }
        // 4. Post-aligned synapses, outputs, neuron updates.
        for q in 0..npops {
            if !matches!(spec.pops[q], Pop::Neuron(_)) {
                continue;
            }
            let (off, gs) = (&mut offs[q], &mut gsum[q]);
            off.fill(0.0);
            gs.fill(0.0);
            for (pr, st) in spec.projs.iter().zip(ps.iter_mut()) {
                if pr.post != q {
                    continue;
                }
                if let (false, Syn::Expon(e)) = (pr.align_pre, pr.syn) {
                    // Hot path, bit-identical to Expon::step: the exp-Euler
                    // coefficient dt·exprel(dt·J) is the same for every element.
                    let a = dt * exprel(dt * (-1.0 / e.tau));
                    let tau = e.tau;
                    for ((g, o), &x) in st.syn.iter_mut().zip(st.g.iter_mut()).zip(st.x.iter()) {
                        let v = *g + a * (-*g / tau) + x;
                        *g = v;
                        *o = v;
                    }
                } else if !pr.align_pre {
                    let m = pr.csr.n_post;
                    let nv = pr.syn.vars().len();
                    for i in 0..m {
                        let mut s = [0.0; MAX_SYN_VARS];
                        for v in 0..nv {
                            s[v] = st.syn[v * m + i];
                        }
                        st.g[i] = pr.syn.step(&mut s, st.x[i], t, dt);
                        for v in 0..nv {
                            st.syn[v * m + i] = s[v];
                        }
                    }
                }
                match pr.out {
                    Out::COBA { e } => {
                        for i in 0..off.len() {
                            off[i] += st.g[i] * e;
                            gs[i] += st.g[i];
                        }
                    }
                    Out::CUBA { scale } => {
                        for i in 0..off.len() {
                            off[i] += st.g[i] * scale;
                        }
                    }
                }
            }
            let Pop::Neuron(np) = &mut spec.pops[q] else { unreachable!() };
            let info = np.kind.info();
            let (n, npar, nv) = (np.n, info.model.params.len(), info.model.vars.len());
            let o = &mut outs[q];
            let kind = np.kind;
            let soft = np.soft;
            let chunk_n = if pool.is_some() && n >= PAR_MIN { n.div_ceil(spec.threads) } else { n };
            let nchunks = n.div_ceil(chunk_n);
            let state_ptr = SyncPtr(np.state.as_mut_ptr());
            let spike_ptr = SyncPtr(np.spike.as_mut_ptr());
            let input = &np.input;
            let aos = &param_aos[q];
            let (off, gs) = (&*off, &*gs);
            // One chunk of neurons: returns the neurons that fired (ascending)
            // and the first non-finite (neuron, variable).
            let work = |ch: usize| -> ChunkOut {
                let (lo, hi) = (ch * chunk_n, ((ch + 1) * chunk_n).min(n));
                let mut fired_here = Vec::new();
                let mut bad = None;
                with_bp_model!(kind, M, {
                    let mut p = [0.0f64; crate::brainpy_run::MAX_PARAMS];
                    let mut s = [0.0f64; crate::brainpy_run::MAX_VARS];
                    for i in lo..hi {
                        p[..npar].copy_from_slice(&aos[i * npar..(i + 1) * npar]);
                        // SAFETY: indices v*n + i and i belong to this chunk only.
                        unsafe {
                            for v in 0..nv {
                                s[v] = state_ptr.read(v * n + i);
                            }
                        }
                        let x = match input {
                            PopInput::Const(c) => *c,
                            PopInput::PerNeuron(a) => a[i],
                        };
                        let c = Ctx { t, dt, i: x + off[i], gi: gs[i], delta: 0.0, soft };
                        let spk = M::step(&p[..npar], &mut s[..nv], &c);
                        let mut finite = true;
                        unsafe {
                            for v in 0..nv {
                                state_ptr.write(v * n + i, s[v]);
                                finite &= s[v].is_finite();
                            }
                            spike_ptr.write(i, spk);
                        }
                        if !finite && bad.is_none() {
                            bad = Some((i, (0..nv).find(|&v| !s[v].is_finite()).unwrap_or(0)));
                        }
                        if spk > 0.0 {
                            fired_here.push(i as u32);
                        }
                    }
                });
                (fired_here, bad)
            };
            let results: Vec<ChunkOut> = match (&pool, nchunks) {
                (Some(pl), c) if c > 1 => pl.install(|| (0..c).into_par_iter().map(work).collect()),
                _ => (0..nchunks).map(work).collect(),
            };
            let mut bad: Option<(usize, usize)> = None;
            let mut nfired = 0u32;
            for (f, b) in results {
                if bad.is_none() {
                    bad = b;
                }
                nfired += f.len() as u32;
                for i in f {
                    o.counts[i as usize] += 1;
                    if spec.record_spikes {
                        o.spike_steps.push(k as u32);
                        o.spike_neurons.push(i);
                    }
                }
            }
            o.counts_per_step[k] = nfired;
            if let Some((i, v)) = bad {
                return Err(Error::NonFinite(format!(
                    "{} (population {q}): state became non-finite at neuron {i}, t = {t} ms (step {k}): {} is not finite; check parameters, weights and dt",
                    info.model.name, info.model.vars[v].name
                )));
            }
            let rv = np.record_var;
            for &r in &np.record {
                o.trace.push(np.state[rv * n + r as usize]);
            }
        }
        control.progress.fetch_add(1, Ordering::Relaxed);
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
            projs: vec![Proj { pre: 0, pre_offset: 0, post: 1, csr, weights: vec![w], delay: 2, syn: Syn::Expon(Expon { tau: 5.0 }), align_pre: false, out: Out::COBA { e: 0.0 } }],
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
            projs: vec![Proj { pre: 0, pre_offset: 0, post: 1, csr, weights: vec![1.0], delay: 0, syn: Syn::AMPA(Default::default()), align_pre: false, out: Out::COBA { e: 0.0 } }],
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
