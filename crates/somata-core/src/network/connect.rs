//! Connections: the edge list (the truth, in creation order), connection
//! rules, and the source-major CSR the kernel delivers spikes through.

use crate::error::{Error, Result};
use super::population::Population;
use super::random::{below, path_seed, stream, Dist};
use crate::rng::Stream;

/// Connection rules.
pub const RULES: &[&str] = &["all_to_all", "one_to_one", "fixed_indegree", "fixed_outdegree", "fixed_total_number", "pairwise_bernoulli"];
/// Synapse models.
pub const SYNAPSES: &[&str] = &["static_synapse"];

/// What `connect` was asked for.
#[derive(Clone, Debug)]
pub struct ConnSpec {
    /// Rule name (one of [`RULES`]).
    pub rule: String,
    /// `indegree` / `outdegree` / `N` of the fixed rules.
    pub count: Option<u64>,
    /// `p` of pairwise_bernoulli.
    pub p: Option<f64>,
    /// One value (all edges), one per source, or one per edge (creation order).
    pub weight: Vec<f64>,
    /// As `weight`, in ms.
    pub delay: Vec<f64>,
    /// Receptor type (port) on the target.
    pub receptor: u32,
    /// Synapse model.
    pub synapse: String,
    /// Allow a neuron to connect to itself.
    pub allow_autapses: bool,
    /// Allow several edges between one pair.
    pub allow_multapses: bool,
    /// Seed of the rule's random draws (default: derived from the simulator seed).
    pub seed: Option<u64>,
    /// Random weights (`nest.random.*`), one draw per edge; replaces `weight`.
    pub weight_dist: Option<Dist>,
    /// Random delays in ms, one draw per edge, rounded to the grid; replaces `delay`.
    pub delay_dist: Option<Dist>,
}

impl Default for ConnSpec {
    fn default() -> Self {
        ConnSpec {
            rule: "all_to_all".into(),
            count: None,
            p: None,
            weight: vec![1.0],
            delay: vec![1.0],
            receptor: 0,
            synapse: "static_synapse".into(),
            allow_autapses: true,
            allow_multapses: true,
            seed: None,
            weight_dist: None,
            delay_dist: None,
        }
    }
}

/// How many edges a rule makes for `np` sources and `nq` targets: exact
/// for the fixed rules and one_to_one, an upper bound for all_to_all, the
/// mean for pairwise_bernoulli (a capacity hint; 0 when unknown).
pub fn expected_edges(spec: &ConnSpec, np: usize, nq: usize) -> usize {
    let k = spec.count.unwrap_or(0) as usize;
    match spec.rule.as_str() {
        "all_to_all" => np * nq,
        "one_to_one" => np.min(nq),
        "fixed_indegree" => nq * k,
        "fixed_outdegree" => np * k,
        "fixed_total_number" => k,
        "pairwise_bernoulli" => (spec.p.unwrap_or(0.0).clamp(0.0, 1.0) * (np * nq) as f64) as usize,
        _ => 0,
    }
}

/// Draws the `(source index, target index)` pairs of a rule and hands each
/// to `edge`, in NEST's creation order (target-major for all_to_all and the
/// in-degree rules). All draws come from one stream keyed by (seed, `call`),
/// consumed in that order.
pub fn for_each_pair(spec: &ConnSpec, pre: &[u32], post: &[u32], seed: u64, call: u64, mut edge: impl FnMut(u32, u32)) -> Result<()> {
    let (np, nq) = (pre.len(), post.len());
    let auto_ok = |a: usize, b: usize| spec.allow_autapses || pre[a] != post[b];
    let need = |what: &str| Error::Type(format!("connect rule '{}' needs '{what}'", spec.rule));
    let mut rng = stream(spec.seed.unwrap_or(seed), &[0xC044, call]);
    match spec.rule.as_str() {
        "all_to_all" => {
            for b in 0..nq {
                for a in 0..np {
                    if auto_ok(a, b) {
                        edge(a as u32, b as u32);
                    }
                }
            }
        }
        "one_to_one" => {
            if np != nq {
                return Err(Error::Type(format!("one_to_one needs sources and targets of equal size, got {np} and {nq}")));
            }
            for a in 0..np {
                if auto_ok(a, a) {
                    edge(a as u32, a as u32);
                }
            }
        }
        "fixed_indegree" | "fixed_outdegree" => {
            let k = spec.count.ok_or_else(|| need(if spec.rule == "fixed_indegree" { "indegree" } else { "outdegree" }))? as usize;
            let indeg = spec.rule == "fixed_indegree";
            let (outer_ids, inner_ids) = if indeg { (post, pre) } else { (pre, post) };
            let inner = inner_ids.len();
            // Partners of each outer node without autapses: the inner entries
            // minus those holding the same node id (counted once per id).
            let same_id: std::collections::HashMap<u32, usize> = if spec.allow_autapses {
                Default::default()
            } else {
                let mut m = std::collections::HashMap::new();
                for &g in inner_ids {
                    *m.entry(g).or_insert(0) += 1;
                }
                m
            };
            let avail = |o: usize| inner - same_id.get(&outer_ids[o]).copied().unwrap_or(0);
            // Without multapses, `taken[x] == o + 1` marks x as drawn for outer node o.
            let mut taken: Vec<usize> = if spec.allow_multapses { Vec::new() } else { vec![0; inner] };
            for o in 0..outer_ids.len() {
                let avail_o = avail(o);
                if !spec.allow_multapses && k > avail_o {
                    return Err(Error::Range(format!("{}: degree {k} exceeds the {avail_o} possible partners without multapses", spec.rule)));
                }
                if k > 0 && avail_o == 0 {
                    return Err(Error::Range(format!("{}: no valid partner (autapses disallowed)", spec.rule)));
                }
                let mut made = 0;
                while made < k {
                    let x = below(&mut rng, inner as u64) as usize;
                    let (a, b) = if indeg { (x, o) } else { (o, x) };
                    if !auto_ok(a, b) || (!spec.allow_multapses && taken[x] == o + 1) {
                        continue;
                    }
                    if !spec.allow_multapses {
                        taken[x] = o + 1;
                    }
                    made += 1;
                    edge(a as u32, b as u32);
                }
            }
        }
        "fixed_total_number" => {
            let n = spec.count.ok_or_else(|| need("N"))? as usize;
            if !spec.allow_multapses && n > np * nq {
                return Err(Error::Range(format!("fixed_total_number: N = {n} exceeds the {} possible pairs without multapses", np * nq)));
            }
            let mut seen = std::collections::HashSet::new();
            let mut tries = 0u64;
            let mut made = 0;
            while made < n {
                tries += 1;
                if tries > 100 * (n as u64 + 10) * 10 {
                    return Err(Error::Range("fixed_total_number: could not place N connections under the autapse/multapse constraints".into()));
                }
                let a = below(&mut rng, np as u64) as usize;
                let b = below(&mut rng, nq as u64) as usize;
                if !auto_ok(a, b) || (!spec.allow_multapses && !seen.insert((a, b))) {
                    continue;
                }
                made += 1;
                edge(a as u32, b as u32);
            }
        }
        "pairwise_bernoulli" => {
            let p = spec.p.ok_or_else(|| need("p"))?;
            if !(0.0..=1.0).contains(&p) {
                return Err(Error::Range(format!("pairwise_bernoulli: p must lie in [0, 1], got {p}")));
            }
            for b in 0..nq {
                for a in 0..np {
                    if auto_ok(a, b) && rng.uniform() < p {
                        edge(a as u32, b as u32);
                    }
                }
            }
        }
        other => return Err(Error::UnknownName(format!("unknown connection rule '{other}'; valid: {}", RULES.join(", ")))),
    }
    Ok(())
}

/// The `(source index, target index)` pairs of a rule, in NEST's creation
/// order ([`for_each_pair`] collected).
pub fn pairs(spec: &ConnSpec, pre: &[u32], post: &[u32], seed: u64, call: u64) -> Result<Vec<(u32, u32)>> {
    let mut out = Vec::with_capacity(expected_edges(spec, pre.len(), post.len()));
    for_each_pair(spec, pre, post, seed, call, |a, b| out.push((a, b)))?;
    Ok(out)
}

/// The values of one quantity (weight, delay, …) over a run of edges: one
/// value for all of them, or one per edge.
#[derive(Clone, Debug, PartialEq)]
pub enum Values<T> {
    /// The same value for every edge.
    Same(T),
    /// One value per edge, in creation order.
    Each(Vec<T>),
}

impl<T: Copy> Values<T> {
    /// The value of edge `k` of the run.
    #[inline]
    pub fn get(&self, k: usize) -> T {
        match self {
            Values::Same(x) => *x,
            Values::Each(v) => v[k],
        }
    }
    /// The values of a run of `n` edges, one per edge.
    pub fn expand(&self, n: usize) -> Vec<T> {
        match self {
            Values::Same(x) => vec![*x; n],
            Values::Each(v) => v.clone(),
        }
    }
}

/// A weight or delay list as given, for `n` edges: one value, one per edge,
/// or one per source (when the list has `n_pre` entries and `n` differs;
/// `source_index(k)` is edge k's index into the sources).
pub fn given_values(vals: &[f64], n: usize, n_pre: usize, source_index: impl Fn(usize) -> u32, what: &str) -> Result<Values<f64>> {
    match vals.len() {
        1 => Ok(Values::Same(vals[0])),
        l if l == n => Ok(Values::Each(vals.to_vec())),
        l if l == n_pre => Ok(Values::Each((0..n).map(|k| vals[source_index(k) as usize]).collect())),
        l => Err(Error::Type(format!("{what} has {l} values; give one value, one per source ({n_pre}) or one per connection ({n})"))),
    }
}

/// Expands a weight/delay list to one value per edge: one value, one per
/// source (length = sources, when that differs from the edge count), or one
/// per edge.
pub fn per_edge(vals: &[f64], pairs: &[(u32, u32)], n_pre: usize, what: &str) -> Result<Vec<f64>> {
    Ok(given_values(vals, pairs.len(), n_pre, |k| pairs[k].0, what)?.expand(pairs.len()))
}

/// Steps of a delay given in ms, as NEST rounds it
/// (`Time::delay_ms_to_steps`: `ld_round(ms · steps_per_ms)`, halves away
/// from zero), and the delay in ms it stands for (steps / steps_per_ms, the
/// nearest double: 0.3 where NEST prints 3 · 0.1 = 0.30000000000000004).
pub fn delay_to_steps(ms: f64, tics_per_step: i64) -> (i64, f64) {
    let steps_per_ms = 1000.0 / tics_per_step as f64;
    let s = (ms * steps_per_ms + 0.5).floor();
    let s = if s.is_finite() { s.clamp(i64::MIN as f64, i64::MAX as f64) as i64 } else { 0 };
    (s, s as f64 / steps_per_ms)
}

/// Weights, delays (ms, on the grid) and delays (steps) of one connect
/// call's edges.
#[derive(Clone, Debug, PartialEq)]
pub struct EdgeValues {
    /// Weights.
    pub weight: Values<f64>,
    /// Delays in ms, on the grid.
    pub delay_ms: Values<f64>,
    /// Delays in steps.
    pub delay: Values<u32>,
}

/// Weights and delays of a connect call's `n` edges: given values (see
/// [`given_values`]; `source_index(k)` is edge k's index into the `n_pre`
/// sources), or drawn from `spec.weight_dist` / `spec.delay_dist`, one draw
/// per edge from streams keyed by (seed, `call`, edge index in the call), so
/// the values do not depend on thread count. Delays must round to at least
/// one step, as NEST checks (`Delay must be greater than or equal to
/// resolution`); weights must be finite. A value given once is checked once.
pub fn call_values(spec: &ConnSpec, n: usize, n_pre: usize, source_index: impl Fn(usize) -> u32, seed: u64, call: u64, tics_per_step: i64) -> Result<EdgeValues> {
    let seed = spec.seed.unwrap_or(seed);
    let draw = |d: &Dist, tag: u64| -> Result<Values<f64>> {
        d.check()?;
        if let Dist::Const(x) = d {
            return Ok(Values::Same(*x));
        }
        let base = path_seed(seed, &[tag, call]);
        Ok(Values::Each((0..n as u64).map(|k| d.sample(&mut Stream::new(base, k))).collect::<Result<_>>()?))
    };
    let w = match &spec.weight_dist {
        Some(d) => draw(d, 0x3E16_47)?,
        None => given_values(&spec.weight, n, n_pre, &source_index, "weight")?,
    };
    let d = match &spec.delay_dist {
        Some(d) => draw(d, 0xDE1A_7)?,
        None => given_values(&spec.delay, n, n_pre, &source_index, "delay")?,
    };
    let h = tics_per_step as f64 / 1000.0;
    let on_grid = |x: f64| -> Result<(f64, u32)> {
        let (s, ms) = delay_to_steps(x, tics_per_step);
        if !x.is_finite() || s < 1 || s > u32::MAX as i64 / 2 {
            let what = if spec.delay_dist.is_some() { format!(" (drawn from {})", spec.delay_dist.as_ref().unwrap().describe()) } else { String::new() };
            return Err(Error::Range(format!(
                "delay {x} ms{what} rounds to {ms} ms, below the resolution dt = {h} ms: delays must be >= dt (NEST: Delay must be greater than or equal to resolution)"
            )));
        }
        Ok((ms, s as u32))
    };
    let (delay_ms, delay) = match d {
        Values::Same(_) if n == 0 => (Values::Each(vec![]), Values::Each(vec![])),
        Values::Same(x) => {
            let (ms, s) = on_grid(x)?;
            (Values::Same(ms), Values::Same(s))
        }
        Values::Each(xs) => {
            let mut ms = Vec::with_capacity(xs.len());
            let mut steps = Vec::with_capacity(xs.len());
            for x in xs {
                let (m, s) = on_grid(x)?;
                ms.push(m);
                steps.push(s);
            }
            (Values::Each(ms), Values::Each(steps))
        }
    };
    let bad_weight = match &w {
        Values::Same(x) => (n > 0 && !x.is_finite()).then_some((0, *x)),
        Values::Each(v) => v.iter().position(|x| !x.is_finite()).map(|k| (k, v[k])),
    };
    if let Some((k, x)) = bad_weight {
        return Err(Error::Range(format!("weight must be finite, got {x} (connection {k} of this call)")));
    }
    Ok(EdgeValues { weight: w, delay_ms, delay })
}

/// [`call_values`] of the edges `pairs`, expanded to one weight, delay (ms)
/// and delay (steps) per edge.
pub fn edge_values(spec: &ConnSpec, pairs: &[(u32, u32)], n_pre: usize, seed: u64, call: u64, tics_per_step: i64) -> Result<(Vec<f64>, Vec<f64>, Vec<u32>)> {
    let n = pairs.len();
    let v = call_values(spec, n, n_pre, |k| pairs[k].0, seed, call, tics_per_step)?;
    Ok((v.weight.expand(n), v.delay_ms.expand(n), v.delay.expand(n)))
}

/// The receptor types of a target that accept spikes (or currents): probes
/// `accepts(receptor)` over 0..=`max_probe` and writes them as ranges
/// (`0`, `0, 1`, `1..4`), or `none`.
pub fn receptor_ranges(accepts: impl Fn(u32) -> bool, max_probe: u32) -> String {
    let ok: Vec<u32> = (0..=max_probe).filter(|&r| accepts(r)).collect();
    if ok.is_empty() {
        return "none".into();
    }
    let mut parts = Vec::new();
    let mut i = 0;
    while i < ok.len() {
        let mut j = i;
        while j + 1 < ok.len() && ok[j + 1] == ok[j] + 1 {
            j += 1;
        }
        parts.push(if j >= i + 2 { format!("{}..{}", ok[i], ok[j]) } else if j == i + 1 { format!("{}, {}", ok[i], ok[j]) } else { ok[i].to_string() });
        i = j + 1;
    }
    parts.join(", ")
}

/// Spike receptor ports of neuron `idx` when it has a per-neuron number of
/// them (the multisynapse models: one port per entry of its `tau_syn`
/// array, receptor_type 1..n); `None` when the model fixes its ports.
pub fn receptor_ports(p: &dyn Population, idx: usize) -> Option<usize> {
    p.get_array(idx, "tau_syn").ok().map(|v| v.len())
}

/// NEST's connect-time check of one connection (the target's
/// `handles_test_event`): a spike (`current` false) or current on
/// `receptor` must have a channel in the target, and a spike receptor of a
/// model with per-neuron ports (`ports` from [`receptor_ports`]) must lie in
/// 1..=ports of *that* neuron. The error names the model, node, receptor
/// given and the valid range.
pub fn check_receptor(p: &dyn Population, ports: Option<usize>, node: u32, receptor: u32, current: bool, w: f64) -> Result<()> {
    let in_ports = |r: u32| current || ports.is_none_or(|n| (r as usize) <= n);
    let ok = if current { p.current_channel(receptor).is_some() } else { p.spike_channel(receptor, w).is_some() && in_ports(receptor) };
    if ok {
        return Ok(());
    }
    let name = p.info().name;
    let kind = if current { "currents" } else { "spikes" };
    let valid = if current {
        receptor_ranges(|r| p.current_channel(r).is_some(), 16)
    } else {
        receptor_ranges(|r| (p.spike_channel(r, 1.0).is_some() || p.spike_channel(r, -1.0).is_some()) && in_ports(r), 16)
    };
    let note = match ports {
        Some(n) if !current => format!(" (one port per tau_syn entry of this neuron: {n})"),
        _ => String::new(),
    };
    let nest = if valid == "none" && current {
        format!("NEST: The target node or synapse model does not support current input")
    } else if p.spike_channel(receptor, 1.0).is_some() || p.current_channel(receptor).is_some() {
        format!("NEST: Receptor type {receptor} in {name} does not accept {}", if current { "CurrentEvent" } else { "SpikeEvent" })
    } else {
        format!("NEST: Receptor type {receptor} is not available in {name}")
    };
    Err(Error::Range(format!("{name} (node {node}) does not accept {kind} on receptor_type {receptor}; valid receptor_type for {kind}: {valid}{note} ({nest})")))
}

/// A value a [`Column`] holds; runs of one value merge only when the values
/// are the same bit for bit (0.0 and −0.0 stay apart).
pub trait ColumnValue: Copy + std::fmt::Debug {
    /// `true` if `self` and `other` are the same bits.
    fn same(self, other: Self) -> bool;
}

impl ColumnValue for f64 {
    #[inline]
    fn same(self, other: Self) -> bool {
        self.to_bits() == other.to_bits()
    }
}

impl ColumnValue for u32 {
    #[inline]
    fn same(self, other: Self) -> bool {
        self == other
    }
}

/// Runs of one value shorter than this are stored one value per edge (so
/// that many small connect calls do not make many runs).
const SHORT_RUN: usize = 32;

/// log2 of the edges per entry of a [`Column`]'s run table.
const BLOCK_SHIFT: u32 = 10;

/// One per-edge quantity of the edge list, stored by runs of consecutive
/// edges: a run holds one value for all its edges, or one per edge. A
/// connect call with one weight and one delay thus stores them once instead
/// of once per edge. Indexed like a slice (`column[k]`); [`Column::iter`]
/// reads it in edge order.
#[derive(Clone, Debug)]
pub struct Column<T> {
    /// First edge of each run, ascending (`starts[0] == 0` when not empty).
    starts: Vec<usize>,
    /// `(offset, step)` of each run: edge `k` of run r is
    /// `values[offset + (k − starts[r]) · step]`, step 0 for one value, 1 for
    /// one per edge.
    place: Vec<(usize, usize)>,
    /// The values of all runs.
    values: Vec<T>,
    /// The run holding the first edge of each block of 2^[`BLOCK_SHIFT`]
    /// edges, so that finding an edge's run costs a table read and a step or
    /// two, not a search.
    block_run: Vec<u32>,
    /// Number of edges.
    len: usize,
}

impl<T> Default for Column<T> {
    fn default() -> Self {
        Column { starts: Vec::new(), place: Vec::new(), values: Vec::new(), block_run: Vec::new(), len: 0 }
    }
}

impl<T: ColumnValue> Column<T> {
    /// Number of edges.
    pub fn len(&self) -> usize {
        self.len
    }
    /// `true` if there are none.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
    /// Number of runs (for tests and diagnostics).
    pub fn runs(&self) -> usize {
        self.starts.len()
    }
    /// Appends the values of `n` edges (`n` = the length of `Each`). A long
    /// run of one value extends a preceding run of the same value; a short
    /// one is stored per edge, with the per-edge values that precede it.
    pub fn push(&mut self, values: Values<T>, n: usize) {
        debug_assert!(matches!(&values, Values::Same(_)) || matches!(&values, Values::Each(v) if v.len() == n));
        if n == 0 {
            return;
        }
        let last = self.starts.len().checked_sub(1).map(|r| (self.starts[r], self.place[r]));
        match values {
            Values::Same(x) if n >= SHORT_RUN => match last {
                Some((_, (off, 0))) if self.values[off].same(x) => {}
                _ => {
                    self.starts.push(self.len);
                    self.place.push((self.values.len(), 0));
                    self.values.push(x);
                }
            },
            values => {
                // Per-edge values continue the last run if it is per edge and ends `values`.
                let continues = matches!(last, Some((start, (off, 1))) if off + (self.len - start) == self.values.len());
                if !continues {
                    self.starts.push(self.len);
                    self.place.push((self.values.len(), 1));
                }
                match values {
                    Values::Same(x) => self.values.extend(std::iter::repeat_n(x, n)),
                    Values::Each(v) => self.values.extend_from_slice(&v),
                }
            }
        }
        self.len += n;
        let last_run = (self.starts.len() - 1) as u32;
        let blocks = (self.len - 1) >> BLOCK_SHIFT;
        // Blocks that begin inside the appended edges belong to the last run.
        self.block_run.resize(blocks + 1, last_run);
    }
    /// The run holding edge `k` (< len).
    #[inline(always)]
    fn run_of(&self, k: usize) -> usize {
        let mut r = self.block_run[k >> BLOCK_SHIFT] as usize;
        while r + 1 < self.starts.len() && self.starts[r + 1] <= k {
            r += 1;
        }
        r
    }
    /// One past the last edge of run `r`.
    #[inline]
    fn run_end(&self, r: usize) -> usize {
        self.starts.get(r + 1).copied().unwrap_or(self.len)
    }
    /// The value of edge `k`.
    #[inline]
    pub fn get(&self, k: usize) -> T {
        self[k]
    }
    /// Sets the value of edge `k` (< len); a run of one value becomes one
    /// value per edge when an edge in it changes.
    pub fn set(&mut self, k: usize, value: T) {
        assert!(k < self.len, "edge {k} out of range ({} edges)", self.len);
        let r = self.run_of(k);
        let start = self.starts[r];
        let (off, step) = self.place[r];
        if step == 0 {
            let x = self.values[off];
            if x.same(value) {
                return;
            }
            let n = self.run_end(r) - start;
            self.place[r] = (self.values.len(), 1);
            self.values.extend(std::iter::repeat_n(x, n));
        }
        let (off, _) = self.place[r];
        self.values[off + k - start] = value;
    }
    /// The values in edge order.
    pub fn iter(&self) -> ColumnIter<'_, T> {
        ColumnIter { col: self, k: 0, run: 0, end: 0, base: 0, step: 0 }
    }
}

impl<T: ColumnValue> From<Vec<T>> for Column<T> {
    /// One value per edge.
    fn from(v: Vec<T>) -> Self {
        let n = v.len();
        let mut c = Column::default();
        c.push(Values::Each(v), n);
        c
    }
}

impl<T: ColumnValue> FromIterator<T> for Column<T> {
    /// One value per edge.
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        Column::from(iter.into_iter().collect::<Vec<T>>())
    }
}

impl<T: ColumnValue> std::ops::Index<usize> for Column<T> {
    type Output = T;
    #[inline(always)]
    fn index(&self, k: usize) -> &T {
        assert!(k < self.len, "edge {k} out of range ({} edges)", self.len);
        if let [(off, step)] = self.place[..] {
            return &self.values[off + k * step];
        }
        let r = self.run_of(k);
        let (off, step) = self.place[r];
        &self.values[off + (k - self.starts[r]) * step]
    }
}

/// The values of a [`Column`] in edge order.
pub struct ColumnIter<'a, T> {
    col: &'a Column<T>,
    /// Next edge.
    k: usize,
    /// Run of the edges below `end` (the next run to enter when `k == end`).
    run: usize,
    end: usize,
    /// Edge k's value is `values[base + k · step]` inside the run (wrapping arithmetic).
    base: usize,
    step: usize,
}

impl<'a, T: ColumnValue> Iterator for ColumnIter<'a, T> {
    type Item = &'a T;
    #[inline]
    fn next(&mut self) -> Option<&'a T> {
        let col = self.col;
        if self.k >= col.len {
            return None;
        }
        if self.k == self.end {
            // Enter the next run (runs are never empty).
            let r = self.run;
            let (off, step) = col.place[r];
            self.step = step;
            self.base = off.wrapping_sub(col.starts[r].wrapping_mul(step));
            self.end = col.run_end(r);
            self.run += 1;
        }
        let v = &col.values[self.base.wrapping_add(self.k.wrapping_mul(self.step))];
        self.k += 1;
        Some(v)
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.col.len - self.k;
        (n, Some(n))
    }
}

impl<'a, T: ColumnValue> ExactSizeIterator for ColumnIter<'a, T> {}

impl<'a, T: ColumnValue> IntoIterator for &'a Column<T> {
    type Item = &'a T;
    type IntoIter = ColumnIter<'a, T>;
    fn into_iter(self) -> ColumnIter<'a, T> {
        self.iter()
    }
}

/// The edge list in creation order (edge id = index): source and target per
/// edge, weights, delays and receptor types by runs ([`Column`]).
#[derive(Clone, Debug, Default)]
pub struct Edges {
    /// Source node ids.
    pub source: Vec<u32>,
    /// Target node ids.
    pub target: Vec<u32>,
    /// Weights.
    pub weight: Column<f64>,
    /// Delays in ms (on the grid).
    pub delay_ms: Column<f64>,
    /// Delays in steps.
    pub delay: Column<u32>,
    /// Receptor types.
    pub receptor: Column<u32>,
}

impl Edges {
    /// Number of edges.
    pub fn len(&self) -> usize {
        self.source.len()
    }
    /// `true` if there are none.
    pub fn is_empty(&self) -> bool {
        self.source.is_empty()
    }
    /// Completes the edges appended to `source` / `target` since edge
    /// `first` (one connect call) with their values and receptor type.
    pub fn push_values(&mut self, first: usize, values: EdgeValues, receptor: u32) {
        let n = self.len() - first;
        self.weight.push(values.weight, n);
        self.delay_ms.push(values.delay_ms, n);
        self.delay.push(values.delay, n);
        self.receptor.push(Values::Same(receptor), n);
    }
    /// Drops the sources and targets appended since edge `first` (a connect
    /// call that failed before [`Edges::push_values`]).
    pub fn discard_from(&mut self, first: usize) {
        self.source.truncate(first);
        self.target.truncate(first);
    }
}

/// One edge as the kernel delivers it.
#[derive(Clone, Copy, Debug)]
pub struct CsrEdge {
    /// Target population.
    pub pop: u32,
    /// Offset of the target's channel in that population's ring buffers.
    pub base: u32,
    /// Delay in steps.
    pub delay: u32,
    /// Weight.
    pub weight: f64,
    /// Edge id (for per-connection random streams).
    pub id: u32,
}

/// Source-major compressed rows: edges of node id `g` are `edges[off[g]..off[g+1]]`,
/// grouped by target block (a fixed chunk of a population's neurons) and in
/// creation order within a block; `runs[run_off[g]..run_off[g+1]]` lists each
/// block of the row with the end of its edges. Per-target order is creation
/// order either way, so delivery by block (in parallel) adds the same numbers
/// in the same order as delivery row by row.
#[derive(Clone, Debug, Default)]
pub struct Csr {
    /// Row offsets, indexed by node id (length max id + 2).
    pub off: Vec<usize>,
    /// Edges, grouped by source.
    pub edges: Vec<CsrEdge>,
    /// Per-row offsets into `runs`.
    pub run_off: Vec<usize>,
    /// `(block, end)` of each block run, end as an index into `edges`.
    pub runs: Vec<(u32, u32)>,
}

impl Csr {
    /// Counting-sort build, O(nodes + edges · log degree). `resolve(k)` gives
    /// edge k's target population, buffer offset and target block.
    pub fn build(e: &Edges, n_nodes: usize, mut resolve: impl FnMut(usize) -> (u32, u32, u32)) -> Csr {
        let mut off = vec![0usize; n_nodes + 2];
        for &s in &e.source {
            off[s as usize + 1] += 1;
        }
        for g in 0..=n_nodes {
            off[g + 1] += off[g];
        }
        let mut fill = off.clone();
        let mut edges = vec![(0u32, CsrEdge { pop: 0, base: 0, delay: 0, weight: 0.0, id: 0 }); e.len()];
        for k in 0..e.len() {
            let s = e.source[k] as usize;
            let (pop, base, block) = resolve(k);
            edges[fill[s]] = (block, CsrEdge { pop, base, delay: e.delay[k], weight: e.weight[k], id: k as u32 });
            fill[s] += 1;
        }
        let mut run_off = vec![0usize; n_nodes + 2];
        let mut runs = Vec::new();
        for g in 0..=n_nodes {
            let row = &mut edges[off[g]..off[g + 1]];
            row.sort_by_key(|x| x.0); // stable: creation order within a block
            for (j, x) in row.iter().enumerate() {
                if j + 1 == row.len() || row[j + 1].0 != x.0 {
                    runs.push((x.0, (off[g] + j + 1) as u32));
                }
            }
            run_off[g + 1] = runs.len();
        }
        Csr { off, edges: edges.into_iter().map(|x| x.1).collect(), run_off, runs }
    }
    /// The edges of source `g`.
    #[inline]
    pub fn row(&self, g: u32) -> &[CsrEdge] {
        let g = g as usize;
        if g + 1 >= self.off.len() {
            return &[];
        }
        &self.edges[self.off[g]..self.off[g + 1]]
    }
    /// The edges of source `g` into target block `b`.
    #[inline]
    pub fn row_block(&self, g: u32, b: u32) -> &[CsrEdge] {
        let g = g as usize;
        if g + 1 >= self.off.len() {
            return &[];
        }
        let runs = &self.runs[self.run_off[g]..self.run_off[g + 1]];
        let k = runs.partition_point(|r| r.0 < b);
        match runs.get(k) {
            Some(&(blk, end)) if blk == b => {
                let start = if k == 0 { self.off[g] } else { runs[k - 1].1 as usize };
                &self.edges[start..end as usize]
            }
            _ => &[],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_respect_flags() {
        let pre: Vec<u32> = (1..=10).collect();
        let spec = ConnSpec { rule: "fixed_indegree".into(), count: Some(9), allow_autapses: false, allow_multapses: false, ..Default::default() };
        let p = pairs(&spec, &pre, &pre, 1, 0).unwrap();
        assert_eq!(p.len(), 90);
        assert!(p.iter().all(|&(a, b)| a != b));
        for b in 0..10u32 {
            let mut s: Vec<u32> = p.iter().filter(|x| x.1 == b).map(|x| x.0).collect();
            s.sort();
            s.dedup();
            assert_eq!(s.len(), 9);
        }
        let spec = ConnSpec { rule: "all_to_all".into(), allow_autapses: false, ..Default::default() };
        assert_eq!(pairs(&spec, &pre, &pre, 1, 0).unwrap().len(), 90);
        let spec = ConnSpec { rule: "pairwise_bernoulli".into(), p: Some(0.3), ..Default::default() };
        let big: Vec<u32> = (1..=200).collect();
        let n = pairs(&spec, &big, &big, 1, 0).unwrap().len() as f64;
        assert!((n - 12000.0).abs() < 4.0 * (40000.0f64 * 0.3 * 0.7).sqrt());
    }

    #[test]
    fn delays_round_as_nest_and_draws_are_keyed_by_call_and_edge() {
        // NEST 3.10 at h = 0.1 (live): 0.06 → 0.1, 0.149 → 0.1, 0.15 → 0.2, 0.25 → 0.3, 1.05 → 1.1; 0.04 → BadDelay.
        for (x, s) in [(0.06, 1), (0.149, 1), (0.15, 2), (0.25, 3), (0.35, 4), (1.05, 11)] {
            assert_eq!(delay_to_steps(x, 100).0, s, "{x}");
        }
        let ps: Vec<(u32, u32)> = (0..4).map(|k| (k, 0)).collect();
        let spec = ConnSpec { delay: vec![0.04], ..Default::default() };
        assert!(edge_values(&spec, &ps, 4, 1, 0, 100).unwrap_err().to_string().contains("must be >= dt"));
        let spec = ConnSpec { weight_dist: Some(Dist::Normal { mean: 1.0, std: 0.1 }), delay_dist: Some(Dist::Uniform { min: 0.5, max: 2.0 }), ..Default::default() };
        let (w, d, s) = edge_values(&spec, &ps, 4, 7, 3, 100).unwrap();
        assert_eq!(edge_values(&spec, &ps, 4, 7, 3, 100).unwrap().0, w);
        assert_ne!(edge_values(&spec, &ps, 4, 7, 4, 100).unwrap().0, w, "another connect call draws other values");
        assert!(w.iter().zip(&w[1..]).all(|(a, b)| a != b));
        assert!(d.iter().zip(&s).all(|(&ms, &st)| ms == st as f64 / 10.0 && (5..=20).contains(&st)));
    }

    #[test]
    fn columns_store_runs_and_read_like_slices() {
        let mut c: Column<f64> = Column::default();
        let mut want: Vec<f64> = Vec::new();
        let mut add = |c: &mut Column<f64>, v: Values<f64>, n: usize| {
            want.extend(v.expand(n));
            c.push(v, n);
        };
        add(&mut c, Values::Same(1.5), 3000);
        add(&mut c, Values::Same(1.5), 2000); // merges
        add(&mut c, Values::Same(-0.0), 100);
        add(&mut c, Values::Same(0.0), 100); // 0.0 and −0.0 stay apart
        add(&mut c, Values::Same(7.0), 5); // short: stored per edge
        add(&mut c, Values::Each((0..40).map(|k| k as f64).collect()), 40); // continues the per-edge run
        add(&mut c, Values::Same(2.0), 0);
        for j in 0..300 {
            add(&mut c, Values::Same(j as f64), 33 + j % 7); // many runs
        }
        assert_eq!(c.len(), want.len());
        assert_eq!(c.runs(), 4 + 300);
        let same_bits = |a: &[f64], b: &[f64]| a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.to_bits() == y.to_bits());
        assert!(same_bits(&(0..c.len()).map(|k| c[k]).collect::<Vec<_>>(), &want));
        assert!(same_bits(&c.iter().copied().collect::<Vec<_>>(), &want));
        c.set(10, 4.0); // inside a run of one value: the run becomes per edge
        c.set(5200, -1.0);
        c.set(5205, 9.0); // inside the per-edge run
        c.set(11, 1.5); // unchanged
        for (k, x) in [(10, 4.0), (5200, -1.0), (5205, 9.0)] {
            want[k] = x;
        }
        assert!(same_bits(&c.iter().copied().collect::<Vec<_>>(), &want));
        assert!(same_bits(&(0..c.len()).map(|k| c.get(k)).collect::<Vec<_>>(), &want));
        assert!(std::panic::catch_unwind(|| c[c.len()]).is_err());
    }

    #[test]
    fn receptor_ranges_are_written_compactly() {
        assert_eq!(receptor_ranges(|r| r == 0, 16), "0");
        assert_eq!(receptor_ranges(|r| r <= 1, 16), "0, 1");
        assert_eq!(receptor_ranges(|r| (1..=4).contains(&r), 16), "1..4");
        assert_eq!(receptor_ranges(|_| false, 16), "none");
    }
}
