//! The NEST-compatible network kernel: node storage, connections, and NEST's
//! update loop in min-delay slices.
//!
//! Timing (NEST 3.10, `simulation_manager.cpp`, `event.h`): step s advances
//! the state from s·h to (s+1)·h; a spike detected in step s is stamped
//! (s+1)·h; a spike stamped t with delay d lands in the ring-buffer slot the
//! target reads in the step ending at t + d. Time runs in slices of
//! `min_delay` steps: every node updates over the slice, then the slice's
//! spikes are delivered. A run keeps one worker per thread for all its
//! slices ([`kernel`]): each owns fixed chunks of every population, updates
//! them and receives the deliveries into them in the serial order; every
//! random stream is keyed by (seed, node id, connection id, step), so
//! results are bit-identical for any thread count.

pub mod connect;
pub mod csr;
mod kernel;
pub mod node_params;
pub mod population;
pub mod precise;
pub mod random;

use crate::devices::Device;
use crate::error::{Error, Result};
use crate::models::nest::{iaf_psc_alpha::IafPscAlpha, iaf_psc_delta::IafPscDelta, iaf_psc_exp::IafPscExp, iaf_psc_exp_htum::IafPscExpHtum, ignore_and_fire::IgnoreAndFire, parrot_neuron::ParrotNeuron, iaf_psc_alpha_multisynapse::IafPscAlphaMultisynapse, iaf_psc_exp_multisynapse::IafPscExpMultisynapse, Dict, MODELS};
use crate::sweep::Control;
use connect::{ConnSpec, Csr, Edges, SYNAPSES};
use population::{Pop, Population, RecPlan, CHUNK};

/// Former threshold of parallel delivery (delivery now always runs on the run's workers; kept for the setter).
const PAR_DELIVERY_MIN: usize = 20_000;

/// NEST's default base seed.
pub const DEFAULT_SEED: u64 = 143_202_461;

/// What a node id refers to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Node {
    /// Neuron `idx` of population `pop`.
    Neuron {
        /// Population index.
        pop: u32,
        /// Index within the population.
        idx: u32,
    },
    /// Device `dev`.
    Device(u32),
}

/// Creates an empty population of a NEST model by name.
fn new_population(model: &str) -> Option<Box<dyn Population>> {
    Some(match model {
        "iaf_psc_alpha" => Box::new(Pop::<IafPscAlpha>::new()),
        "iaf_psc_exp" => Box::new(Pop::<IafPscExp>::new()),
        "iaf_psc_delta" => Box::new(Pop::<IafPscDelta>::new()),
        "iaf_psc_exp_htum" => Box::new(Pop::<IafPscExpHtum>::new()),
        "ignore_and_fire" => Box::new(Pop::<IgnoreAndFire>::new()),
        "parrot_neuron" => Box::new(Pop::<ParrotNeuron>::new()),
        "iaf_psc_alpha_multisynapse" => Box::new(Pop::<IafPscAlphaMultisynapse>::new()),
        "iaf_psc_exp_multisynapse" => Box::new(Pop::<IafPscExpMultisynapse>::new()),
        _ => return precise::new_population(model),
    })
}

/// Every creatable model name (neurons, then devices).
pub fn model_names() -> Vec<&'static str> {
    MODELS.iter().map(|m| m.name).chain(crate::devices::DEVICE_MODELS.iter().map(|d| d.0)).collect()
}

/// One recording entry: population-local neuron, recordable, and where the
/// value goes (meter device, variable k, column j).
#[derive(Clone, Copy, Debug)]
struct RecEntry {
    idx: u32,
    var: u16,
    dev: u32,
    k: u32,
    j: u32,
}

/// A network of NEST models and devices.
pub struct Network {
    h: f64,
    tics_per_step: i64,
    seed: u64,
    threads: usize,
    nodes: Vec<Node>,
    pops: Vec<Box<dyn Population>>,
    pop_model: Vec<&'static str>,
    pop_first: Vec<u32>,
    devices: Vec<Device>,
    device_id: Vec<u32>,
    edges: Edges,
    csr: Csr,
    /// Compact copy of the neurons' rows of `csr` for spike delivery (`None` if they do not fit).
    spike_rows: Option<csr::SpikeRows>,
    csr_dirty: bool,
    connect_calls: u64,
    node_param_calls: u64,
    spike_inputs: node_params::SpikeInputs,
    clock: i64,
    ring: usize,
    min_delay: i64,
    max_delay: i64,
    run_start: i64,
    run_steps: i64,
    /// `true` once `simulate` has been called (NEST's `has_been_simulated`).
    simulated: bool,
    par_delivery_min: usize,
}

impl Network {
    /// A network with resolution `h` (ms, a positive multiple of 0.001 ms),
    /// `threads` workers and a base seed.
    pub fn new(h: f64, threads: usize, seed: u64) -> Result<Network> {
        let tics = h * 1000.0;
        if !(h > 0.0) || !h.is_finite() || (tics - tics.round()).abs() > 1e-9 * tics.max(1.0) || tics.round() < 1.0 {
            return Err(Error::Range(format!("dt must be a positive multiple of the tic (0.001 ms), got {h} ms")));
        }
        crate::pool::pool(threads)?;
        Ok(Network {
            h,
            tics_per_step: tics.round() as i64,
            seed,
            threads,
            nodes: vec![],
            pops: vec![],
            pop_model: vec![],
            pop_first: vec![],
            devices: vec![],
            device_id: vec![],
            edges: Edges::default(),
            csr: Csr::default(),
            spike_rows: None,
            csr_dirty: true,
            connect_calls: 0,
            node_param_calls: 0,
            spike_inputs: Default::default(),
            clock: 0,
            ring: 0,
            min_delay: 1,
            max_delay: 1,
            run_start: 0,
            run_steps: 0,
            simulated: false,
            par_delivery_min: PAR_DELIVERY_MIN,
        })
    }

    /// Former switch between serial and parallel delivery; delivery now
    /// always runs on the run's workers by target chunk, so this has no
    /// effect (kept for callers and tests).
    pub fn set_parallel_delivery_min(&mut self, n: usize) {
        self.par_delivery_min = n;
    }

    /// The resolution in ms.
    pub fn dt(&self) -> f64 {
        self.h
    }
    /// Worker threads.
    pub fn threads(&self) -> usize {
        self.threads
    }
    /// Current time in ms (end of the last run).
    pub fn time(&self) -> f64 {
        self.clock as f64 * self.h
    }
    /// Number of nodes.
    pub fn num_nodes(&self) -> usize {
        self.nodes.len()
    }
    /// `(min_delay, max_delay)` in ms of the last run.
    pub fn delay_extrema(&self) -> (f64, f64) {
        (self.min_delay as f64 * self.h, self.max_delay as f64 * self.h)
    }

    fn node(&self, id: u32) -> Result<Node> {
        if id == 0 || id as usize > self.nodes.len() {
            return Err(Error::Range(format!("node id {id} does not exist (valid: 1..={})", self.nodes.len())));
        }
        Ok(self.nodes[id as usize - 1])
    }

    /// The model name of a node.
    pub fn model_of(&self, id: u32) -> Result<&'static str> {
        Ok(match self.node(id)? {
            Node::Neuron { pop, .. } => self.pop_model[pop as usize],
            Node::Device(d) => self.devices[d as usize].model(),
        })
    }

    /// Creates `n` nodes of `model`; returns the first node id (ids are consecutive, from 1).
    pub fn create(&mut self, model: &str, n: usize) -> Result<u32> {
        if n == 0 {
            return Err(Error::Range("create: n must be at least 1".into()));
        }
        let first = self.nodes.len() as u32 + 1;
        if let Some(p) = new_population(model) {
            // Consecutive creates of one model extend its last population.
            let reuse = self.pops.len().checked_sub(1).filter(|&k| self.pop_model[k] == model && self.pop_first[k] as usize + self.pops[k].len() == first as usize);
            let k = match reuse {
                Some(k) => k,
                None => {
                    self.pops.push(p);
                    self.pop_model.push(self.pops.last().unwrap().info().name);
                    self.pop_first.push(first);
                    self.pops.len() - 1
                }
            };
            let base = self.pops[k].len();
            self.pops[k].grow(n);
            for i in 0..n {
                self.nodes.push(Node::Neuron { pop: k as u32, idx: (base + i) as u32 });
            }
        } else if let Some(d) = Device::new(model) {
            for _ in 0..n {
                self.nodes.push(Node::Device(self.devices.len() as u32));
                self.device_id.push(self.nodes.len() as u32);
                self.devices.push(d.clone());
            }
        } else {
            return Err(Error::UnknownName(format!("unknown model '{model}'; valid: {}", model_names().join(", "))));
        }
        self.csr_dirty = true;
        Ok(first)
    }

    /// Applies a parameter dictionary to node `id` (NEST's `SetStatus`).
    pub fn set(&mut self, id: u32, d: Dict<'_>) -> Result<()> {
        match self.node(id)? {
            Node::Neuron { pop, idx } => self.pops[pop as usize].set(idx as usize, d),
            Node::Device(k) => {
                if self.simulated && d.iter().any(|(n, _)| *n == "time_in_steps") {
                    return Err(Error::Range(format!("Setting status of a '{}' with node ID {id}: Property time_in_steps cannot be set after Simulate has been called.", self.devices[k as usize].model())));
                }
                // A spike_generator that changes precise_times changes its delivery path (network/precise.rs).
                let precise = |d: &Device| matches!(d, Device::SpikeGen(g) if g.precise_times);
                let was = precise(&self.devices[k as usize]);
                let r = self.devices[k as usize].set(d);
                self.csr_dirty |= was != precise(&self.devices[k as usize]);
                match &self.devices[k as usize] {
                    // NEST names the node in gamma_sup_generator's errors (its BadProperty).
                    Device::GammaSup(_) => r.map_err(|e| node_params::setting_status(e, id, "gamma_sup_generator")),
                    _ => r,
                }
            }
        }
    }

    /// Reads a parameter or state variable of node `id` (`has_connections`
    /// of a multisynapse neuron: 1 if a spike connection targets it).
    pub fn get(&self, id: u32, name: &str) -> Result<f64> {
        if name == "has_connections" && self.get_array(id, "tau_syn").is_ok() {
            return Ok(f64::from(u8::from(self.has_spike_input(id))));
        }
        match self.node(id)? {
            Node::Neuron { pop, idx } => self.pops[pop as usize].get(idx as usize, name),
            Node::Device(k) => self.devices[k as usize].get(name),
        }
    }

    /// Sets a multimeter's `record_from` (checked against its targets at run time).
    pub fn set_record_from(&mut self, id: u32, names: Vec<String>) -> Result<()> {
        match self.node(id)? {
            Node::Device(k) => match &mut self.devices[k as usize] {
                Device::Multimeter(m) => {
                    m.record_from = names;
                    Ok(())
                }
                d => Err(Error::Type(format!("record_from is a multimeter parameter; node {id} is a {}", d.model()))),
            },
            _ => Err(Error::Type(format!("record_from is a multimeter parameter; node {id} is a {}", self.model_of(id)?))),
        }
    }

    /// Sets an array parameter (`spike_times`, … of a spike_generator; `tau_syn` of the multisynapse neurons).
    pub fn set_array(&mut self, id: u32, name: &str, values: Vec<f64>) -> Result<()> {
        let h = self.h;
        match self.node(id)? {
            Node::Device(k) => match &mut self.devices[k as usize] {
                Device::SpikeGen(g) => g.set_array(name, values, self.tics_per_step, self.clock),
                Device::StepCurrent(g) => g.set_array(name, values, h),
                Device::InhPoisson(g) => g.set_array(name, values, h),
                Device::PulsePacket(g) => g.set_array(name, values),
                d => Err(Error::UnknownName(format!("{} has no array parameter '{name}'", d.model()))),
            },
            Node::Neuron { pop, idx } => {
                if name == "tau_syn" {
                    self.check_port_count(id, pop as usize, idx as usize, values.len())?;
                }
                self.pops[pop as usize].set_array(idx as usize, name, &values)
            }
        }
    }

    /// Reads an array parameter (of a device or a multisynapse neuron).
    pub fn get_array(&self, id: u32, name: &str) -> Result<Vec<f64>> {
        if let Node::Neuron { pop, idx } = self.node(id)? {
            return self.pops[pop as usize].get_array(idx as usize, name);
        }
        match self.device(id)? {
            Device::SpikeGen(g) => g.get_array(name).ok_or_else(|| Error::UnknownName(format!("spike_generator has no array parameter '{name}'"))),
            Device::PulsePacket(g) if name == "pulse_times" => Ok(g.pulse_times.clone()),
            Device::InhPoisson(g) => g.get_array(name).ok_or_else(|| Error::UnknownName(format!("inhomogeneous_poisson_generator has no array parameter '{name}'"))),
            Device::StepCurrent(g) => match name {
                "amplitude_times" => Ok(g.amplitude_times.clone()),
                "amplitude_values" => Ok(g.amplitude_values.clone()),
                _ => Err(Error::UnknownName(format!("step_current_generator has no array parameter '{name}'"))),
            },
            d => Err(Error::UnknownName(format!("{} has no array parameter '{name}'", d.model()))),
        }
    }

    /// A device by node id.
    pub fn device(&self, id: u32) -> Result<&Device> {
        match self.node(id)? {
            Node::Device(k) => Ok(&self.devices[k as usize]),
            _ => Err(Error::Type(format!("node {id} is a {}, not a device", self.model_of(id)?))),
        }
    }

    /// Connects `pre` to `post` (NEST's `Connect`). Meters are passed as
    /// `pre` (they observe `post`); spike recorders as `post`.
    pub fn connect(&mut self, pre: &[u32], post: &[u32], spec: &ConnSpec) -> Result<usize> {
        if pre.is_empty() || post.is_empty() {
            return Err(Error::Type("connect: sources and targets must not be empty".into()));
        }
        let kinds = |ids: &[u32]| -> Result<Vec<Node>> { ids.iter().map(|&g| self.node(g)).collect() };
        let (kp, kq) = (kinds(pre)?, kinds(post)?);
        let is_neuron = |n: &Node| matches!(n, Node::Neuron { .. });
        let dev = |n: &Node| if let Node::Device(k) = n { Some(&self.devices[*k as usize]) } else { None };
        let all_neurons_post = kq.iter().all(is_neuron);
        // Meters observe neurons: connect(meter, neurons).
        if kp.iter().any(|n| matches!(dev(n), Some(Device::Multimeter(_)))) {
            if !kp.iter().all(|n| matches!(dev(n), Some(Device::Multimeter(_)))) || !all_neurons_post {
                return Err(Error::Type("connect: a voltmeter/multimeter observes neurons: connect(meter, neurons), with only meters as sources and only neurons as targets".into()));
            }
            for n in &kp {
                if let Node::Device(k) = n {
                    if let Device::Multimeter(m) = &mut self.devices[*k as usize] {
                        m.targets.extend_from_slice(post);
                    }
                }
            }
            return Ok(0);
        }
        if kq.iter().any(|n| matches!(dev(n), Some(Device::Multimeter(_)))) {
            return Err(Error::Type("connect: a voltmeter/multimeter is connected the other way round, as in NEST: connect(meter, neurons)".into()));
        }
        // Spike recorders receive from neurons: connect(neurons, recorder).
        if kq.iter().any(|n| matches!(dev(n), Some(Device::SpikeRecorder(_)))) {
            if !kq.iter().all(|n| matches!(dev(n), Some(Device::SpikeRecorder(_)))) || !kp.iter().all(is_neuron) {
                return Err(Error::Type("connect: a spike_recorder records neurons: connect(neurons, recorder), with only neurons as sources (recording generators directly is not supported)".into()));
            }
            for n in &kq {
                if let Node::Device(k) = n {
                    if let Device::SpikeRecorder(r) = &mut self.devices[*k as usize] {
                        r.sources.extend_from_slice(pre);
                    }
                }
            }
            return Ok(0);
        }
        if kp.iter().any(|n| matches!(dev(n), Some(Device::SpikeRecorder(_)))) {
            return Err(Error::Type("connect: a spike_recorder is a target: connect(neurons, recorder)".into()));
        }
        if !all_neurons_post {
            return Err(Error::Type("connect: generators cannot be targets; connect(generator, neurons)".into()));
        }
        if !SYNAPSES.contains(&spec.synapse.as_str()) {
            return Err(Error::UnknownName(format!("unknown synapse model '{}'; valid: {}", spec.synapse, SYNAPSES.join(", "))));
        }
        // The rule's edges go straight into the edge list; a failed call takes them back.
        let first = self.edges.len();
        let cap = connect::expected_edges(spec, pre.len(), post.len());
        if self.edges.source.try_reserve_exact(cap).and_then(|_| self.edges.target.try_reserve_exact(cap)).is_err() {
            return Err(Error::Range(format!("connect: not enough memory for {cap} connections")));
        }
        // Source indices are needed only for weights or delays given one per source.
        let per_source = |given: &[f64], drawn: bool| !drawn && given.len() != 1 && given.len() == pre.len();
        let keep_source_index = per_source(&spec.weight, spec.weight_dist.is_some()) || per_source(&spec.delay, spec.delay_dist.is_some());
        let mut source_index = Vec::new();
        let (source, target) = (&mut self.edges.source, &mut self.edges.target);
        let made = connect::for_each_pair(spec, pre, post, self.seed, self.connect_calls, |a, b| {
            source.push(pre[a as usize]);
            target.push(post[b as usize]);
            if keep_source_index {
                source_index.push(a);
            }
        });
        if let Err(e) = made {
            self.edges.discard_from(first);
            return Err(e);
        }
        self.connect_calls += 1;
        let n = self.edges.len() - first;
        // Given or drawn (nest.random.*) weights and delays; delays rounded as NEST does.
        let values = connect::call_values(spec, n, pre.len(), |k| source_index[k], self.seed, self.connect_calls - 1, self.tics_per_step)
            .and_then(|v| self.check_receptors(first, spec.receptor, &v.weight, pre, post).map(|_| v));
        match values {
            Ok(v) => self.edges.push_values(first, v, spec.receptor),
            Err(e) => {
                self.edges.discard_from(first);
                return Err(e);
            }
        }
        self.csr_dirty = true;
        Ok(n)
    }

    /// NEST's connect-time receptor and event-type checks
    /// ([`connect::check_receptor`]) of the edges from `first` on, made by
    /// one connect call from `pre` to `post` (neurons). With one weight for
    /// the call, a check depends only on the target and on whether the
    /// source sends currents, so each target is checked once per kind of
    /// source in `pre`; only if one fails are the edges searched, in
    /// creation order, for the first that fails (a failing kind may have
    /// made no edge to that target).
    fn check_receptors(&self, first: usize, receptor: u32, weight: &connect::Values<f64>, pre: &[u32], post: &[u32]) -> Result<()> {
        if self.edges.len() == first {
            return Ok(());
        }
        let sends_current = |g: u32| matches!(self.nodes[g as usize - 1], Node::Device(d) if self.devices[d as usize].is_current_source());
        let neuron = |g: u32| {
            let Node::Neuron { pop, idx } = self.nodes[g as usize - 1] else { unreachable!("targets are neurons") };
            (self.pops[pop as usize].as_ref(), idx as usize)
        };
        if let connect::Values::Same(w) = *weight {
            let kinds: Vec<bool> = [false, true].into_iter().filter(|&c| pre.iter().any(|&g| sends_current(g) == c)).collect();
            let all_pass = post.iter().all(|&t| {
                let (p, idx) = neuron(t);
                let ports = connect::receptor_ports(p, idx);
                kinds.iter().all(|&current| connect::check_receptor(p, ports, t, receptor, current, w).is_ok())
            });
            if all_pass {
                return Ok(());
            }
        }
        // Ports of each target node, looked up once.
        let mut ports: Vec<Option<Option<usize>>> = vec![None; self.nodes.len() + 1];
        for k in first..self.edges.len() {
            let (s, t) = (self.edges.source[k], self.edges.target[k]);
            let (p, idx) = neuron(t);
            let n = *ports[t as usize].get_or_insert_with(|| connect::receptor_ports(p, idx));
            connect::check_receptor(p, n, t, receptor, sends_current(s), weight.get(k - first))?;
        }
        Ok(())
    }

    /// The edge list.
    pub fn edges(&self) -> &Edges {
        &self.edges
    }

    /// Sets the weight of edge `id`.
    pub fn set_weight(&mut self, id: usize, w: f64) -> Result<()> {
        if id >= self.edges.len() {
            return Err(Error::Range(format!("connection {id} does not exist")));
        }
        let g = self.edges.source[id];
        let t = self.edges.target[id];
        let Node::Neuron { pop, .. } = self.node(t)? else { unreachable!() };
        let is_dc = matches!(self.node(g)?, Node::Device(k) if self.devices[k as usize].is_current_source());
        if !is_dc && self.pops[pop as usize].spike_channel(self.edges.receptor[id], w).is_none() || !w.is_finite() {
            return Err(Error::Range(format!("weight {w} is not valid for this connection")));
        }
        self.edges.weight.set(id, w);
        self.csr_dirty = true;
        Ok(())
    }

    /// First target block of each population (blocks are CHUNK neurons).
    fn block_base(&self) -> Vec<u32> {
        let mut b = Vec::with_capacity(self.pops.len() + 1);
        let mut acc = 0u32;
        for p in &self.pops {
            b.push(acc);
            acc += p.len().div_ceil(CHUNK) as u32;
        }
        b.push(acc);
        b
    }

    fn prepare(&mut self) -> Result<()> {
        let (mut mn, mut mx) = (i64::MAX, 0i64);
        for &d in &self.edges.delay {
            mn = mn.min(d as i64);
            mx = mx.max(d as i64);
        }
        if self.edges.is_empty() {
            mn = 1;
            mx = 1;
        }
        self.min_delay = mn;
        self.max_delay = mx;
        let ring = (mn + mx) as usize;
        let ring_changed = ring != self.ring;
        // On-grid spikes into precise neurons: one ring row per connection (network/precise.rs).
        let ongrid_base = if self.csr_dirty || ring_changed { precise::assign_ongrid_rows(&self.pops, &self.nodes, &self.devices, &self.edges, ring, precise::nest_min_delay(&self.edges, &self.devices, self.h)) } else { None };
        for p in &mut self.pops {
            p.prepare(self.h, self.tics_per_step, ring, self.clock);
        }
        self.ring = ring;
        if self.csr_dirty || ring_changed {
            let nodes = &self.nodes;
            let pops = &self.pops;
            let devices = &self.devices;
            let e = &self.edges;
            let block_base = self.block_base();
            // The channel of the previous edge's (population, kind, receptor,
            // weight): consecutive edges of one connect call mostly share it.
            let mut last_ch: Option<((u32, bool, u32, u64), usize)> = None;
            self.csr = Csr::build(e, nodes.len(), |k| {
                let Node::Neuron { pop, idx } = nodes[e.target[k] as usize - 1] else { unreachable!() };
                let p = &pops[pop as usize];
                let is_dc = matches!(nodes[e.source[k] as usize - 1], Node::Device(d) if devices[d as usize].is_current_source());
                let (receptor, weight) = (e.receptor[k], e.weight[k]);
                let key = (pop, is_dc, receptor, weight.to_bits());
                let ch = match last_ch {
                    Some((k, ch)) if k == key => ch,
                    _ => {
                        let ch = if is_dc { p.current_channel(receptor) } else { p.spike_channel(receptor, weight) }.expect("checked at connect");
                        last_ch = Some((key, ch));
                        ch
                    }
                };
                let base = match ongrid_base.as_ref().map(|b| b[k]) {
                    Some(b) if b != u32::MAX => b,
                    _ => p.buffer_base(idx as usize, ch, ring) as u32,
                };
                (pop, base, block_base[pop as usize] + idx / CHUNK as u32)
            });
            // Spikes into counting models (parrot_neuron) carry their multiplicity only.
            let counting: Vec<bool> = self.pops.iter().map(|p| p.counts_spikes()).collect();
            if counting.iter().any(|&c| c) {
                for e in self.csr.edges.iter_mut().filter(|e| counting[e.pop as usize]) {
                    e.weight = 1.0;
                }
            }
            let nodes = &self.nodes;
            self.spike_rows = csr::SpikeRows::build(&self.csr, |g| g >= 1 && matches!(nodes.get(g - 1), Some(Node::Neuron { .. })));
            self.csr_dirty = false;
        }
        Ok(())
    }

    /// Runs for `t` ms. With `fresh`, the state returns to its initial values
    /// and time to 0 first (a new run); otherwise the run continues. Recorders
    /// hold this run's data afterwards.
    pub fn simulate(&mut self, t: f64, fresh: bool, control: &Control) -> Result<()> {
        if !(t >= 0.0) || !t.is_finite() {
            return Err(Error::Range(format!("simulation time must be a finite number >= 0 ms, got {t}")));
        }
        let steps_f = t / self.h;
        let steps = steps_f.round();
        if (steps_f - steps).abs() > 1e-9 * steps_f.max(1.0) {
            return Err(Error::Range(format!("simulation time {t} ms is not a multiple of dt = {} ms", self.h)));
        }
        let steps = steps as i64;
        self.simulated = true;
        if fresh {
            self.clock = 0;
            for p in &mut self.pops {
                p.reset();
            }
            for d in &mut self.devices {
                match d {
                    Device::StepCurrent(g) => g.reset(),
                    Device::Noise(g) => g.reset(),
                    Device::InhPoisson(g) => g.reset(),
                    Device::GammaSup(g) => g.reset(),
                    Device::PulsePacket(g) => g.reset(),
                    _ => {}
                }
            }
            precise::reset_devices(&mut self.devices);
        }
        // Generators' run-start state (NEST's calibrate at every Simulate).
        let now_ms = (self.clock * self.tics_per_step) as f64 * 0.001;
        // Connections out of each device (noise_generator draws one stream
        // per target), counted in one pass and only when needed.
        let mut n_out = vec![0usize; self.devices.len()];
        if self.devices.iter().any(|d| matches!(d, Device::Noise(_))) {
            for &s in &self.edges.source {
                if let Node::Device(k) = self.nodes[s as usize - 1] {
                    n_out[k as usize] += 1;
                }
            }
        }
        for (k, d) in self.devices.iter_mut().enumerate() {
            match d {
                Device::StepCurrent(g) => g.check()?,
                Device::Ac(g) => g.calibrate(now_ms, self.h),
                Device::Noise(g) => g.calibrate(now_ms, self.h, n_out[k])?,
                Device::SinPoisson(g) => g.calibrate(now_ms, self.h),
                Device::GammaSup(g) => g.calibrate(self.h),
                Device::PulsePacket(g) => g.calibrate(now_ms),
                Device::InhPoisson(g) => g.check()?,
                _ => {}
            }
        }
        precise::calibrate_devices(&mut self.devices, self.tics_per_step);
        self.prepare()?;
        let (plans, entries) = self.recording_plans()?;
        let observers = self.spike_observers();
        self.start_recorders(steps)?;
        self.run_start = self.clock;
        self.run_steps = steps;
        self.run_slices(steps, control, &plans, &entries, &observers)
    }

    /// `(first step, steps)` of the last run.
    pub fn last_run(&self) -> (i64, i64) {
        (self.run_start, self.run_steps)
    }

    fn recording_plans(&self) -> Result<(Vec<RecPlan>, Vec<Vec<RecEntry>>)> {
        let mut per_pop: Vec<Vec<RecEntry>> = vec![Vec::new(); self.pops.len()];
        for (dk, d) in self.devices.iter().enumerate() {
            let Device::Multimeter(m) = d else { continue };
            for (k, var) in m.record_from.iter().enumerate() {
                for (j, &g) in m.targets.iter().enumerate() {
                    let Node::Neuron { pop, idx } = self.node(g)? else { unreachable!() };
                    let info = self.pops[pop as usize].info();
                    let vi = info.recordable_index(var).ok_or_else(|| {
                        Error::UnknownName(format!(
                            "{} (node {}) cannot record '{var}' from {} (node {g}); recordables: {}",
                            d.model(),
                            self.device_id[dk],
                            info.name,
                            info.recordables.iter().map(|r| r.name).collect::<Vec<_>>().join(", ")
                        ))
                    })?;
                    per_pop[pop as usize].push(RecEntry { idx, var: vi as u16, dev: dk as u32, k: k as u32, j: j as u32 });
                }
            }
        }
        let mut plans = Vec::with_capacity(self.pops.len());
        for (p, ents) in per_pop.iter_mut().enumerate() {
            ents.sort_by_key(|e| e.idx);
            let n = self.pops[p].len();
            let mut plan = RecPlan::default();
            if !ents.is_empty() {
                plan.rec_off = vec![0; n + 1];
                for e in ents.iter() {
                    plan.rec_off[e.idx as usize + 1] += 1;
                }
                for i in 0..n {
                    plan.rec_off[i + 1] += plan.rec_off[i];
                }
                plan.rec_var = ents.iter().map(|e| e.var).collect();
            }
            plans.push(plan);
        }
        Ok((plans, per_pop))
    }

    fn spike_observers(&self) -> Vec<Vec<u32>> {
        let mut obs: Vec<Vec<u32>> = vec![Vec::new(); self.nodes.len() + 1];
        for (dk, d) in self.devices.iter().enumerate() {
            if let Device::SpikeRecorder(r) = d {
                for &g in &r.sources {
                    if !obs[g as usize].contains(&(dk as u32)) {
                        obs[g as usize].push(dk as u32);
                    }
                }
            }
        }
        obs
    }

    fn start_recorders(&mut self, steps: i64) -> Result<()> {
        let h = self.h;
        for (dk, d) in self.devices.iter_mut().enumerate() {
            match d {
                Device::Multimeter(m) => {
                    let iv = m.interval / h;
                    let off = m.offset / h;
                    if (m.interval > 0.0 && ((iv - iv.round()).abs() > 1e-9 * iv.max(1.0) || iv.round() < 1.0)) || (off - off.round()).abs() > 1e-9 * off.max(1.0) {
                        return Err(Error::Range(format!(
                            "{} (node {}): interval ({} ms) and offset ({} ms) must be multiples of dt = {h} ms",
                            if m.is_voltmeter { "voltmeter" } else { "multimeter" },
                            self.device_id[dk],
                            m.interval,
                            m.offset
                        )));
                    }
                    let n = m.targets.len();
                    let every = ((m.interval / h).round() as usize).max(1);
                    let cap = (steps as usize / every + 1) * n;
                    m.times.clear();
                    m.data = m.record_from.iter().map(|_| vec![0.0; cap]).collect();
                }
                Device::SpikeRecorder(r) => r.clear(),
                _ => {}
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests;
