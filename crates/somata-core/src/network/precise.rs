//! Off-grid (precise) spikes: NEST's `_ps` models, `parrot_neuron_ps`,
//! `poisson_generator_ps` and `spike_generator` with `precise_times`.
//!
//! A precise spike is a stamp (the step it ends in, as every spike) plus an
//! offset: it happened at stamp·h − offset. Targets that are precise models
//! receive it through an event queue per neuron and step (NEST's
//! `SliceRingBuffer`): at step T = stamp + d − 1 they process their events
//! in time order (decreasing offset; equal offsets in arrival order) with
//! exact propagation between them. On-grid targets ignore the offset, as in
//! NEST: the spike goes into the ring-buffer slot of its stamp. Spike
//! recorders record stamp − offset.
//!
//! On-grid spikes into precise targets (from on-grid neurons and
//! generators) use the ordinary delivery path into ring buffers, but each
//! such connection has its own ring row ([`assign_ongrid_rows`]), so every
//! spike stays a separate event at offset 0, the end of its step, as in NEST.
//! Nothing here runs for networks without precise models or generators.
//!
//! Order of the events of a step (NEST 3.10's `SliceRingBuffer`): NEST
//! appends events to a neuron's queue as they arrive, sorts it with
//! `std::sort(…, std::greater)` (later stamp and smaller offset first) and
//! takes events from the back: earliest stamp, largest offset first; events
//! with equal stamp and offset come out in the reverse of their arrival
//! order (libstdc++'s sort is stable for the up to 16 events of a queue
//! that a step usually holds). Arrival order ([`Arrival`]) is NEST's
//! delivery order with one thread: devices deliver at once, while they
//! update (slice of the spike, device id, step, spike, connection); neurons'
//! spikes are delivered at the start of the next slice (source id, step,
//! connection), slices being NEST's `min_delay` long (recorder connections
//! count, with NEST's default delay of 1 ms).
//!
//! Threads: a precise population is not split; it runs on worker 0, which
//! therefore owns its targets and is the only worker that writes its event
//! queues. Deliveries of precise spikes and generator events into on-grid
//! targets are done by each target's owner in a fixed order (populations,
//! spikes, edges), after the on-grid deliveries, so results are
//! bit-identical for any thread count.

use std::sync::{Arc, Mutex, MutexGuard, RwLock};

use super::connect::{Csr, CsrEdge, Edges};
use super::population::{Population, RecPlan, SliceCtx, TargetBuf};
use super::Node;
use crate::devices::Device;
use crate::error::{Error, Result};
use crate::models::nest::ps_common::{h_ms, Emit, Ev, PreciseNeuron, StepEvents};
use crate::models::nest::{check_names, Dict, NestModelInfo};

/// A spike of a precise neuron: lag and neuron index as on-grid spikes, plus
/// its offset and multiplicity.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PreciseSpike {
    /// Lag of the step it was emitted in (stamp = origin + lag + 1).
    pub lag: u32,
    /// Neuron index in its population.
    pub i: u32,
    /// Offset (ms before the stamp).
    pub offset: f64,
    /// Multiplicity.
    pub mult: u32,
}

/// When an event reached its target in NEST (one thread), for ordering
/// events with equal stamp and offset: compared field by field.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Arrival {
    /// 2·slice + 1 for a device's event (delivered while the device updates
    /// in the slice of the spike), 2·(slice + 1) for a neuron's spike
    /// (delivered at the start of the next slice).
    pub batch: i64,
    /// Source node id (nodes update in id order).
    pub src: u32,
    /// Step the spike was sent in (stamp − 1).
    pub step: i64,
    /// Index of the spike within the source's step (several spike times of a spike_generator).
    pub sub: u32,
    /// Connection id (a source's connections deliver in creation order).
    pub conn: u32,
}

impl Arrival {
    /// The arrival of a spike sent by node `src` in step `step`; `nest_slice`
    /// is NEST's slice length in steps (its `min_delay`).
    pub fn new(device: bool, src: u32, step: i64, sub: u32, conn: u32, nest_slice: i64) -> Self {
        let slice = step.div_euclid(nest_slice.max(1));
        Arrival { batch: if device { 2 * slice + 1 } else { 2 * (slice + 1) }, src, step, sub, conn }
    }
}

/// Event queues of a precise population: per neuron, one list per ring slot
/// (global step modulo the ring size), each event keeping its step and arrival.
#[derive(Default, Debug)]
pub struct Queues {
    slots: Vec<Vec<(Arrival, Ev)>>,
    ring: usize,
    channels: usize,
    spike_channels: &'static [usize],
}

impl Queues {
    /// Adds an event for the neuron and channel of ring-buffer offset `base`
    /// (a CSR edge's), delivered in step `t`. Events on channels that are
    /// not spike channels (parrot_neuron_ps's receptor 1) are dropped.
    #[inline]
    pub fn push(&mut self, base: u32, t: i64, offset: f64, weight: f64, arrival: Arrival) {
        let base = base as usize;
        let idx = base / (self.channels * self.ring);
        let ch = (base / self.ring) % self.channels;
        if !self.spike_channels.contains(&ch) || (idx + 1) * self.ring > self.slots.len() {
            return;
        }
        let slot = t.rem_euclid(self.ring as i64) as usize;
        // +0.0 turns −0 into 0 so that offsets compare as NEST's do.
        self.slots[idx * self.ring + slot].push((arrival, Ev { t, offset: offset + 0.0, weight }));
    }
}

/// One connection from an on-grid source into a precise neuron, with its own ring row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OnGridRow {
    /// Target neuron (index in its population).
    pub idx: u32,
    /// Connection id.
    pub edge: u32,
    /// Source node id.
    pub src: u32,
    /// `true` if the source is a device (it delivers while it updates).
    pub device: bool,
    /// Delay in steps.
    pub delay: u32,
}

/// The on-grid connections into a precise population: rows sorted by
/// target neuron (then connection), `row_off[i]..row_off[i + 1]` those of
/// neuron i, and NEST's slice length.
#[derive(Clone, Debug, Default)]
pub struct OnGridRows {
    /// Rows in ring-buffer order (after the neurons' channels).
    pub rows: Vec<OnGridRow>,
    /// Per neuron, the first row (len + 1 entries).
    pub row_off: Vec<u32>,
    /// NEST's `min_delay` in steps.
    pub nest_slice: i64,
}

/// What a precise population shares with the kernel during a run: its
/// queues (written by the deliveries, read by its update) and the spikes of
/// the last slice (written by its update, read by the deliveries).
#[derive(Default, Debug)]
pub struct PsShared {
    /// Incoming events.
    pub queues: Mutex<Queues>,
    /// Spikes of the current slice.
    pub spikes: RwLock<Vec<PreciseSpike>>,
    /// `true` if incoming spikes count their multiplicity only.
    pub counts_spikes: bool,
    /// The on-grid connections into the population (set before `prepare`).
    pub ongrid: Mutex<OnGridRows>,
}

/// A population of a precise model: neuron records, on-grid ring buffers
/// (spike sums and currents), and the shared queues and spikes.
pub struct PsPop<M: PreciseNeuron> {
    neurons: Vec<M>,
    /// Ring buffers: the neurons' channels, then one row per on-grid connection ([`OnGridRows`]).
    buf: Vec<f64>,
    ring: usize,
    /// The on-grid rows `buf` is laid out for.
    rows: OnGridRows,
    shared: Arc<PsShared>,
}

impl<M: PreciseNeuron> PsPop<M> {
    /// An empty population.
    pub fn new() -> Self {
        let shared = PsShared { queues: Mutex::new(Queues { spike_channels: M::SPIKE_CHANNELS, channels: M::CHANNELS, ..Queues::default() }), spikes: RwLock::new(Vec::new()), counts_spikes: M::COUNTS_SPIKES, ongrid: Mutex::new(OnGridRows::default()) };
        PsPop { neurons: Vec::new(), buf: Vec::new(), ring: 0, rows: OnGridRows::default(), shared: Arc::new(shared) }
    }
}

impl<M: PreciseNeuron> Default for PsPop<M> {
    fn default() -> Self {
        Self::new()
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl<M: PreciseNeuron> Population for PsPop<M> {
    fn info(&self) -> &'static NestModelInfo {
        M::INFO
    }
    fn len(&self) -> usize {
        self.neurons.len()
    }
    fn grow(&mut self, n: usize) {
        self.neurons.extend(std::iter::repeat_with(M::new).take(n));
    }
    fn set(&mut self, i: usize, d: Dict<'_>) -> Result<()> {
        check_names(M::INFO, d)?;
        self.neurons[i].set(d)
    }
    fn get(&self, i: usize, name: &str) -> Result<f64> {
        self.neurons[i].get(name).ok_or_else(|| {
            let mut names = M::INFO.settable();
            for r in M::INFO.recordables {
                if !names.contains(&r.name) {
                    names.push(r.name);
                }
            }
            Error::UnknownName(format!("{} has no parameter or state '{}'; valid: {}", M::INFO.name, name, names.join(", ")))
        })
    }
    fn set_array(&mut self, _i: usize, name: &str, _values: &[f64]) -> Result<()> {
        Err(Error::UnknownName(format!("{} has no array parameter '{name}'", M::INFO.name)))
    }
    fn get_array(&self, _i: usize, name: &str) -> Result<Vec<f64>> {
        Err(Error::UnknownName(format!("{} has no array parameter '{name}'", M::INFO.name)))
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
    fn prepare(&mut self, _h: f64, tics_per_step: i64, ring: usize, now: i64) {
        // NEST's h: Time::get_resolution().get_ms().
        let h = h_ms(tics_per_step);
        for n in &mut self.neurons {
            n.calibrate(h, tics_per_step);
        }
        let c = M::CHANNELS;
        let n = self.neurons.len();
        let rows = lock(&self.shared.ongrid).clone();
        let mut q = lock(&self.shared.queues);
        if self.ring == ring && self.buf.len() == (n * c + rows.rows.len()) * ring && q.slots.len() == n * ring && self.rows.rows == rows.rows {
            self.rows = rows;
            return;
        }
        // Re-lay out pending input (slots are absolute step modulo the ring size).
        let mut nb = vec![0.0; (n * c + rows.rows.len()) * ring];
        let mut ns: Vec<Vec<(Arrival, Ev)>> = vec![Vec::new(); n * ring];
        if self.ring > 0 && !self.rows.rows.is_empty() {
            // Pending on-grid input moves with its connection.
            let old = self.ring;
            let old_main = self.buf.len() / old - self.rows.rows.len();
            let new_row: std::collections::HashMap<u32, usize> = rows.rows.iter().enumerate().map(|(r, x)| (x.edge, r)).collect();
            for (r, x) in self.rows.rows.iter().enumerate() {
                let Some(&nr) = new_row.get(&x.edge) else { continue };
                for k in 0..old.min(ring) as i64 {
                    let abs = now + k;
                    nb[(n * c + nr) * ring + abs.rem_euclid(ring as i64) as usize] = self.buf[(old_main + r) * old + abs.rem_euclid(old as i64) as usize];
                }
            }
        }
        self.rows = rows;
        if self.ring > 0 {
            let old = self.ring;
            let n_old = q.slots.len() / old;
            for i in 0..n_old {
                for ch in 0..c {
                    for k in 0..old.min(ring) as i64 {
                        let abs = now + k;
                        nb[(i * c + ch) * ring + abs.rem_euclid(ring as i64) as usize] = self.buf[(i * c + ch) * old + abs.rem_euclid(old as i64) as usize];
                    }
                }
                for s in 0..old {
                    for ev in q.slots.get_mut(i * old + s).map(std::mem::take).unwrap_or_default() {
                        ns[i * ring + ev.1.t.rem_euclid(ring as i64) as usize].push(ev);
                    }
                }
            }
        }
        self.buf = nb;
        q.slots = ns;
        q.ring = ring;
        self.ring = ring;
    }
    fn reset(&mut self) {
        for n in &mut self.neurons {
            n.reset();
        }
        self.buf.iter_mut().for_each(|x| *x = 0.0);
        lock(&self.shared.queues).slots.iter_mut().for_each(Vec::clear);
        self.shared.spikes.write().unwrap_or_else(|e| e.into_inner()).clear();
    }
    fn buffers_mut(&mut self) -> &mut [f64] {
        &mut self.buf
    }
    fn update_slice(&mut self, ctx: &SliceCtx<'_>, plan: &RecPlan, rec_out: &mut [f64], _spikes: &mut Vec<(u32, u32)>) -> Result<()> {
        // Precise spikes go to the shared list (with offsets), not to the on-grid one.
        let c = M::CHANNELS;
        let r = ctx.ring;
        let lags = ctx.to - ctx.from;
        let mut q = lock(&self.shared.queues);
        let mut spikes = self.shared.spikes.write().unwrap_or_else(|e| e.into_inner());
        spikes.clear();
        let mut out: Vec<(f64, u32)> = Vec::new();
        let mut err = None;
        let main = self.neurons.len() * c * r;
        let (chan_buf, row_buf) = self.buf.split_at_mut(main);
        let mut evs: Vec<(Arrival, Ev)> = Vec::new();
        let mut step_evs: Vec<Ev> = Vec::new();
        for (i, n) in self.neurons.iter_mut().enumerate() {
            let nb = &mut chan_buf[i * c * r..(i + 1) * c * r];
            let my_rows = if self.rows.row_off.len() > i + 1 { self.rows.row_off[i] as usize..self.rows.row_off[i + 1] as usize } else { 0..0 };
            let ns = &mut q.slots[i * r..(i + 1) * r];
            let (e0, e1) = if plan.rec_off.is_empty() { (0, 0) } else { (plan.rec_off[i] as usize, plan.rec_off[i + 1] as usize) };
            n.slice_start(ctx.origin + ctx.from as i64, &mut Emit::new(&mut out));
            for (o, m) in out.drain(..) {
                spikes.push(PreciseSpike { lag: ctx.from as u32, i: i as u32, offset: o, mult: m });
            }
            for lag in ctx.from..ctx.to {
                let t = ctx.origin + lag as i64;
                let slot = t.rem_euclid(r as i64) as usize;
                evs.clear();
                evs.append(&mut ns[slot]);
                debug_assert!(evs.iter().all(|e| e.1.t == t));
                // On-grid spikes: one event per connection, at the end of the step.
                for row in my_rows.clone() {
                    let x = &mut row_buf[row * r + slot];
                    if *x != 0.0 {
                        let g = self.rows.rows[row];
                        let step = t - g.delay as i64;
                        evs.push((Arrival::new(g.device, g.src, step, 0, g.edge, self.rows.nest_slice), Ev { t, offset: 0.0, weight: *x }));
                        *x = 0.0;
                    }
                }
                for &ch in M::SPIKE_CHANNELS {
                    let x = nb[ch * r + slot];
                    if x != 0.0 {
                        evs.push((Arrival { batch: i64::MAX, ..Arrival::default() }, Ev { t, offset: 0.0, weight: x }));
                    }
                }
                // NEST's order: decreasing offset; equal offsets in reverse arrival order.
                evs.sort_by(|a, b| b.1.offset.total_cmp(&a.1.offset).then(b.0.cmp(&a.0)));
                step_evs.clear();
                step_evs.extend(evs.iter().map(|e| e.1));
                let current = M::CURRENT_CHANNEL.map_or(0.0, |ch| nb[ch * r + slot]);
                for ch in 0..c {
                    nb[ch * r + slot] = 0.0;
                }
                if let Err(e) = n.step(t, &mut StepEvents::new(&step_evs), current, &mut Emit::new(&mut out)) {
                    err.get_or_insert(e);
                }
                for (o, m) in out.drain(..) {
                    spikes.push(PreciseSpike { lag: lag as u32, i: i as u32, offset: o, mult: m });
                }
                for e in e0..e1 {
                    rec_out[e * lags + (lag - ctx.from)] = n.recordable(plan.rec_var[e] as usize);
                }
            }
            if !M::INFO.recordables.is_empty() && err.is_none() {
                let v = n.recordable(0);
                if !v.is_finite() {
                    err = Some(Error::NonFinite(format!(
                        "{} neuron {} has non-finite {} = {} by t = {} ms",
                        M::INFO.name,
                        ctx.first_id as usize + i,
                        M::INFO.recordables[0].name,
                        v,
                        (ctx.origin + ctx.to as i64) as f64 * ctx.h
                    )));
                }
            }
        }
        err.map_or(Ok(()), Err)
    }
    fn precise(&self) -> Option<Arc<PsShared>> {
        Some(self.shared.clone())
    }
}

/// One event of a precise generator in a slice: the CSR edge (position and
/// target block), the stamp and offset, and the weight factors.
#[derive(Clone, Copy, Debug)]
struct GenEv {
    pos: usize,
    blk: u32,
    stamp: i64,
    offset: f64,
    /// spike_weights factor (NEST multiplies the connection weight by it first).
    factor: Option<f64>,
    mult: f64,
    /// Index of the spike among the generator's spikes of its step (arrival order).
    sub: u32,
    /// Generator node id.
    src: u32,
}

/// The precise part of a run: handles of the precise populations and the
/// precise generators' events of the current slice.
pub struct PreciseRun {
    /// `true` if the network has precise models or generators.
    pub active: bool,
    pops: Vec<Option<Arc<PsShared>>>,
    counting: Vec<bool>,
    gens: RwLock<Vec<GenEv>>,
    /// NEST's slice length in steps (for [`Arrival`]).
    nest_slice: i64,
}

/// Calls `f(edges)` for each run of row `g` into target blocks owned by worker `me`.
#[inline]
fn own_runs(csr: &Csr, g: u32, owner: &[u8], me: u8, mut f: impl FnMut(&[CsrEdge])) {
    super::kernel::for_own_blocks(csr, g, owner, me, |_, r| f(&csr.edges[r]));
}

impl PreciseRun {
    /// Collects the precise populations and generators of a network.
    pub fn new(pops: &[Box<dyn Population>], devices: &[Device]) -> Self {
        let handles: Vec<Option<Arc<PsShared>>> = pops.iter().map(|p| p.precise()).collect();
        let gens = devices.iter().any(|d| matches!(d, Device::PoissonPs(_)) || matches!(d, Device::SpikeGen(g) if g.precise_times));
        let nest_slice = handles.iter().flatten().next().map_or(1, |s| lock(&s.ongrid).nest_slice);
        PreciseRun { active: gens || handles.iter().any(Option::is_some), counting: pops.iter().map(|p| p.counts_spikes()).collect(), pops: handles, gens: RwLock::new(Vec::new()), nest_slice }
    }

    /// `true` for `spike_generator`s with precise times (the on-grid path skips them).
    pub fn owns(d: &Device) -> bool {
        matches!(d, Device::SpikeGen(g) if g.precise_times)
    }

    /// Worker 0, before the slice's deliveries: turns the precise generators
    /// one slice on (spikes stamped in `(origin + from, origin + to]` within
    /// their windows).
    #[allow(clippy::too_many_arguments)]
    pub fn slice_gens(&self, devs: &mut [Device], device_id: &[u32], windows: &[(i64, i64)], csr: &Csr, origin: i64, from: usize, to: usize, seed: u64, tics: i64) {
        let mut gens = self.gens.write().unwrap_or_else(|e| e.into_inner());
        gens.clear();
        let (lo, hi) = (origin + from as i64, origin + to as i64);
        for (dk, d) in devs.iter_mut().enumerate() {
            let g = device_id[dk];
            let (t_min, t_max) = windows[dk];
            let gi = g as usize;
            if gi + 1 >= csr.off.len() {
                continue;
            }
            let row0 = csr.off[gi];
            let runs = &csr.runs[csr.run_off[gi]..csr.run_off[gi + 1]];
            let blk_of = |j: usize| runs[runs.partition_point(|&(_, end)| end as usize <= row0 + j)].0;
            match d {
                Device::SpikeGen(sg) if sg.precise_times => {
                    let steps = sg.steps(tics as f64 * 0.001);
                    let a = steps.partition_point(|&t| t <= lo);
                    let b = steps.partition_point(|&t| t <= hi);
                    for (k, &stamp) in steps.iter().enumerate().take(b).skip(a) {
                        if !(t_min < stamp && stamp <= t_max) {
                            continue;
                        }
                        let (factor, mult) = sg.weight_and_multiplicity(k);
                        let sub = (k - steps.partition_point(|&t| t < stamp)) as u32;
                        for j in 0..csr.row(g).len() {
                            gens.push(GenEv { pos: row0 + j, blk: blk_of(j), stamp, offset: sg.offset(k), factor, mult, sub, src: g });
                        }
                    }
                }
                Device::PoissonPs(pg) => {
                    let row = csr.row(g);
                    let start = gens.len();
                    pg.emit(lo.max(t_min), hi.min(t_max), seed, g, tics, row.iter().enumerate().map(|(j, e)| (j, e.id)), |j, stamp, offset| {
                        gens.push(GenEv { pos: row0 + j, blk: 0, stamp, offset, factor: None, mult: 1.0, sub: 0, src: g });
                    });
                    for ev in &mut gens[start..] {
                        ev.blk = blk_of(ev.pos - row0);
                    }
                }
                _ => {}
            }
        }
    }

    /// Each worker, after the on-grid deliveries: delivers the precise
    /// generators' events, then the precise populations' spikes, into the
    /// targets it owns. `bufs[k]` is population k's owned ring buffers.
    #[allow(clippy::too_many_arguments)]
    pub fn deliver(&self, me: u8, owner: &[u8], csr: &Csr, pop_first: &[u32], bufs: &mut [TargetBuf<'_>], origin: i64, ring: usize) {
        let mut queues: Vec<Option<MutexGuard<'_, Queues>>> = (0..self.pops.len()).map(|_| None).collect();
        let nest_slice = self.nest_slice;
        let mut send = |e: &CsrEdge, stamp: i64, offset: f64, w: f64, device: bool, src: u32, sub: u32| {
            let t = stamp + e.delay as i64 - 1;
            let k = e.pop as usize;
            match &self.pops[k] {
                Some(s) => queues[k].get_or_insert_with(|| lock(&s.queues)).push(e.base, t, offset, w, Arrival::new(device, src, stamp - 1, sub, e.id, nest_slice)),
                None => bufs[k].add(e.base, t.rem_euclid(ring as i64) as usize, w),
            }
        };
        for ev in self.gens.read().unwrap_or_else(|e| e.into_inner()).iter() {
            if owner[ev.blk as usize] != me {
                continue;
            }
            let e = &csr.edges[ev.pos];
            let w = if self.counting[e.pop as usize] { ev.mult } else { ev.factor.map_or(e.weight, |f| f * e.weight) * ev.mult };
            send(e, ev.stamp, ev.offset, w, true, ev.src, ev.sub);
        }
        for (k, s) in self.pops.iter().enumerate() {
            let Some(s) = s else { continue };
            let spikes = s.spikes.read().unwrap_or_else(|e| e.into_inner());
            for sp in spikes.iter() {
                let stamp = origin + sp.lag as i64 + 1;
                own_runs(csr, pop_first[k] + sp.i, owner, me, |edges| {
                    for e in edges {
                        let w = if self.counting[e.pop as usize] { sp.mult as f64 } else { e.weight * sp.mult as f64 };
                        send(e, stamp, sp.offset, w, false, pop_first[k] + sp.i, 0);
                    }
                });
            }
        }
    }

    /// Worker 0, after the on-grid recording: records the precise spikes
    /// (time stamp − offset, `mult` times) and puts each recorder's events of
    /// this slice (from `rec_len[dk]`) in (time, sender) order.
    #[allow(clippy::too_many_arguments)]
    pub fn record(&self, devs: &mut [Device], pop_first: &[u32], observers: &[Vec<u32>], windows: &[(i64, i64)], rec_len: &[usize], origin: i64, tics: i64) {
        let mut any = false;
        for (k, s) in self.pops.iter().enumerate() {
            let Some(s) = s else { continue };
            for sp in s.spikes.read().unwrap_or_else(|e| e.into_inner()).iter() {
                let g = pop_first[k] + sp.i;
                let stamp = origin + sp.lag as i64 + 1;
                for &r in observers.get(g as usize).map(|v| v.as_slice()).unwrap_or(&[]) {
                    let (t_min, t_max) = windows[r as usize];
                    if t_min < stamp && stamp <= t_max {
                        if let Device::SpikeRecorder(rec) = &mut devs[r as usize] {
                            for _ in 0..sp.mult {
                                rec.push(g, stamp, tics, sp.offset);
                            }
                            any = true;
                        }
                    }
                }
            }
        }
        if !any {
            return;
        }
        for (dk, d) in devs.iter_mut().enumerate() {
            if let Device::SpikeRecorder(sr) = d {
                sr.sort_from(rec_len[dk]);
            }
        }
    }
}

/// NEST's slice length (`min_delay`) in steps: the smallest connection
/// delay, where NEST also counts the connections of spike recorders and
/// meters, made with its default delay of 1 ms.
pub fn nest_min_delay(edges: &Edges, devices: &[Device], h: f64) -> i64 {
    let mut md = edges.delay.iter().map(|&d| d as i64).min().unwrap_or(i64::MAX);
    let recording = devices.iter().any(|d| match d {
        Device::SpikeRecorder(r) => !r.sources.is_empty(),
        Device::Multimeter(m) => !m.targets.is_empty(),
        _ => false,
    });
    if recording {
        md = md.min(((1.0 / h).round() as i64).max(1));
    }
    if md == i64::MAX {
        1
    } else {
        md
    }
}

/// Gives every spike connection from an on-grid source (an on-grid neuron
/// or generator) into a precise neuron its own ring row, after the
/// population's channels, so that each spike stays one event; stores the
/// rows (and NEST's slice length) in each precise population's shared part
/// for its `prepare`. Returns, per connection id, the ring-buffer base of
/// its row (`u32::MAX` for the other connections); `None` without precise
/// populations.
pub fn assign_ongrid_rows(pops: &[Box<dyn Population>], nodes: &[Node], devices: &[Device], edges: &Edges, ring: usize, nest_slice: i64) -> Option<Vec<u32>> {
    let shared: Vec<Option<Arc<PsShared>>> = pops.iter().map(|p| p.precise()).collect();
    if shared.iter().all(Option::is_none) {
        return None;
    }
    let mut per_pop: Vec<Vec<OnGridRow>> = vec![Vec::new(); pops.len()];
    for k in 0..edges.len() {
        let Node::Neuron { pop, idx } = nodes[edges.target[k] as usize - 1] else { continue };
        let Some(sh) = &shared[pop as usize] else { continue };
        let src = edges.source[k];
        let device = match nodes[src as usize - 1] {
            Node::Neuron { pop: sp, .. } => {
                if shared[sp as usize].is_some() {
                    continue; // precise neuron: delivered through the queues
                }
                false
            }
            Node::Device(d) => {
                let d = &devices[d as usize];
                if d.is_current_source() || PreciseRun::owns(d) || matches!(d, Device::PoissonPs(_)) {
                    continue;
                }
                true
            }
        };
        let ch = pops[pop as usize].spike_channel(edges.receptor[k], edges.weight[k]);
        if !ch.is_some_and(|c| lock(&sh.queues).spike_channels.contains(&c)) {
            continue;
        }
        per_pop[pop as usize].push(OnGridRow { idx, edge: k as u32, src, device, delay: edges.delay[k] });
    }
    let mut base = vec![u32::MAX; edges.len()];
    for (k, sh) in shared.iter().enumerate() {
        let Some(sh) = sh else { continue };
        let rows = &mut per_pop[k];
        rows.sort_by_key(|r| (r.idx, r.edge));
        let n = pops[k].len();
        let main = n * pops[k].channels();
        let mut row_off = vec![0u32; n + 1];
        for r in rows.iter() {
            row_off[r.idx as usize + 1] += 1;
        }
        for i in 0..n {
            row_off[i + 1] += row_off[i];
        }
        for (j, r) in rows.iter().enumerate() {
            base[r.edge as usize] = ((main + j) * ring) as u32;
        }
        *lock(&sh.ongrid) = OnGridRows { rows: std::mem::take(rows), row_off, nest_slice };
    }
    Some(base)
}

/// Run-start work of the precise generators (NEST's `pre_run_hook`).
pub fn calibrate_devices(devices: &mut [Device], tics: i64) {
    for d in devices.iter_mut() {
        if let Device::PoissonPs(g) = d {
            let (t_start, _) = g.window.steps(tics);
            g.calibrate(t_start);
        }
    }
}

/// Fresh-run reset of the precise generators.
pub fn reset_devices(devices: &mut [Device]) {
    for d in devices.iter_mut() {
        if let Device::PoissonPs(g) = d {
            g.reset();
        }
    }
}

/// Creates an empty population of a precise NEST model by name.
pub fn new_population(model: &str) -> Option<Box<dyn Population>> {
    use crate::models::nest::{iaf_psc_alpha_ps::IafPscAlphaPs, iaf_psc_delta_ps::IafPscDeltaPs, iaf_psc_exp_ps::IafPscExpPs, iaf_psc_exp_ps_lossless::IafPscExpPsLossless, parrot_neuron_ps::ParrotNeuronPs};
    Some(match model {
        "iaf_psc_delta_ps" => Box::new(PsPop::<IafPscDeltaPs>::new()),
        "iaf_psc_alpha_ps" => Box::new(PsPop::<IafPscAlphaPs>::new()),
        "iaf_psc_exp_ps" => Box::new(PsPop::<IafPscExpPs>::new()),
        "iaf_psc_exp_ps_lossless" => Box::new(PsPop::<IafPscExpPsLossless>::new()),
        "parrot_neuron_ps" => Box::new(PsPop::<ParrotNeuronPs>::new()),
        _ => return None,
    })
}

#[cfg(test)]
mod tests;
