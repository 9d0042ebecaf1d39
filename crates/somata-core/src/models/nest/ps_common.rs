//! What NEST's precise-spiking (`_ps`) models share: the interface the
//! kernel drives them through ([`PreciseNeuron`]), the time-ordered input
//! of one step ([`StepEvents`], NEST's `SliceRingBuffer::get_next_spike`
//! with the refractory pseudo-event), the sink for off-grid spikes
//! ([`Emit`]), NEST's exact propagators evaluated for arbitrary intervals
//! ([`IafPropagator`], `libnestutil/iaf_propagator.cpp`) and the Illinois
//! regula falsi ([`regula_falsi`], `libnestutil/regula_falsi.h`).
//!
//! Time inside a step is measured as NEST does, by offsets: h at the start
//! of the step, 0 at its end. A spike emitted in step T with offset o is
//! stamped T + 1 and happened at (T + 1)·h − o.
//!
//! Every expression is written in NEST's order of operations with libm's
//! `exp`, `log` and `pow` (what NEST's C++ calls) and, where NEST calls
//! `numerics::expm1`, NEST 3.10's own [`expm1`] (its build falls back to a
//! Taylor series; `std::expm1` where NEST calls that), so results agree with
//! NEST 3.10 bit for bit where the input order does.

use super::{Dict, NestModelInfo};
use crate::error::{Error, Result};

/// One input event of a step: its offset (ms before the end of the step)
/// and weight (pA, mV or a multiplicity, by model).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Ev {
    /// Global step the event is delivered in (the step that ends at its time or later).
    pub t: i64,
    /// Offset from the end of that step (ms, 0 ≤ offset < h).
    pub offset: f64,
    /// Weight × multiplicity.
    pub weight: f64,
}

/// An event as the model sees it (NEST's `get_next_spike` outputs).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Event {
    /// Offset from the end of the step (ms).
    pub offset: f64,
    /// Weight (0 for the end of refractoriness).
    pub weight: f64,
    /// `true` for the pseudo-event marking the end of the refractory period.
    pub end_of_refract: bool,
}

/// The input of one step in time order (offsets decreasing): the step's
/// events plus, once the model places it, the end-of-refractoriness
/// pseudo-event, which comes before events with the same or a smaller offset
/// (`SliceRingBuffer::get_next_spike`).
pub struct StepEvents<'a> {
    evs: &'a [Ev],
    pos: usize,
    refract: Option<f64>,
}

impl<'a> StepEvents<'a> {
    /// The events of a step, sorted by decreasing offset.
    pub fn new(evs: &'a [Ev]) -> Self {
        StepEvents { evs, pos: 0, refract: None }
    }

    /// Places the end-of-refractoriness pseudo-event in this step (`add_refractory`).
    pub fn add_refractory(&mut self, offset: f64) {
        self.refract = Some(offset);
    }

    /// The next event, or `None`. With `accumulate`, events with the same
    /// offset are returned as one, their weights summed in order.
    pub fn next(&mut self, accumulate: bool) -> Option<Event> {
        let head = self.evs.get(self.pos);
        if let Some(r) = self.refract {
            if head.is_none_or(|e| r >= e.offset) {
                self.refract = None;
                return Some(Event { offset: r, weight: 0.0, end_of_refract: true });
            }
        }
        let e = head?;
        self.pos += 1;
        let mut w = e.weight;
        if accumulate {
            while let Some(n) = self.evs.get(self.pos) {
                if n.offset != e.offset {
                    break;
                }
                w += n.weight;
                self.pos += 1;
            }
        }
        Some(Event { offset: e.offset, weight: w, end_of_refract: false })
    }
}

/// Where a model sends its spikes of one step: `(offset, multiplicity)`.
pub struct Emit<'a> {
    out: &'a mut Vec<(f64, u32)>,
}

impl<'a> Emit<'a> {
    /// A sink appending to `out`.
    pub fn new(out: &'a mut Vec<(f64, u32)>) -> Self {
        Emit { out }
    }
    /// Sends a spike `offset` ms before the end of the current step.
    #[inline]
    pub fn spike(&mut self, offset: f64, multiplicity: u32) {
        self.out.push((offset, multiplicity));
    }
}

/// A precise-spiking NEST model: one neuron's parameters, variables and
/// state, updated step by step with its input events as NEST's `update()`.
pub trait PreciseNeuron: Clone + Send + Sync + 'static {
    /// The model's self-description.
    const INFO: &'static NestModelInfo;
    /// Channels of the on-grid ring buffers: spikes from on-grid senders
    /// (summed per step, handled as events at offset 0) and currents.
    const CHANNELS: usize;
    /// Channels holding on-grid spikes (the others are currents or ignored ports).
    const SPIKE_CHANNELS: &'static [usize];
    /// The channel of the step-wise constant current, if any.
    const CURRENT_CHANNEL: Option<usize>;
    /// `true` if incoming spikes count their multiplicity only (`parrot_neuron_ps`).
    const COUNTS_SPIKES: bool = false;
    /// A neuron with NEST's defaults.
    fn new() -> Self;
    /// Applies a dictionary (names already checked) with NEST's checks; on
    /// error the neuron is unchanged.
    fn set(&mut self, d: Dict<'_>) -> Result<()>;
    /// Reads a parameter or state variable in NEST units.
    fn get(&self, name: &str) -> Option<f64>;
    /// `pre_run_hook`: variables for steps of `h` ms (the kernel passes
    /// [`h_ms`]) of `tics_per_step` tics (1000 tics/ms, for t_ref in steps).
    fn calibrate(&mut self, h: f64, tics_per_step: i64);
    /// Initial state (a fresh run from t = 0).
    fn reset(&mut self);
    /// The ring-buffer channel of a spike with weight `w` on `receptor`.
    fn spike_channel(receptor: u32, w: f64) -> Option<usize>;
    /// The channel of a current on `receptor`.
    fn current_channel(receptor: u32) -> Option<usize>;
    /// Start of a slice (update call), before its first step `t`: NEST fires
    /// an "instant" spike if the neuron starts above threshold.
    fn slice_start(&mut self, _t: i64, _out: &mut Emit<'_>) {}
    /// Step `t` (from t·h to (t+1)·h) with its input events in time order;
    /// `current` is the step-wise constant current read at the end of the
    /// step (it drives the next one).
    fn step(&mut self, t: i64, ev: &mut StepEvents<'_>, current: f64, out: &mut Emit<'_>) -> Result<()>;
    /// Recordable `k` (index into `INFO.recordables`), in NEST units.
    fn recordable(&self, k: usize) -> f64;
}

/// NEST 3.10's `numerics::expm1` as its released builds compile it (the
/// configure check for the library `expm1` fails there, so
/// `libnestutil/numerics.h` falls back to GSL's series): 0 at 0,
/// `exp(x) − 1` for |x| > ln 2, else the Taylor series x + x²/2! + … summed
/// until a term drops below ε·|sum|. It differs from libm's `expm1` in the
/// last bits; NEST after 3.10 uses `std::expm1`.
#[inline]
pub fn expm1(x: f64) -> f64 {
    if x == 0.0 {
        return 0.0;
    }
    if x.abs() > std::f64::consts::LN_2 {
        return x.exp() - 1.0;
    }
    let mut sum = x;
    let mut term = x * x / 2.0;
    let mut n = 2i64;
    while term.abs() > sum.abs() * f64::EPSILON {
        sum += term;
        n += 1;
        term *= x / n as f64;
    }
    sum
}

/// The resolution in ms as NEST's `Time::get_resolution().get_ms()` gives it.
#[inline]
pub fn h_ms(tics_per_step: i64) -> f64 {
    (1.0 / 1000.0) * tics_per_step as f64
}

/// `Time(Time::ms(t)).get_steps()`: to tics (nearest), then up to whole steps.
#[inline]
pub fn steps_of(ms: f64, tics_per_step: i64) -> i64 {
    super::ms_to_steps_ceil(ms, tics_per_step)
}

/// NEST's `IAFPropagator` for a current with time constant `tau_syn` into a
/// membrane (`tau_m`, `c_m`), for any interval h, including its fallback to
/// the singular forms near τm = τs.
#[derive(Clone, Copy, Debug, Default)]
pub struct IafPropagator {
    h_min_regular: f64,
    beta: f64,
    gamma: f64,
    inv_tau_syn: f64,
    inv_tau_m: f64,
    inv_c_m: f64,
    inv_beta: f64,
}

impl IafPropagator {
    /// `IAFPropagator(tau_syn, tau_m, c_m)`.
    pub fn new(tau_syn: f64, tau_m: f64, c_m: f64) -> Self {
        let beta = tau_syn * tau_m / (tau_m - tau_syn);
        IafPropagator {
            h_min_regular: 1e-7 * tau_m * tau_m / (tau_m - tau_syn).abs(),
            beta,
            gamma: beta / c_m,
            inv_tau_syn: 1.0 / tau_syn,
            inv_tau_m: 1.0 / tau_m,
            inv_c_m: 1.0 / c_m,
            inv_beta: (tau_m - tau_syn) / (tau_syn * tau_m),
        }
    }

    /// `evaluate_P32_`: (P32, e^(−h/τs), expm1(h/β), e^(−h/τm) or NaN).
    #[inline]
    fn p32(&self, h: f64) -> (f64, f64, f64, f64) {
        let exp_h_tau_syn = (-h * self.inv_tau_syn).exp();
        let expm1_h_tau = expm1(h * self.inv_beta);
        let p32 = self.gamma * exp_h_tau_syn * expm1_h_tau;
        if p32.is_normal() && p32 > 0.0 {
            (p32, exp_h_tau_syn, expm1_h_tau, f64::NAN)
        } else {
            let exp_h_tau = (-h * self.inv_tau_m).exp();
            (h * self.inv_c_m * exp_h_tau, exp_h_tau_syn, expm1_h_tau, exp_h_tau)
        }
    }

    /// `IAFPropagatorExp::evaluate(h)`: P21 from an exponential current to V.
    #[inline]
    pub fn exp(&self, h: f64) -> f64 {
        self.p32(h).0
    }

    /// `IAFPropagatorAlpha::evaluate(h)`: (P31, P32) from an alpha current's dI and I to V.
    #[inline]
    pub fn alpha(&self, h: f64) -> (f64, f64) {
        let (p32, exp_h_tau_syn, expm1_h_tau, mut exp_h_tau) = self.p32(h);
        if h > self.h_min_regular {
            return (self.gamma * exp_h_tau_syn * (self.beta * expm1_h_tau - h), p32);
        }
        if exp_h_tau.is_nan() {
            exp_h_tau = (-h * self.inv_tau_m).exp();
        }
        (0.5 * h * h * self.inv_c_m * exp_h_tau, p32)
    }
}

/// Illinois regula falsi on [0, dt] for a root of `dist` (NEST's
/// `regula_falsi`): stops when |dist| < 1e-14, at most 500 iterations.
/// `dist(0)` and `dist(dt)` must not have the same sign.
pub fn regula_falsi(dist: impl Fn(f64) -> f64, dt: f64) -> std::result::Result<f64, &'static str> {
    const MAX_ITER: usize = 500;
    const TERMINATION_CRITERION: f64 = 1e-14;
    let mut last_sign = 0i32;
    let (mut a_k, mut b_k) = (0.0f64, dt);
    let mut fa = dist(a_k);
    let mut fb = dist(b_k);
    if fa * fb > 0.0 {
        return Err("regula_falsi: time step too short to reach threshold.");
    }
    for _ in 0..MAX_ITER {
        let root = (a_k * fb - b_k * fa) / (fb - fa);
        let fr = dist(root);
        if fr.abs() < TERMINATION_CRITERION {
            return Ok(root);
        }
        if fa * fr > 0.0 {
            a_k = root;
            fa = fr;
            if last_sign == 1 {
                fb /= 2.0;
            }
            last_sign = 1;
        } else if fb * fr > 0.0 {
            b_k = root;
            fb = fr;
            if last_sign == -1 {
                fa /= 2.0;
            }
            last_sign = -1;
        } else {
            return Err("regula_falsi: Regula falsi method did not converge");
        }
    }
    Err("regula_falsi: Regula falsi method did not converge during set number of iterations")
}

/// The error NEST raises as `NumericalInstability`, naming the model and time.
pub fn instability(model: &str, t: i64, h: f64, msg: &str) -> Error {
    Error::NonFinite(format!("{model}: numerical instability in the step ending at {} ms: {msg}", (t + 1) as f64 * h))
}

/// NEST's common checks of the `_ps` IAF parameters (potentials relative to E_L).
pub fn check_iaf(model: &str, u_reset: f64, u_th: f64, u_min: f64, c_m: f64, t_ref: f64, taus: &[f64]) -> Result<()> {
    let bad = |m: &str| Err(super::bad(model, m));
    if u_reset >= u_th {
        return bad("Reset potential must be smaller than threshold.");
    }
    if u_reset < u_min {
        return bad("Reset potential must be greater equal minimum potential.");
    }
    if c_m <= 0.0 || c_m.is_nan() {
        return bad("Capacitance must be strictly positive.");
    }
    // Time(Time::ms(t_ref)).get_steps() >= 1 at any resolution: t_ref rounds to at least one tic.
    if !(t_ref.is_finite() && steps_of(t_ref, 1) >= 1) {
        return bad("Refractory time must be at least one time step.");
    }
    if taus.iter().any(|&t| !(t > 0.0)) {
        return bad("All time constants must be strictly positive.");
    }
    Ok(())
}

/// The membrane parameters every `_ps` IAF model has, with the potentials
/// stored relative to E_L as NEST stores them.
#[derive(Clone, Copy, Debug)]
pub struct PsMembrane {
    /// Membrane time constant (ms).
    pub tau_m: f64,
    /// Capacitance (pF).
    pub c_m: f64,
    /// Refractory period (ms).
    pub t_ref: f64,
    /// Resting potential (mV).
    pub e_l: f64,
    /// Constant input current (pA).
    pub i_e: f64,
    /// Threshold relative to E_L (mV).
    pub u_th: f64,
    /// Lower bound of the potential relative to E_L (mV).
    pub u_min: f64,
    /// Reset potential relative to E_L (mV).
    pub u_reset: f64,
}

impl PsMembrane {
    /// NEST's defaults, with the model's lower bound `u_min` (−∞, or
    /// −DBL_MAX for `iaf_psc_delta_ps`).
    pub fn new(u_min: f64) -> Self {
        PsMembrane { tau_m: 10.0, c_m: 250.0, t_ref: 2.0, e_l: -70.0, i_e: 0.0, u_th: 15.0, u_min, u_reset: 0.0 }
    }

    /// Applies a dictionary's membrane entries (E_L first, the potentials
    /// relative to the new E_L); returns how far E_L moved.
    pub fn set(&mut self, d: Dict<'_>) -> f64 {
        let (e_l, [u_th, u_min, u_reset, _]) = set_potentials(d, self.e_l, [self.u_th, self.u_min, self.u_reset, 0.0]);
        let delta = e_l - self.e_l;
        (self.e_l, self.u_th, self.u_min, self.u_reset) = (e_l, u_th, u_min, u_reset);
        for (name, f) in [("tau_m", &mut self.tau_m), ("C_m", &mut self.c_m), ("t_ref", &mut self.t_ref), ("I_e", &mut self.i_e)] {
            if let Some(x) = super::take(d, name) {
                *f = x;
            }
        }
        delta
    }

    /// NEST's checks of the IAF `_ps` parameters ([`check_iaf`]) with the
    /// model's synaptic time constants.
    pub fn check(&self, model: &str, tau_syn: &[f64]) -> Result<()> {
        let mut taus = vec![self.tau_m];
        taus.extend_from_slice(tau_syn);
        check_iaf(model, self.u_reset, self.u_th, self.u_min, self.c_m, self.t_ref, &taus)
    }

    /// Applies `V_m` to the potential `v` and its initial value `v_init`
    /// (both relative to E_L): the given value, or the old ones moved with
    /// E_L by `delta`.
    pub fn set_v_m(&self, d: Dict<'_>, delta: f64, v: &mut f64, v_init: &mut f64) {
        match super::take(d, "V_m") {
            Some(x) => {
                *v = x - self.e_l;
                *v_init = *v;
            }
            None => {
                *v -= delta;
                *v_init -= delta;
            }
        }
    }

    /// Reads a membrane parameter in NEST units.
    pub fn get(&self, name: &str) -> Option<f64> {
        Some(match name {
            "E_L" => self.e_l,
            "C_m" => self.c_m,
            "tau_m" => self.tau_m,
            "t_ref" => self.t_ref,
            "V_th" => self.u_th + self.e_l,
            "V_reset" => self.u_reset + self.e_l,
            "V_min" => self.u_min + self.e_l,
            "I_e" => self.i_e,
            _ => return None,
        })
    }
}

/// Applies NEST's E_L-relative potentials of a `Parameters_::set`: returns
/// the new E_L and (V_th, V_min, V_reset, V_m) relative to it.
pub fn set_potentials(d: Dict<'_>, e_l: f64, rel: [f64; 4]) -> (f64, [f64; 4]) {
    let e_new = super::take(d, "E_L").unwrap_or(e_l);
    let delta = e_new - e_l;
    let mut out = rel;
    for (k, name) in ["V_th", "V_min", "V_reset", "V_m"].iter().enumerate() {
        out[k] = match super::take(d, name) {
            Some(x) => x - e_new,
            None => rel[k] - delta,
        };
    }
    (e_new, out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_come_in_time_order_with_refractory_first_on_ties() {
        let evs = [Ev { t: 5, offset: 0.07, weight: 1.0 }, Ev { t: 5, offset: 0.03, weight: 2.0 }, Ev { t: 5, offset: 0.03, weight: 3.0 }, Ev { t: 5, offset: 0.0, weight: 4.0 }];
        let mut s = StepEvents::new(&evs);
        s.add_refractory(0.03);
        let got: Vec<Event> = std::iter::from_fn(|| s.next(true)).collect();
        assert_eq!(got.len(), 4);
        assert_eq!((got[0].offset, got[0].weight, got[0].end_of_refract), (0.07, 1.0, false));
        assert!(got[1].end_of_refract && got[1].offset == 0.03);
        assert_eq!((got[2].offset, got[2].weight), (0.03, 5.0));
        assert_eq!((got[3].offset, got[3].weight), (0.0, 4.0));
        let mut s = StepEvents::new(&evs);
        assert_eq!(std::iter::from_fn(|| s.next(false)).count(), 4);
        let mut s = StepEvents::new(&[]);
        assert!(s.next(false).is_none());
        s.add_refractory(0.05);
        assert!(s.next(false).unwrap().end_of_refract);
        assert!(s.next(false).is_none());
    }

    #[test]
    fn nest_expm1_is_the_series_of_nest_3_10() {
        assert_eq!(expm1(0.0), 0.0);
        assert_eq!(expm1(1.0), 1.0f64.exp() - 1.0);
        assert_eq!(expm1(-0.7), (-0.7f64).exp() - 1.0);
        // Within a few ulps of libm's expm1, but not always equal to it.
        let mut differ = 0;
        for k in 1..2000 {
            let x = -0.69 + k as f64 * 0.00069;
            let (a, b) = (expm1(x), x.exp_m1());
            assert!((a - b).abs() <= 4.0 * f64::EPSILON * b.abs(), "{x}: {a} vs {b}");
            differ += usize::from(a != b);
        }
        assert!(differ > 0);
        // The value that made NEST 3.10's h = 0.1 ms DC trace differ from libm's (tau_m = 10 ms).
        assert_ne!(expm1(-0.01), (-0.01f64).exp_m1());
    }

    #[test]
    fn regula_falsi_finds_the_root_and_rejects_unbracketed_intervals() {
        let r = regula_falsi(|t| 1.0 - (-t).exp() - 0.5, 2.0).unwrap();
        assert!((r - std::f64::consts::LN_2).abs() < 1e-13);
        assert!(regula_falsi(|t| t + 1.0, 1.0).is_err());
    }

    #[test]
    fn propagators_match_closed_forms_and_vanish_at_zero() {
        let (ts, tm, c) = (2.0f64, 10.0f64, 250.0f64);
        let p = IafPropagator::new(ts, tm, c);
        for h in [0.1, 0.37, 1.0] {
            let beta = ts * tm / (tm - ts);
            let p32 = beta / c * ((-h / tm).exp() - (-h / ts).exp());
            assert!((p.exp(h) - p32).abs() < 1e-15);
            assert!((p.alpha(h).1 - p32).abs() < 1e-15);
        }
        assert_eq!(p.alpha(0.0), (0.0, 0.0));
        assert_eq!(p.exp(0.0), 0.0);
        // Singular case τs = τm: P32 = h/C·e^(−h/τm).
        let s = IafPropagator::new(tm, tm, c);
        assert!((s.exp(0.5) - 0.5 / c * (-0.05f64).exp()).abs() < 1e-18);
    }
}
