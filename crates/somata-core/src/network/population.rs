//! Populations: the neurons of one model, their ring buffers, and the update
//! of one min-delay slice, in parallel over fixed chunks of neurons.

use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::models::nest::{check_names, Dict, NestModelInfo, NestNeuron};

/// Neurons per parallel work item. Fixed, so results (and the order of the
/// spikes a slice produces) do not depend on the thread count.
pub const CHUNK: usize = 512;

/// Neuron-steps a slice needs before its update runs in parallel.
pub const PAR_SLICE_MIN: usize = 16_384;

/// What a slice update needs from the kernel.
pub struct SliceCtx<'a> {
    /// Global step of lag 0.
    pub origin: i64,
    /// First and one-past-last lag.
    pub from: usize,
    /// One past the last lag.
    pub to: usize,
    /// Ring-buffer slots per channel.
    pub ring: usize,
    /// NEST node id of neuron 0 (for error messages).
    pub first_id: u32,
    /// Step size in ms (for error messages).
    pub h: f64,
    /// The pool, or `None` to run on the calling thread.
    pub pool: Option<&'a rayon::ThreadPool>,
    /// Base seed of the neurons' random streams (keyed by node id and step).
    pub seed: u64,
}

/// Recording requests of one population: for each neuron the range
/// `rec_off[i]..rec_off[i+1]` of entries in `rec_var` (recordable indices).
/// The slice writes entry `e`'s value after lag `l` to `out[e * lags + l]`.
#[derive(Default, Clone, Debug)]
pub struct RecPlan {
    /// Per-neuron offsets into `rec_var` (length n + 1), or empty if nothing is recorded.
    pub rec_off: Vec<u32>,
    /// Recordable index of each entry.
    pub rec_var: Vec<u16>,
}

/// A population of one model, as the kernel sees it.
pub trait Population: Send + Sync {
    /// The model's description.
    fn info(&self) -> &'static NestModelInfo;
    /// Number of neurons.
    fn len(&self) -> usize;
    /// `true` if empty.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// Adds `n` neurons with default parameters.
    fn grow(&mut self, n: usize);
    /// Applies a dictionary to neuron `i` (names checked, NEST's checks).
    fn set(&mut self, i: usize, d: Dict<'_>) -> Result<()>;
    /// Reads a parameter or state variable of neuron `i`.
    fn get(&self, i: usize, name: &str) -> Result<f64>;
    /// Applies an array parameter to neuron `i` (NEST's checks).
    fn set_array(&mut self, i: usize, name: &str, values: &[f64]) -> Result<()>;
    /// Reads an array parameter of neuron `i`.
    fn get_array(&self, i: usize, name: &str) -> Result<Vec<f64>>;
    /// Ring-buffer channels per neuron.
    fn channels(&self) -> usize;
    /// `true` if spikes into this model count multiplicities, ignoring weights.
    fn counts_spikes(&self) -> bool;
    /// Channel of a spike with weight `w` on `receptor`.
    fn spike_channel(&self, receptor: u32, w: f64) -> Option<usize>;
    /// Channel of a current on `receptor`.
    fn current_channel(&self, receptor: u32) -> Option<usize>;
    /// Computes propagators for step `h` and (re)allocates ring buffers of
    /// `ring` slots, keeping pending input (slots are indexed by absolute
    /// step modulo the ring size; `now` is the next step to run).
    fn prepare(&mut self, h: f64, tics_per_step: i64, ring: usize, now: i64);
    /// Initial state, empty buffers.
    fn reset(&mut self);
    /// The ring buffers, laid out as [`Population::buffer_base`] and
    /// [`Population::slot_stride`] say: value of neuron `i`, channel `ch`,
    /// slot `s` at `buffer_base(i, ch, ring) + s * slot_stride()`.
    fn buffers_mut(&mut self) -> &mut [f64];
    /// Index of slot 0 of neuron `i`'s channel `ch` in the ring buffers.
    /// The default is neuron-major, `(i * channels + ch) * ring`.
    fn buffer_base(&self, i: usize, ch: usize, ring: usize) -> usize {
        (i * self.channels() + ch) * ring
    }
    /// Distance between consecutive slots of one neuron's channel in the
    /// ring buffers (1 for the neuron-major default).
    fn slot_stride(&self) -> usize {
        1
    }
    /// Runs lags `from..to` of a slice; appends spikes as `(lag, i)` in a
    /// thread-count-independent order and writes recordings into `rec_out`.
    fn update_slice(&mut self, ctx: &SliceCtx<'_>, plan: &RecPlan, rec_out: &mut [f64], spikes: &mut Vec<(u32, u32)>) -> Result<()>;
    /// Splits the population for a run on persistent workers: part `t` owns
    /// chunks `bounds[t]..bounds[t + 1]` (neurons and ring buffers), so every
    /// worker updates and receives deliveries for its own chunks. `None`
    /// (the default) keeps the population whole; the kernel then gives it to
    /// worker 0 (through [`Population::update_slice`] and
    /// [`Population::buffers_mut`]).
    fn split<'a>(&'a mut self, _bounds: &[usize]) -> Option<Vec<Box<dyn PopPart + 'a>>> {
        None
    }
    /// The queues and spikes a precise (`_ps`) population shares with the
    /// kernel ([`super::precise`]); `None` for on-grid models.
    fn precise(&self) -> Option<std::sync::Arc<super::precise::PsShared>> {
        None
    }
}

/// The part of a population one worker owns during a run: a contiguous range
/// of chunks, their neurons and their ring buffers.
pub trait PopPart: Send {
    /// The chunks owned.
    fn chunks(&self) -> std::ops::Range<usize>;
    /// Runs lags `ctx.from..ctx.to` for the owned neurons, as
    /// [`Population::update_slice`]; recording entries `rec_base..` of the
    /// plan go to `rec[(e - rec_base) * lags + l]`.
    fn update(&mut self, ctx: &SliceCtx<'_>, plan: &RecPlan, rec: &mut [f64], rec_base: usize, spikes: &mut Vec<(u32, u32)>) -> Result<()>;
    /// The owned ring buffers: `[offset..]` of the population's layout, where
    /// `offset` is [`PopPart::buffer_offset`].
    fn buffers(&mut self) -> &mut [f64];
    /// Offset of the owned buffers in the population's layout.
    fn buffer_offset(&self) -> usize;
}

/// The ring buffers a worker delivers into for one population: the owned
/// range (from [`PopPart::buffers`]), its offset in the population's layout
/// and the population's slot stride ([`Population::slot_stride`]).
pub struct TargetBuf<'a> {
    /// The owned buffers.
    pub buf: &'a mut [f64],
    /// Offset of `buf[0]` in the population's layout.
    pub off: usize,
    /// Distance between consecutive slots of one channel.
    pub stride: usize,
}

impl TargetBuf<'_> {
    /// Adds `x` to slot `slot` of the channel whose slot 0 is at `base`
    /// (an index in the population's layout, as in a [`super::connect::CsrEdge`]).
    #[inline(always)]
    pub fn add(&mut self, base: u32, slot: usize, x: f64) {
        self.buf[base as usize + slot * self.stride - self.off] += x;
    }
}

/// A whole population as one part (for population types that do not split).
pub struct Whole<'a> {
    /// The population.
    pub pop: &'a mut dyn Population,
}

impl PopPart for Whole<'_> {
    fn chunks(&self) -> std::ops::Range<usize> {
        0..self.pop.len().div_ceil(CHUNK)
    }
    fn update(&mut self, ctx: &SliceCtx<'_>, plan: &RecPlan, rec: &mut [f64], rec_base: usize, spikes: &mut Vec<(u32, u32)>) -> Result<()> {
        debug_assert_eq!(rec_base, 0);
        self.pop.update_slice(ctx, plan, rec, spikes)
    }
    fn buffers(&mut self) -> &mut [f64] {
        self.pop.buffers_mut()
    }
    fn buffer_offset(&self) -> usize {
        0
    }
}

/// Length of one chunk's ring buffers in a [`Pop`]: `CHUNK` neurons (the
/// last chunk padded) × channels × slots.
#[inline(always)]
fn chunk_len(channels: usize, ring: usize) -> usize {
    CHUNK * channels * ring
}

/// A range of chunks of a [`Pop`].
struct PopChunks<'a, M: NestNeuron> {
    neurons: &'a mut [M],
    buf: &'a mut [f64],
    /// The chunks' lane state and which chunks use it (see [`Pop`]).
    lanes: ChunkLanes<'a>,
    first_chunk: usize,
    ring: usize,
    /// `true` if some neuron of the population is stochastic.
    stochastic: bool,
}

impl<M: NestNeuron> PopPart for PopChunks<'_, M> {
    fn chunks(&self) -> std::ops::Range<usize> {
        self.first_chunk..self.first_chunk + self.neurons.len().div_ceil(CHUNK)
    }
    fn update(&mut self, ctx: &SliceCtx<'_>, plan: &RecPlan, rec: &mut [f64], rec_base: usize, spikes: &mut Vec<(u32, u32)>) -> Result<()> {
        match run_chunk(self.neurons, self.buf, self.lanes.reborrow(), self.first_chunk * CHUNK, self.stochastic, ctx, plan, rec, rec_base, spikes) {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }
    fn buffers(&mut self) -> &mut [f64] {
        self.buf
    }
    fn buffer_offset(&self) -> usize {
        self.first_chunk * chunk_len(M::CHANNELS, self.ring)
    }
}

/// The population of a model `M`: an array of neuron records plus their
/// ring buffers, chunk by chunk and slot-major within a chunk,
/// `[chunk][slot][channel][CHUNK]`: one slot of one channel is contiguous
/// for the chunk's neurons (the update reads it in order), and a chunk's
/// buffers are contiguous (workers own whole chunks).
///
/// Lane chunks: when `M` has a vectorised update
/// ([`NestNeuron::LANE_FIELDS`] > 0), a chunk whose neurons share all
/// parameters and are deterministic keeps its state in `lane_state`
/// (`[chunk][field][CHUNK]`) from `prepare` on, and its first record steps
/// the whole chunk ([`NestNeuron::update_lanes`]). The records' own state
/// is then stale: every access to a neuron goes through the lane state
/// (`get`), or first writes it back (`set`, `set_array`, `grow`), so what
/// the API sees never depends on where the state lives.
pub struct Pop<M: NestNeuron> {
    neurons: Vec<M>,
    buf: Vec<f64>,
    /// Lane state of the lane chunks (`[chunk][field][CHUNK]`, empty if `M`
    /// has no vectorised update).
    lane_state: Vec<f64>,
    /// Per chunk, `true` if its state is in `lane_state`.
    lane_chunk: Vec<bool>,
    ring: usize,
    /// `true` if some neuron may be stochastic ([`NestNeuron::is_stochastic`]);
    /// recomputed by `prepare`, so the update need not ask every neuron.
    stochastic: bool,
}

impl<M: NestNeuron> Pop<M> {
    /// An empty population.
    pub fn new() -> Self {
        Pop { neurons: Vec::new(), buf: Vec::new(), lane_state: Vec::new(), lane_chunk: Vec::new(), ring: 0, stochastic: true }
    }

    /// Length of one chunk's lane state.
    const LANE_LEN: usize = M::LANE_FIELDS * CHUNK;

    /// Writes chunk `k`'s lane state back into its records (if it is a lane chunk).
    fn unlane_chunk(&mut self, k: usize) {
        if !self.lane_chunk.get(k).copied().unwrap_or(false) {
            return;
        }
        let st = &self.lane_state[k * Self::LANE_LEN..(k + 1) * Self::LANE_LEN];
        let end = ((k + 1) * CHUNK).min(self.neurons.len());
        for (j, n) in self.neurons[k * CHUNK..end].iter_mut().enumerate() {
            n.state_from_lane(st, CHUNK, j);
        }
        self.lane_chunk[k] = false;
    }

    /// Writes every lane chunk's state back into its records.
    fn unlane_all(&mut self) {
        for k in 0..self.lane_chunk.len() {
            self.unlane_chunk(k);
        }
    }

    /// Makes every chunk whose deterministic neurons share all parameters a
    /// lane chunk (after `calibrate`: the propagators are compared too).
    fn lane_eligible_chunks(&mut self) {
        if M::LANE_FIELDS == 0 {
            return;
        }
        let n_chunks = self.neurons.len().div_ceil(CHUNK);
        if self.lane_chunk.len() != n_chunks {
            self.unlane_all();
            self.lane_state = vec![0.0; n_chunks * Self::LANE_LEN];
            self.lane_chunk = vec![false; n_chunks];
        }
        for (k, ns) in self.neurons.chunks(CHUNK).enumerate() {
            if self.lane_chunk[k] || ns[0].is_stochastic() || !ns[1..].iter().all(|n| ns[0].same_params(n)) {
                continue;
            }
            let st = &mut self.lane_state[k * Self::LANE_LEN..(k + 1) * Self::LANE_LEN];
            st.iter_mut().for_each(|x| *x = 0.0);
            for (j, n) in ns.iter().enumerate() {
                n.state_to_lane(st, CHUNK, j);
            }
            self.lane_chunk[k] = true;
        }
    }
}

/// The lane state of a range of chunks of a [`Pop`] and which of them are
/// lane chunks.
struct ChunkLanes<'a> {
    state: &'a mut [f64],
    chunk: &'a [bool],
}

impl<'a> ChunkLanes<'a> {
    fn reborrow(&mut self) -> ChunkLanes<'_> {
        ChunkLanes { state: self.state, chunk: self.chunk }
    }

    /// Splits off the first `chunks` chunks (of `len` lane values each).
    fn split_chunks(self, chunks: usize, len: usize) -> (ChunkLanes<'a>, ChunkLanes<'a>) {
        let c = chunks.min(self.chunk.len());
        let (s0, s1) = self.state.split_at_mut((c * len).min(self.state.len()));
        let (c0, c1) = self.chunk.split_at(c);
        (ChunkLanes { state: s0, chunk: c0 }, ChunkLanes { state: s1, chunk: c1 })
    }

    /// One `ChunkLanes` per chunk, for `n_chunks` chunks (empty ones for chunks
    /// without lane state).
    fn per_chunk(self, n_chunks: usize, len: usize) -> Vec<ChunkLanes<'a>> {
        let mut rest = self;
        (0..n_chunks)
            .map(|_| {
                let (head, tail) = std::mem::replace(&mut rest, ChunkLanes { state: &mut [], chunk: &[] }).split_chunks(1, len);
                rest = tail;
                head
            })
            .collect()
    }
}

impl<M: NestNeuron> Pop<M> {
    /// Index of slot 0 of neuron `i`'s channel `ch` (see [`Pop`]).
    fn index(i: usize, ch: usize, ring: usize) -> usize {
        (i / CHUNK) * chunk_len(M::CHANNELS, ring) + ch * CHUNK + i % CHUNK
    }
}

impl<M: NestNeuron> Default for Pop<M> {
    fn default() -> Self {
        Self::new()
    }
}

struct ChunkOut {
    spikes: Vec<(u32, u32)>,
    err: Option<Error>,
}

/// One step of a neuron that draws a uniform variate every step, from its
/// stream keyed by (seed, node id, step). Kept out of line so the stream's
/// hashing is not hoisted into the deterministic neurons' loop.
#[cold]
#[inline(never)]
fn stochastic_step<M: NestNeuron>(n: &mut M, input: &[f64], ctx: &SliceCtx<'_>, i: usize, lag: usize) -> u32 {
    let s = (ctx.origin + lag as i64) as u64;
    let mut r = super::random::stream(ctx.seed, &[0x5EED_0001, ctx.first_id as u64 + i as u64, s]);
    u32::from(n.update_random(input, r.uniform()))
}

/// Updates neurons `first..first + neurons.len()` (whole chunks from a
/// chunk boundary; `stochastic` if any of the population's neurons is) over a slice, appending their spikes in (neuron, lag)
/// order; returns the first non-finite error.
///
/// Each chunk runs lag by lag over its neurons: one lag's inputs of a chunk
/// are contiguous in the slot-major buffers, and a neuron's state is not
/// reloaded right after being stored (which stalls store forwarding).
#[allow(clippy::too_many_arguments)]
fn run_chunk<M: NestNeuron>(neurons: &mut [M], buf: &mut [f64], lanes: ChunkLanes<'_>, first: usize, stochastic: bool, ctx: &SliceCtx<'_>, plan: &RecPlan, rec: &mut [f64], rec_base: usize, spikes: &mut Vec<(u32, u32)>) -> Option<Error> {
    let c = M::CHANNELS;
    let r = ctx.ring;
    let lags = ctx.to - ctx.from;
    let mut err = None;
    let mut input = [0.0f64; 16];
    // Ring slot of the first lag (no division per neuron-step).
    let slot0 = (ctx.origin + ctx.from as i64).rem_euclid(r as i64) as usize;
    let recording = !plan.rec_off.is_empty();
    let cl = chunk_len(c, r);
    let lane_len = M::LANE_FIELDS * CHUNK;
    for (k, (ns, nb)) in neurons.chunks_mut(CHUNK).zip(buf.chunks_mut(cl)).enumerate() {
        let i0 = first + k * CHUNK;
        if lanes.chunk.get(k).copied().unwrap_or(false) {
            let st = &mut lanes.state[k * lane_len..(k + 1) * lane_len];
            if let Some(e) = run_lane_chunk(&ns[0], ns.len(), st, nb, i0, slot0, ctx, plan, rec, rec_base, spikes) {
                err = err.or(Some(e));
            }
            continue;
        }
        let n_spikes = spikes.len();
        // Set if a neuron's V_m is non-finite after the slice (the error is built below).
        let mut non_finite = false;
        let mut slot = slot0;
        for lag in ctx.from..ctx.to {
            if lag > ctx.from {
                slot += 1;
                if slot == r {
                    slot = 0;
                }
            }
            let lb = &mut nb[slot * c * CHUNK..(slot + 1) * c * CHUNK];
            let last = lag + 1 == ctx.to;
            // The common case (no recording, no stochastic neuron) in its own loop.
            if !recording && !stochastic {
                for (jj, n) in ns.iter_mut().enumerate() {
                    for ch in 0..c {
                        let x = &mut lb[ch * CHUNK + jj];
                        input[ch] = *x;
                        *x = 0.0;
                    }
                    let spiked = n.update_count(&input[..c]);
                    for _ in 0..spiked {
                        spikes.push((lag as u32, (i0 + jj) as u32));
                    }
                    if last && !n.recordable(0).is_finite() {
                        non_finite = true;
                    }
                }
                continue;
            }
            for (jj, n) in ns.iter_mut().enumerate() {
                let i = i0 + jj;
                for ch in 0..c {
                    let x = &mut lb[ch * CHUNK + jj];
                    input[ch] = *x;
                    *x = 0.0;
                }
                let spiked = if n.is_stochastic() {
                    stochastic_step(n, &input[..c], ctx, i, lag)
                } else {
                    n.update_count(&input[..c])
                };
                // A spike of multiplicity m is sent as m spikes (same delivery and recording).
                for _ in 0..spiked {
                    spikes.push((lag as u32, i as u32));
                }
                if recording {
                    for e in plan.rec_off[i] as usize..plan.rec_off[i + 1] as usize {
                        rec[(e - rec_base) * lags + (lag - ctx.from)] = n.recordable(plan.rec_var[e] as usize);
                    }
                }
                if last && !n.recordable(0).is_finite() {
                    non_finite = true;
                }
            }
        }
        // The chunk's spikes in (neuron, lag) order, as the serial loop makes them.
        if lags > 1 {
            spikes[n_spikes..].sort_unstable_by_key(|&(lag, i)| (i, lag));
        }
        if !non_finite || err.is_some() {
            continue;
        }
        for (jj, n) in ns.iter().enumerate() {
            let v = n.recordable(0);
            if !v.is_finite() && err.is_none() {
                err = Some(Error::NonFinite(format!(
                    "{} neuron {} has non-finite {} = {} by t = {} ms",
                    M::INFO.name,
                    ctx.first_id as usize + i0 + jj,
                    M::INFO.recordables[0].name,
                    v,
                    (ctx.origin + ctx.to as i64) as f64 * ctx.h
                )));
            }
        }
    }
    err
}

/// [`run_chunk`] for a lane chunk of `n` neurons whose first record is
/// `shared` and whose state is `st` (`[field][CHUNK]`): the same steps,
/// spikes, recordings and non-finite check, lane by lane.
#[allow(clippy::too_many_arguments)]
fn run_lane_chunk<M: NestNeuron>(shared: &M, n: usize, st: &mut [f64], nb: &mut [f64], i0: usize, slot0: usize, ctx: &SliceCtx<'_>, plan: &RecPlan, rec: &mut [f64], rec_base: usize, spikes: &mut Vec<(u32, u32)>) -> Option<Error> {
    let c = M::CHANNELS;
    let lags = ctx.to - ctx.from;
    let recording = !plan.rec_off.is_empty();
    let n_spikes = spikes.len();
    let mut spiked = [0u8; CHUNK];
    let mut slot = slot0;
    for lag in ctx.from..ctx.to {
        if lag > ctx.from {
            slot += 1;
            if slot == ctx.ring {
                slot = 0;
            }
        }
        let lb = &mut nb[slot * c * CHUNK..(slot + 1) * c * CHUNK];
        if shared.update_lanes(st, lb, CHUNK, n, &mut spiked) > 0 {
            for (j, _) in spiked[..n].iter().enumerate().filter(|(_, &s)| s != 0) {
                spikes.push((lag as u32, (i0 + j) as u32));
            }
        }
        if recording {
            for j in 0..n {
                let i = i0 + j;
                for e in plan.rec_off[i] as usize..plan.rec_off[i + 1] as usize {
                    rec[(e - rec_base) * lags + (lag - ctx.from)] = shared.lane_recordable(st, CHUNK, j, plan.rec_var[e] as usize);
                }
            }
        }
    }
    // The chunk's spikes in (neuron, lag) order, as the serial loop makes them.
    if lags > 1 {
        spikes[n_spikes..].sort_unstable_by_key(|&(lag, i)| (i, lag));
    }
    // Branch-free over the lanes; the first bad one is looked for only if there is one.
    if (0..n).fold(true, |ok, j| ok & shared.lane_recordable(st, CHUNK, j, 0).is_finite()) {
        return None;
    }
    let bad = (0..n).find(|&j| !shared.lane_recordable(st, CHUNK, j, 0).is_finite())?;
    Some(Error::NonFinite(format!(
        "{} neuron {} has non-finite {} = {} by t = {} ms",
        M::INFO.name,
        ctx.first_id as usize + i0 + bad,
        M::INFO.recordables[0].name,
        shared.lane_recordable(st, CHUNK, bad, 0),
        (ctx.origin + ctx.to as i64) as f64 * ctx.h
    )))
}

impl<M: NestNeuron> Population for Pop<M> {
    fn info(&self) -> &'static NestModelInfo {
        M::INFO
    }
    fn len(&self) -> usize {
        self.neurons.len()
    }
    fn grow(&mut self, n: usize) {
        // The ring buffers are re-laid out (keeping pending input) and the
        // lane chunks chosen again at the next prepare.
        self.unlane_all();
        self.neurons.extend(std::iter::repeat_with(M::new).take(n));
    }
    fn set(&mut self, i: usize, d: Dict<'_>) -> Result<()> {
        check_names(M::INFO, d)?;
        self.unlane_chunk(i / CHUNK);
        self.neurons[i].set(d)?;
        self.stochastic |= self.neurons[i].is_stochastic();
        Ok(())
    }
    fn get(&self, i: usize, name: &str) -> Result<f64> {
        let k = i / CHUNK;
        let value = if self.lane_chunk.get(k).copied().unwrap_or(false) {
            let mut n = self.neurons[i].clone();
            n.state_from_lane(&self.lane_state[k * Self::LANE_LEN..(k + 1) * Self::LANE_LEN], CHUNK, i % CHUNK);
            n.get(name)
        } else {
            self.neurons[i].get(name)
        };
        value.ok_or_else(|| {
            let mut names = M::INFO.settable();
            for r in M::INFO.recordables {
                if !names.contains(&r.name) {
                    names.push(r.name);
                }
            }
            Error::UnknownName(format!("{} has no parameter or state '{}'; valid: {}", M::INFO.name, name, names.join(", ")))
        })
    }
    fn set_array(&mut self, i: usize, name: &str, values: &[f64]) -> Result<()> {
        self.unlane_chunk(i / CHUNK);
        self.neurons[i].set_array(name, values)
    }
    fn get_array(&self, i: usize, name: &str) -> Result<Vec<f64>> {
        self.neurons[i].get_array(name).ok_or_else(|| Error::UnknownName(format!("{} has no array parameter '{name}'", M::INFO.name)))
    }
    fn channels(&self) -> usize {
        M::CHANNELS
    }
    fn counts_spikes(&self) -> bool {
        M::COUNTS_SPIKES
    }
    fn spike_channel(&self, receptor: u32, w: f64) -> Option<usize> {
        M::spike_channel(receptor, w)
    }
    fn current_channel(&self, receptor: u32) -> Option<usize> {
        M::current_channel(receptor)
    }
    fn prepare(&mut self, h: f64, tics_per_step: i64, ring: usize, now: i64) {
        for n in &mut self.neurons {
            n.calibrate(h, tics_per_step);
        }
        self.stochastic = self.neurons.iter().any(|n| n.is_stochastic());
        self.lane_eligible_chunks();
        let c = M::CHANNELS;
        let n = self.neurons.len();
        let len = n.div_ceil(CHUNK) * chunk_len(c, ring);
        if self.ring == ring && self.buf.len() == len {
            return;
        }
        let mut nb = vec![0.0; len];
        if self.ring > 0 {
            let old = self.ring;
            let n_old = (self.buf.len() / chunk_len(c, old) * CHUNK).min(n);
            for i in 0..n_old {
                for ch in 0..c {
                    for k in 0..old.min(ring) as i64 {
                        let abs = now + k;
                        let src = Self::index(i, ch, old) + abs.rem_euclid(old as i64) as usize * c * CHUNK;
                        let dst = Self::index(i, ch, ring) + abs.rem_euclid(ring as i64) as usize * c * CHUNK;
                        nb[dst] = self.buf[src];
                    }
                }
            }
        }
        self.buf = nb;
        self.ring = ring;
    }
    fn reset(&mut self) {
        // Every record gets its initial state; the lane chunks are chosen again at prepare.
        self.lane_chunk.iter_mut().for_each(|l| *l = false);
        for n in &mut self.neurons {
            n.reset();
        }
        self.buf.iter_mut().for_each(|x| *x = 0.0);
    }
    fn buffers_mut(&mut self) -> &mut [f64] {
        &mut self.buf
    }
    fn buffer_base(&self, i: usize, ch: usize, ring: usize) -> usize {
        Self::index(i, ch, ring)
    }
    fn slot_stride(&self) -> usize {
        M::CHANNELS * CHUNK
    }
    fn update_slice(&mut self, ctx: &SliceCtx<'_>, plan: &RecPlan, rec_out: &mut [f64], spikes: &mut Vec<(u32, u32)>) -> Result<()> {
        let stochastic = self.stochastic;
        let c = M::CHANNELS;
        let r = ctx.ring;
        let n = self.neurons.len();
        let lags = ctx.to - ctx.from;
        let n_chunks = n.div_ceil(CHUNK);
        // Recording entries of each chunk: a contiguous range of `rec_out`.
        let entry_at = |i: usize| if plan.rec_off.is_empty() { 0 } else { plan.rec_off[i] as usize };
        let mut rec_parts: Vec<(&mut [f64], usize)> = Vec::with_capacity(n_chunks);
        let mut rest = rec_out;
        for k in 0..n_chunks {
            let (a, b) = (entry_at(k * CHUNK), entry_at(((k + 1) * CHUNK).min(n)));
            let (head, tail) = rest.split_at_mut((b - a) * lags);
            rec_parts.push((head, a));
            rest = tail;
        }
        let lanes = ChunkLanes { state: &mut self.lane_state, chunk: &self.lane_chunk }.per_chunk(n_chunks, Self::LANE_LEN);
        let outs: Vec<ChunkOut> = match ctx.pool {
            // Parallel only when the slice has enough work to pay for a fork-join
            // (chunks are the same either way, so results are too).
            Some(pool) if n_chunks > 1 && n * lags >= PAR_SLICE_MIN => pool.install(|| {
                self.neurons
                    .par_chunks_mut(CHUNK)
                    .zip(self.buf.par_chunks_mut(chunk_len(c, r)))
                    .zip(rec_parts.into_par_iter())
                    .zip(lanes.into_par_iter())
                    .enumerate()
                    .map(|(k, (((ns, bs), (rec, base)), lanes))| {
                        let mut spikes = Vec::new();
                        let err = run_chunk(ns, bs, lanes, k * CHUNK, stochastic, ctx, plan, rec, base, &mut spikes);
                        ChunkOut { spikes, err }
                    })
                    .collect()
            }),
            _ => self
                .neurons
                .chunks_mut(CHUNK)
                .zip(self.buf.chunks_mut(chunk_len(c, r)))
                .zip(rec_parts)
                .zip(lanes)
                .enumerate()
                .map(|(k, (((ns, bs), (rec, base)), lanes))| {
                    let mut spikes = Vec::new();
                    let err = run_chunk(ns, bs, lanes, k * CHUNK, stochastic, ctx, plan, rec, base, &mut spikes);
                    ChunkOut { spikes, err }
                })
                .collect(),
        };
        for o in outs {
            if let Some(e) = o.err {
                return Err(e);
            }
            spikes.extend(o.spikes);
        }
        Ok(())
    }
    fn split<'a>(&'a mut self, bounds: &[usize]) -> Option<Vec<Box<dyn PopPart + 'a>>> {
        let cl = chunk_len(M::CHANNELS, self.ring);
        let n = self.neurons.len();
        let mut parts: Vec<Box<dyn PopPart + 'a>> = Vec::with_capacity(bounds.len().saturating_sub(1));
        let (mut ns, mut bs) = (&mut self.neurons[..], &mut self.buf[..]);
        let mut ls = ChunkLanes { state: &mut self.lane_state, chunk: &self.lane_chunk };
        for w in bounds.windows(2) {
            let len = (w[1] * CHUNK).min(n) - (w[0] * CHUNK).min(n);
            let (a, rest_n) = std::mem::take(&mut ns).split_at_mut(len);
            let (b, rest_b) = std::mem::take(&mut bs).split_at_mut((w[1] - w[0]) * cl);
            let (l, rest_l) = std::mem::replace(&mut ls, ChunkLanes { state: &mut [], chunk: &[] }).split_chunks(w[1] - w[0], Self::LANE_LEN);
            ns = rest_n;
            bs = rest_b;
            ls = rest_l;
            parts.push(Box::new(PopChunks { neurons: a, buf: b, lanes: l, first_chunk: w[0], ring: self.ring, stochastic: self.stochastic }));
        }
        Some(parts)
    }
}
