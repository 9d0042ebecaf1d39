//! NEST-style exports: the model directory, and `NestNetwork`, a handle on a
//! core [`Network`] (create / set / get / connect / simulate), plus
//! `NestSimJob` for runs off the JS thread with progress and cancellation.
//! Node ids and parameter names are NEST's; this file only converts.

use std::sync::{Arc, Mutex, MutexGuard};

use napi::bindgen_prelude::*;
use napi_derive::napi;
use somata_core::devices::{Device, DEVICE_MODELS, WINDOW_PARAMS};
use somata_core::models::nest::MODELS;
use somata_core::network::connect::{ConnSpec, RULES, SYNAPSES};
use somata_core::network::node_params::{NodeParam, NodeValue};
use somata_core::network::random::Dist;
use somata_core::network::{Network, DEFAULT_SEED};
use somata_core::sweep::Control;

use crate::errors::{conv, type_error};
use crate::jobs::{self, Work, WorkTask};

/// A parameter, state variable or recordable in the model directory.
#[napi(object)]
pub struct NestEntryInfo {
    /// Name as NEST spells it.
    pub name: String,
    /// Unit of plain numbers.
    pub unit: String,
    /// Default (parameters) or initial value (state).
    pub value: f64,
    /// One-line description.
    pub doc: String,
}

/// One model of the NEST directory.
#[napi(object)]
pub struct NestModelInfoJs {
    /// Model name.
    pub name: String,
    /// `neuron`, `recorder` or `stimulator`.
    pub kind: String,
    /// Family (`iaf_psc`, or the device kind).
    pub family: String,
    /// Integration category (neurons).
    pub category: String,
    /// One-line description.
    pub title: String,
    /// Parameters with defaults and units.
    pub parameters: Vec<NestEntryInfo>,
    /// Settable state with initial values.
    pub state: Vec<NestEntryInfo>,
    /// Recordables (neurons).
    pub recordables: Vec<NestEntryInfo>,
    /// Receptor types.
    pub receptors: String,
    /// Notes and differences from NEST.
    pub notes: Vec<String>,
}

fn entry(p: &somata_core::info::ParamInfo) -> NestEntryInfo {
    NestEntryInfo { name: p.name.into(), unit: p.unit.into(), value: p.default, doc: p.doc.into() }
}
fn ventry(p: &somata_core::info::VarInfo) -> NestEntryInfo {
    NestEntryInfo { name: p.name.into(), unit: p.unit.into(), value: p.init, doc: p.doc.into() }
}

/// The NEST model directory: neurons, then devices.
#[napi(catch_unwind)]
pub fn nest_models() -> Vec<NestModelInfoJs> {
    let mut out: Vec<NestModelInfoJs> = MODELS
        .iter()
        .map(|m| NestModelInfoJs {
            name: m.name.into(),
            kind: "neuron".into(),
            family: m.family.into(),
            category: m.category.into(),
            title: m.title.into(),
            parameters: m.params.iter().map(entry).collect(),
            state: m.state.iter().map(ventry).collect(),
            recordables: m.recordables.iter().map(ventry).collect(),
            receptors: m.receptors.into(),
            notes: m.notes.iter().map(|s| s.to_string()).collect(),
        })
        .collect();
    for (name, kind, params) in DEVICE_MODELS {
        let arrays = if *name == "spike_generator" {
            somata_core::devices::spike_generator::ARRAYS.iter().map(|(n, u)| format!("array parameter {n} ({})", if u.is_empty() { "no unit" } else { u })).collect()
        } else if *name == "pulsepacket_generator" {
            vec!["array parameter pulse_times (ms)".to_string()]
        } else {
            vec![]
        };
        out.push(NestModelInfoJs {
            name: name.to_string(),
            kind: kind.to_string(),
            family: kind.to_string(),
            category: "E: no ODE (device)".into(),
            title: format!("NEST {name}"),
            parameters: params.iter().chain(WINDOW_PARAMS.iter()).map(entry).collect(),
            state: vec![],
            recordables: vec![],
            receptors: String::new(),
            notes: arrays,
        });
    }
    out
}

/// Connection rules and synapse models.
#[napi(catch_unwind)]
pub fn nest_rules() -> Vec<Vec<String>> {
    vec![RULES.iter().map(|s| s.to_string()).collect(), SYNAPSES.iter().map(|s| s.to_string()).collect()]
}

/// A named parameter with one value (all nodes), one per node, or a random
/// parameter drawn per node (`dist`; `values` is then ignored).
#[napi(object)]
pub struct NestParam {
    /// Parameter name.
    pub name: String,
    /// Values.
    pub values: Vec<f64>,
    /// A `nest.random.*` / `nest.math.*` parameter in prefix order (see [`NestDistNode`]).
    pub dist: Option<Vec<NestDistNode>>,
}

/// Connection options (already converted to NEST units).
#[napi(object)]
pub struct NestConnSpec {
    /// Rule name.
    pub rule: String,
    /// indegree / outdegree / N.
    pub count: Option<f64>,
    /// pairwise_bernoulli probability.
    pub p: Option<f64>,
    /// Weights: one, one per source, or one per connection.
    pub weight: Vec<f64>,
    /// Delays in ms, same shapes.
    pub delay: Vec<f64>,
    /// Receptor type.
    pub receptor: u32,
    /// Synapse model.
    pub synapse: String,
    /// Allow self-connections.
    pub allow_autapses: bool,
    /// Allow repeated pairs.
    pub allow_multapses: bool,
    /// Rule seed.
    pub seed: Option<f64>,
    /// Random weights: a `nest.random.*` / `nest.math.*` parameter in prefix order.
    pub weight_dist: Option<Vec<NestDistNode>>,
    /// Random delays (ms), same form.
    pub delay_dist: Option<Vec<NestDistNode>>,
}

/// One node of a random parameter in prefix order: `normal` (a = mean, b =
/// std), `lognormal` (mean, std of the underlying normal), `uniform` (min,
/// max), `uniform_int` (max), `exponential` (beta), `constant` (a), and the
/// wrappers `redraw` (min, max), `min` (a = value), `max` (a = value), each
/// followed by the parameter it wraps.
#[napi(object)]
pub struct NestDistNode {
    /// Kind (see above).
    pub kind: String,
    /// First number.
    pub a: f64,
    /// Second number.
    pub b: f64,
}

/// Builds a [`Dist`] from prefix-order nodes.
fn dist_from(nodes: &[NestDistNode], what: &str) -> Result<Dist> {
    fn go(nodes: &[NestDistNode], k: &mut usize, what: &str) -> Result<Dist> {
        let Some(n) = nodes.get(*k) else { return Err(type_error(format!("{what}: incomplete random parameter"))) };
        *k += 1;
        Ok(match n.kind.as_str() {
            "constant" => Dist::Const(n.a),
            "normal" => Dist::Normal { mean: n.a, std: n.b },
            "lognormal" => Dist::Lognormal { mean: n.a, std: n.b },
            "uniform" => Dist::Uniform { min: n.a, max: n.b },
            "uniform_int" => {
                if !(n.a >= 1.0 && n.a.fract() == 0.0 && n.a < 9.007e15) {
                    return Err(napi::Error::from_reason(format!("RangeError: nest.random.uniform_int: max must be a positive integer, got {}", n.a)));
                }
                Dist::UniformInt { max: n.a as u64 }
            }
            "exponential" => Dist::Exponential { beta: n.a },
            "redraw" => Dist::Redraw { p: Box::new(go(nodes, k, what)?), min: n.a, max: n.b },
            "min" => Dist::Min { p: Box::new(go(nodes, k, what)?), value: n.a },
            "max" => Dist::Max { p: Box::new(go(nodes, k, what)?), value: n.a },
            other => return Err(type_error(format!("{what}: unknown random parameter '{other}'; valid: normal, lognormal, uniform, uniform_int, exponential, redraw, min, max"))),
        })
    }
    let mut k = 0;
    let d = go(nodes, &mut k, what)?;
    if k != nodes.len() {
        return Err(type_error(format!("{what}: malformed random parameter")));
    }
    conv(d.check())?;
    Ok(d)
}

/// Connections as parallel arrays.
#[napi(object)]
pub struct NestConnections {
    /// Connection ids.
    pub id: Uint32Array,
    /// Source node ids.
    pub source: Uint32Array,
    /// Target node ids.
    pub target: Uint32Array,
    /// Weights.
    pub weight: Float64Array,
    /// Delays (ms).
    pub delay: Float64Array,
    /// Receptor types.
    pub receptor: Uint32Array,
}

/// One meter's samples.
#[napi(object)]
pub struct NestMeterData {
    /// Meter node id.
    pub id: u32,
    /// Recorded variables.
    pub record_from: Vec<String>,
    /// Observed node ids (columns).
    pub targets: Uint32Array,
    /// Sample times (ms), or stamps in steps with `time_in_steps`.
    pub times: Float64Array,
    /// `true` if the meter records times in steps.
    pub time_in_steps: bool,
    /// One array per variable, time-major `[k * n + j]`.
    pub data: Vec<Float64Array>,
}

/// One spike recorder's events.
#[napi(object)]
pub struct NestSpikeData {
    /// Recorder node id.
    pub id: u32,
    /// Observed node ids.
    pub sources: Uint32Array,
    /// Senders.
    pub senders: Int32Array,
    /// Times (ms), or stamps in steps with `time_in_steps`.
    pub times: Float64Array,
    /// Offsets (ms) with `time_in_steps`.
    pub offsets: Option<Float64Array>,
}

/// The data of one run.
#[napi(object)]
pub struct NestRunResult {
    /// First step of the run.
    pub start_step: f64,
    /// Steps run.
    pub steps: f64,
    /// Resolution (ms).
    pub dt: f64,
    /// Meters.
    pub meters: Vec<NestMeterData>,
    /// Spike recorders.
    pub recorders: Vec<NestSpikeData>,
}

struct MeterOut {
    id: u32,
    record_from: Vec<String>,
    targets: Vec<u32>,
    times: Vec<f64>,
    time_in_steps: bool,
    data: Vec<Vec<f64>>,
}
struct SpikeOut {
    id: u32,
    sources: Vec<u32>,
    senders: Vec<i32>,
    times: Vec<f64>,
    offsets: Option<Vec<f64>>,
}
/// A run's data in Rust form (built off the JS thread).
pub struct RunOut {
    start: i64,
    steps: i64,
    dt: f64,
    meters: Vec<MeterOut>,
    recorders: Vec<SpikeOut>,
}

fn collect(net: &Network) -> RunOut {
    let (start, steps) = net.last_run();
    let mut meters = vec![];
    let mut recorders = vec![];
    for id in 1..=net.num_nodes() as u32 {
        match net.device(id) {
            Ok(Device::Multimeter(m)) => meters.push(MeterOut { id, record_from: m.record_from.clone(), targets: m.targets.clone(), times: m.times.clone(), time_in_steps: m.time_in_steps, data: m.data.clone() }),
            Ok(Device::SpikeRecorder(r)) => recorders.push(SpikeOut { id, sources: r.sources.clone(), senders: r.senders.clone(), times: r.reported_times(), offsets: r.time_in_steps.then(|| r.offsets.clone()) }),
            _ => {}
        }
    }
    RunOut { start, steps, dt: net.dt(), meters, recorders }
}

fn to_js(o: RunOut) -> NestRunResult {
    NestRunResult {
        start_step: o.start as f64,
        steps: o.steps as f64,
        dt: o.dt,
        meters: o
            .meters
            .into_iter()
            .map(|m| NestMeterData { id: m.id, record_from: m.record_from, targets: Uint32Array::new(m.targets), times: Float64Array::new(m.times), time_in_steps: m.time_in_steps, data: m.data.into_iter().map(Float64Array::new).collect() })
            .collect(),
        recorders: o
            .recorders
            .into_iter()
            .map(|r| NestSpikeData { id: r.id, sources: Uint32Array::new(r.sources), senders: Int32Array::new(r.senders), times: Float64Array::new(r.times), offsets: r.offsets.map(Float64Array::new) })
            .collect(),
    }
}

/// A NEST-style network.
#[napi]
pub struct NestNetwork {
    net: Arc<Mutex<Network>>,
}

impl NestNetwork {
    fn lock(&self) -> Result<MutexGuard<'_, Network>> {
        match self.net.try_lock() {
            Ok(g) => Ok(g),
            Err(std::sync::TryLockError::Poisoned(p)) => Ok(p.into_inner()),
            Err(std::sync::TryLockError::WouldBlock) => Err(napi::Error::from_reason("Error: this Simulator is running (simulateAsync); await the run before changing or reading it")),
        }
    }
}

#[napi]
impl NestNetwork {
    /// A network with resolution `dt` (ms), `threads` workers and `seed`.
    #[napi(constructor, catch_unwind)]
    pub fn new(dt: f64, threads: u32, seed: Option<f64>) -> Result<Self> {
        let seed = match seed {
            None => DEFAULT_SEED,
            Some(s) if s >= 0.0 && s.fract() == 0.0 && s < 9.007e15 => s as u64,
            Some(s) => return Err(napi::Error::from_reason(format!("RangeError: seed must be a non-negative integer, got {s}"))),
        };
        Ok(Self { net: Arc::new(Mutex::new(conv(Network::new(dt, threads as usize, seed))?)) })
    }

    /// Creates `n` nodes of `model`; returns the first node id.
    #[napi(catch_unwind)]
    pub fn create(&self, model: String, n: u32) -> Result<u32> {
        conv(self.lock()?.create(&model, n as usize))
    }

    /// Applies parameters to nodes (each value list has one entry or one per
    /// node; random parameters are drawn per node).
    #[napi(catch_unwind)]
    pub fn set_status(&self, ids: Vec<u32>, params: Vec<NestParam>) -> Result<()> {
        let params = params
            .into_iter()
            .map(|p| {
                let value = match &p.dist {
                    Some(nodes) => NodeValue::Random(dist_from(nodes, &p.name)?),
                    None => NodeValue::Values(p.values),
                };
                Ok(NodeParam { name: p.name, value })
            })
            .collect::<Result<Vec<_>>>()?;
        conv(self.lock()?.set_nodes(&ids, &params))
    }

    /// Reads one parameter or state variable of each node.
    #[napi(catch_unwind)]
    pub fn get_status(&self, ids: Vec<u32>, name: String) -> Result<Float64Array> {
        let net = self.lock()?;
        let v: somata_core::Result<Vec<f64>> = ids.iter().map(|&id| net.get(id, &name)).collect();
        Ok(Float64Array::new(conv(v)?))
    }

    /// The model name of each node.
    #[napi(catch_unwind)]
    pub fn models_of(&self, ids: Vec<u32>) -> Result<Vec<String>> {
        let net = self.lock()?;
        ids.iter().map(|&id| conv(net.model_of(id)).map(|s| s.to_string())).collect()
    }

    /// Sets a multimeter's `record_from`.
    #[napi(catch_unwind)]
    pub fn set_record_from(&self, id: u32, names: Vec<String>) -> Result<()> {
        conv(self.lock()?.set_record_from(id, names))
    }

    /// Sets an array parameter (`spike_times`, `spike_weights`, `spike_multiplicities` of a spike_generator).
    #[napi(catch_unwind)]
    pub fn set_array(&self, id: u32, name: String, values: Vec<f64>) -> Result<()> {
        conv(self.lock()?.set_array(id, &name, values))
    }

    /// Reads an array parameter.
    #[napi(catch_unwind)]
    pub fn get_array(&self, id: u32, name: String) -> Result<Float64Array> {
        Ok(Float64Array::new(conv(self.lock()?.get_array(id, &name))?))
    }

    /// Connects sources to targets; returns the number of connections made.
    #[napi(catch_unwind)]
    pub fn connect(&self, pre: Vec<u32>, post: Vec<u32>, spec: NestConnSpec) -> Result<u32> {
        let count = match spec.count {
            Some(c) if c < 0.0 || c.fract() != 0.0 => return Err(napi::Error::from_reason(format!("RangeError: connection count must be a non-negative integer, got {c}"))),
            c => c.map(|c| c as u64),
        };
        let s = ConnSpec {
            rule: spec.rule,
            count,
            p: spec.p,
            weight: spec.weight,
            delay: spec.delay,
            receptor: spec.receptor,
            synapse: spec.synapse,
            allow_autapses: spec.allow_autapses,
            allow_multapses: spec.allow_multapses,
            seed: spec.seed.map(|x| x as u64),
            weight_dist: spec.weight_dist.as_deref().map(|n| dist_from(n, "weight")).transpose()?,
            delay_dist: spec.delay_dist.as_deref().map(|n| dist_from(n, "delay")).transpose()?,
        };
        conv(self.lock()?.connect(&pre, &post, &s)).map(|n| n as u32)
    }

    /// Connections, optionally filtered by source and/or target node ids.
    #[napi(catch_unwind)]
    pub fn connections(&self, source: Option<Vec<u32>>, target: Option<Vec<u32>>) -> Result<NestConnections> {
        let net = self.lock()?;
        let e = net.edges();
        let set = |v: &Option<Vec<u32>>| v.as_ref().map(|v| v.iter().copied().collect::<std::collections::HashSet<u32>>());
        let (fs, ft) = (set(&source), set(&target));
        let ids: Vec<u32> = (0..e.len() as u32)
            .filter(|&k| fs.as_ref().is_none_or(|s| s.contains(&e.source[k as usize])) && ft.as_ref().is_none_or(|s| s.contains(&e.target[k as usize])))
            .collect();
        let pick_u = |v: &dyn Fn(usize) -> u32| Uint32Array::new(ids.iter().map(|&k| v(k as usize)).collect());
        let pick_f = |v: &dyn Fn(usize) -> f64| Float64Array::new(ids.iter().map(|&k| v(k as usize)).collect());
        Ok(NestConnections {
            source: pick_u(&|k| e.source[k]),
            target: pick_u(&|k| e.target[k]),
            weight: pick_f(&|k| e.weight[k]),
            delay: pick_f(&|k| e.delay_ms[k]),
            receptor: pick_u(&|k| e.receptor[k]),
            id: Uint32Array::new(ids),
        })
    }

    /// Sets connection weights (one value or one per id).
    #[napi(catch_unwind)]
    pub fn set_weights(&self, ids: Vec<u32>, weights: Vec<f64>) -> Result<()> {
        if weights.len() != 1 && weights.len() != ids.len() {
            return Err(type_error(format!("{} weights for {} connections; give one value or one per connection", weights.len(), ids.len())));
        }
        let mut net = self.lock()?;
        for (j, &id) in ids.iter().enumerate() {
            conv(net.set_weight(id as usize, if weights.len() == 1 { weights[0] } else { weights[j] }))?;
        }
        Ok(())
    }

    /// Number of nodes created.
    #[napi(catch_unwind)]
    pub fn num_nodes(&self) -> Result<u32> {
        Ok(self.lock()?.num_nodes() as u32)
    }

    /// Current time (ms).
    #[napi(catch_unwind)]
    pub fn time(&self) -> Result<f64> {
        Ok(self.lock()?.time())
    }

    /// Runs `t` ms on the calling thread (fresh from t = 0 when `fresh`).
    #[napi(catch_unwind)]
    pub fn simulate(&self, t: f64, fresh: bool) -> Result<NestRunResult> {
        let mut net = self.lock()?;
        conv(net.simulate(t, fresh, &Control::default()))?;
        Ok(to_js(collect(&net)))
    }

    /// A job running `t` ms off the JS thread.
    #[napi(catch_unwind)]
    pub fn job(&self, t: f64, fresh: bool) -> NestSimJob {
        NestSimJob { run: NestSim { net: self.net.clone(), t, fresh }, control: Arc::new(Control::default()) }
    }
}

/// A run that executes off the JS thread, reports progress and can be cancelled.
#[napi]
pub struct NestSimJob {
    run: NestSim,
    control: Arc<Control>,
}

/// `t` ms of a network (fresh from t = 0 when `fresh`), as off-thread work.
#[derive(Clone)]
pub struct NestSim {
    net: Arc<Mutex<Network>>,
    t: f64,
    fresh: bool,
}

impl Work for NestSim {
    type Done = RunOut;
    type Js = NestRunResult;

    fn run(&self, control: &Control) -> Result<RunOut> {
        let mut net = self.net.lock().unwrap_or_else(|p| p.into_inner());
        conv(net.simulate(self.t, self.fresh, control))?;
        Ok(collect(&net))
    }

    fn to_js(done: RunOut) -> NestRunResult {
        to_js(done)
    }
}

#[napi]
impl NestSimJob {
    /// Steps completed so far.
    #[napi(catch_unwind)]
    pub fn progress(&self) -> f64 {
        jobs::progress(&self.control)
    }

    /// Asks the run to stop; it then rejects with an AbortError.
    #[napi(catch_unwind)]
    pub fn cancel(&self) {
        jobs::cancel(&self.control);
    }

    /// Starts the run on a libuv worker thread.
    #[napi(catch_unwind, ts_return_type = "Promise<NestRunResult>")]
    pub fn start(&self) -> AsyncTask<WorkTask<NestSim>> {
        WorkTask::new(self.run.clone(), self.control.clone())
    }
}

