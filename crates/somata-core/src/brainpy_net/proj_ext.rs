//! Projection forms beyond whole-step `AlignPostProj` / `align_pre_projection`
//! (brainpy.state 0.1.0, `_brainpy/projection.py`, `delay.py`, `stp.py`,
//! `synouts.py`):
//!
//! - **Delays that are not whole steps**, as brainpy.state's `InputDelay`,
//!   one for the projection or one per presynaptic neuron (axonal):
//!   `steps = delay/dt`, and the projection's input is
//!   `frame[floor(steps)]·(1 − frac) + frame[ceil(steps)]·frac` with
//!   `frac = steps − floor(steps)` (linear interpolation between the two
//!   bracketing frames of the delay buffer; upstream offers no other
//!   interpolation). `delay/dt` is taken in float64 as upstream computes it,
//!   so `0.3 ms / 0.1 ms = 2.9999999999999996` reads frame 2 with weight
//!   4.4e-16 and frame 3 with the rest.
//! - **Event communication** (brainstate's `EventFixedProb`): the comm
//!   binarises its input (`x ≠ 0 → 1`), so an interpolated spike is
//!   delivered with its full weight in *both* bracketing steps (upstream's
//!   behaviour, reproduced; with `0.3/0.1` the 4.4e-16 share is enough).
//!   Dense/linear comms weigh it by the interpolation factor.
//! - **Short-term plasticity** ([`Plast`], the `stp=` of
//!   `align_pre_projection` / `align_post_projection`): every presynaptic
//!   element steps each step; at a spike its released resources replace the
//!   spike as the projection's input (upstream wraps them in a masked float,
//!   which event comms multiply rather than binarise).
//! - **`CurrentProj`**: no synapse dynamics; `g_post = Σ_j w_ij·x_j` of this
//!   step is bound to the output (COBA/CUBA/MgBlock).
//! - **`DeltaProj`**: `Σ_j w_ij·x_j` is a delta input of the postsynaptic
//!   neurons (added by the model after its integration, discarded while
//!   refractory; for CubaLIF/CobaLIF it drives `g`).
//! - **Gap junctions** (`SymmetryGapJunction`, `AsymmetryGapJunction`,
//!   `_brainpy/synaptic_projection.py`): for each connection `c = (j, i)`,
//!   `diff = x_pre[j] − x_post[i]` of the chosen state variables as they
//!   stand when the projections update (the previous step's values); the
//!   post neuron gets the current `+w_post·diff`, the pre neuron
//!   `−w_pre·diff` (symmetric: one weight). Plain (one-shot) current inputs:
//!   constant over the step, outside the exp-Euler Jacobian.
//! - **`MgBlock`** output: a nonlinear current `I(V)`; the neuron's
//!   exponential-Euler step sees `I(V₀)` and `∂I/∂V(V₀)` at the point `V₀`
//!   where the model evaluates its input (as upstream's autodiff of the
//!   callable input). `V₀` is found by stepping a copy of each neuron with
//!   `dt = 0` and no input: the post-reset (or held) potential.
//!
//! Projections with none of these use the whole-step path of `mod.rs`.

use super::{NetSpec, NeuronBufs, Pop, ProjState};
use crate::error::{Error, Result};
use crate::models::brainpy::synapses::mgblock::MgBlock;
use crate::models::brainpy::synapses::{Plast, MAX_SYN_VARS};
use crate::models::brainpy::{BpKind, BpModel, Ctx};
use crate::real::Real;

/// What a projection delivers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ProjKind {
    /// Through a synapse model (`AlignPostProj`, `align_pre_projection`).
    #[default]
    Synaptic,
    /// Straight to the output (`CurrentProj`).
    Current,
    /// As delta inputs of the postsynaptic neurons (`DeltaProj`).
    Delta,
    /// Electrical coupling of a state variable (gap junctions).
    Gap,
}

/// The parts of a projection beyond whole-step synaptic delivery.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ProjExt {
    /// Kind.
    pub kind: ProjKind,
    /// Fractional part of `delay/dt` (the projection's `delay` holds the
    /// integer part); the weight of frame `delay + 1`.
    pub delay_frac: f64,
    /// The comm binarises its input (brainstate's `EventFixedProb`).
    pub event: bool,
    /// Short-term plasticity of the presynaptic spikes.
    pub stp: Option<Plast>,
    /// Per-presynaptic-neuron delays in fractional steps (`delay_j/dt`,
    /// brainpy.state's `(N_pre,)` delay); empty for one delay. When given,
    /// the projection's `delay` must be `floor(max)`.
    pub axonal: Vec<f64>,
    /// Gap junctions: the coupled state variables (pre, post) and the weight
    /// of the current into the presynaptic side (one, or one per connection;
    /// the projection's `weights` are those into the postsynaptic side).
    pub gap: Option<GapExt>,
}

/// The parts of a gap junction beyond a projection's connectivity and weights.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct GapExt {
    /// Coupled variable of the presynaptic population (index).
    pub pre_var: usize,
    /// Coupled variable of the postsynaptic population (index).
    pub post_var: usize,
    /// Weight of the current into the presynaptic neuron, one or one per connection.
    pub w_pre: Vec<f64>,
}

impl ProjExt {
    /// Whether the projection needs this module's delivery path.
    pub fn active(&self) -> bool {
        self.kind != ProjKind::Synaptic || self.stp.is_some() || self.delay_frac != 0.0 || !self.axonal.is_empty()
    }

    /// Splits `delay/dt` (fractional steps, as upstream computes it) into
    /// whole steps and the interpolation weight of the next frame.
    pub fn split_delay(steps: f64) -> Result<(usize, f64)> {
        if !(steps.is_finite() && steps >= 0.0 && steps < 1e9) {
            return Err(Error::Range(format!("delay must be finite and >= 0 ms, got {steps} steps")));
        }
        let lo = steps.floor();
        Ok((lo as usize, steps - lo))
    }
}

/// A synaptic output beyond COBA/CUBA.
pub type MgOut = MgBlock;

/// Checks the extended parts of a network's projections.
pub(super) fn validate(spec: &NetSpec) -> Result<()> {
    for (k, pr) in spec.projs.iter().enumerate() {
        let e = &pr.ext;
        if !(0.0..1.0).contains(&e.delay_frac) {
            return Err(Error::Range(format!("projection {k}: delay fraction must be in [0, 1), got {}", e.delay_frac)));
        }
        if let Some(p) = &e.stp {
            p.validate().map_err(|er| Error::Range(format!("projection {k}: {er}")))?;
        }
        if !e.axonal.is_empty() {
            if e.axonal.len() != pr.csr.n_pre {
                return Err(Error::Type(format!("projection {k}: {} axonal delays for {} presynaptic neurons", e.axonal.len(), pr.csr.n_pre)));
            }
            for &d in &e.axonal {
                let (lo, _) = ProjExt::split_delay(d).map_err(|er| Error::Range(format!("projection {k}: {er}")))?;
                if lo > pr.delay {
                    return Err(Error::Range(format!("projection {k}: axonal delay of {d} steps exceeds the buffer ({} steps)", pr.delay)));
                }
            }
        }
        if e.kind == ProjKind::Gap {
            let g = e.gap.as_ref().ok_or_else(|| Error::Type(format!("projection {k}: a gap junction needs its variables")))?;
            let Pop::Neuron(pre) = &spec.pops[pr.pre] else {
                return Err(Error::Type(format!("projection {k}: a gap junction couples neuron populations")));
            };
            let Pop::Neuron(post) = &spec.pops[pr.post] else { unreachable!("checked by validate") };
            let (ip, iq) = (pre.kind.info(), post.kind.info());
            if g.pre_var >= ip.model.vars.len() || g.post_var >= iq.model.vars.len() {
                return Err(Error::Type(format!("projection {k}: unknown gap-junction variable")));
            }
            if ip.input_unit != iq.input_unit {
                return Err(Error::Type(format!("projection {k}: gap junction between {} (input {}) and {} (input {}): the input units differ", ip.model.name, ip.input_unit, iq.model.name, iq.input_unit)));
            }
            if g.w_pre.len() != 1 && g.w_pre.len() != pr.csr.nnz() {
                return Err(Error::Type(format!("projection {k}: {} presynaptic weights for {} connections", g.w_pre.len(), pr.csr.nnz())));
            }
            if let Some(w) = g.w_pre.iter().find(|w| !w.is_finite()) {
                return Err(Error::Range(format!("projection {k}: weights must be finite, got {w}")));
            }
            if e.stp.is_some() || e.delay_frac != 0.0 || !e.axonal.is_empty() || pr.delay != 0 {
                return Err(Error::Type(format!("projection {k}: gap junctions have no delay and no STP")));
            }
        }
        if e.kind != ProjKind::Synaptic && pr.align_pre {
            return Err(Error::Type(format!("projection {k}: CurrentProj/DeltaProj have no synapse to align")));
        }
        if let super::Out::MgBlock(m) = pr.out {
            m.validate().map_err(|er| Error::Range(format!("projection {k}: {er}")))?;
        }
    }
    Ok(())
}

/// Per-projection state of the extended path (inputs are kept in f64).
struct ExtState {
    /// Ring of (presynaptic index, value) lists, `delay + 2` frames.
    ring: Vec<Vec<(u32, f64)>>,
    /// STP state per presynaptic element.
    plast: Vec<[f64; 2]>,
    /// Interpolated input per presynaptic element (dense, cleared after use).
    xin: Vec<f64>,
    /// Presynaptic elements with a non-zero `xin`.
    touched: Vec<u32>,
    /// Synapse output per presynaptic element (pre-aligned).
    gpre: Vec<f64>,
    /// Axonal delays: whole steps and interpolation weight per presynaptic element.
    axonal: Vec<(usize, f64)>,
}

/// State of the extended path for one run, in the run's precision `T`.
pub(super) struct Runtime<T> {
    st: Vec<Option<ExtState>>,
    /// Delta input per neuron of every population (empty if no DeltaProj targets it).
    pub delta: Vec<Vec<T>>,
    /// Whether a population has an MgBlock output onto it.
    needs_points: Vec<bool>,
    /// Gap-junction current per neuron of every population (empty if none).
    pub current: Vec<Vec<T>>,
}

impl<T: Real> Runtime<T> {
    /// Sets up the extended path for `spec`.
    pub(super) fn new(spec: &NetSpec) -> Self {
        let st = spec
            .projs
            .iter()
            .map(|pr| {
                pr.ext.active().then(|| {
                    let m = pr.csr.n_pre;
                    ExtState {
                        ring: vec![Vec::new(); pr.delay + 2],
                        plast: pr.ext.stp.map(|p| vec![p.init(); m]).unwrap_or_default(),
                        xin: vec![0.0; m],
                        touched: Vec::new(),
                        gpre: if pr.align_pre { vec![0.0; m] } else { Vec::new() },
                        axonal: pr.ext.axonal.iter().map(|&d| ProjExt::split_delay(d).unwrap_or((0, 0.0))).collect(),
                    }
                })
            })
            .collect();
        let mut delta: Vec<Vec<T>> = spec.pops.iter().map(|_| Vec::new()).collect();
        let mut needs_points = vec![false; spec.pops.len()];
        let mut current: Vec<Vec<T>> = spec.pops.iter().map(|_| Vec::new()).collect();
        for pr in &spec.projs {
            if pr.ext.kind == ProjKind::Gap {
                current[pr.post] = vec![T::ZERO; spec.pops[pr.post].n()];
                current[pr.pre] = vec![T::ZERO; spec.pops[pr.pre].n()];
            }
            if pr.ext.kind == ProjKind::Delta {
                delta[pr.post] = vec![T::ZERO; spec.pops[pr.post].n()];
            }
            if matches!(pr.out, super::Out::MgBlock(_)) && matches!(pr.ext.kind, ProjKind::Synaptic | ProjKind::Current) {
                needs_points[pr.post] = true;
            }
        }
        Self { st, delta, needs_points, current }
    }

    /// Adds this step's gap-junction currents of population `q` to its input offsets.
    pub(super) fn add_currents(&self, q: usize, off: &mut [T]) {
        for (o, &c) in off.iter_mut().zip(&self.current[q]) {
            *o += c;
        }
    }

    /// Gap junctions: `±w·(x_pre[j] − x_post[i])` per connection from the neurons' current state.
    fn gaps(&mut self, spec: &NetSpec, bufs: &[Option<NeuronBufs<T>>]) {
        for c in self.current.iter_mut() {
            c.fill(T::ZERO);
        }
        for pr in &spec.projs {
            let (ProjKind::Gap, Some(g)) = (pr.ext.kind, &pr.ext.gap) else { continue };
            let (Some(bp), Some(bq)) = (&bufs[pr.pre], &bufs[pr.post]) else { continue };
            let (np, nq) = (spec.pops[pr.pre].n(), spec.pops[pr.post].n());
            let (xp, xq) = (&bp.state[g.pre_var * np..(g.pre_var + 1) * np], &bq.state[g.post_var * nq..(g.post_var + 1) * nq]);
            let mut to_post = std::mem::take(&mut self.current[pr.post]);
            let mut to_pre = if pr.pre == pr.post { Vec::new() } else { std::mem::take(&mut self.current[pr.pre]) };
            for j in 0..pr.csr.n_pre {
                let jp = pr.pre_offset + j;
                for s in pr.csr.indptr[j]..pr.csr.indptr[j + 1] {
                    let i = pr.csr.indices[s] as usize;
                    let diff = xp[jp] - xq[i];
                    let wq = T::c(if pr.weights.len() == 1 { pr.weights[0] } else { pr.weights[s] });
                    let wp = T::c(if g.w_pre.len() == 1 { g.w_pre[0] } else { g.w_pre[s] });
                    to_post[i] += diff * wq;
                    let d = -(diff * wp);
                    if pr.pre == pr.post {
                        to_post[jp] += d;
                    } else {
                        to_pre[jp] += d;
                    }
                }
            }
            self.current[pr.post] = to_post;
            if pr.pre != pr.post {
                self.current[pr.pre] = to_pre;
            }
        }
    }

    /// Delivers this step's input of every extended projection: fills the
    /// post-aligned delta input `x`, the pre-aligned / current conductance
    /// `g`, or the populations' delta inputs.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn deliver(&mut self, spec: &NetSpec, ps: &mut [ProjState<T>], bufs: &[Option<NeuronBufs<T>>], fired: &[Vec<u32>], k: usize, t: f64, dt: f64) {
        for d in self.delta.iter_mut() {
            d.fill(T::ZERO);
        }
        self.gaps(spec, bufs);
        for ((pr, st), es) in spec.projs.iter().zip(ps.iter_mut()).zip(self.st.iter_mut()) {
            let Some(es) = es else { continue };
            let e = &pr.ext;
            if e.kind == ProjKind::Gap {
                continue;
            }
            let (lo, hi) = (pr.pre_offset as u32, (pr.pre_offset + pr.csr.n_pre) as u32);
            let nf = pr.delay + 2;
            // 1. This step's input: spikes, or released resources (STP).
            let mut now = std::mem::take(&mut es.ring[k % nf]);
            now.clear();
            let spikes = fired[pr.pre].iter().filter(|&&j| j >= lo && j < hi).map(|&j| j - lo);
            match &e.stp {
                None => now.extend(spikes.map(|j| (j, 1.0))),
                Some(p) => {
                    let mut sp = spikes.peekable();
                    for (j, s) in es.plast.iter_mut().enumerate() {
                        let fire = sp.peek() == Some(&(j as u32));
                        if fire {
                            sp.next();
                        }
                        let r = p.step(s, if fire { 1.0 } else { 0.0 }, dt);
                        if fire {
                            now.push((j as u32, r));
                        }
                    }
                }
            }
            es.ring[k % nf] = now;
            // 2. Delayed read: frame `delay` weighted 1 − frac, frame `delay + 1` weighted frac
            //    (axonal: each element's own pair of frames, read in the same order).
            if !es.axonal.is_empty() {
                for back in 0..=(pr.delay + 1).min(k) {
                    for &(j, v) in &es.ring[(k - back) % nf] {
                        let (lo_j, frac_j) = es.axonal[j as usize];
                        let c = if back == lo_j {
                            1.0 - frac_j
                        } else if frac_j != 0.0 && back == lo_j + 1 {
                            frac_j
                        } else {
                            continue;
                        };
                        if es.xin[j as usize] == 0.0 {
                            es.touched.push(j);
                        }
                        es.xin[j as usize] += v * c;
                    }
                }
            }
            let frac = e.delay_frac;
            let frames: &[(usize, f64)] = if !es.axonal.is_empty() {
                &[]
            } else if frac == 0.0 {
                &[(0, 1.0)]
            } else {
                &[(0, 1.0 - frac), (1, frac)]
            };
            for &(extra, c) in frames {
                let back = pr.delay + extra;
                if back > k {
                    continue; // before the first step: the buffer holds zeros
                }
                for &(j, v) in &es.ring[(k - back) % nf] {
                    if es.xin[j as usize] == 0.0 {
                        es.touched.push(j);
                    }
                    es.xin[j as usize] += v * c;
                }
            }
            // 3. Comm: Σ_j w_ij·x_j (event comms binarise interpolated spikes).
            let binarise = e.event && e.stp.is_none();
            let scalar = st.w.len() == 1;
            let wts = std::mem::take(&mut st.w);
            let post_sum = |target: &mut [T], es: &mut ExtState| {
                es.touched.sort_unstable();
                for &j in &es.touched {
                    let x = es.xin[j as usize];
                    let x = T::c(if binarise { if x != 0.0 { 1.0 } else { 0.0 } } else { x });
                    for s in pr.csr.indptr[j as usize]..pr.csr.indptr[j as usize + 1] {
                        let w = if scalar { wts[0] } else { wts[s] };
                        target[pr.csr.indices[s] as usize] += w * x;
                    }
                }
            };
            match (e.kind, pr.align_pre) {
                (ProjKind::Gap, _) => {}
                (ProjKind::Delta, _) => post_sum(&mut self.delta[pr.post], es),
                (ProjKind::Current, _) => {
                    st.g.fill(T::ZERO);
                    post_sum(&mut st.g, es);
                }
                (ProjKind::Synaptic, false) => {
                    st.x.fill(T::ZERO);
                    post_sum(&mut st.x, es);
                }
                (ProjKind::Synaptic, true) => {
                    // Every presynaptic synapse steps with its (graded) input, then g_post = Wᵀ g_pre.
                    let m = pr.csr.n_pre;
                    let nv = pr.syn.vars().len();
                    for j in 0..m {
                        let mut s = [0.0; MAX_SYN_VARS];
                        for v in 0..nv {
                            s[v] = st.syn[v * m + j].to_f64();
                        }
                        let x = es.xin[j];
                        let x = if binarise && x != 0.0 { 1.0 } else { x };
                        es.gpre[j] = pr.syn.step(&mut s, x, t, dt);
                        for v in 0..nv {
                            st.syn[v * m + j] = T::c(s[v]);
                        }
                    }
                    st.g.fill(T::ZERO);
                    for j in 0..m {
                        let gj = T::c(es.gpre[j]);
                        if gj == T::ZERO {
                            continue;
                        }
                        for s in pr.csr.indptr[j]..pr.csr.indptr[j + 1] {
                            let w = if scalar { wts[0] } else { wts[s] };
                            st.g[pr.csr.indices[s] as usize] += w * gj;
                        }
                    }
                }
            }
            st.w = wts;
            for &j in &es.touched {
                es.xin[j as usize] = 0.0;
            }
            es.touched.clear();
        }
    }

    /// The potentials at which the neurons of population `q` will evaluate
    /// their current input this step, given its parameters and state
    /// (`[k*n + i]`, the run's buffers); empty unless an MgBlock output
    /// targets it.
    pub(super) fn eval_points(&self, spec: &NetSpec, q: usize, params: &[T], state: &[T], t: T) -> Vec<T> {
        match (&spec.pops[q], self.needs_points[q]) {
            (Pop::Neuron(np), true) => eval_points(np.kind, np.soft, np.n, params, state, t),
            _ => Vec::new(),
        }
    }
}

/// The post-reset (or held) potential of every neuron: each neuron's update
/// run on a copy with `dt = 0` and no input.
fn eval_points<T: Real>(kind: BpKind, soft: bool, n: usize, params: &[T], state: &[T], t: T) -> Vec<T> {
    let info = kind.info();
    let (npar, nv) = (info.model.params.len(), info.model.vars.len());
    let mut out = vec![T::ZERO; n];
    crate::with_bp_model!(kind, M, {
        let mut p = [T::ZERO; crate::brainpy_run::MAX_PARAMS];
        let mut s = [T::ZERO; crate::brainpy_run::MAX_VARS];
        let c = Ctx { t, dt: T::ZERO, i: T::ZERO, gi: T::ZERO, delta: T::ZERO, soft };
        for i in 0..n {
            for kk in 0..npar {
                p[kk] = params[kk * n + i];
            }
            for v in 0..nv {
                s[v] = state[v * n + i];
            }
            M::step(&p[..npar], &mut s[..nv], &c);
            out[i] = s[0];
        }
    });
    out
}

/// Adds an MgBlock output of conductances `g` to a population's input
/// (`off − gs·V`), linearised at the evaluation points `vp`: value and slope
/// of `I(V)` there are exact (computed in f64).
pub(super) fn add_mg_block<T: Real>(m: &MgBlock, g: &[T], vp: &[T], off: &mut [T], gs: &mut [T]) {
    for i in 0..g.len() {
        let v = vp[i].to_f64();
        let (cur, di) = m.current(g[i].to_f64(), v);
        let ga = -di;
        off[i] += T::c(cur + ga * v);
        gs[i] += T::c(ga);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delay_split_follows_float64_division() {
        assert_eq!(ProjExt::split_delay(0.25 / 0.1).unwrap(), (2, 0.5000000000000000));
        let (lo, f) = ProjExt::split_delay(0.3 / 0.1).unwrap();
        assert_eq!(lo, 2);
        assert!((f - (1.0 - 4.440892098500626e-16)).abs() < 1e-16);
        assert!(ProjExt::split_delay(-1.0).is_err());
    }

    #[test]
    fn mg_block_enters_the_exp_euler_step_with_its_value_and_slope() {
        use super::super::connect::{build, Rule};
        use super::super::{run, NeuronPop, Out, PopInput, Proj};
        use crate::integrate::exp_euler::exp_euler;
        use crate::models::brainpy::synapses::{bionmda::BioNMDA, Syn};
        use crate::sweep::Control;
        let lifref = |v0: f64| {
            let k = BpKind::LIFRef;
            let mut params: Vec<f64> = k.info().model.params.iter().map(|p| p.default).collect();
            for (name, x) in [("tau", 20.0), ("V_rest", -60.0), ("V_th", -50.0), ("V_reset", -60.0)] {
                params[k.info().model.param_index(name).unwrap()] = x;
            }
            NeuronPop { kind: k, n: 1, params, state: vec![v0, crate::models::brainpy::LAST_SPIKE_INIT], soft: true, spike: vec![0.0], input: PopInput::Const(0.0), record: vec![0], record_var: 0 }
        };
        let mut pre = lifref(-60.0);
        pre.spike[0] = 1.0; // one spike, read at step 0
        let nmda = BioNMDA::default();
        let mg = MgBlock { e: 0.0, cc_mg: 1.2, alpha: 0.062, beta: 3.57, v_offset: 0.0 };
        let w = 0.5;
        let mut spec = NetSpec {
            pops: vec![Pop::Neuron(pre), Pop::Neuron(lifref(-60.0))],
            projs: vec![Proj {
                pre: 0,
                pre_offset: 0,
                post: 1,
                csr: build(Rule::OneToOne, 1, 1, false, 0, 1).unwrap(),
                weights: vec![w],
                delay: 0,
                syn: Syn::BioNMDA(nmda),
                align_pre: true,
                out: Out::MgBlock(mg),
                ext: ProjExt::default(),
            }],
            inputs: vec![],
            dt: 0.1,
            t0: 0.0,
            steps: 300,
            record_spikes: false,
            threads: 1,
        };
        let out = run(&mut spec, &Control::default()).unwrap();
        // Independent: g from BioNMDA, V by exp-Euler with f and a finite-difference J.
        let mut s = [0.0, 0.0, crate::models::brainpy::LAST_SPIKE_INIT];
        let mut v: f64 = -60.0;
        let mut moved = 0.0f64;
        for k in 0..300 {
            let g = w * nmda.step(&mut s, if k == 0 { 1.0 } else { 0.0 }, k as f64 * 0.1, 0.1);
            let f = |x: f64| (-(x + 60.0) + mg.current(g, x).0) / 20.0;
            let h = 1e-4;
            let j = (f(v + h) - f(v - h)) / (2.0 * h);
            v = exp_euler(v, f(v), j, 0.1);
            moved = moved.max((v + 60.0).abs());
            assert!((out[1].trace[k] - v).abs() < 1e-9, "step {k}: {} vs {v}", out[1].trace[k]);
        }
        assert!(moved > 1.0, "the NMDA current depolarises the target by {moved} mV");
    }
}
