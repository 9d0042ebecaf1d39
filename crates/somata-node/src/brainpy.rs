//! BrainPy-style exports: model directory, validation, initial state, one
//! step of a population, and whole rollouts (sync or as an async job with
//! progress and cancellation).
//!
//! Models are passed as indices into `BpKind::ALL` (the TypeScript layer
//! maps names once). A population's parameters and state are flat
//! structure-of-arrays buffers (`[k*n + i]`) owned by JS; one step borrows
//! them for the duration of the call.

use std::sync::Arc;

use napi::bindgen_prelude::*;
use napi_derive::napi;
use somata_core::brainpy_run::{self, RunInput, RunOutput, RunSpec, VarInit};
use somata_core::models::brainpy::{BpKind, Init};
use somata_core::sweep::Control;
use somata_core::Real;

use crate::errors::{borrow, conv, type_error};
use crate::jobs::{self, RealArray, Work, WorkTask, Wrap};

fn kind(i: u32) -> Result<BpKind> {
    BpKind::ALL.get(i as usize).copied().ok_or_else(|| type_error(format!("unknown brainpy model index {i}")))
}

/// A parameter or variable of the directory.
#[napi(object)]
pub struct BrainpyEntryInfo {
    /// Name as upstream spells it.
    pub name: String,
    /// Unit of plain numbers (`""` if dimensionless).
    pub unit: String,
    /// Default value (parameters) or documented constant initial value
    /// (variables; NaN when the default is random or derived).
    pub value: f64,
    /// One-line description.
    pub doc: String,
    /// Variables: `"const"`, `"uniform"` or `"derived"`.
    pub init: Option<String>,
    /// Variables with a uniform default: `[lo, hi]`.
    pub range: Option<Vec<f64>>,
}

/// One model of the brainpy directory.
#[napi(object)]
pub struct BrainpyModelInfo {
    /// Upstream class name.
    pub name: String,
    /// Human name.
    pub title: String,
    /// `LIF`, `Izhikevich`, `HH` or `reduced`.
    pub family: String,
    /// Unit of the input of `update(x)`.
    pub input_unit: String,
    /// Variable that delta inputs are added to.
    pub delta_var: String,
    /// Parameters, in storage order.
    pub parameters: Vec<BrainpyEntryInfo>,
    /// State variables, in storage order.
    pub variables: Vec<BrainpyEntryInfo>,
    /// Parameters that must be > 0.
    pub positive: Vec<String>,
    /// Parameters that must be >= 0.
    pub nonnegative: Vec<String>,
    /// Default `spk_reset`.
    pub default_reset: String,
    /// Whether `spk_reset` changes the dynamics.
    pub uses_reset: bool,
    /// Whether the model has a refractory period.
    pub refractory: bool,
    /// Equations in words.
    pub equations: Vec<String>,
    /// Conventions and notes.
    pub notes: Vec<String>,
}

/// The brainpy model directory, in `BpKind::ALL` order.
#[napi(catch_unwind)]
pub fn brainpy_models() -> Vec<BrainpyModelInfo> {
    BpKind::ALL
        .iter()
        .map(|k| {
            let i = k.info();
            let m = &i.model;
            BrainpyModelInfo {
                name: m.name.into(),
                title: m.title.into(),
                family: i.family.into(),
                input_unit: i.input_unit.into(),
                delta_var: i.delta_var.into(),
                parameters: m
                    .params
                    .iter()
                    .map(|p| BrainpyEntryInfo { name: p.name.into(), unit: p.unit.into(), value: p.default, doc: p.doc.into(), init: None, range: None })
                    .collect(),
                variables: m
                    .vars
                    .iter()
                    .zip(i.inits)
                    .map(|(v, init)| {
                        let (kind, range) = match init {
                            Init::Const(_) => ("const", None),
                            Init::Uniform(lo, hi) => ("uniform", Some(vec![*lo, *hi])),
                            Init::Derived => ("derived", None),
                        };
                        BrainpyEntryInfo { name: v.name.into(), unit: v.unit.into(), value: v.init, doc: v.doc.into(), init: Some(kind.into()), range }
                    })
                    .collect(),
                positive: i.positive.iter().map(|s| s.to_string()).collect(),
                nonnegative: i.nonnegative.iter().map(|s| s.to_string()).collect(),
                default_reset: if i.default_soft { "soft" } else { "hard" }.into(),
                uses_reset: i.uses_reset,
                refractory: i.refractory,
                equations: m.equations.iter().map(|s| s.to_string()).collect(),
                notes: m.notes.iter().map(|s| s.to_string()).collect(),
            }
        })
        .collect()
}

/// Checks a population's parameters (`[NP*n]`): RangeError naming the
/// parameter if a constraint is violated.
#[napi(catch_unwind)]
pub fn brainpy_validate(model: u32, params: Float64Array, n: u32) -> Result<()> {
    conv(brainpy_run::validate(kind(model)?, &params, n as usize))
}

/// The initialiser of one variable.
#[napi(object)]
pub struct BrainpyVarInit {
    /// `"default"`, `"const"`, `"perNeuron"`, `"uniform"` or `"normal"`.
    pub kind: String,
    /// Constant, lower bound or mean.
    pub a: Option<f64>,
    /// Upper bound or standard deviation.
    pub b: Option<f64>,
    /// Per-neuron values.
    pub values: Option<Float64Array>,
}

/// The initial state (`[NV*n]`, f64) of a population; random initialisers
/// use one stream per neuron derived from `(seed, neuron index)`.
#[napi(catch_unwind)]
pub fn brainpy_init(model: u32, params: Float64Array, n: u32, inits: Vec<BrainpyVarInit>, seed: f64) -> Result<Float64Array> {
    let k = kind(model)?;
    let inits = inits
        .into_iter()
        .map(|v| {
            let a = v.a.unwrap_or(0.0);
            let b = v.b.unwrap_or(0.0);
            Ok(match v.kind.as_str() {
                "default" => VarInit::Default,
                "const" => VarInit::Const(a),
                "perNeuron" => VarInit::PerNeuron(v.values.map(|x| x.to_vec()).unwrap_or_default()),
                "uniform" => VarInit::Uniform(a, b),
                "normal" => VarInit::Normal(a, b),
                other => return Err(type_error(format!("unknown initialiser kind '{other}'"))),
            })
        })
        .collect::<Result<Vec<_>>>()?;
    if !(seed.is_finite() && seed >= 0.0 && seed.fract() == 0.0 && seed <= 9_007_199_254_740_991.0) {
        return Err(napi::Error::from_reason(format!("RangeError: seed must be a non-negative integer, got {seed}")));
    }
    conv(brainpy_run::init_state(k, &params, n as usize, &inits, seed as u64)).map(Float64Array::new)
}

/// One step of an f64 population: `state` (`[NV*n]`) is advanced in place
/// and the spike output (0/1) written to `spikes` (`[n]`). Inputs have one
/// value per neuron or one for all.
#[napi(catch_unwind)]
#[allow(clippy::too_many_arguments)]
pub fn brainpy_step_f64(
    model: u32,
    params: Float64Array,
    mut state: Float64ArraySlice,
    n: u32,
    current: Float64Array,
    conductance: Float64Array,
    delta: Float64Array,
    mut spikes: Float64ArraySlice,
    t: f64,
    dt: f64,
    soft: bool,
) -> Result<()> {
    conv(brainpy_run::step(kind(model)?, &params, borrow(&mut state), n as usize, &current, &conductance, &delta, borrow(&mut spikes), t, dt, soft))
}

/// One step of an f32 population (inputs, t and dt rounded to f32).
#[napi(catch_unwind)]
#[allow(clippy::too_many_arguments)]
pub fn brainpy_step_f32(
    model: u32,
    params: Float32Array,
    mut state: Float32ArraySlice,
    n: u32,
    current: Float64Array,
    conductance: Float64Array,
    delta: Float64Array,
    mut spikes: Float64ArraySlice,
    t: f64,
    dt: f64,
    soft: bool,
) -> Result<()> {
    let cv = |a: &Float64Array| a.iter().map(|&x| x as f32).collect::<Vec<f32>>();
    let mut spk = vec![0f32; spikes.len()];
    conv(brainpy_run::step(kind(model)?, &params, borrow(&mut state), n as usize, &cv(&current), &cv(&conductance), &cv(&delta), &mut spk, t as f32, dt as f32, soft))?;
    for (o, s) in borrow(&mut spikes).iter_mut().zip(spk) {
        *o = s as f64;
    }
    Ok(())
}

/// A rollout as the TypeScript layer assembles it.
#[napi(object)]
pub struct BrainpyRunArgs {
    /// Model index.
    pub model: u32,
    /// 32 or 64.
    pub precision: u32,
    /// Neurons.
    pub n: u32,
    /// Parameters, `[NP*n]`.
    pub params: Float64Array,
    /// Initial state, `[NV*n]` (f32 values widened exactly for precision 32).
    pub state: Float64Array,
    /// `spk_reset == 'soft'`.
    pub soft: bool,
    /// Step size, ms.
    pub dt: f64,
    /// Time of the first step, ms.
    pub t0: f64,
    /// Steps.
    pub steps: u32,
    /// 0 constant, 1 per neuron, 2 per step, 3 per step and neuron (time-major).
    pub input_kind: u32,
    /// Input values (one value for a constant).
    pub input: Float64Array,
    /// Kind of the delta input (as `input_kind`; absent: none).
    pub delta_kind: Option<u32>,
    /// Delta input values, in the unit of the variable they add to.
    pub delta: Option<Float64Array>,
    /// Persistent conductance inputs: per-neuron current offset `Σ g·E`.
    pub current_offset: Option<Float64Array>,
    /// Persistent conductance inputs: per-neuron `Σ g`.
    pub conductance: Option<Float64Array>,
    /// Variables to record (indices).
    pub record: Vec<u32>,
    /// Record the spike output.
    pub record_spikes: bool,
    /// Worker threads.
    pub threads: u32,
}

/// Results of a rollout.
#[napi(object)]
pub struct BrainpyRunResult {
    /// Final state `[NV*n]`, widened to f64.
    pub state: Float64Array,
    /// Traces, one per recorded variable, time-major `[step*n + i]`, in the run's precision.
    pub traces: Vec<RealArray>,
    /// Spike output, time-major (empty unless recorded).
    pub spikes: Uint8Array,
    /// Spikes per neuron.
    pub spike_counts: Uint32Array,
}

/// A finished rollout with its final state, before conversion to JS values.
pub enum RunDone {
    F64(RunOutput<f64>, Vec<f64>),
    F32(RunOutput<f32>, Vec<f32>),
}

/// Owned copy of the rollout inputs, safe to move to a worker thread.
#[derive(Clone)]
pub struct OwnedRun {
    model: BpKind,
    precision: u32,
    n: usize,
    params: Vec<f64>,
    state: Vec<f64>,
    soft: bool,
    dt: f64,
    t0: f64,
    steps: usize,
    input_kind: u32,
    input: Vec<f64>,
    delta_kind: u32,
    delta: Vec<f64>,
    conductance: Option<(Vec<f64>, Vec<f64>)>,
    record: Vec<usize>,
    record_spikes: bool,
    threads: usize,
}

impl OwnedRun {
    fn from_args(a: &BrainpyRunArgs) -> Result<Self> {
        if a.precision != 32 && a.precision != 64 {
            return Err(type_error(format!("precision must be 32 or 64, got {}", a.precision)));
        }
        Ok(Self {
            model: kind(a.model)?,
            precision: a.precision,
            n: a.n as usize,
            params: a.params.to_vec(),
            state: a.state.to_vec(),
            soft: a.soft,
            dt: a.dt,
            t0: a.t0,
            steps: a.steps as usize,
            input_kind: a.input_kind,
            input: a.input.to_vec(),
            delta_kind: a.delta_kind.unwrap_or(0),
            delta: a.delta.as_ref().map(|d| d.to_vec()).unwrap_or_else(|| vec![0.0]),
            conductance: match (&a.current_offset, &a.conductance) {
                (Some(o), Some(g)) => Some((o.to_vec(), g.to_vec())),
                (None, None) => None,
                _ => return Err(type_error("current_offset and conductance go together")),
            },
            record: a.record.iter().map(|&r| r as usize).collect(),
            record_spikes: a.record_spikes,
            threads: a.threads.max(1) as usize,
        })
    }

    fn run_typed<T: Real>(&self, control: &Control) -> somata_core::Result<(RunOutput<T>, Vec<T>)> {
        let cv = |v: &Vec<f64>| v.iter().map(|&x| T::c(x)).collect::<Vec<T>>();
        let input = cv(&self.input);
        let delta = cv(&self.delta);
        let cond: Option<(Vec<T>, Vec<T>)> = self.conductance.as_ref().map(|(o, g)| (cv(o), cv(g)));
        let params = cv(&self.params);
        let mut state = cv(&self.state);
        let spec = RunSpec {
            kind: self.model,
            n: self.n,
            params: &params,
            soft: self.soft,
            dt: T::c(self.dt),
            t0: T::c(self.t0),
            steps: self.steps,
            input: kind_of(self.input_kind, &input),
            delta: kind_of(self.delta_kind, &delta),
            conductance: cond.as_ref().map(|(o, g)| (&o[..], &g[..])),
            record: self.record.clone(),
            record_spikes: self.record_spikes,
            threads: self.threads,
        };
        brainpy_run::validate(self.model, &self.params, self.n)?;
        let out = brainpy_run::run(&spec, &mut state, control)?;
        Ok((out, state))
    }

}

impl Work for OwnedRun {
    type Done = RunDone;
    type Js = BrainpyRunResult;

    fn run(&self, control: &Control) -> Result<RunDone> {
        if self.precision == 32 {
            conv(self.run_typed::<f32>(control)).map(|(o, s)| RunDone::F32(o, s))
        } else {
            conv(self.run_typed::<f64>(control)).map(|(o, s)| RunDone::F64(o, s))
        }
    }

    fn to_js(d: RunDone) -> BrainpyRunResult {
        match d {
            RunDone::F64(o, s) => to_js(o, s),
            RunDone::F32(o, s) => to_js(o, s),
        }
    }
}

/// The [`RunInput`] of kind `k` (0 constant, 1 per neuron, 2 per step, 3 per step and neuron) over `v`.
fn kind_of<T: Real>(k: u32, v: &[T]) -> RunInput<'_, T> {
    match k {
        0 => RunInput::Const(*v.first().unwrap_or(&T::ZERO)),
        1 => RunInput::PerNeuron(v),
        2 => RunInput::PerStep(v),
        _ => RunInput::PerStepPerNeuron(v),
    }
}

fn to_js<T: Wrap>(o: RunOutput<T>, state: Vec<T>) -> BrainpyRunResult {
    BrainpyRunResult {
        state: Float64Array::new(state.into_iter().map(|x| x.to_f64()).collect()),
        traces: o.traces.into_iter().map(T::wrap).collect(),
        spikes: Uint8Array::new(o.spikes),
        spike_counts: Uint32Array::new(o.spike_counts),
    }
}

/// A rollout that can run synchronously or off the JS thread, report
/// progress (neuron-steps) and be cancelled.
#[napi]
pub struct BrainpyRunJob {
    spec: OwnedRun,
    control: Arc<Control>,
}

#[napi]
impl BrainpyRunJob {
    /// Copies the rollout inputs.
    #[napi(constructor, catch_unwind)]
    pub fn new(args: BrainpyRunArgs) -> Result<Self> {
        Ok(Self { spec: OwnedRun::from_args(&args)?, control: Arc::new(Control::default()) })
    }

    /// Neuron-steps completed so far.
    #[napi(catch_unwind)]
    pub fn progress(&self) -> f64 {
        jobs::progress(&self.control)
    }

    /// Asks a running rollout to stop; it then rejects with an AbortError.
    #[napi(catch_unwind)]
    pub fn cancel(&self) {
        jobs::cancel(&self.control);
    }

    /// Runs on the calling thread (blocks the event loop).
    #[napi(catch_unwind)]
    pub fn run_sync(&self) -> Result<BrainpyRunResult> {
        jobs::run_sync(&self.spec, &self.control)
    }

    /// Runs on a libuv worker thread (which then uses the rayon pool).
    #[napi(catch_unwind, ts_return_type = "Promise<BrainpyRunResult>")]
    pub fn start(&self) -> AsyncTask<WorkTask<OwnedRun>> {
        WorkTask::new(self.spec.clone(), self.control.clone())
    }
}

