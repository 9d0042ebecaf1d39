//! Connections: the edge list (the truth, in creation order), connection
//! rules, and the source-major CSR the kernel delivers spikes through.

use crate::error::{Error, Result};
use super::random::{below, stream};

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
}
