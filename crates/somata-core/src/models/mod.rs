//! Models, one file each, grouped by the system whose semantics they follow.

pub mod brainpy;
pub mod neun;
pub mod nest;
