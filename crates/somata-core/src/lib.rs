//! somata-core: the numerical engine of somata.
//!
//! Pure Rust with no N-API dependency: models (one per file under
//! [`models`]), integrators ([`integrate`]), the single-neuron runner
//! ([`single`]), batched parameter sweeps ([`sweep`]) and, later, networks
//! and devices. Everything here is tested with `cargo test`.

pub mod brainpy_net;
pub mod brainpy_run;
pub mod devices;
pub mod error;
pub mod info;
pub mod integrate;
pub mod lanes;
pub mod models;
pub mod network;
pub mod pool;
pub mod real;
pub mod rng;
pub mod single;
pub mod sweep;

pub use error::{Error, Result};
pub use real::Real;
