//! Connectivity of BrainPy-style projections, stored as CSR (one row per
//! presynaptic neuron, the postsynaptic indices of its synapses sorted
//! ascending, the weights alongside).
//!
//! Random rules draw from one stream per row, `Stream::new(seed, row)`
//! (rows are presynaptic neurons; for fixed in-degree, postsynaptic neurons,
//! transposed afterwards), so a connectivity is a function of
//! `(rule, sizes, seed)` only: the same for any thread count and built in
//! parallel over rows.

use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::rng::Stream;

/// A connection rule.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Rule {
    /// brainstate's `EventFixedProb` / `FixedNumConn` (what brainpy's E/I
    /// tutorial uses): every presynaptic neuron gets exactly `k` targets
    /// drawn uniformly, with replacement if `multi` (upstream default), else
    /// without. Autapses are not excluded (as upstream).
    FixedPostNum {
        /// Targets per presynaptic neuron.
        k: usize,
        /// Allow repeated targets.
        multi: bool,
    },
    /// Every postsynaptic neuron gets exactly `k` sources (fixed in-degree).
    FixedPreNum {
        /// Sources per postsynaptic neuron.
        k: usize,
        /// Allow repeated sources.
        multi: bool,
        /// Allow `i → i` (only meaningful when pre and post are one population).
        autapses: bool,
    },
    /// Bernoulli: each pair independently with probability `p`
    /// (braintools' `FixedProb`).
    Bernoulli {
        /// Connection probability.
        p: f64,
        /// Allow `i → i`.
        autapses: bool,
    },
    /// Every pair.
    AllToAll {
        /// Allow `i → i`.
        autapses: bool,
    },
    /// `i → i` (sizes must match).
    OneToOne,
}

/// Sparse connectivity, rows = presynaptic neurons.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Csr {
    /// Presynaptic neurons.
    pub n_pre: usize,
    /// Postsynaptic neurons.
    pub n_post: usize,
    /// Row starts, `n_pre + 1` entries.
    pub indptr: Vec<usize>,
    /// Postsynaptic index of each synapse.
    pub indices: Vec<u32>,
}

impl Csr {
    /// Number of synapses.
    pub fn nnz(&self) -> usize {
        self.indices.len()
    }

    /// In-degree of every postsynaptic neuron.
    pub fn in_degrees(&self) -> Vec<u32> {
        let mut d = vec![0u32; self.n_post];
        for &j in &self.indices {
            d[j as usize] += 1;
        }
        d
    }
}

/// Draws `k` distinct values of `0..n` except `skip` (if any) with Floyd's
/// algorithm, sorted.
fn sample_distinct(rng: &mut Stream, n: usize, k: usize, skip: Option<usize>) -> Vec<u32> {
    let m = if skip.is_some() { n - 1 } else { n };
    let mut chosen: Vec<u32> = Vec::with_capacity(k);
    let mut set = std::collections::HashSet::with_capacity(k * 2);
    for j in (m - k)..m {
        let r = (rng.uniform() * (j + 1) as f64) as usize;
        let r = r.min(j);
        let pick = if set.contains(&r) { j } else { r };
        set.insert(pick);
        chosen.push(pick as u32);
    }
    if let Some(s) = skip {
        for c in &mut chosen {
            if *c as usize >= s {
                *c += 1;
            }
        }
    }
    chosen.sort_unstable();
    chosen
}

/// Draws `k` values of `0..n` (with replacement) except `skip`, sorted.
fn sample_multi(rng: &mut Stream, n: usize, k: usize, skip: Option<usize>) -> Vec<u32> {
    let m = if skip.is_some() { n - 1 } else { n };
    let mut v: Vec<u32> = (0..k)
        .map(|_| {
            let r = ((rng.uniform() * m as f64) as usize).min(m - 1);
            match skip {
                Some(s) if r >= s => (r + 1) as u32,
                _ => r as u32,
            }
        })
        .collect();
    v.sort_unstable();
    v
}

/// Bernoulli row by geometric skipping (`O(p·n)` draws per row).
fn bernoulli_row(rng: &mut Stream, n: usize, p: f64, skip: Option<usize>) -> Vec<u32> {
    let mut v = Vec::new();
    if p <= 0.0 {
        return v;
    }
    if p >= 1.0 {
        return (0..n).filter(|&j| Some(j) != skip).map(|j| j as u32).collect();
    }
    let lq = (1.0 - p).ln();
    let mut j: f64 = -1.0;
    loop {
        let u = 1.0 - rng.uniform(); // (0, 1]
        j += (u.ln() / lq).floor() + 1.0;
        if j >= n as f64 {
            break;
        }
        let ju = j as usize;
        if Some(ju) != skip {
            v.push(ju as u32);
        }
    }
    v
}

fn rows_to_csr(n_pre: usize, n_post: usize, rows: Vec<Vec<u32>>) -> Csr {
    let mut indptr = Vec::with_capacity(n_pre + 1);
    indptr.push(0);
    let nnz: usize = rows.iter().map(|r| r.len()).sum();
    let mut indices = Vec::with_capacity(nnz);
    for r in rows {
        indices.extend_from_slice(&r);
        indptr.push(indices.len());
    }
    Csr { n_pre, n_post, indptr, indices }
}

/// Builds a connectivity. `same` says pre and post are one population
/// (autapse exclusion applies only then). Rows are built in parallel on
/// `threads` workers; the result does not depend on `threads`.
pub fn build(rule: Rule, n_pre: usize, n_post: usize, same: bool, seed: u64, threads: usize) -> Result<Csr> {
    if n_pre == 0 || n_post == 0 {
        return Err(Error::Range("a connectivity needs non-empty populations".into()));
    }
    let par_rows = |n: usize, f: &(dyn Fn(usize) -> Vec<u32> + Sync)| -> Result<Vec<Vec<u32>>> {
        if threads <= 1 || n < 256 {
            Ok((0..n).map(f).collect())
        } else {
            let pool = crate::pool::pool(threads)?;
            Ok(pool.install(|| (0..n).into_par_iter().map(f).collect()))
        }
    };
    match rule {
        Rule::OneToOne => {
            if n_pre != n_post {
                return Err(Error::Type(format!("OneToOne needs equal sizes, got pre {n_pre} and post {n_post}")));
            }
            Ok(rows_to_csr(n_pre, n_post, (0..n_pre).map(|i| vec![i as u32]).collect()))
        }
        Rule::AllToAll { autapses } => {
            let rows = par_rows(n_pre, &|i| (0..n_post).filter(|&j| autapses || !same || j != i).map(|j| j as u32).collect())?;
            Ok(rows_to_csr(n_pre, n_post, rows))
        }
        Rule::Bernoulli { p, autapses } => {
            if !(0.0..=1.0).contains(&p) {
                return Err(Error::Range(format!("connection probability must be in [0, 1], got {p}")));
            }
            let rows = par_rows(n_pre, &|i| {
                let mut rng = Stream::new(seed, i as u64);
                bernoulli_row(&mut rng, n_post, p, if same && !autapses { Some(i) } else { None })
            })?;
            Ok(rows_to_csr(n_pre, n_post, rows))
        }
        Rule::FixedPostNum { k, multi } => {
            if !multi && k > n_post {
                return Err(Error::Range(format!("cannot draw {k} distinct targets from {n_post} neurons without replacement")));
            }
            let rows = par_rows(n_pre, &|i| {
                let mut rng = Stream::new(seed, i as u64);
                if multi {
                    sample_multi(&mut rng, n_post, k, None)
                } else {
                    sample_distinct(&mut rng, n_post, k, None)
                }
            })?;
            Ok(rows_to_csr(n_pre, n_post, rows))
        }
        Rule::FixedPreNum { k, multi, autapses } => {
            let avail = if same && !autapses { n_pre.saturating_sub(1) } else { n_pre };
            if (!multi && k > avail) || (k > 0 && avail == 0) {
                return Err(Error::Range(format!("cannot draw {k} distinct sources from {avail} neurons (in-degree larger than the presynaptic population)")));
            }
            // Sources of each postsynaptic neuron, then transposed.
            let cols = par_rows(n_post, &|j| {
                let mut rng = Stream::new(seed, j as u64);
                let skip = if same && !autapses { Some(j) } else { None };
                if multi {
                    sample_multi(&mut rng, n_pre, k, skip)
                } else {
                    sample_distinct(&mut rng, n_pre, k, skip)
                }
            })?;
            let mut counts = vec![0usize; n_pre + 1];
            for c in &cols {
                for &i in c {
                    counts[i as usize + 1] += 1;
                }
            }
            for i in 0..n_pre {
                counts[i + 1] += counts[i];
            }
            let indptr = counts.clone();
            let mut fill = counts;
            let mut indices = vec![0u32; indptr[n_pre]];
            for (j, c) in cols.iter().enumerate() {
                for &i in c {
                    indices[fill[i as usize]] = j as u32;
                    fill[i as usize] += 1;
                }
            }
            Ok(Csr { n_pre, n_post, indptr, indices })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_in_degree_is_exact_and_without_autapses() {
        let c = build(Rule::FixedPreNum { k: 80, multi: false, autapses: false }, 1000, 1000, true, 3, 4).unwrap();
        assert!(c.in_degrees().iter().all(|&d| d == 80));
        for i in 0..1000 {
            assert!(!c.indices[c.indptr[i]..c.indptr[i + 1]].contains(&(i as u32)));
        }
        assert_eq!(c, build(Rule::FixedPreNum { k: 80, multi: false, autapses: false }, 1000, 1000, true, 3, 1).unwrap());
    }

    #[test]
    fn bernoulli_degree_statistics() {
        let (n, p) = (4000usize, 0.02);
        let c = build(Rule::Bernoulli { p, autapses: false }, n, n, true, 11, 2).unwrap();
        let m = (n * (n - 1)) as f64 * p;
        let sd = ((n * (n - 1)) as f64 * p * (1.0 - p)).sqrt();
        assert!((c.nnz() as f64 - m).abs() < 5.0 * sd, "{} vs {m}", c.nnz());
        // Out-degree variance is binomial: (n-1) p (1-p).
        let deg: Vec<f64> = (0..n).map(|i| (c.indptr[i + 1] - c.indptr[i]) as f64).collect();
        let mean = deg.iter().sum::<f64>() / n as f64;
        let var = deg.iter().map(|d| (d - mean).powi(2)).sum::<f64>() / (n - 1) as f64;
        let v = (n - 1) as f64 * p * (1.0 - p);
        assert!((var / v - 1.0).abs() < 0.15, "variance {var} vs {v}");
        for i in 0..n {
            assert!(!c.indices[c.indptr[i]..c.indptr[i + 1]].contains(&(i as u32)));
        }
    }

    #[test]
    fn fixed_post_num_rows() {
        let c = build(Rule::FixedPostNum { k: 80, multi: true }, 3200, 4000, false, 5, 3).unwrap();
        assert_eq!(c.nnz(), 3200 * 80);
        assert!((0..3200).all(|i| c.indptr[i + 1] - c.indptr[i] == 80));
        let d = build(Rule::FixedPostNum { k: 50, multi: false }, 100, 60, false, 5, 1).unwrap();
        for i in 0..100 {
            let r = &d.indices[d.indptr[i]..d.indptr[i + 1]];
            assert!(r.windows(2).all(|w| w[0] < w[1]));
        }
    }

    #[test]
    fn all_to_all_and_one_to_one() {
        let c = build(Rule::AllToAll { autapses: false }, 5, 5, true, 0, 1).unwrap();
        assert_eq!(c.nnz(), 20);
        assert!(build(Rule::OneToOne, 3, 4, false, 0, 1).is_err());
    }
}
