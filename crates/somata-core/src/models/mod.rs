//! Models, one file each, grouped by the system whose semantics they follow.

pub mod nest;
pub mod neun;
