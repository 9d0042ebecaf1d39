//! Random draws for the network, built on the shared counter-based
//! [`crate::rng::Stream`]: streams addressed by a seed and a path of ids
//! (node, connection, step), uniform integers, Poisson and binomial
//! variates, and NEST's random parameters ([`Dist`]: `nest.random.*` and
//! `nest.math.*`) for connection weights and delays.

use crate::error::{Error, Result};
use crate::rng::Stream;

/// The stream addressed by `seed` and the id path `ids` (e.g. generator node
/// id, connection id, step). Independent of thread count and order.
pub fn stream(seed: u64, ids: &[u64]) -> Stream {
    let (last, head) = ids.split_last().map(|(l, h)| (*l, h)).unwrap_or((0, &[]));
    Stream::new(path_seed(seed, head), last)
}

/// Domain tag of the streams of random node parameters ([`node_param_stream`]).
const NODE_PARAM_TAG: u64 = 0x4E0D_E9A2;

/// The stream of one random node parameter (`create(model, n, { V_m:
/// nest.random.uniform(…) })`, `nodes.set(…)`): keyed by the simulator's
/// `seed`, the number `call` of the set call in the network, the node id and
/// the parameter name, so a draw does not depend on the thread count, on the
/// other nodes or on the order of the names in the dictionary.
pub fn node_param_stream(seed: u64, call: u64, node: u32, name: &str) -> Stream {
    // FNV-1a of the name.
    let name_key = name.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ b as u64).wrapping_mul(0x0100_0000_01b3));
    stream(seed, &[NODE_PARAM_TAG, call, node as u64, name_key])
}

/// The seed that the id path `ids` leads to: `stream(seed, [ids…, k])` is
/// `Stream::new(path_seed(seed, ids), k)`, so callers that open many
/// streams under one path hash the path once.
pub fn path_seed(seed: u64, ids: &[u64]) -> u64 {
    ids.iter().fold(seed, |s, &id| Stream::new(s, id).at(0))
}

/// Uniform integer in `0..n` (n > 0), unbiased (Lemire's method: the
/// rejection threshold, a division, is computed only in the rare case that
/// needs it).
#[inline]
pub fn below(r: &mut Stream, n: u64) -> u64 {
    loop {
        let m = (r.next_u64() as u128) * (n as u128);
        let low = m as u64;
        if low >= n || low >= n.wrapping_neg() % n {
            return (m >> 64) as u64;
        }
    }
}

/// A Poisson variate with mean `lambda` ≥ 0: sequential inversion for
/// `lambda < 10`, Hörmann's PTRS transformed rejection (1993) above.
/// `exp_neg_lambda` is e^(−lambda), precomputed by callers that draw many
/// variates with one mean.
pub fn poisson(r: &mut Stream, lambda: f64, exp_neg_lambda: f64) -> u64 {
    if !(lambda > 0.0) {
        return 0;
    }
    if lambda < 10.0 {
        let mut p = exp_neg_lambda;
        let mut f = p;
        let u = r.uniform();
        let mut k = 0u64;
        while u > f {
            k += 1;
            p *= lambda / k as f64;
            f += p;
            if p == 0.0 {
                break; // far tail, below rounding
            }
        }
        return k;
    }
    let slam = lambda.sqrt();
    let loglam = lambda.ln();
    let b = 0.931 + 2.53 * slam;
    let a = -0.059 + 0.02483 * b;
    let inv_alpha = 1.1239 + 1.1328 / (b - 3.4);
    let v_r = 0.9277 - 3.6224 / (b - 2.0);
    loop {
        let u = r.uniform() - 0.5;
        let v = 1.0 - r.uniform(); // (0, 1]
        let us = 0.5 - u.abs();
        let k = ((2.0 * a / us + b) * u + lambda + 0.43).floor();
        if us >= 0.07 && v <= v_r {
            return k as u64;
        }
        if k < 0.0 || (us < 0.013 && v > us) {
            continue;
        }
        if (v * inv_alpha / (a / (us * us) + b)).ln() <= -lambda + k * loglam - ln_gamma(k + 1.0) {
            return k as u64;
        }
    }
}

/// A Poisson sampler for one mean, for drawing many variates: inversion on
/// a precomputed CDF for `lambda < 10` (same values as [`poisson`]'s
/// sequential search), [`poisson`] above.
#[derive(Clone, Debug)]
pub struct PoissonTable {
    lambda: f64,
    exp_neg: f64,
    cdf: Vec<f64>,
}

impl PoissonTable {
    /// The sampler for mean `lambda`.
    pub fn new(lambda: f64) -> Self {
        let exp_neg = (-lambda).exp();
        let mut cdf = Vec::new();
        if lambda > 0.0 && lambda < 10.0 {
            let (mut p, mut f) = (exp_neg, exp_neg);
            cdf.push(f);
            let mut k = 0u32;
            while f < 1.0 && p > 1e-18 && k < 200 {
                k += 1;
                p *= lambda / k as f64;
                f += p;
                cdf.push(f);
            }
        }
        PoissonTable { lambda, exp_neg, cdf }
    }

    /// One variate.
    #[inline]
    pub fn sample(&self, r: &mut Stream) -> u64 {
        if self.cdf.is_empty() {
            return poisson(r, self.lambda, self.exp_neg);
        }
        // The smallest k with u <= F(k) is the number of F(j) below u (F is
        // nondecreasing); counted without branches.
        let u = r.uniform();
        let last = self.cdf.len() - 1;
        self.cdf[..last].iter().map(|&f| u64::from(u > f)).sum()
    }
}

/// A binomial variate B(n, p), 0 ≤ p ≤ 1: sequential inversion when
/// n·min(p, 1−p) < 10, Hörmann's BTRD transformed rejection (1993) above
/// (exact; the acceptance test uses the pmf ratio by recursion near the mode
/// and through ln Γ further out).
pub fn binomial(r: &mut Stream, n: u64, p: f64) -> u64 {
    if n == 0 || !(p > 0.0) {
        return 0;
    }
    if p >= 1.0 {
        return n;
    }
    if p > 0.5 {
        return n - binomial(r, n, 1.0 - p);
    }
    let nf = n as f64;
    let q = 1.0 - p;
    if nf * p < 10.0 {
        // Inversion: P(0) = q^n, P(k+1) = P(k)·(n−k)/(k+1)·p/q.
        let s = p / q;
        let mut pk = (nf * q.ln()).exp();
        let mut f = pk;
        let u = r.uniform();
        let mut k = 0u64;
        while u > f && k < n {
            pk *= s * (n - k) as f64 / (k + 1) as f64;
            k += 1;
            f += pk;
            if pk == 0.0 {
                break;
            }
        }
        return k;
    }
    let spq = (nf * p * q).sqrt();
    let b = 1.15 + 2.53 * spq;
    let a = -0.0873 + 0.0248 * b + 0.01 * p;
    let c = nf * p + 0.5;
    let alpha = (2.83 + 5.1 / b) * spq;
    let vr = 0.92 - 4.2 / b;
    let urvr = 0.86 * vr;
    let m = ((nf + 1.0) * p).floor();
    let rr = p / q;
    let nr = (nf + 1.0) * rr;
    let lpmf = |k: f64| -> f64 { -ln_gamma(k + 1.0) - ln_gamma(nf - k + 1.0) + k * rr.ln() };
    loop {
        let mut v = r.uniform();
        let u;
        if v <= urvr {
            let u = v / vr - 0.43;
            return ((2.0 * a / (0.5 - u.abs()) + b) * u + c).floor() as u64;
        }
        if v >= vr {
            u = r.uniform() - 0.5;
        } else {
            let w = v / vr - 0.93;
            u = 0.5f64.copysign(w) - w;
            v = r.uniform() * vr;
        }
        let us = 0.5 - u.abs();
        let k = ((2.0 * a / us + b) * u + c).floor();
        if k < 0.0 || k > nf {
            continue;
        }
        v = v * alpha / (a / (us * us) + b);
        let km = (k - m).abs();
        if km <= 15.0 {
            // f(k)/f(m) by the recursion f(i)/f(i−1) = (n+1)·r/i − r.
            let mut f = 1.0;
            if m < k {
                let mut i = m + 1.0;
                while i <= k {
                    f *= nr / i - rr;
                    i += 1.0;
                }
            } else if m > k {
                let mut i = k + 1.0;
                while i <= m {
                    v *= nr / i - rr;
                    i += 1.0;
                }
            }
            if v <= f {
                return k as u64;
            }
            continue;
        }
        if v.ln() <= lpmf(k) - lpmf(m) {
            return k as u64;
        }
    }
}

/// Most draws [`Dist::sample`] makes for one value of a `redraw` before it
/// gives up (NEST's `RedrawParameter::max_redraws_`).
pub const MAX_REDRAWS: usize = 1000;

/// A NEST random parameter, as PyNEST's `nest.random.*` and `nest.math.*`
/// build it, for connection weights and delays.
#[derive(Clone, Debug, PartialEq)]
pub enum Dist {
    /// A constant.
    Const(f64),
    /// `nest.random.uniform(min, max)`: uniform in [min, max).
    Uniform {
        /// Lower bound (included).
        min: f64,
        /// Upper bound (excluded).
        max: f64,
    },
    /// `nest.random.uniform_int(max)`: an integer uniform in 0..max.
    UniformInt {
        /// Upper bound (excluded), ≥ 1.
        max: u64,
    },
    /// `nest.random.normal(mean, std)`.
    Normal {
        /// Mean.
        mean: f64,
        /// Standard deviation (> 0).
        std: f64,
    },
    /// `nest.random.lognormal(mean, std)`: e^X with X normal(mean, std).
    Lognormal {
        /// Mean of the underlying normal.
        mean: f64,
        /// Standard deviation of the underlying normal (> 0).
        std: f64,
    },
    /// `nest.random.exponential(beta)`: β·(−ln(1 − U)), scale (mean) β.
    Exponential {
        /// Scale parameter.
        beta: f64,
    },
    /// `nest.math.redraw(p, min, max)`: draws `p` again until min ≤ x ≤ max
    /// (at most [`MAX_REDRAWS`] draws).
    Redraw {
        /// The parameter drawn.
        p: Box<Dist>,
        /// Lower limit (included).
        min: f64,
        /// Upper limit (included).
        max: f64,
    },
    /// `nest.math.min(p, value)`: min(x, value), clipping from above.
    Min {
        /// The parameter drawn.
        p: Box<Dist>,
        /// The ceiling.
        value: f64,
    },
    /// `nest.math.max(p, value)`: max(x, value), clipping from below.
    Max {
        /// The parameter drawn.
        p: Box<Dist>,
        /// The floor.
        value: f64,
    },
}

impl Dist {
    /// NEST's checks when the parameter is created (`std > 0`, `min < max`, …).
    pub fn check(&self) -> Result<()> {
        let bad = |m: String| Err(Error::Range(m));
        match self {
            Dist::Const(x) if x.is_nan() => bad("a constant parameter must be a number, got NaN".into()),
            Dist::Uniform { min, max } if !(min < max) || !min.is_finite() || !max.is_finite() => {
                bad(format!("nest.random.uniform: min < max required (finite), got min {min}, max {max}"))
            }
            Dist::UniformInt { max } if *max == 0 => bad("nest.random.uniform_int: max > 0 required".into()),
            Dist::Normal { mean, std } if !(*std > 0.0) || !std.is_finite() || !mean.is_finite() => {
                bad(format!("nest.random.normal: std > 0 required (finite mean), got mean {mean}, std {std}"))
            }
            Dist::Lognormal { mean, std } if !(*std > 0.0) || !std.is_finite() || !mean.is_finite() => {
                bad(format!("nest.random.lognormal: std > 0 required (finite mean), got mean {mean}, std {std}"))
            }
            Dist::Exponential { beta } if !beta.is_finite() => bad(format!("nest.random.exponential: beta must be finite, got {beta}")),
            Dist::Redraw { p, min, max } => {
                if !(min <= max) {
                    return bad(format!("nest.math.redraw: min <= max required, got min {min}, max {max}"));
                }
                p.check()
            }
            Dist::Min { p, value } | Dist::Max { p, value } => {
                if value.is_nan() {
                    return bad("nest.math.min/max: the value must be a number, got NaN".into());
                }
                p.check()
            }
            _ => Ok(()),
        }
    }

    /// `true` for a constant.
    pub fn is_const(&self) -> bool {
        matches!(self, Dist::Const(_))
    }

    /// One value (draws from `r`). Fails only when a `redraw` exceeds
    /// [`MAX_REDRAWS`] draws.
    pub fn sample(&self, r: &mut Stream) -> Result<f64> {
        Ok(match self {
            Dist::Const(x) => *x,
            Dist::Uniform { min, max } => min + r.uniform() * (max - min),
            Dist::UniformInt { max } => below(r, *max) as f64,
            Dist::Normal { mean, std } => mean + std * r.normal(),
            Dist::Lognormal { mean, std } => (mean + std * r.normal()).exp(),
            Dist::Exponential { beta } => beta * -(1.0 - r.uniform()).ln(),
            Dist::Redraw { p, min, max } => {
                for _ in 0..MAX_REDRAWS {
                    let x = p.sample(r)?;
                    if x >= *min && x <= *max {
                        return Ok(x);
                    }
                }
                return Err(Error::Range(format!(
                    "nest.math.redraw: Number of redraws exceeded limit of {MAX_REDRAWS} (no value of {} fell within [{min}, {max}])",
                    p.describe()
                )));
            }
            Dist::Min { p, value } => p.sample(r)?.min(*value),
            Dist::Max { p, value } => p.sample(r)?.max(*value),
        })
    }

    /// The PyNEST expression of this parameter (`nest.random.normal(mean=1.0, std=0.1)`).
    pub fn describe(&self) -> String {
        let f = |x: &f64| if x.is_infinite() { if *x > 0.0 { "float('inf')".to_string() } else { "float('-inf')".to_string() } } else { format!("{x:?}") };
        match self {
            Dist::Const(x) => f(x),
            Dist::Uniform { min, max } => format!("nest.random.uniform(min={}, max={})", f(min), f(max)),
            Dist::UniformInt { max } => format!("nest.random.uniform_int(max={max})"),
            Dist::Normal { mean, std } => format!("nest.random.normal(mean={}, std={})", f(mean), f(std)),
            Dist::Lognormal { mean, std } => format!("nest.random.lognormal(mean={}, std={})", f(mean), f(std)),
            Dist::Exponential { beta } => format!("nest.random.exponential(beta={})", f(beta)),
            Dist::Redraw { p, min, max } => format!("nest.math.redraw({}, min={}, max={})", p.describe(), f(min), f(max)),
            Dist::Min { p, value } => format!("nest.math.min({}, {})", p.describe(), f(value)),
            Dist::Max { p, value } => format!("nest.math.max({}, {})", p.describe(), f(value)),
        }
    }
}

/// ln Γ(x) for x ≥ 1 (Lanczos, g = 7, n = 9; relative error < 1e-14).
pub fn ln_gamma(x: f64) -> f64 {
    const C: [f64; 9] = [
        0.999_999_999_999_809_9,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_1,
        -176.615_029_162_140_6,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_572e-6,
        1.505_632_735_149_311_6e-7,
    ];
    let x = x - 1.0;
    let t = x + 7.5;
    let mut a = C[0];
    for (i, &c) in C.iter().enumerate().skip(1) {
        a += c / (x + i as f64);
    }
    0.5 * (2.0 * std::f64::consts::PI).ln() + (x + 0.5) * t.ln() - t + a.ln()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ln_gamma_matches_factorials() {
        let mut f = 1.0f64;
        for n in 1..30 {
            f *= n as f64;
            assert!((ln_gamma(n as f64 + 1.0) - f.ln()).abs() < 1e-12 * f.ln().max(1.0));
        }
    }

    #[test]
    fn poisson_mean_and_variance() {
        // 200k draws: mean and variance within 4 standard errors.
        for &lam in &[0.3, 2.0, 8.0, 15.0, 120.0] {
            let n = 200_000;
            let mut r = stream(42, &[1, 2]);
            let xs: Vec<f64> = (0..n).map(|_| poisson(&mut r, lam, (-lam).exp()) as f64).collect();
            let m = xs.iter().sum::<f64>() / n as f64;
            let v = xs.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / (n - 1) as f64;
            assert!((m - lam).abs() < 4.0 * (lam / n as f64).sqrt(), "lambda {lam}: mean {m}");
            let se_v = ((lam * (1.0 + 3.0 * lam) - lam * lam) / n as f64).sqrt();
            assert!((v - lam).abs() < 4.0 * se_v, "lambda {lam}: var {v}");
        }
    }

    #[test]
    fn table_sampler_equals_sequential_inversion() {
        for &lam in &[0.01, 1.8, 8.0, 12.0] {
            let t = PoissonTable::new(lam);
            for i in 0..20_000u64 {
                let a = t.sample(&mut stream(3, &[i]));
                let b = poisson(&mut stream(3, &[i]), lam, (-lam).exp());
                assert_eq!(a, b, "lambda {lam}, draw {i}");
            }
        }
    }

    #[test]
    fn paths_are_distinct() {
        assert_ne!(stream(1, &[2, 3]).next_u64(), stream(1, &[3, 2]).next_u64());
        assert_eq!(stream(1, &[2, 3]).next_u64(), stream(1, &[2, 3]).next_u64());
        let mut r = stream(5, &[]);
        assert!((0..1000).all(|_| below(&mut r, 7) < 7));
    }

    fn moments(xs: &[f64]) -> (f64, f64) {
        let n = xs.len() as f64;
        let m = xs.iter().sum::<f64>() / n;
        (m, (xs.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / (n - 1.0)).sqrt())
    }

    #[test]
    fn binomial_mean_variance_and_small_case_pmf() {
        for &(n, p) in &[(5u64, 0.3), (40, 0.2), (100, 0.5), (1000, 0.03), (20_000, 0.7), (3_000_000, 0.2)] {
            let draws = 100_000;
            let mut r = stream(11, &[n, (p * 1e6) as u64]);
            let xs: Vec<f64> = (0..draws).map(|_| binomial(&mut r, n, p) as f64).collect();
            assert!(xs.iter().all(|&x| x <= n as f64));
            let (m, sd) = moments(&xs);
            let (mu, var) = (n as f64 * p, n as f64 * p * (1.0 - p));
            assert!((m - mu).abs() < 4.5 * (var / draws as f64).sqrt(), "B({n}, {p}): mean {m} vs {mu}");
            // se of the variance ≈ var·sqrt(2/N) (near-normal)
            assert!((sd * sd - var).abs() < 5.0 * var * (2.0 / draws as f64).sqrt() + 1e-9, "B({n}, {p}): var {} vs {var}", sd * sd);
        }
        // B(4, 0.5): frequencies of 0..4 against 1, 4, 6, 4, 1 / 16 (chi-square, 4 dof, p > 1e-4).
        let mut c = [0f64; 5];
        let mut r = stream(2, &[]);
        let n = 160_000;
        for _ in 0..n {
            c[binomial(&mut r, 4, 0.5) as usize] += 1.0;
        }
        let chi: f64 = c.iter().zip([1.0, 4.0, 6.0, 4.0, 1.0]).map(|(o, w)| (o - n as f64 * w / 16.0).powi(2) / (n as f64 * w / 16.0)).sum();
        assert!(chi < 23.5, "chi2 {chi}");
    }

    #[test]
    fn dist_moments_and_checks() {
        let n = 200_000;
        let draw = |d: &Dist| -> Vec<f64> { (0..n).map(|k| d.sample(&mut stream(5, &[k as u64])).unwrap()).collect() };
        let se = |sd: f64| 4.5 * sd / (n as f64).sqrt();
        let (m, s) = moments(&draw(&Dist::Normal { mean: 1.0, std: 0.1 }));
        assert!((m - 1.0).abs() < se(0.1) && (s - 0.1).abs() < 0.002, "normal {m} {s}");
        let (m, s) = moments(&draw(&Dist::Uniform { min: 0.5, max: 2.0 }));
        assert!((m - 1.25).abs() < se(1.5 / 12f64.sqrt()) && (s - 1.5 / 12f64.sqrt()).abs() < 0.004, "uniform {m} {s}");
        let (m, s) = moments(&draw(&Dist::Exponential { beta: 2.0 }));
        assert!((m - 2.0).abs() < se(2.0) && (s - 2.0).abs() < 0.03, "exponential {m} {s}");
        // lognormal(0.1, 0.3): mean e^(μ+σ²/2), var (e^σ² − 1)·e^(2μ+σ²)
        let (m, s) = moments(&draw(&Dist::Lognormal { mean: 0.1, std: 0.3 }));
        let (mu, sd) = ((0.1f64 + 0.045).exp(), (((0.09f64).exp() - 1.0) * (0.2f64 + 0.09).exp()).sqrt());
        assert!((m - mu).abs() < se(sd) && (s - sd).abs() < 0.01 * sd, "lognormal {m} {s} vs {mu} {sd}");
        let rd = Dist::Redraw { p: Box::new(Dist::Normal { mean: 0.0, std: 1.0 }), min: 0.0, max: f64::INFINITY };
        let xs = draw(&rd);
        assert!(xs.iter().all(|&x| x >= 0.0));
        // half-normal mean sqrt(2/π)
        let (m, _) = moments(&xs);
        assert!((m - (2.0 / std::f64::consts::PI).sqrt()).abs() < se(0.61), "half-normal {m}");
        let clip = Dist::Max { p: Box::new(Dist::Normal { mean: 0.0, std: 1.0 }), value: 0.0 };
        let zeros = draw(&clip).iter().filter(|&&x| x == 0.0).count() as f64 / n as f64;
        assert!((zeros - 0.5).abs() < 0.005, "max clips half: {zeros}");
        let bad = Dist::Redraw { p: Box::new(Dist::Normal { mean: 0.0, std: 1.0 }), min: 100.0, max: 101.0 };
        assert!(bad.sample(&mut stream(1, &[])).unwrap_err().to_string().contains("Number of redraws exceeded limit of 1000"));
        assert!(Dist::Normal { mean: 1.0, std: 0.0 }.check().unwrap_err().to_string().contains("std > 0 required"));
        assert!(Dist::Uniform { min: 2.0, max: 1.0 }.check().unwrap_err().to_string().contains("min < max required"));
        assert!(Dist::Redraw { p: Box::new(Dist::Const(1.0)), min: 2.0, max: 1.0 }.check().unwrap_err().to_string().contains("min <= max required"));
        assert_eq!(rd.describe(), "nest.math.redraw(nest.random.normal(mean=0.0, std=1.0), min=0.0, max=float('inf'))");
    }
}
