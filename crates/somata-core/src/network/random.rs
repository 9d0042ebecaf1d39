//! Random draws for the network, built on the shared counter-based
//! [`crate::rng::Stream`]: streams addressed by a seed and a path of ids
//! (node, connection, step), uniform integers, and Poisson variates.

use crate::rng::Stream;

/// The stream addressed by `seed` and the id path `ids` (e.g. generator node
/// id, connection id, step). Independent of thread count and order.
pub fn stream(seed: u64, ids: &[u64]) -> Stream {
    let mut s = seed;
    let (last, head) = ids.split_last().map(|(l, h)| (*l, h)).unwrap_or((0, &[]));
    for &id in head {
        s = Stream::new(s, id).at(0);
    }
    Stream::new(s, last)
}

/// Uniform integer in `0..n` (n > 0), unbiased (Lemire's method).
#[inline]
pub fn below(r: &mut Stream, n: u64) -> u64 {
    loop {
        let m = (r.next_u64() as u128) * (n as u128);
        if (m as u64) >= n.wrapping_neg() % n {
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
}
