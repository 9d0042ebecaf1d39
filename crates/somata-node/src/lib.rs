//! N-API binding of somata-core. This crate only converts: JS values to core
//! types and back, core errors to JS errors, and runs long work off the JS
//! thread. Every export is `catch_unwind`, so a Rust panic becomes a JS error
//! and never aborts Node.
//!
//! Errors carry their JS class as a message prefix (`TypeError: …`,
//! `RangeError: …`, `AbortError: …`); the TypeScript layer rethrows them as
//! that class.

mod brainpy;
mod brainpy_net;
mod errors;
mod jobs;
mod nest;
mod neun;
mod neun_synapses;
