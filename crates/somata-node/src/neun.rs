//! Neun-style exports: model directory, one step, whole runs, sweeps.
//!
//! Models and integrators are passed as indices into `NeunKind::ALL` and
//! `IntegratorKind::ALL` (the TypeScript layer maps names once). A neuron's
//! state is a JS-owned typed array borrowed for the duration of the call.

use std::sync::Arc;

use napi::bindgen_prelude::*;
use napi_derive::napi;
use somata_core::integrate::IntegratorKind;
use somata_core::models::neun::NeunKind;
use somata_core::single::{self, Input, RunSpec};
use somata_core::sweep::{self, Control, SweepInput, SweepSpec};
use somata_core::Real;

use crate::errors::{borrow, conv, type_error};
use crate::jobs::{self, RealArray, Work, WorkTask, Wrap};

fn kind(i: u32) -> Result<NeunKind> {
    NeunKind::ALL.get(i as usize).copied().ok_or_else(|| type_error(format!("unknown Neun model index {i}")))
}

fn integ(i: u32) -> Result<IntegratorKind> {
    IntegratorKind::ALL.get(i as usize).copied().ok_or_else(|| type_error(format!("unknown integrator index {i}")))
}

/// A variable or parameter as the model directory lists it.
#[napi(object)]
pub struct NeunEntryInfo {
    /// Name as upstream spells it.
    pub name: String,
    /// Unit of plain numbers.
    pub unit: String,
    /// Default value (parameters) or documented initial value (variables).
    pub value: f64,
    /// One-line description.
    pub doc: String,
}

/// One model of the Neun directory.
#[napi(object)]
pub struct NeunModelInfo {
    /// Short name (`HH`, `HR`, `Iz`, `Rulkov`, `Matsuoka`).
    pub name: String,
    /// Human name and reference.
    pub title: String,
    /// Variables in storage (enum) order.
    pub variables: Vec<NeunEntryInfo>,
    /// Parameters in storage (enum) order.
    pub parameters: Vec<NeunEntryInfo>,
    /// Equations in words.
    pub equations: Vec<String>,
    /// Conventions and differences from upstream.
    pub notes: Vec<String>,
    /// Integrators this model composes with.
    pub integrators: Vec<String>,
    /// `true` for iterated maps.
    pub is_map: bool,
}

/// The Neun model directory, in `NeunKind::ALL` order.
#[napi(catch_unwind)]
pub fn neun_models() -> Vec<NeunModelInfo> {
    NeunKind::ALL
        .iter()
        .map(|k| {
            let i = k.info();
            NeunModelInfo {
                name: i.name.into(),
                title: i.title.into(),
                variables: i.vars.iter().map(|v| NeunEntryInfo { name: v.name.into(), unit: v.unit.into(), value: v.init, doc: v.doc.into() }).collect(),
                parameters: i.params.iter().map(|p| NeunEntryInfo { name: p.name.into(), unit: p.unit.into(), value: p.default, doc: p.doc.into() }).collect(),
                equations: i.equations.iter().map(|s| s.to_string()).collect(),
                notes: i.notes.iter().map(|s| s.to_string()).collect(),
                integrators: k.integrators().iter().map(|x| x.name().to_string()).collect(),
                is_map: k.is_map(),
            }
        })
        .collect()
}

/// The integrator names, in `IntegratorKind::ALL` order.
#[napi(catch_unwind)]
pub fn neun_integrators() -> Vec<String> {
    IntegratorKind::ALL.iter().map(|k| k.name().to_string()).collect()
}

/// One step of an f64 neuron whose buffer is `[vars | params | input]`.
#[napi(catch_unwind)]
pub fn neun_step_f64(model: u32, integrator: u32, mut buf: Float64ArraySlice, h: f64) -> Result<()> {
    conv(single::step(kind(model)?, integ(integrator)?, borrow(&mut buf), h))
}

/// One step of an f32 neuron (`h` is rounded to f32).
#[napi(catch_unwind)]
pub fn neun_step_f32(model: u32, integrator: u32, mut buf: Float32ArraySlice, h: f64) -> Result<()> {
    conv(single::step(kind(model)?, integ(integrator)?, borrow(&mut buf), h as f32))
}

/// Options of a whole single-neuron run.
#[napi(object)]
pub struct NeunRunArgs {
    /// Number of steps.
    pub steps: u32,
    /// Step size.
    pub h: f64,
    /// Constant input (used when `input_steps` is absent).
    pub input_const: f64,
    /// One input value per step.
    pub input_steps: Option<Float64Array>,
    /// Variable indices to record.
    pub record: Vec<u32>,
    /// Record after every `every`-th step.
    pub every: u32,
    /// Variable whose upward threshold crossings are returned.
    pub spike_var: Option<u32>,
    /// Threshold for `spike_var`.
    pub spike_threshold: f64,
}

/// Traces (f64) and spike times of a run.
#[napi(object)]
pub struct NeunRunResultF64 {
    /// One trace per recorded variable.
    pub traces: Vec<Float64Array>,
    /// Crossing times.
    pub spike_times: Float64Array,
}

/// Traces (f32) and spike times of a run.
#[napi(object)]
pub struct NeunRunResultF32 {
    /// One trace per recorded variable.
    pub traces: Vec<Float32Array>,
    /// Crossing times.
    pub spike_times: Float64Array,
}

fn run_typed<T: Real>(model: u32, integrator: u32, buf: &mut [T], a: &NeunRunArgs) -> Result<single::RunOutput<T>> {
    let input_vec: Option<Vec<T>> = a.input_steps.as_ref().map(|x| x.iter().map(|&v| T::c(v)).collect());
    let record: Vec<usize> = a.record.iter().map(|&r| r as usize).collect();
    let spec = RunSpec {
        steps: a.steps as usize,
        h: T::c(a.h),
        input: match &input_vec {
            Some(v) => Input::PerStep(v),
            None => Input::Const(T::c(a.input_const)),
        },
        record: &record,
        every: a.every as usize,
        spike: a.spike_var.map(|v| (v as usize, T::c(a.spike_threshold))),
    };
    conv(single::run(kind(model)?, integ(integrator)?, buf, &spec))
}

/// A whole run of an f64 neuron in one call.
#[napi(catch_unwind)]
pub fn neun_run_f64(model: u32, integrator: u32, mut buf: Float64ArraySlice, args: NeunRunArgs) -> Result<NeunRunResultF64> {
    let o = run_typed(model, integrator, borrow(&mut buf), &args)?;
    Ok(NeunRunResultF64 { traces: o.traces.into_iter().map(Float64Array::new).collect(), spike_times: Float64Array::new(o.spike_times) })
}

/// A whole run of an f32 neuron in one call.
#[napi(catch_unwind)]
pub fn neun_run_f32(model: u32, integrator: u32, mut buf: Float32ArraySlice, args: NeunRunArgs) -> Result<NeunRunResultF32> {
    let o = run_typed(model, integrator, borrow(&mut buf), &args)?;
    Ok(NeunRunResultF32 { traces: o.traces.into_iter().map(Float32Array::new).collect(), spike_times: Float64Array::new(o.spike_times) })
}

/// A parameter sweep as the TypeScript layer assembles it.
#[napi(object)]
pub struct NeunSweepArgs {
    /// Model index.
    pub model: u32,
    /// Integrator index.
    pub integrator: u32,
    /// 32 or 64.
    pub precision: u32,
    /// Number of neurons.
    pub n: u32,
    /// `[NP]` arrays of `n` values.
    pub params: Vec<Float64Array>,
    /// `[NV]` arrays of `n` values.
    pub init: Vec<Float64Array>,
    /// 0 constant, 1 per neuron, 2 per step, 3 per step and neuron (time-major).
    pub input_kind: u32,
    /// The input values (one value for a constant).
    pub input: Float64Array,
    /// Step size.
    pub h: f64,
    /// Steps per neuron.
    pub steps: u32,
    /// Variable whose crossings count as spikes.
    pub spike_var: u32,
    /// Spike threshold.
    pub spike_threshold: f64,
    /// If set, the parameter whose per-neuron value is the spike threshold (overrides `spike_threshold`).
    pub spike_threshold_param: Option<u32>,
    /// Variables to record.
    pub record: Vec<u32>,
    /// Record after every `every`-th step.
    pub every: u32,
    /// Worker threads.
    pub threads: u32,
}

/// Results of a sweep; traces and final state in the sweep's precision.
#[napi(object)]
pub struct NeunSweepResult {
    /// Spikes per neuron.
    pub spike_counts: Uint32Array,
    /// First crossing time per neuron (NaN if none).
    pub first_spike: Float64Array,
    /// Last crossing time per neuron (NaN if none).
    pub last_spike: Float64Array,
    /// Final state, one array per variable (Float64Array or Float32Array).
    pub final_state: Vec<RealArray>,
    /// Traces, one array per recorded variable, neuron-major.
    pub traces: Vec<RealArray>,
    /// Samples per neuron in each trace.
    pub n_samples: u32,
}

/// Owned copy of the sweep inputs, safe to move to a worker thread.
#[derive(Clone)]
pub struct OwnedSweep {
    model: NeunKind,
    integrator: IntegratorKind,
    precision: u32,
    n: usize,
    params: Vec<Vec<f64>>,
    init: Vec<Vec<f64>>,
    input_kind: u32,
    input: Vec<f64>,
    h: f64,
    steps: usize,
    spike: (usize, f64),
    spike_param: Option<usize>,
    record: Vec<usize>,
    every: usize,
    threads: usize,
}

/// A finished sweep, before conversion to JS values.
pub enum SweepDone {
    F64(sweep::SweepOutput<f64>),
    F32(sweep::SweepOutput<f32>),
}

impl OwnedSweep {
    fn from_args(a: &NeunSweepArgs) -> Result<Self> {
        if a.precision != 32 && a.precision != 64 {
            return Err(type_error(format!("precision must be 32 or 64, got {}", a.precision)));
        }
        Ok(Self {
            model: kind(a.model)?,
            integrator: integ(a.integrator)?,
            precision: a.precision,
            n: a.n as usize,
            params: a.params.iter().map(|x| x.to_vec()).collect(),
            init: a.init.iter().map(|x| x.to_vec()).collect(),
            input_kind: a.input_kind,
            input: a.input.to_vec(),
            h: a.h,
            steps: a.steps as usize,
            spike: (a.spike_var as usize, a.spike_threshold),
            spike_param: a.spike_threshold_param.map(|q| q as usize),
            record: a.record.iter().map(|&r| r as usize).collect(),
            every: a.every as usize,
            threads: a.threads as usize,
        })
    }

    fn run_typed<T: Real>(&self, control: &Control) -> somata_core::Result<sweep::SweepOutput<T>> {
        let cv = |v: &Vec<f64>| v.iter().map(|&x| T::c(x)).collect::<Vec<T>>();
        let input: Vec<T> = cv(&self.input);
        let spec = SweepSpec {
            kind: self.model,
            integ: self.integrator,
            n: self.n,
            params: self.params.iter().map(cv).collect(),
            init: self.init.iter().map(cv).collect(),
            input: match self.input_kind {
                0 => SweepInput::Const(*input.first().unwrap_or(&T::ZERO)),
                1 => SweepInput::PerNeuron(&input),
                2 => SweepInput::PerStep(&input),
                _ => SweepInput::PerStepPerNeuron(&input),
            },
            h: T::c(self.h),
            steps: self.steps,
            spike: (self.spike.0, T::c(self.spike.1)),
            spike_threshold_param: self.spike_param,
            record: self.record.clone(),
            every: self.every,
            threads: self.threads,
        };
        sweep::sweep(&spec, control)
    }

}

impl Work for OwnedSweep {
    type Done = SweepDone;
    type Js = NeunSweepResult;

    fn run(&self, control: &Control) -> Result<SweepDone> {
        if self.precision == 32 {
            conv(self.run_typed::<f32>(control)).map(SweepDone::F32)
        } else {
            conv(self.run_typed::<f64>(control)).map(SweepDone::F64)
        }
    }

    fn to_js(d: SweepDone) -> NeunSweepResult {
        match d {
            SweepDone::F64(o) => to_js(o),
            SweepDone::F32(o) => to_js(o),
        }
    }
}

fn to_js<T: Wrap>(o: sweep::SweepOutput<T>) -> NeunSweepResult {
    NeunSweepResult {
        spike_counts: Uint32Array::new(o.spike_counts),
        first_spike: Float64Array::new(o.first_spike),
        last_spike: Float64Array::new(o.last_spike),
        final_state: o.final_state.into_iter().map(T::wrap).collect(),
        traces: o.traces.into_iter().map(T::wrap).collect(),
        n_samples: o.n_samples as u32,
    }
}

/// A sweep that can run synchronously or off the JS thread, report progress
/// and be cancelled.
#[napi]
pub struct NeunSweepJob {
    spec: OwnedSweep,
    control: Arc<Control>,
}

#[napi]
impl NeunSweepJob {
    /// Copies the sweep inputs.
    #[napi(constructor, catch_unwind)]
    pub fn new(args: NeunSweepArgs) -> Result<Self> {
        Ok(Self { spec: OwnedSweep::from_args(&args)?, control: Arc::new(Control::default()) })
    }

    /// Neuron-steps completed so far.
    #[napi(catch_unwind)]
    pub fn progress(&self) -> f64 {
        jobs::progress(&self.control)
    }

    /// Asks a running sweep to stop; it then rejects with an AbortError.
    #[napi(catch_unwind)]
    pub fn cancel(&self) {
        jobs::cancel(&self.control);
    }

    /// Runs the sweep on the calling thread (blocks the event loop).
    #[napi(catch_unwind)]
    pub fn run_sync(&self) -> Result<NeunSweepResult> {
        jobs::run_sync(&self.spec, &self.control)
    }

    /// Runs the sweep on a libuv worker thread (which then uses the rayon pool).
    #[napi(catch_unwind, ts_return_type = "Promise<NeunSweepResult>")]
    pub fn start(&self) -> AsyncTask<WorkTask<OwnedSweep>> {
        WorkTask::new(self.spec.clone(), self.control.clone())
    }
}
