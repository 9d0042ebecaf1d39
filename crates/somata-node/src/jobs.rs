//! The one pattern every long-running export uses: a job object holding an
//! owned copy of its inputs and a shared [`Control`] (cancel flag and
//! progress counter), which runs either on the calling thread or, through
//! [`WorkTask`], on a libuv worker as a Promise. Also the typed-array wrapper
//! for results in either precision.

use std::sync::atomic::Ordering;
use std::sync::Arc;

use napi::bindgen_prelude::*;
use somata_core::sweep::Control;
use somata_core::Real;

use crate::errors::guard;

/// Work that can run off the JS thread.
pub trait Work: Send + 'static {
    /// The result computed on the worker thread.
    type Done: Send + 'static;
    /// The JS value it becomes on the JS thread.
    type Js: ToNapiValue + TypeName;
    /// Computes the result, polling `control` for cancellation.
    fn run(&self, control: &Control) -> Result<Self::Done>;
    /// Converts the result (on the JS thread).
    fn to_js(done: Self::Done) -> Self::Js;
}

/// Neuron-steps (or steps) done so far, as a JS number.
pub fn progress(control: &Control) -> f64 {
    control.progress.load(Ordering::Relaxed) as f64
}

/// Asks running work to stop; it then fails with an AbortError.
pub fn cancel(control: &Control) {
    control.cancel.store(true, Ordering::Relaxed);
}

/// Runs `work` on the calling thread, panics turned into errors.
pub fn run_sync<W: Work>(work: &W, control: &Control) -> Result<W::Js> {
    guard(|| work.run(control)).map(W::to_js)
}

/// The async form of a [`Work`]: `compute` runs on a libuv worker (guarded
/// against panics), `resolve` converts on the JS thread.
pub struct WorkTask<W: Work> {
    work: W,
    control: Arc<Control>,
    done: Option<W::Done>,
}

impl<W: Work> WorkTask<W> {
    /// Wraps `work` sharing `control` with its job object.
    pub fn new(work: W, control: Arc<Control>) -> AsyncTask<Self> {
        AsyncTask::new(Self { work, control, done: None })
    }
}

impl<W: Work> Task for WorkTask<W> {
    type Output = ();
    type JsValue = W::Js;

    fn compute(&mut self) -> Result<()> {
        let (work, control) = (&self.work, &self.control);
        self.done = Some(guard(|| work.run(control))?);
        Ok(())
    }

    fn resolve(&mut self, _env: Env, _out: ()) -> Result<W::Js> {
        self.done.take().map(W::to_js).ok_or_else(|| napi::Error::from_reason("Error: job finished without a result"))
    }
}

/// A result array in the precision it was computed in.
pub type RealArray = Either<Float64Array, Float32Array>;

/// Moves a vector of `f64` or `f32` into the matching JS typed array.
pub trait Wrap: Real {
    /// The vector as a Float64Array or Float32Array (no copy).
    fn wrap(v: Vec<Self>) -> RealArray;
}
impl Wrap for f64 {
    fn wrap(v: Vec<Self>) -> RealArray {
        Either::A(Float64Array::new(v))
    }
}
impl Wrap for f32 {
    fn wrap(v: Vec<Self>) -> RealArray {
        Either::B(Float32Array::new(v))
    }
}
