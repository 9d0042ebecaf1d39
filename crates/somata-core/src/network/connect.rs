//! Connections: the edge list (the truth, in creation order), connection
//! rules, and the source-major CSR the kernel delivers spikes through.

use crate::error::{Error, Result};
use super::population::Population;
use super::random::{below, stream, Dist};

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

/// Builds the `(source index, target index)` pairs of a rule, in NEST's
/// creation order (target-major for all_to_all and the in-degree rules).
pub fn pairs(spec: &ConnSpec, pre: &[u32], post: &[u32], seed: u64, call: u64) -> Result<Vec<(u32, u32)>> {
    let (np, nq) = (pre.len(), post.len());
    let auto_ok = |a: usize, b: usize| spec.allow_autapses || pre[a] != post[b];
    let need = |what: &str| Error::Type(format!("connect rule '{}' needs '{what}'", spec.rule));
    let mut rng = stream(spec.seed.unwrap_or(seed), &[0xC044, call]);
    let mut out = Vec::new();
    match spec.rule.as_str() {
        "all_to_all" => {
            for b in 0..nq {
                for a in 0..np {
                    if auto_ok(a, b) {
                        out.push((a as u32, b as u32));
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
                    out.push((a as u32, a as u32));
                }
            }
        }
        "fixed_indegree" | "fixed_outdegree" => {
            let k = spec.count.ok_or_else(|| need(if spec.rule == "fixed_indegree" { "indegree" } else { "outdegree" }))? as usize;
            let indeg = spec.rule == "fixed_indegree";
            let (outer, inner) = if indeg { (nq, np) } else { (np, nq) };
            let avail = |o: usize| (0..inner).filter(|&x| if indeg { auto_ok(x, o) } else { auto_ok(o, x) }).count();
            for o in 0..outer {
                if !spec.allow_multapses && k > avail(o) {
                    return Err(Error::Range(format!("{}: degree {k} exceeds the {} possible partners without multapses", spec.rule, avail(o))));
                }
                if k > 0 && avail(o) == 0 {
                    return Err(Error::Range(format!("{}: no valid partner (autapses disallowed)", spec.rule)));
                }
                let mut chosen: Vec<usize> = Vec::with_capacity(k);
                while chosen.len() < k {
                    let x = below(&mut rng, inner as u64) as usize;
                    let (a, b) = if indeg { (x, o) } else { (o, x) };
                    if !auto_ok(a, b) || (!spec.allow_multapses && chosen.contains(&x)) {
                        continue;
                    }
                    chosen.push(x);
                    out.push((a as u32, b as u32));
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
            while out.len() < n {
                tries += 1;
                if tries > 100 * (n as u64 + 10) * 10 {
                    return Err(Error::Range("fixed_total_number: could not place N connections under the autapse/multapse constraints".into()));
                }
                let a = below(&mut rng, np as u64) as usize;
                let b = below(&mut rng, nq as u64) as usize;
                if !auto_ok(a, b) || (!spec.allow_multapses && !seen.insert((a, b))) {
                    continue;
                }
                out.push((a as u32, b as u32));
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
                        out.push((a as u32, b as u32));
                    }
                }
            }
        }
        other => return Err(Error::UnknownName(format!("unknown connection rule '{other}'; valid: {}", RULES.join(", ")))),
    }
    Ok(out)
}

/// Expands a weight/delay list to one value per edge: one value, one per
/// source (length = sources, when that differs from the edge count), or one
/// per edge.
pub fn per_edge(vals: &[f64], pairs: &[(u32, u32)], n_pre: usize, what: &str) -> Result<Vec<f64>> {
    match vals.len() {
        1 => Ok(vec![vals[0]; pairs.len()]),
        l if l == pairs.len() => Ok(vals.to_vec()),
        l if l == n_pre => Ok(pairs.iter().map(|&(a, _)| vals[a as usize]).collect()),
        l => Err(Error::Type(format!(
            "{what} has {l} values; give one value, one per source ({n_pre}) or one per connection ({})",
            pairs.len()
        ))),
    }
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

/// Weights, delays (ms, on the grid) and delays (steps) of a connect call's
/// edges: given values expanded by [`per_edge`], or drawn from
/// `spec.weight_dist` / `spec.delay_dist`, one draw per edge from streams
/// keyed by (seed, `call`, edge index in the call), so the values do not
/// depend on thread count. Delays must round to at least one step, as NEST
/// checks (`Delay must be greater than or equal to resolution`).
pub fn edge_values(spec: &ConnSpec, pairs: &[(u32, u32)], n_pre: usize, seed: u64, call: u64, tics_per_step: i64) -> Result<(Vec<f64>, Vec<f64>, Vec<u32>)> {
    let seed = spec.seed.unwrap_or(seed);
    let draw = |d: &Dist, tag: u64| -> Result<Vec<f64>> {
        d.check()?;
        (0..pairs.len() as u64).map(|k| d.sample(&mut stream(seed, &[tag, call, k]))).collect()
    };
    let w = match &spec.weight_dist {
        Some(d) => draw(d, 0x3E16_47)?,
        None => per_edge(&spec.weight, pairs, n_pre, "weight")?,
    };
    let d = match &spec.delay_dist {
        Some(d) => draw(d, 0xDE1A_7)?,
        None => per_edge(&spec.delay, pairs, n_pre, "delay")?,
    };
    let h = tics_per_step as f64 / 1000.0;
    let mut d_ms = Vec::with_capacity(d.len());
    let mut d_steps = Vec::with_capacity(d.len());
    for &x in &d {
        let (s, ms) = delay_to_steps(x, tics_per_step);
        if !x.is_finite() || s < 1 || s > u32::MAX as i64 / 2 {
            let what = if spec.delay_dist.is_some() { format!(" (drawn from {})", spec.delay_dist.as_ref().unwrap().describe()) } else { String::new() };
            return Err(Error::Range(format!(
                "delay {x} ms{what} rounds to {ms} ms, below the resolution dt = {h} ms: delays must be >= dt (NEST: Delay must be greater than or equal to resolution)"
            )));
        }
        d_ms.push(ms);
        d_steps.push(s as u32);
    }
    if let Some(k) = w.iter().position(|x| !x.is_finite()) {
        return Err(Error::Range(format!("weight must be finite, got {} (connection {k} of this call)", w[k])));
    }
    Ok((w, d_ms, d_steps))
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

/// The edge list, structure of arrays, in creation order (edge id = index).
#[derive(Clone, Debug, Default)]
pub struct Edges {
    /// Source node ids.
    pub source: Vec<u32>,
    /// Target node ids.
    pub target: Vec<u32>,
    /// Weights.
    pub weight: Vec<f64>,
    /// Delays in ms (as given).
    pub delay_ms: Vec<f64>,
    /// Delays in steps.
    pub delay: Vec<u32>,
    /// Receptor types.
    pub receptor: Vec<u32>,
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
    fn receptor_ranges_are_written_compactly() {
        assert_eq!(receptor_ranges(|r| r == 0, 16), "0");
        assert_eq!(receptor_ranges(|r| r <= 1, 16), "0, 1");
        assert_eq!(receptor_ranges(|r| (1..=4).contains(&r), 16), "1..4");
        assert_eq!(receptor_ranges(|_| false, 16), "none");
    }
}
