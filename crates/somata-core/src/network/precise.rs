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
//! generators) use the ordinary delivery path, untouched: they are summed
//! in the target's ring-buffer channels (one per sign) and applied as events
//! at offset 0, the end of their step. Nothing here runs for networks
//! without precise models or generators.
//!
//! Threads: a precise population is not split; it runs on worker 0, which
//! therefore owns its targets and is the only worker that writes its event
//! queues. Deliveries of precise spikes and generator events into on-grid
//! targets are done by each target's owner in a fixed order (populations,
//! spikes, edges), after the on-grid deliveries, so results are
//! bit-identical for any thread count.

use std::sync::{Arc, Mutex, MutexGuard, RwLock};

use super::connect::{Csr, CsrEdge};
use super::population::{Population, RecPlan, SliceCtx, TargetBuf};
use crate::devices::poisson_generator_ps::stamp_ms;
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

/// Event queues of a precise population: per neuron, one list per ring slot
/// (global step modulo the ring size), each event keeping its step.
#[derive(Default, Debug)]
pub struct Queues {
    slots: Vec<Vec<Ev>>,
    ring: usize,
    channels: usize,
    spike_channels: &'static [usize],
}

impl Queues {
    /// Adds an event for the neuron and channel of ring-buffer offset `base`
    /// (a CSR edge's), delivered in step `t`. Events on channels that are
    /// not spike channels (parrot_neuron_ps's receptor 1) are dropped.
    #[inline]
    pub fn push(&mut self, base: u32, t: i64, offset: f64, weight: f64) {
        let base = base as usize;
        let idx = base / (self.channels * self.ring);
        let ch = (base / self.ring) % self.channels;
        if !self.spike_channels.contains(&ch) {
            return;
        }
        let slot = t.rem_euclid(self.ring as i64) as usize;
        // +0.0 turns −0 into 0 so that offsets compare as NEST's do.
        self.slots[idx * self.ring + slot].push(Ev { t, offset: offset + 0.0, weight });
    }
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
}

/// A population of a precise model: neuron records, on-grid ring buffers
/// (spike sums and currents), and the shared queues and spikes.
pub struct PsPop<M: PreciseNeuron> {
    neurons: Vec<M>,
    buf: Vec<f64>,
    ring: usize,
    shared: Arc<PsShared>,
}

impl<M: PreciseNeuron> PsPop<M> {
    /// An empty population.
    pub fn new() -> Self {
        let shared = PsShared { queues: Mutex::new(Queues { spike_channels: M::SPIKE_CHANNELS, channels: M::CHANNELS, ..Queues::default() }), spikes: RwLock::new(Vec::new()), counts_spikes: M::COUNTS_SPIKES };
        PsPop { neurons: Vec::new(), buf: Vec::new(), ring: 0, shared: Arc::new(shared) }
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
        let mut q = lock(&self.shared.queues);
        if self.ring == ring && self.buf.len() == n * c * ring && q.slots.len() == n * ring {
            return;
        }
        // Re-lay out pending input (slots are absolute step modulo the ring size).
        let mut nb = vec![0.0; n * c * ring];
        let mut ns: Vec<Vec<Ev>> = vec![Vec::new(); n * ring];
        if self.ring > 0 {
            let old = self.ring;
            let n_old = self.buf.len() / (c * old);
            for i in 0..n_old {
                for ch in 0..c {
                    for k in 0..old.min(ring) as i64 {
                        let abs = now + k;
                        nb[(i * c + ch) * ring + abs.rem_euclid(ring as i64) as usize] = self.buf[(i * c + ch) * old + abs.rem_euclid(old as i64) as usize];
                    }
                }
                for s in 0..old {
                    for ev in q.slots.get_mut(i * old + s).map(std::mem::take).unwrap_or_default() {
                        ns[i * ring + ev.t.rem_euclid(ring as i64) as usize].push(ev);
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
        for (i, n) in self.neurons.iter_mut().enumerate() {
            let nb = &mut self.buf[i * c * r..(i + 1) * c * r];
            let ns = &mut q.slots[i * r..(i + 1) * r];
            let (e0, e1) = if plan.rec_off.is_empty() { (0, 0) } else { (plan.rec_off[i] as usize, plan.rec_off[i + 1] as usize) };
            n.slice_start(ctx.origin + ctx.from as i64, &mut Emit::new(&mut out));
            for (o, m) in out.drain(..) {
                spikes.push(PreciseSpike { lag: ctx.from as u32, i: i as u32, offset: o, mult: m });
            }
            for lag in ctx.from..ctx.to {
                let t = ctx.origin + lag as i64;
                let slot = t.rem_euclid(r as i64) as usize;
                let mut evs = std::mem::take(&mut ns[slot]);
                debug_assert!(evs.iter().all(|e| e.t == t));
                // Time order: decreasing offset, equal offsets in arrival order.
                evs.sort_by(|a, b| b.offset.total_cmp(&a.offset));
                for &ch in M::SPIKE_CHANNELS {
                    let x = nb[ch * r + slot];
                    if x != 0.0 {
                        evs.push(Ev { t, offset: 0.0, weight: x });
                    }
                }
                let current = M::CURRENT_CHANNEL.map_or(0.0, |ch| nb[ch * r + slot]);
                for ch in 0..c {
                    nb[ch * r + slot] = 0.0;
                }
                if let Err(e) = n.step(t, &mut StepEvents::new(&evs), current, &mut Emit::new(&mut out)) {
                    err.get_or_insert(e);
                }
                for (o, m) in out.drain(..) {
                    spikes.push(PreciseSpike { lag: lag as u32, i: i as u32, offset: o, mult: m });
                }
                evs.clear();
                ns[slot] = evs;
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
}

/// The precise part of a run: handles of the precise populations and the
/// precise generators' events of the current slice.
pub struct PreciseRun {
    /// `true` if the network has precise models or generators.
    pub active: bool,
    pops: Vec<Option<Arc<PsShared>>>,
    counting: Vec<bool>,
    gens: RwLock<Vec<GenEv>>,
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
        PreciseRun { active: gens || handles.iter().any(Option::is_some), counting: pops.iter().map(|p| p.counts_spikes()).collect(), pops: handles, gens: RwLock::new(Vec::new()) }
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
                        for j in 0..csr.row(g).len() {
                            gens.push(GenEv { pos: row0 + j, blk: blk_of(j), stamp, offset: sg.offset(k), factor, mult });
                        }
                    }
                }
                Device::PoissonPs(pg) => {
                    let row = csr.row(g);
                    let start = gens.len();
                    pg.emit(lo.max(t_min), hi.min(t_max), seed, g, tics, row.iter().enumerate().map(|(j, e)| (j, e.id)), |j, stamp, offset| {
                        gens.push(GenEv { pos: row0 + j, blk: 0, stamp, offset, factor: None, mult: 1.0 });
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
        let mut send = |e: &CsrEdge, stamp: i64, offset: f64, w: f64| {
            let t = stamp + e.delay as i64 - 1;
            let k = e.pop as usize;
            match &self.pops[k] {
                Some(s) => queues[k].get_or_insert_with(|| lock(&s.queues)).push(e.base, t, offset, w),
                None => bufs[k].add(e.base, t.rem_euclid(ring as i64) as usize, w),
            }
        };
        for ev in self.gens.read().unwrap_or_else(|e| e.into_inner()).iter() {
            if owner[ev.blk as usize] != me {
                continue;
            }
            let e = &csr.edges[ev.pos];
            let w = if self.counting[e.pop as usize] { ev.mult } else { ev.factor.map_or(e.weight, |f| f * e.weight) * ev.mult };
            send(e, ev.stamp, ev.offset, w);
        }
        for (k, s) in self.pops.iter().enumerate() {
            let Some(s) = s else { continue };
            let spikes = s.spikes.read().unwrap_or_else(|e| e.into_inner());
            for sp in spikes.iter() {
                let stamp = origin + sp.lag as i64 + 1;
                own_runs(csr, pop_first[k] + sp.i, owner, me, |edges| {
                    for e in edges {
                        let w = if self.counting[e.pop as usize] { sp.mult as f64 } else { e.weight * sp.mult as f64 };
                        send(e, stamp, sp.offset, w);
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
                                rec.senders.push(g as i32);
                                rec.times.push(stamp_ms(stamp, tics) - sp.offset);
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
                let k0 = rec_len[dk];
                if sr.senders.len() - k0 > 1 {
                    let mut ev: Vec<(f64, i32)> = sr.times[k0..].iter().copied().zip(sr.senders[k0..].iter().copied()).collect();
                    ev.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
                    for (k, (t, g)) in ev.into_iter().enumerate() {
                        sr.times[k0 + k] = t;
                        sr.senders[k0 + k] = g;
                    }
                }
            }
        }
    }
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
