//! `gamma_sup_generator`: each target receives its own superposition of
//! `n_proc` independent gamma processes (shape `gamma_shape`, rate `rate`
//! each), NEST `models/gamma_sup_generator` (Deger et al. 2011, J Comput
//! Neurosci 31:1).
//!
//! Algorithm, as NEST: each target keeps the occupation numbers of the
//! `gamma_shape` internal states of its `n_proc` components, started at the
//! approximate equilibrium (⌊n_proc/k⌋ in every state, the rest in the
//! last). In each active step every state passes a Binomial(occ, p)
//! number of components to the next state, p = rate·k·h/1000 (a Poisson
//! approximation when occ ≥ 100 and p ≤ 0.01, or occ ≥ 500 and p·occ ≤
//! 0.1, capped at occ); components leaving the last state return to the
//! first and are the step's spikes, sent as one event with that
//! multiplicity (stamp s + 1). States advance only in active steps
//! (t_min < s ≤ t_max) and only with rate > 0. They persist across runs
//! (`cont`); targets connected between runs start at equilibrium; a fresh
//! run starts all targets anew.
//!
//! Randomness: the draws of (generator, connection, step) come from
//! somata's streams keyed by the seed, the generator's node id, the
//! connection id and the step, so results do not depend on thread count.
//! NEST's random numbers are not reproduced.
//!
//! Checks as NEST 3.10's `Parameters_::set`, in its order (gamma_shape ≥ 1,
//! rate ≥ 0, n_proc ≥ 1, with NEST's messages; the network adds NEST's
//! "Setting status of a 'gamma_sup_generator' with node ID n: " and the
//! messages end with the valid range and the value). NEST does not check
//! the transition probability p = rate·gamma_shape·dt/1000: with p ≥ 1 its
//! binomial draw (libstdc++'s `std::binomial_distribution` outside its
//! domain) moves every component, so each component advances one state per
//! step, deterministically; somata does the same (NEST 3.10 checked live:
//! rate 20000 Hz, gamma_shape 10, dt 0.1 ms gives one spike per ms).

use std::collections::HashMap;

use super::{check_names, Window};
use crate::error::{Error, Result};
use crate::info::ParamInfo;
use crate::models::nest::{take, Dict};
use crate::network::connect::CsrEdge;
use crate::network::random::{binomial, poisson, stream};
use crate::rng::Stream;

/// Parameters (besides origin/start/stop).
pub const PARAMS: &[ParamInfo] = &[
    ParamInfo::new("rate", "Hz", 0.0, "rate of each component process (>= 0)"),
    ParamInfo::new("gamma_shape", "", 1.0, "shape k of the gamma processes (integer >= 1)"),
    ParamInfo::new("n_proc", "", 1.0, "number of superimposed processes per target (integer >= 1)"),
];

/// Stream tag of this device's draws.
const TAG: u64 = 0x6A55_0001;

/// A gamma_sup_generator.
#[derive(Clone, Debug)]
pub struct GammaSupGenerator {
    /// Rate of each component (Hz).
    pub rate: f64,
    /// Gamma shape k.
    pub gamma_shape: u64,
    /// Components per target.
    pub n_proc: u64,
    /// Activity window.
    pub window: Window,
    /// Transition probability per step (set at the start of a run).
    p: f64,
    /// Occupation numbers per connection id (targets not in the cached row).
    occ: HashMap<u32, Vec<u64>>,
    /// Connection ids of the generator's row as last delivered, and their
    /// occupation numbers in that order (`gamma_shape` per target, flat).
    row_ids: Vec<u32>,
    row_occ: Vec<Vec<u64>>,
    /// Scratch for the transitions of one step.
    trans: Vec<u64>,
}

impl Default for GammaSupGenerator {
    fn default() -> Self {
        GammaSupGenerator { rate: 0.0, gamma_shape: 1, n_proc: 1, window: Window::default(), p: 0.0, occ: HashMap::new(), row_ids: Vec::new(), row_occ: Vec::new(), trans: Vec::new() }
    }
}

fn integer(x: f64, name: &str) -> Result<i64> {
    if x.fract() != 0.0 || !x.is_finite() || x.abs() > 9.007e15 {
        return Err(Error::Type(format!("{name} must be an integer, got {x} (NEST: Failed to cast '{name}' from double to type long)")));
    }
    Ok(x as i64)
}

impl GammaSupGenerator {
    /// Applies a dictionary with NEST's checks (in NEST's order).
    pub fn set(&mut self, d: Dict<'_>) -> Result<()> {
        check_names("gamma_sup_generator", PARAMS, d)?;
        let mut g = self.clone();
        g.window.set(d, "gamma_sup_generator")?;
        if let Some(x) = take(d, "gamma_shape") {
            let k = integer(x, "gamma_shape")?;
            if k < 1 {
                return Err(Error::Range(format!("The shape must be larger or equal 1 (valid: gamma_shape >= 1, an integer; got {k})")));
            }
            g.gamma_shape = k as u64;
        }
        if let Some(x) = take(d, "rate") {
            if !(x >= 0.0) || !x.is_finite() {
                return Err(Error::Range(format!("The rate must be larger than 0. (valid: rate >= 0 Hz; got {x})")));
            }
            g.rate = x;
        }
        if let Some(x) = take(d, "n_proc") {
            let n = integer(x, "n_proc")?;
            if n < 1 {
                return Err(Error::Range(format!("The number of component processes cannot be smaller than one (valid: n_proc >= 1, an integer; got {n})")));
            }
            g.n_proc = n as u64;
        }
        *self = g;
        Ok(())
    }

    /// Reads a parameter.
    pub fn get(&self, name: &str) -> Option<f64> {
        match name {
            "rate" => Some(self.rate),
            "gamma_shape" => Some(self.gamma_shape as f64),
            "n_proc" => Some(self.n_proc as f64),
            _ => self.window.get(name),
        }
    }

    /// A fresh run: every target starts again at equilibrium.
    pub fn reset(&mut self) {
        self.occ.clear();
        self.row_ids.clear();
        self.row_occ.clear();
    }

    /// Start of a run (NEST's `pre_run_hook`): the transition probability
    /// for step `h` ms, unchecked as in NEST (p ≥ 1 moves every component
    /// every step, see the module notes).
    pub fn calibrate(&mut self, h: f64) {
        self.p = self.rate * self.gamma_shape as f64 * h / 1000.0;
    }

    /// The equilibrium start of a target's occupation numbers.
    fn initial(&self) -> Vec<u64> {
        let k = self.gamma_shape;
        let ini = self.n_proc / k;
        let mut v = vec![ini; k as usize];
        *v.last_mut().expect("gamma_shape >= 1") += self.n_proc - ini * k;
        v
    }

    /// One min-delay slice at `origin` over lags `from..to`: for each active
    /// lag (t_min < origin + lag ≤ t_max) with any spike, the multiplicity
    /// sent to each edge of `row` (in row order). Nothing with rate 0.
    #[allow(clippy::too_many_arguments)]
    pub fn slice(&mut self, origin: i64, from: usize, to: usize, t_min: i64, t_max: i64, seed: u64, node: u32, row: &[CsrEdge]) -> Vec<(usize, Vec<f64>)> {
        let mut out = Vec::new();
        if self.rate <= 0.0 || row.is_empty() {
            return out;
        }
        // Keep the states in row order while the row is unchanged (new connections re-sort it).
        if self.row_ids.len() != row.len() || row.iter().zip(&self.row_ids).any(|(e, &id)| e.id != id) {
            for (id, st) in self.row_ids.drain(..).zip(self.row_occ.drain(..)) {
                self.occ.insert(id, st);
            }
            for e in row {
                let st = match self.occ.remove(&e.id) {
                    Some(st) => st,
                    None => self.initial(),
                };
                self.row_ids.push(e.id);
                self.row_occ.push(st);
            }
        }
        let gen_key = gen_key(seed, node);
        let p = self.p;
        for lag in from..to {
            let s = origin + lag as i64;
            if !(t_min < s && s <= t_max) {
                continue;
            }
            let mut any = false;
            let m: Vec<f64> = self
                .row_occ
                .iter_mut()
                .zip(&self.row_ids)
                .map(|(occ, &id)| {
                    let k = advance(occ, p, &mut edge_stream(gen_key, id, s), &mut self.trans);
                    any |= k > 0;
                    k as f64
                })
                .collect();
            if any {
                out.push((lag, m));
            }
        }
        out
    }

    /// Propagates connection `id`'s occupation numbers over global step `s`
    /// and returns its spikes (for connections outside a delivered row).
    pub fn step(&mut self, seed: u64, node: u32, id: u32, s: i64) -> u64 {
        if !self.occ.contains_key(&id) {
            let st = self.initial();
            self.occ.insert(id, st);
        }
        let occ = self.occ.get_mut(&id).expect("inserted");
        advance(occ, self.p, &mut edge_stream(gen_key(seed, node), id, s), &mut self.trans)
    }
}

/// Key of a generator's streams.
fn gen_key(seed: u64, node: u32) -> u64 {
    stream(seed, &[TAG, node as u64]).at(0)
}

/// The stream of connection `id` in global step `s`.
fn edge_stream(gen_key: u64, id: u32, s: i64) -> Stream {
    Stream::new(Stream::new(gen_key, id as u64).at(0), s as u64)
}

/// One step of a target's occupation numbers (NEST's
/// `Internal_states_::update`): Binomial(occ_i, p) components leave each
/// state (Poisson(p·occ_i), capped at occ_i, when occ_i ≥ 100 and p ≤ 0.01,
/// or occ_i ≥ 500 and p·occ_i ≤ 0.1), all drawn before any moves; those
/// leaving the last state return to the first and are the spikes returned.
/// With p ≥ 1 every component moves ([`binomial`] returns occ_i, as NEST's
/// draw does there).
fn advance(occ: &mut [u64], p: f64, r: &mut Stream, trans: &mut Vec<u64>) -> u64 {
    let n = occ.len();
    trans.clear();
    trans.extend(occ.iter().map(|&o| {
        if o == 0 {
            0
        } else if (o >= 100 && p <= 0.01) || (o >= 500 && p * o as f64 <= 0.1) {
            let lam = p * o as f64;
            poisson(r, lam, (-lam).exp()).min(o)
        } else {
            binomial(r, o, p)
        }
    }));
    for i in 0..n {
        let t = trans[i];
        if t > 0 {
            occ[i] -= t;
            occ[if i + 1 == n { 0 } else { i + 1 }] += t;
        }
    }
    trans[n - 1]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn train(g: &mut GammaSupGenerator, id: u32, steps: i64) -> Vec<i64> {
        let mut t = Vec::new();
        for s in 0..steps {
            for _ in 0..g.step(9, 1, id, s) {
                t.push(s);
            }
        }
        t
    }

    fn cv2(t: &[i64]) -> f64 {
        let isi: Vec<f64> = t.windows(2).map(|w| (w[1] - w[0]) as f64).collect();
        let m = isi.iter().sum::<f64>() / isi.len() as f64;
        isi.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / isi.len() as f64 / (m * m)
    }

    #[test]
    fn single_process_rate_and_cv() {
        // NEST test_gamma_sup_generator_single_rate_and_isi: k = 7, 15 Hz, h = 1 ms, 100 s: CV² = 1/k.
        let mut g = GammaSupGenerator::default();
        g.set(&[("rate", 15.0), ("gamma_shape", 7.0), ("n_proc", 1.0)]).unwrap();
        g.calibrate(1.0);
        let t = train(&mut g, 0, 100_000);
        let rate = t.len() as f64 / 100.0;
        assert!((rate - 15.0).abs() < 4.0 * (15.0f64 / 7.0 / 100.0).sqrt(), "rate {rate}");
        let c = cv2(&t);
        assert!((c - 1.0 / 7.0).abs() < 0.02, "CV² {c}");
    }

    #[test]
    fn superposition_cv_matches_deger_2011() {
        // NEST test_gamma_sup_generator_sup_rate_and_cv: k = 5, 10 Hz, 5 processes, h = 1 ms.
        let mut g = GammaSupGenerator::default();
        g.set(&[("rate", 10.0), ("gamma_shape", 5.0), ("n_proc", 5.0)]).unwrap();
        g.calibrate(1.0);
        let t = train(&mut g, 0, 200_000);
        let rate = t.len() as f64 / 200.0;
        assert!((rate - 50.0).abs() < 1.5, "rate {rate}");
        let dbar = 1.0 - 1.0 / 5f64.sqrt();
        let theo = (5.0 - 1.0 + 2.0 * (1.0 - dbar).powi(6)) / 6.0;
        let c = cv2(&t);
        assert!((c / theo - 1.0).abs() < 0.1, "CV² {c} vs {theo}");
    }

    #[test]
    fn checks_and_independent_targets() {
        let mut g = GammaSupGenerator::default();
        assert!(g.set(&[("gamma_shape", 0.0)]).unwrap_err().to_string().contains("The shape must be larger or equal 1"));
        assert!(g.set(&[("rate", -1.0)]).unwrap_err().to_string().contains("The rate must be larger than 0."));
        assert!(g.set(&[("n_proc", 0.0)]).unwrap_err().to_string().contains("cannot be smaller than one"));
        assert!(g.set(&[("gamma_shape", 2.5)]).unwrap_err().to_string().contains("must be an integer"));
        g.set(&[("rate", 25.0), ("gamma_shape", 2.0), ("n_proc", 1000.0)]).unwrap();
        g.calibrate(0.01);
        let a = train(&mut g, 0, 1000);
        let b = train(&mut g, 1, 1000);
        assert_ne!(a, b);
        for x in [&a, &b] {
            let rate = x.len() as f64 / 0.01;
            assert!((rate / 25_000.0 - 1.0).abs() < 0.2, "rate {rate}");
        }
    }

    #[test]
    fn transition_probability_of_one_or_more_moves_every_component_as_nest() {
        // NEST 3.10 (live): rate 20000 Hz, k = 10, h = 0.1 ms (p = 20): one spike every 10 steps;
        // k = 2, n_proc = 3 (p = 1.2): occupations [1, 2] alternate, 2 then 1 spikes per step.
        let mut g = GammaSupGenerator::default();
        g.set(&[("rate", 20000.0), ("gamma_shape", 10.0)]).unwrap();
        g.calibrate(0.1);
        let spikes: Vec<u64> = (0..40).map(|s| g.step(1, 1, 0, s)).collect();
        let want: Vec<u64> = (0..40).map(|s| u64::from(s % 10 == 0)).collect();
        assert_eq!(spikes, want);
        let mut g = GammaSupGenerator::default();
        g.set(&[("rate", 6000.0), ("gamma_shape", 2.0), ("n_proc", 3.0)]).unwrap();
        g.calibrate(0.1);
        let spikes: Vec<u64> = (0..6).map(|s| g.step(1, 1, 0, s)).collect();
        assert_eq!(spikes, vec![2, 1, 2, 1, 2, 1]);
    }
}
