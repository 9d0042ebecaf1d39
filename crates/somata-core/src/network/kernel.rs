//! The slice loop of a run on persistent workers.
//!
//! One worker per thread for the whole `simulate()` call (a rayon
//! `broadcast`), one barrier per min-delay slice (two with precise
//! populations) instead of a fork-join per phase. Worker `t` owns a fixed, contiguous range of chunks of every
//! population (neurons and their ring buffers), so:
//!
//! 1. each worker updates its own neurons (worker 0 first turns the stateful
//!    generators one slice on, into a per-slice [`Gen`] list);
//! 2. after a barrier, each worker delivers every generator's and every
//!    spike's edges that target its own chunks, in the serial order
//!    (generators in device order, then spikes in population, neuron and lag
//!    order), so every ring-buffer slot adds the same numbers in the same
//!    order for any thread count: results are bit-identical. Worker 0 then
//!    feeds recorders and meters (they only read this slice's spikes and
//!    recordings).
//!
//! A worker reads and writes only its own chunks' ring buffers, so it may go
//! on to the next slice's update as soon as it has delivered; the slice's
//! spike, recording and generator lists alternate between two sets, so no
//! list is written while another worker may still read it (the barrier of
//! slice n + 1 is passed only after every worker has finished slice n).
//!
//! Per-edge random draws are keyed by (seed, generator, connection id, step)
//! as before, so they can be drawn by whichever worker owns the target.

use std::sync::atomic::{AtomicBool, AtomicI64, AtomicUsize, Ordering};
use std::sync::{Mutex, RwLock};

use super::connect::{Csr, CsrEdge};
use super::csr::SpikeRows;
use super::population::{PopPart, RecPlan, SliceCtx, TargetBuf, Whole, CHUNK};
use super::random::{poisson, stream, PoissonTable};
use super::{Device, Network, RecEntry};
use crate::devices::{DcGenerator, PoissonGenerator};
use crate::error::{Error, Result};
use crate::sweep::Control;

/// A barrier for the run's workers: spins briefly, then yields (the machine
/// may have fewer free cores than workers). A panicking worker poisons it so
/// the others do not wait forever.
struct SpinBarrier {
    n: usize,
    count: AtomicUsize,
    generation: AtomicUsize,
    poisoned: AtomicBool,
}

impl SpinBarrier {
    fn new(n: usize) -> Self {
        SpinBarrier { n, count: AtomicUsize::new(0), generation: AtomicUsize::new(0), poisoned: AtomicBool::new(false) }
    }
    fn wait(&self) {
        if self.n == 1 {
            return;
        }
        let g = self.generation.load(Ordering::Acquire);
        if self.count.fetch_add(1, Ordering::AcqRel) + 1 == self.n {
            self.count.store(0, Ordering::Relaxed);
            self.generation.store(g.wrapping_add(1), Ordering::Release);
            return;
        }
        let mut spins = 0u32;
        while self.generation.load(Ordering::Acquire) == g {
            if self.poisoned.load(Ordering::Relaxed) {
                return;
            }
            spins += 1;
            if spins < 4000 {
                std::hint::spin_loop();
            } else {
                std::thread::yield_now();
            }
        }
    }
}

/// What one generator delivers in a slice, precomputed by worker 0 from the
/// generator's state; the per-edge work is done by the workers owning the targets.
enum Gen {
    /// Nothing this slice.
    Skip,
    /// Current sources (dc, step_current, ac): `(lag, amplitude)` of the active lags.
    Current(Vec<(usize, f64)>),
    /// noise_generator: `(lag, amplitude of each edge of the row)`.
    Noise(Vec<(usize, Vec<f64>)>),
    /// poisson_generator: counts per (edge, active lag) from the edge's stream.
    Poisson { active: Vec<usize>, table: PoissonTable, gen_key: u64 },
    /// spike_generator: `(slot of stamp − 1, spike_weights factor, multiplicity)` of each spike.
    Spikes(Vec<(usize, Option<f64>, f64)>),
    /// inhomogeneous / sinusoidal Poisson with per-edge draws: `(lag, λ, e^−λ)`;
    /// stream ids `[tag, g, id + id_shift, step]`.
    EdgePoisson { tag: u64, id_shift: u64, lags: Vec<(usize, f64, f64)> },
    /// One count per lag shared by all edges: `(lag, count)`, count > 0.
    Shared(Vec<(usize, u64)>),
    /// mip_generator: `(lag, parent count)`, copies drawn per edge.
    Mip { p_copy: f64, lags: Vec<(usize, u64)> },
}

/// What the workers share during a run.
struct Shared<'a> {
    csr: &'a Csr,
    /// Compact neurons' rows, if the network's weights and delays fit.
    spike_rows: Option<&'a SpikeRows>,
    /// Population of each global target block.
    block_pop: Vec<u32>,
    pop_first: &'a [u32],
    /// Owner worker of each global target block.
    owner: Vec<u8>,
    /// `[slice parity][worker]`: spikes of each population in the slice.
    spikes: [Vec<RwLock<Vec<Vec<(u32, u32)>>>>; 2],
    /// `[worker]`: recordings of each population (entries of the worker's chunks).
    /// (Indexed by slice parity first.)
    recs: [Vec<RwLock<Vec<Vec<f64>>>>; 2],
    /// `[slice parity]`: generators' deliveries of the slice, by device.
    gens: [RwLock<Vec<(u32, Gen)>>; 2],
    barrier: SpinBarrier,
    stop: AtomicBool,
    /// Set by worker 0 before the first barrier of a slice when the run is
    /// cancelled: every worker stops after that slice.
    finish: AtomicBool,
    errors: Vec<Mutex<Option<Error>>>,
    /// Steps completed (written by worker 0).
    done: AtomicI64,
}

/// Adds `x` to slot `s0 + d` (mod ring) of an edge's target, in a worker's buffers.
#[inline(always)]
fn add(buf: &mut TargetBuf<'_>, e: &CsrEdge, s0: usize, ring: usize, x: f64) {
    let mut slot = s0 + e.delay as usize;
    if slot >= ring {
        slot -= ring;
    }
    buf.add(e.base, slot, x);
}

impl Network {
    /// Runs `steps` steps from the current clock in min-delay slices on
    /// `self.threads` persistent workers. Recorders must be started.
    pub(super) fn run_slices(&mut self, steps: i64, control: &Control, plans: &[RecPlan], entries: &[Vec<RecEntry>], observers: &[Vec<u32>]) -> Result<()> {
        let threads = self.threads.max(1);
        let md = self.min_delay;
        let ring = self.ring;
        let h = self.h;
        let tics = self.tics_per_step;
        let seed = self.seed;
        let clock0 = self.clock;
        let gen_windows: Vec<(i64, i64)> = self.devices.iter().map(|d| d.window().steps(tics)).collect();
        let block_base = self.block_base();
        let sg_steps: Vec<Vec<i64>> = self.devices.iter().map(|d| if let Device::SpikeGen(g) = d { g.steps(h) } else { Vec::new() }).collect();
        let n_pops = self.pops.len();
        let pop_len: Vec<usize> = self.pops.iter().map(|p| p.len()).collect();
        let entry_at = |k: usize, i: usize| if plans[k].rec_off.is_empty() { 0 } else { plans[k].rec_off[i] as usize };

        // Off-grid spikes (precise models and generators), if any (network/precise.rs).
        let prec = super::precise::PreciseRun::new(&self.pops, &self.devices);
        // Split every population into one part per worker (fixed chunk ranges).
        let Network { pops, devices, csr, spike_rows, pop_first, device_id, .. } = self;
        let strides: Vec<usize> = pops.iter().map(|p| p.slot_stride()).collect();
        // Populations whose spike input counts multiplicities only (parrot_neuron).
        let counting: Vec<bool> = pops.iter().map(|p| p.counts_spikes()).collect();
        let block_pop: Vec<u32> = (0..n_pops).flat_map(|k| (block_base[k]..block_base[k + 1]).map(move |_| k as u32)).collect();
        let mut parts: Vec<Vec<Option<Box<dyn PopPart + '_>>>> = (0..threads).map(|_| Vec::with_capacity(n_pops)).collect();
        for p in pops.iter_mut() {
            let nc = p.len().div_ceil(CHUNK);
            let bounds: Vec<usize> = (0..=threads).map(|t| nc * t / threads).collect();
            let p: &mut dyn super::population::Population = p.as_mut();
            // Two-step borrow: try to split, else hand the whole population to worker 0.
            let whole = p as *mut dyn super::population::Population;
            match p.split(&bounds) {
                Some(ps) => {
                    for (t, part) in ps.into_iter().enumerate() {
                        parts[t].push(Some(part));
                    }
                }
                None => {
                    // SAFETY: `split` returned None without keeping a borrow.
                    let pop = unsafe { &mut *whole };
                    parts[0].push(Some(Box::new(Whole { pop })));
                    for part in parts.iter_mut().skip(1) {
                        part.push(None);
                    }
                }
            }
        }
        // Block owners and each worker's recording entries.
        let mut owner = vec![0u8; block_base[n_pops] as usize];
        let mut ent_lo = vec![vec![0usize; n_pops]; threads];
        let mut ent_loc: Vec<Vec<(u8, u32)>> = vec![Vec::new(); n_pops];
        for (t, ps) in parts.iter().enumerate() {
            for (k, part) in ps.iter().enumerate() {
                if let Some(part) = part {
                    let r = part.chunks();
                    for c in r.clone() {
                        owner[block_base[k] as usize + c] = t as u8;
                    }
                    let (lo, hi) = (entry_at(k, (r.start * CHUNK).min(pop_len[k])), entry_at(k, (r.end * CHUNK).min(pop_len[k])));
                    ent_lo[t][k] = lo;
                    for e in lo..hi {
                        ent_loc[k].push((t as u8, (e - lo) as u32));
                    }
                }
            }
        }
        for (k, locs) in ent_loc.iter_mut().enumerate() {
            locs.resize(entries[k].len(), (0, 0));
        }
        let shared = Shared {
            csr,
            spike_rows: spike_rows.as_ref(),
            block_pop,
            pop_first,
            owner,
            spikes: [0, 1].map(|_| (0..threads).map(|_| RwLock::new(vec![Vec::new(); n_pops])).collect()),
            recs: [0, 1].map(|_| {
                (0..threads)
                    .map(|t| {
                        RwLock::new(
                            (0..n_pops)
                                .map(|k| {
                                    let n = ent_loc[k].iter().filter(|l| l.0 as usize == t).count();
                                    vec![0.0; n * md as usize]
                                })
                                .collect(),
                        )
                    })
                    .collect()
            }),
            gens: [RwLock::new(Vec::new()), RwLock::new(Vec::new())],
            barrier: SpinBarrier::new(threads),
            stop: AtomicBool::new(false),
            finish: AtomicBool::new(false),
            errors: (0..threads).map(|_| Mutex::new(None)).collect(),
            done: AtomicI64::new(0),
        };
        let part_slots: Vec<Mutex<Option<Vec<Option<Box<dyn PopPart + '_>>>>>> = parts.into_iter().map(|p| Mutex::new(Some(p))).collect();
        let devices_slot = Mutex::new(Some(devices));
        let device_id: &[u32] = device_id;

        let work = |t: usize| {
            let mut parts = part_slots[t].lock().unwrap_or_else(|e| e.into_inner()).take().expect("one worker per part");
            let mut devices = if t == 0 { devices_slot.lock().unwrap_or_else(|e| e.into_inner()).take() } else { None };
            let mut meter_row = vec![0usize; devices.as_ref().map_or(0, |d| d.len())];
            let mut rec_len: Vec<usize> = meter_row.clone();
            let mut take_row: Vec<bool> = vec![false; meter_row.len()];
            let mut clock = clock0;
            let mut done = 0i64;
            // Slices alternate between two sets of spike, recording and
            // generator lists, so a worker that has delivered slice n into
            // its own chunks may update them for slice n + 1 while others
            // still read slice n's lists: one barrier per slice. (With
            // precise populations, whose queues are shared, two.)
            let mut parity = 0usize;
            while done < steps {
                let origin = clock - clock.rem_euclid(md);
                let from = (clock - origin) as usize;
                let to = ((md as usize).min(from + (steps - done) as usize)).max(from);
                let lags = to - from;
                // 1. Generators (worker 0), then neurons.
                if let Some(devs) = devices.as_deref_mut() {
                    let mut gens = shared.gens[parity].write().unwrap_or_else(|e| e.into_inner());
                    gens.clear();
                    for (dk, d) in devs.iter_mut().enumerate() {
                        let g = device_id[dk];
                        let (t_min, t_max) = gen_windows[dk];
                        gens.push((g, slice_gen(d, g, origin, from, to, t_min, t_max, h, seed, ring, shared.csr, &sg_steps[dk])));
                    }
                    if prec.active {
                        prec.slice_gens(devs, device_id, &gen_windows, shared.csr, origin, from, to, seed, tics);
                    }
                }
                {
                    let mut sp = shared.spikes[parity][t].write().unwrap_or_else(|e| e.into_inner());
                    let mut recs = shared.recs[parity][t].write().unwrap_or_else(|e| e.into_inner());
                    for (k, part) in parts.iter_mut().enumerate() {
                        sp[k].clear();
                        let Some(part) = part else { continue };
                        let ctx = SliceCtx { origin, from, to, ring, first_id: shared.pop_first[k], h, pool: None, seed };
                        let n_ent = recs[k].len() / md as usize;
                        if let Err(e) = part.update(&ctx, &plans[k], &mut recs[k][..n_ent * lags], ent_lo[t][k], &mut sp[k]) {
                            let mut slot = shared.errors[t].lock().unwrap_or_else(|e| e.into_inner());
                            if slot.is_none() {
                                *slot = Some(e);
                            }
                            shared.stop.store(true, Ordering::Relaxed);
                        }
                    }
                }
                if t == 0 && done + (lags as i64) < steps && control.cancel.load(Ordering::Relaxed) {
                    shared.finish.store(true, Ordering::Relaxed);
                }
                shared.barrier.wait();
                if shared.stop.load(Ordering::Relaxed) {
                    break;
                }
                let finish = shared.finish.load(Ordering::Relaxed);
                // 2. Deliveries into this worker's chunks: generators, then spikes.
                {
                    let mut bufs: Vec<TargetBuf<'_>> = parts
                        .iter_mut()
                        .zip(&strides)
                        .map(|(p, &stride)| match p.as_mut() {
                            Some(p) => TargetBuf { off: p.buffer_offset(), buf: p.buffers(), stride },
                            None => TargetBuf { buf: &mut [][..], off: 0, stride },
                        })
                        .collect();
                    let me = t as u8;
                    let gens = shared.gens[parity].read().unwrap_or_else(|e| e.into_inner());
                    for (g, gen) in gens.iter() {
                        deliver_gen(gen, *g, shared.csr, &shared.owner, me, &mut bufs, &counting, origin, ring, seed);
                    }
                    drop(gens);
                    deliver_spikes(&shared, parity, me, &mut bufs, origin, from, to, ring);
                    if prec.active {
                        prec.deliver(me, &shared.owner, shared.csr, shared.pop_first, &mut bufs, origin, ring);
                    }
                }
                // 3. Recorders and meters (worker 0).
                if let Some(devs) = devices.as_deref_mut() {
                    record(devs, &shared, parity, observers, &gen_windows, &mut rec_len, origin, tics);
                    if prec.active {
                        prec.record(devs, shared.pop_first, observers, &gen_windows, &rec_len, origin, tics);
                    }
                    for lag in 0..lags {
                        let stamp = origin + (from + lag) as i64 + 1;
                        for (dk, d) in devs.iter_mut().enumerate() {
                            take_row[dk] = false;
                            if let Device::Multimeter(m) = d {
                                let (t_min, t_max) = gen_windows[dk];
                                let iv = ((m.interval / h).round() as i64).max(1);
                                let off = (m.offset / h).round() as i64;
                                if t_min < stamp && stamp <= t_max && stamp >= off && (stamp - off) % iv == 0 && stamp > 0 && !m.targets.is_empty() {
                                    take_row[dk] = true;
                                    m.push_time(stamp, tics);
                                }
                            }
                        }
                        if take_row.iter().any(|&x| x) {
                            let recs: Vec<_> = shared.recs[parity].iter().map(|r| r.read().unwrap_or_else(|e| e.into_inner())).collect();
                            for (k, ents) in entries.iter().enumerate() {
                                for (e, en) in ents.iter().enumerate() {
                                    if take_row[en.dev as usize] {
                                        if let Device::Multimeter(m) = &mut devs[en.dev as usize] {
                                            let n = m.targets.len();
                                            let (u, j) = ent_loc[k][e];
                                            m.data[en.k as usize][meter_row[en.dev as usize] * n + en.j as usize] = recs[u as usize][k][j as usize * lags + lag];
                                        }
                                    }
                                }
                            }
                        }
                        for (dk, taken) in take_row.iter().enumerate() {
                            if *taken {
                                meter_row[dk] += 1;
                            }
                        }
                    }
                }
                clock += lags as i64;
                done += lags as i64;
                if t == 0 {
                    shared.done.store(done, Ordering::Relaxed);
                    control.progress.store(done as u64, Ordering::Relaxed);
                }
                if finish {
                    break;
                }
                if prec.active {
                    shared.barrier.wait();
                }
                parity ^= 1;
            }
            // Trim meter buffers to the samples taken.
            if let Some(devs) = devices {
                for (dk, d) in devs.iter_mut().enumerate() {
                    if let Device::Multimeter(m) = d {
                        let n = m.targets.len();
                        for v in &mut m.data {
                            v.truncate(meter_row[dk] * n);
                        }
                    }
                }
            }
        };
        let guarded = |t: usize| {
            let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work(t)));
            if let Err(p) = r {
                shared.stop.store(true, Ordering::Relaxed);
                shared.barrier.poisoned.store(true, Ordering::Relaxed);
                std::panic::resume_unwind(p);
            }
        };
        if threads == 1 {
            guarded(0);
        } else {
            let pool = crate::pool::pool(threads)?;
            pool.broadcast(|ctx| guarded(ctx.index()));
        }
        drop(part_slots);
        self.clock = clock0 + shared.done.load(Ordering::Relaxed);
        for e in shared.errors {
            if let Some(e) = e.into_inner().unwrap_or_else(|e| e.into_inner()) {
                return Err(e);
            }
        }
        if control.cancel.load(Ordering::Relaxed) && shared.done.load(Ordering::Relaxed) < steps {
            return Err(Error::Aborted);
        }
        Ok(())
    }
}

/// Delivers this slice's spikes into the targets worker `me` owns, in the
/// serial order: population, worker, then each worker's spikes in
/// (neuron, lag) order. With compact rows of one uniform delay, spikes go
/// lag by lag in that order (only one lag reaches a given slot, so every
/// slot adds the same numbers in the same order) and each lag writes one
/// slot of the targets: a small working set of ring buffers.
#[allow(clippy::too_many_arguments)]
fn deliver_spikes(shared: &Shared<'_>, parity: usize, me: u8, bufs: &mut [TargetBuf<'_>], origin: i64, from: usize, to: usize, ring: usize) {
    let spikes: Vec<_> = shared.spikes[parity].iter().map(|s| s.read().unwrap_or_else(|e| e.into_inner())).collect();
    let n_pops = shared.pop_first.len();
    let slot_of = |lag: usize| (origin + lag as i64).rem_euclid(ring as i64) as usize;
    let Some(rows) = shared.spike_rows else {
        for k in 0..n_pops {
            for sp in &spikes {
                for &(lag, i) in &sp[k] {
                    let s0 = slot_of(lag as usize);
                    for_own_runs(shared.csr, shared.pop_first[k] + i, &shared.owner, me, |_, edges| {
                        let b = &mut bufs[edges[0].pop as usize];
                        for e in edges {
                            add(b, e, s0, ring, e.weight);
                        }
                    });
                }
            }
        }
        return;
    };
    let w = &rows.weights[..];
    match rows.uniform_delay {
        Some(d) => {
            for lag in from..to {
                let mut slot = slot_of(lag) + d as usize;
                if slot >= ring {
                    slot -= ring;
                }
                for k in 0..n_pops {
                    for sp in &spikes {
                        for &(l, i) in &sp[k] {
                            if l as usize != lag {
                                continue;
                            }
                            for_own_blocks(shared.csr, shared.pop_first[k] + i, &shared.owner, me, |blk, r| {
                                let b = &mut bufs[shared.block_pop[blk as usize] as usize];
                                let shift = slot * b.stride;
                                let (buf, off) = (&mut *b.buf, b.off);
                                for e in &rows.edges[r] {
                                    buf[e.base as usize + shift - off] += w[e.weight as usize];
                                }
                            });
                        }
                    }
                }
            }
        }
        None => {
            for k in 0..n_pops {
                for sp in &spikes {
                    for &(lag, i) in &sp[k] {
                        let s0 = slot_of(lag as usize);
                        for_own_blocks(shared.csr, shared.pop_first[k] + i, &shared.owner, me, |blk, r| {
                            let b = &mut bufs[shared.block_pop[blk as usize] as usize];
                            for e in &rows.edges[r] {
                                let mut slot = s0 + e.delay as usize;
                                if slot >= ring {
                                    slot -= ring;
                                }
                                b.add(e.base, slot, w[e.weight as usize]);
                            }
                        });
                    }
                }
            }
        }
    }
}

/// Calls `f(block, edge range)` with each run of row `g`'s edges into blocks owned by worker `me`.
#[inline(always)]
pub(super) fn for_own_blocks(csr: &Csr, g: u32, owner: &[u8], me: u8, mut f: impl FnMut(u32, std::ops::Range<usize>)) {
    let g = g as usize;
    if g + 1 >= csr.off.len() {
        return;
    }
    let mut start = csr.off[g];
    for &(blk, end) in &csr.runs[csr.run_off[g]..csr.run_off[g + 1]] {
        let end = end as usize;
        if owner[blk as usize] == me && end > start {
            f(blk, start..end);
        }
        start = end;
    }
}

/// Calls `f(first edge index, edges)` with each run of row `g`'s edges into blocks owned by worker `me`.
#[inline(always)]
fn for_own_runs(csr: &Csr, g: u32, owner: &[u8], me: u8, mut f: impl FnMut(usize, &[CsrEdge])) {
    for_own_blocks(csr, g, owner, me, |_, r| f(r.start, &csr.edges[r]));
}

/// Turns generator `d` one slice on and says what it delivers.
#[allow(clippy::too_many_arguments)]
fn slice_gen(d: &mut Device, g: u32, origin: i64, from: usize, to: usize, t_min: i64, t_max: i64, h: f64, seed: u64, ring: usize, csr: &Csr, sg_steps: &[i64]) -> Gen {
    match d {
        Device::Dc(dc) => Gen::Current((from..to).filter(|&lag| DcGenerator::is_active(origin + lag as i64, t_min, t_max)).map(|lag| (lag, dc.amplitude)).collect()),
        Device::StepCurrent(sc) => {
            sc.skip_past(origin + from as i64);
            let mut v = Vec::new();
            for lag in from..to {
                let s = origin + lag as i64;
                let amp = sc.step(s);
                if DcGenerator::is_active(s, t_min, t_max) {
                    v.push((lag, amp));
                }
            }
            Gen::Current(v)
        }
        Device::Ac(ac) => {
            let mut v = Vec::new();
            for lag in from..to {
                // NEST 3.10 turns the oscillator in every step; activity only windows it.
                let amp = ac.step();
                if DcGenerator::is_active(origin + lag as i64, t_min, t_max) {
                    v.push((lag, amp));
                }
            }
            Gen::Current(v)
        }
        Device::Noise(ng) => {
            let mut v = Vec::new();
            for lag in from..to {
                let s = origin + lag as i64;
                if !DcGenerator::is_active(s, t_min, t_max) {
                    continue;
                }
                ng.step(s, seed, g, csr.row(g).iter().map(|e| e.id));
                v.push((lag, ng.amps.clone()));
            }
            Gen::Noise(v)
        }
        Device::Mip(mg) => {
            // NEST tests the window once per slice, at its origin.
            if mg.rate <= 0.0 || !PoissonGenerator::is_active(origin, t_min, t_max) {
                return Gen::Skip;
            }
            let lam = mg.rate * h * 1e-3;
            let el = (-lam).exp();
            let lags = (from..to)
                .map(|lag| (lag, poisson(&mut stream(seed, &[0x3140_0001, g as u64, 0, (origin + lag as i64) as u64]), lam, el)))
                .filter(|x| x.1 > 0)
                .collect();
            Gen::Mip { p_copy: mg.p_copy, lags }
        }
        Device::InhPoisson(ip) => {
            ip.skip_past(origin + from as i64);
            let mut lags = Vec::new();
            for lag in from..to {
                let s = origin + lag as i64;
                let rate = ip.step(s) / 1000.0;
                if !(rate > 0.0) || !PoissonGenerator::is_active(s, t_min, t_max) {
                    continue;
                }
                let lam = rate * h;
                lags.push((lag, lam, (-lam).exp()));
            }
            Gen::EdgePoisson { tag: 0x1A40_0001, id_shift: 0, lags }
        }
        Device::SinPoisson(sp) => {
            let mut lags = Vec::new();
            let mut shared = Vec::new();
            for lag in from..to {
                let s = origin + lag as i64;
                let rate = sp.step();
                if !(rate > 0.0) || !PoissonGenerator::is_active(s, t_min, t_max) {
                    continue;
                }
                let lam = rate * h;
                let el = (-lam).exp();
                if sp.individual {
                    lags.push((lag, lam, el));
                } else {
                    let m = poisson(&mut stream(seed, &[0x5140_0001, g as u64, 0, s as u64]), lam, el);
                    if m > 0 {
                        shared.push((lag, m));
                    }
                }
            }
            if sp.individual {
                Gen::EdgePoisson { tag: 0x5140_0001, id_shift: 1, lags }
            } else {
                Gen::Shared(shared)
            }
        }
        Device::Poisson(pg) => {
            if pg.rate <= 0.0 {
                return Gen::Skip;
            }
            let active: Vec<usize> = (from..to).filter(|&lag| PoissonGenerator::is_active(origin + lag as i64, t_min, t_max)).collect();
            if active.is_empty() {
                return Gen::Skip;
            }
            let lam = pg.rate * h * 1e-3;
            let seed = if pg.rng_seed >= 0.0 { pg.rng_seed as u64 } else { seed };
            Gen::Poisson { active, table: PoissonTable::new(lam), gen_key: stream(seed, &[g as u64]).at(0) }
        }
        // Precise spike_generators deliver through network/precise.rs.
        Device::SpikeGen(sg) if !sg.precise_times => {
            // Spikes stamped T in (origin + from, origin + to], i.e. sent in step T − 1.
            let lo = sg_steps.partition_point(|&t| t <= origin + from as i64);
            let hi = sg_steps.partition_point(|&t| t <= origin + to as i64);
            let v = (lo..hi).filter(|&k| t_min < sg_steps[k] && sg_steps[k] <= t_max).map(|k| {
                    let (w, m) = sg.weight_and_multiplicity(k);
                    ((sg_steps[k] - 1).rem_euclid(ring as i64) as usize, w, m)
                })
                .collect();
            Gen::Spikes(v)
        }
        // gamma_sup_generator: per-edge multiplicities; pulsepacket_generator: the same events for every target.
        Device::GammaSup(gs) => Gen::Noise(gs.slice(origin, from, to, t_min, t_max, seed, g, csr.row(g))),
        Device::PulsePacket(pp) => Gen::Shared(pp.slice_events(origin, to, t_min, t_max, (h * 1000.0).round() as i64, seed, g)),
        _ => Gen::Skip,
    }
}

/// Delivers a generator's slice into the targets worker `me` owns, in the
/// serial order (per edge or per lag as the generator defines it).
#[allow(clippy::too_many_arguments)]
fn deliver_gen(gen: &Gen, g: u32, csr: &Csr, owner: &[u8], me: u8, bufs: &mut [TargetBuf<'_>], counting: &[bool], origin: i64, ring: usize, seed: u64) {
    let row0 = csr.off.get(g as usize).copied().unwrap_or(0);
    let s0 = |lag: usize| (origin + lag as i64).rem_euclid(ring as i64) as usize;
    match gen {
        Gen::Skip => {}
        Gen::Current(v) => {
            for &(lag, amp) in v {
                for_own_runs(csr, g, owner, me, |_, es| {
                    let b = &mut bufs[es[0].pop as usize];
                    for e in es {
                        add(b, e, s0(lag), ring, e.weight * amp);
                    }
                });
            }
        }
        Gen::Noise(v) => {
            for (lag, amps) in v {
                for_own_runs(csr, g, owner, me, |start, es| {
                    let b = &mut bufs[es[0].pop as usize];
                    for (j, e) in es.iter().enumerate() {
                        add(b, e, s0(*lag), ring, e.weight * amps[start - row0 + j]);
                    }
                });
            }
        }
        Gen::Poisson { active, table, gen_key } => {
            let slots: Vec<usize> = active.iter().map(|&lag| s0(lag)).collect();
            for_own_runs(csr, g, owner, me, |_, es| {
                let b = &mut bufs[es[0].pop as usize];
                for e in es {
                    let edge_key = crate::rng::Stream::new(*gen_key, e.id as u64).at(0);
                    for (&lag, &sl) in active.iter().zip(&slots) {
                        let mut r = crate::rng::Stream::new(edge_key, (origin + lag as i64) as u64);
                        let m = table.sample(&mut r);
                        if m > 0 {
                            add(b, e, sl, ring, e.weight * m as f64);
                        }
                    }
                }
            });
        }
        Gen::Spikes(v) => {
            // NEST: the weight is spike_weight × connection weight, then times the multiplicity;
            // counting targets (parrot_neuron) take the multiplicity only.
            for &(sl, f, m) in v {
                for_own_runs(csr, g, owner, me, |_, es| {
                    let k = es[0].pop as usize;
                    let b = &mut bufs[k];
                    for e in es {
                        add(b, e, sl, ring, if counting[k] { m } else { f.map_or(e.weight, |f| f * e.weight) * m });
                    }
                });
            }
        }
        Gen::EdgePoisson { tag, id_shift, lags } => {
            for &(lag, lam, el) in lags {
                let s = origin + lag as i64;
                for_own_runs(csr, g, owner, me, |_, es| {
                    let b = &mut bufs[es[0].pop as usize];
                    for e in es {
                        let m = poisson(&mut stream(seed, &[*tag, g as u64, e.id as u64 + id_shift, s as u64]), lam, el);
                        if m > 0 {
                            add(b, e, s0(lag), ring, e.weight * m as f64);
                        }
                    }
                });
            }
        }
        Gen::Shared(v) => {
            for &(lag, m) in v {
                for_own_runs(csr, g, owner, me, |_, es| {
                    let b = &mut bufs[es[0].pop as usize];
                    for e in es {
                        add(b, e, s0(lag), ring, e.weight * m as f64);
                    }
                });
            }
        }
        Gen::Mip { p_copy, lags } => {
            for &(lag, n) in lags {
                let s = origin + lag as i64;
                for_own_runs(csr, g, owner, me, |_, es| {
                    let b = &mut bufs[es[0].pop as usize];
                    for e in es {
                        let mut r = stream(seed, &[0x3140_0001, g as u64, e.id as u64 + 1, s as u64]);
                        let m = (0..n).filter(|_| r.uniform() < *p_copy).count();
                        if m > 0 {
                            add(b, e, s0(lag), ring, e.weight * m as f64);
                        }
                    }
                });
            }
        }
    }
}

/// Feeds spike recorders with this slice's spikes, each recorder's events in
/// (time, sender) order as NEST delivers them.
#[allow(clippy::too_many_arguments)]
fn record(devs: &mut [Device], shared: &Shared<'_>, parity: usize, observers: &[Vec<u32>], gen_windows: &[(i64, i64)], rec_len: &mut [usize], origin: i64, tics: i64) {
    let mut any = false;
    for (dk, d) in devs.iter().enumerate() {
        rec_len[dk] = if let Device::SpikeRecorder(r) = d { r.senders.len() } else { 0 };
    }
    let spikes: Vec<_> = shared.spikes[parity].iter().map(|s| s.read().unwrap_or_else(|e| e.into_inner())).collect();
    for k in 0..shared.pop_first.len() {
        for sp in &spikes {
            for &(lag, i) in &sp[k] {
                let g = shared.pop_first[k] + i;
                let stamp = origin + lag as i64 + 1;
                for &r in observers.get(g as usize).map(|v| v.as_slice()).unwrap_or(&[]) {
                    let (t_min, t_max) = gen_windows[r as usize];
                    if t_min < stamp && stamp <= t_max {
                        if let Device::SpikeRecorder(sr) = &mut devs[r as usize] {
                            sr.push(g, stamp, tics, 0.0);
                            any = true;
                        }
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
