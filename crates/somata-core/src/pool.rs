//! Owned rayon pools, one per thread count, shared by every run that asks for
//! that count. (The global rayon pool can be configured only once, so it cannot
//! back a per-call `threads` option.)

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use crate::error::{Error, Result};

/// Default thread count: `RAYON_NUM_THREADS` if set, else all cores.
pub fn default_threads() -> usize {
    std::env::var("RAYON_NUM_THREADS")
        .ok()
        .and_then(|s| s.parse().ok())
        .filter(|&n| n > 0)
        .unwrap_or_else(|| std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1))
}

/// The pool with `threads` workers (created on first use, then reused).
pub fn pool(threads: usize) -> Result<Arc<rayon::ThreadPool>> {
    if threads == 0 || threads > 1024 {
        return Err(Error::Range(format!("threads must be an integer in 1..=1024, got {threads}")));
    }
    static POOLS: OnceLock<Mutex<HashMap<usize, Arc<rayon::ThreadPool>>>> = OnceLock::new();
    let mut map = POOLS.get_or_init(|| Mutex::new(HashMap::new())).lock().unwrap_or_else(|e| e.into_inner());
    if let Some(p) = map.get(&threads) {
        return Ok(p.clone());
    }
    let p = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .thread_name(move |i| format!("somata-{threads}-{i}"))
        .build()
        .map_err(|e| Error::Range(format!("could not start {threads} threads: {e}")))?;
    let p = Arc::new(p);
    map.insert(threads, p.clone());
    Ok(p)
}
