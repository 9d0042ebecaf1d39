//! Core errors → JS errors, and panic guards for work off the JS thread.

use somata_core::Error;

/// Converts a core error into a napi error whose message starts with the JS
/// error class the TypeScript layer should throw.
pub fn to_napi(e: Error) -> napi::Error {
    let class = match &e {
        Error::UnknownName(_) | Error::Type(_) => "TypeError",
        Error::Range(_) => "RangeError",
        Error::NonFinite(_) => "SomataNonFiniteError",
        Error::Aborted => "AbortError",
    };
    napi::Error::from_reason(format!("{class}: {e}"))
}

/// Result conversion shorthand.
pub fn conv<T>(r: somata_core::Result<T>) -> napi::Result<T> {
    r.map_err(to_napi)
}

/// Runs `f`, turning a panic into an error (for `Task::compute`, which napi-rs
/// does not guard).
pub fn guard<T>(f: impl FnOnce() -> napi::Result<T>) -> napi::Result<T> {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)) {
        Ok(r) => r,
        Err(p) => {
            let msg = p
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_else(|| "unknown panic".into());
            Err(napi::Error::from_reason(format!("Error: internal error in somata (please report): {msg}")))
        }
    }
}

/// A type error for bad arguments detected in the binding.
pub fn type_error(msg: impl std::fmt::Display) -> napi::Error {
    napi::Error::from_reason(format!("TypeError: {msg}"))
}

/// Borrows a JS typed array mutably for the duration of a synchronous call.
pub trait BorrowMut<T> {
    /// The array's elements.
    fn slice_mut(&mut self) -> &mut [T];
}

macro_rules! borrow_impl {
    ($slice:ident, $t:ty) => {
        impl BorrowMut<$t> for napi::bindgen_prelude::$slice<'_> {
            fn slice_mut(&mut self) -> &mut [$t] {
                // SAFETY: only used inside synchronous exports, on the JS
                // thread, where no JS code can run (and touch the buffer)
                // until the export returns.
                unsafe { self.as_mut() }
            }
        }
    };
}
borrow_impl!(Float64ArraySlice, f64);
borrow_impl!(Float32ArraySlice, f32);

/// Shorthand for [`BorrowMut::slice_mut`].
pub fn borrow<T, B: BorrowMut<T>>(b: &mut B) -> &mut [T] {
    b.slice_mut()
}
