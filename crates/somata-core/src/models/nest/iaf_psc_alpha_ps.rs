//! `iaf_psc_alpha_ps`: leaky integrate-and-fire neuron with alpha-shaped
//! postsynaptic currents and precise (off-grid) spike times (NEST
//! `models/iaf_psc_alpha_ps`).
//!
//! The state (V, I and dI per sign, the external current) is propagated
//! exactly from event to event inside each step; an input spike of weight w
//! adds e·w/τs to dI at its exact time (w ≥ 0 excitatory). A threshold
//! crossing inside a mini-step is located by Illinois regula falsi on the
//! exact V(t) from the mini-step's initial state. Refractoriness ends at the
//! exact time t_spike + t_ref (t_ref in whole steps); V is clamped to
//! V_reset meanwhile, the currents keep evolving.

use super::ps_common::{expm1, instability, regula_falsi, steps_of, Emit, IafPropagator, PreciseNeuron, PsMembrane, StepEvents};
use super::{Dict, NestModelInfo};
use crate::error::Result;
use crate::info::{ParamInfo, VarInfo};

use ParamInfo as P;
use VarInfo as V;

const INFO: NestModelInfo = NestModelInfo {
    name: "iaf_psc_alpha_ps",
    family: "iaf_psc",
    category: "B: exact analytic propagators, precise spike times",
    title: "Leaky integrate-and-fire neuron with alpha-shaped postsynaptic currents, precise spike timing",
    params: &[
        P::new("E_L", "mV", -70.0, "resting membrane potential"),
        P::new("C_m", "pF", 250.0, "membrane capacitance (> 0)"),
        P::new("tau_m", "ms", 10.0, "membrane time constant (> 0)"),
        P::new("tau_syn_ex", "ms", 2.0, "rise time of the excitatory alpha current (> 0)"),
        P::new("tau_syn_in", "ms", 2.0, "rise time of the inhibitory alpha current (> 0)"),
        P::new("t_ref", "ms", 2.0, "absolute refractory period (at least one step)"),
        P::new("V_th", "mV", -55.0, "spike threshold (> V_reset)"),
        P::new("V_reset", "mV", -70.0, "reset potential (>= V_min)"),
        P::new("V_min", "mV", f64::NEG_INFINITY, "absolute lower bound of V_m"),
        P::new("I_e", "pA", 0.0, "constant input current"),
    ],
    state: &[V::new("V_m", "mV", -70.0, "membrane potential")],
    recordables: &[
        V::new("V_m", "mV", -70.0, "membrane potential"),
        V::new("I_syn_ex", "pA", 0.0, "excitatory synaptic current"),
        V::new("I_syn_in", "pA", 0.0, "inhibitory synaptic current"),
    ],
    receptors: "spikes: receptor 0 (weight ≥ 0 excitatory, < 0 inhibitory; pA; off-grid times kept); currents: receptor 0 (step-wise constant)",
    notes: &[
        "Precise spike times as NEST 3.10: mini-steps between input events with NEST's propagators (IAFPropagatorAlpha), Illinois regula falsi for the crossing (|ΔV| < 1e-14, ≤ 500 iterations).",
        "A weight of 0 counts as excitatory (NEST's ps models test w ≥ 0; the grid models send 0 to the inhibitory current).",
        "On-grid input spikes (offset 0) are separate events, applied one by one in NEST's order (network/precise.rs).",
    ],
};

/// One `iaf_psc_alpha_ps` neuron.
#[derive(Clone, Debug)]
pub struct IafPscAlphaPs {
    /// Membrane parameters (potentials relative to E_L).
    m: PsMembrane,
    // Other parameters.
    tau_syn_ex: f64,
    tau_syn_in: f64,
    v_init: f64,
    // Variables.
    prop_ex: IafPropagator,
    prop_in: IafPropagator,
    h: f64,
    psc_norm_ex: f64,
    psc_norm_in: f64,
    refractory_steps: i64,
    expm1_tau_m: f64,
    exp_tau_syn_ex: f64,
    exp_tau_syn_in: f64,
    p30: f64,
    p31_ex: f64,
    p32_ex: f64,
    p31_in: f64,
    p32_in: f64,
    inv_tau_m: f64,
    inv_tau_syn_ex: f64,
    inv_tau_syn_in: f64,
    inv_c_m: f64,
    // State at the beginning of the mini-step (for the crossing).
    y_input_before: f64,
    i_ex_before: f64,
    i_in_before: f64,
    di_ex_before: f64,
    di_in_before: f64,
    v_m_before: f64,
    // State.
    y_input: f64,
    i_ex: f64,
    di_ex: f64,
    i_in: f64,
    di_in: f64,
    v_m: f64,
    is_refractory: bool,
    last_spike_step: i64,
    last_spike_offset: f64,
}

impl IafPscAlphaPs {
    /// Exact propagation over `dt` ms (`propagate_`).
    fn propagate(&mut self, dt: f64) {
        if !self.is_refractory {
            let expm1_tau_m = expm1(-dt * self.inv_tau_m);
            let ps_p30 = -self.m.tau_m * self.inv_c_m * expm1_tau_m;
            let (p31_ex, p32_ex) = self.prop_ex.alpha(dt);
            let (p31_in, p32_in) = self.prop_in.alpha(dt);
            self.v_m = ps_p30 * (self.m.i_e + self.y_input) + p31_ex * self.di_ex + p32_ex * self.i_ex + p31_in * self.di_in + p32_in * self.i_in + self.v_m * expm1_tau_m + self.v_m;
            self.v_m = if self.v_m < self.m.u_min { self.m.u_min } else { self.v_m };
        }
        let e_ex = (-dt * self.inv_tau_syn_ex).exp();
        let e_in = (-dt * self.inv_tau_syn_in).exp();
        self.i_ex = e_ex * dt * self.di_ex + e_ex * self.i_ex;
        self.di_ex *= e_ex;
        self.i_in = e_in * dt * self.di_in + e_in * self.i_in;
        self.di_in *= e_in;
    }

    /// V − V_th a time `t` after the start of the mini-step (`threshold_distance`).
    fn threshold_distance(&self, t: f64) -> f64 {
        let expm1_tau_m = expm1(-t * self.inv_tau_m);
        let ps_p30 = -self.m.tau_m * self.inv_c_m * expm1_tau_m;
        let (p31_ex, p32_ex) = self.prop_ex.alpha(t);
        let (p31_in, p32_in) = self.prop_in.alpha(t);
        let v = ps_p30 * (self.m.i_e + self.y_input_before) + p31_ex * self.di_ex_before + p32_ex * self.i_ex_before + p31_in * self.di_in_before + p32_in * self.i_in_before + self.v_m_before * expm1_tau_m + self.v_m_before;
        v - self.m.u_th
    }

    /// A spike at the crossing inside the mini-step [t0, t0 + dt] (time from
    /// the start of step `t`) (`emit_spike_`).
    fn emit_spike(&mut self, t: i64, t0: f64, dt: f64, out: &mut Emit<'_>) -> Result<()> {
        let root = regula_falsi(|x| self.threshold_distance(x), dt).map_err(|m| instability(INFO.name, t, self.h, m))?;
        self.last_spike_step = t + 1;
        self.last_spike_offset = self.h - (t0 + root);
        self.v_m = self.m.u_reset;
        self.is_refractory = true;
        out.spike(self.last_spike_offset, 1);
        Ok(())
    }

    fn emit_instant_spike(&mut self, t: i64, offset: f64, out: &mut Emit<'_>) {
        self.last_spike_step = t + 1;
        self.last_spike_offset = offset;
        self.v_m = self.m.u_reset;
        self.is_refractory = true;
        out.spike(offset, 1);
    }
}

impl PreciseNeuron for IafPscAlphaPs {
    const INFO: &'static NestModelInfo = &INFO;
    /// Channels: on-grid spikes with w ≥ 0, with w < 0, current.
    const CHANNELS: usize = 3;
    const SPIKE_CHANNELS: &'static [usize] = &[0, 1];
    const CURRENT_CHANNEL: Option<usize> = Some(2);

    fn new() -> Self {
        IafPscAlphaPs {
            m: PsMembrane::new(f64::NEG_INFINITY),
            tau_syn_ex: 2.0,
            tau_syn_in: 2.0,
            v_init: 0.0,
            prop_ex: IafPropagator::default(),
            prop_in: IafPropagator::default(),
            h: 0.1,
            psc_norm_ex: 0.0,
            psc_norm_in: 0.0,
            refractory_steps: 0,
            expm1_tau_m: 0.0,
            exp_tau_syn_ex: 0.0,
            exp_tau_syn_in: 0.0,
            p30: 0.0,
            p31_ex: 0.0,
            p32_ex: 0.0,
            p31_in: 0.0,
            p32_in: 0.0,
            inv_tau_m: 0.0,
            inv_tau_syn_ex: 0.0,
            inv_tau_syn_in: 0.0,
            inv_c_m: 0.0,
            y_input_before: 0.0,
            i_ex_before: 0.0,
            i_in_before: 0.0,
            di_ex_before: 0.0,
            di_in_before: 0.0,
            v_m_before: 0.0,
            y_input: 0.0,
            i_ex: 0.0,
            di_ex: 0.0,
            i_in: 0.0,
            di_in: 0.0,
            v_m: 0.0,
            is_refractory: false,
            last_spike_step: -1,
            last_spike_offset: 0.0,
        }
    }

    fn set(&mut self, d: Dict<'_>) -> Result<()> {
        let mut n = self.clone();
        let delta = n.m.set(d);
        for (name, f) in [("tau_syn_ex", &mut n.tau_syn_ex), ("tau_syn_in", &mut n.tau_syn_in)] {
            if let Some(x) = super::take(d, name) {
                *f = x;
            }
        }
        n.m.check(INFO.name, &[n.tau_syn_ex, n.tau_syn_in])?;
        n.m.set_v_m(d, delta, &mut n.v_m, &mut n.v_init);
        *self = n;
        Ok(())
    }

    fn get(&self, name: &str) -> Option<f64> {
        if let v @ Some(_) = self.m.get(name) {
            return v;
        }
        Some(match name {
            "tau_syn_ex" => self.tau_syn_ex,
            "tau_syn_in" => self.tau_syn_in,
            "V_m" => self.v_m + self.m.e_l,
            "I_syn_ex" => self.i_ex,
            "I_syn_in" => self.i_in,
            "dI_syn_ex" => self.di_ex,
            "dI_syn_in" => self.di_in,
            "is_refractory" => f64::from(u8::from(self.is_refractory)),
            _ => return None,
        })
    }

    fn calibrate(&mut self, h: f64, tics_per_step: i64) {
        self.h = h;
        self.inv_c_m = 1.0 / self.m.c_m;
        self.inv_tau_m = 1.0 / self.m.tau_m;
        self.inv_tau_syn_ex = 1.0 / self.tau_syn_ex;
        self.inv_tau_syn_in = 1.0 / self.tau_syn_in;
        self.psc_norm_ex = std::f64::consts::E * self.inv_tau_syn_ex;
        self.psc_norm_in = std::f64::consts::E * self.inv_tau_syn_in;
        self.expm1_tau_m = expm1(-h / self.m.tau_m);
        self.exp_tau_syn_ex = (-h / self.tau_syn_ex).exp();
        self.exp_tau_syn_in = (-h / self.tau_syn_in).exp();
        self.p30 = -self.m.tau_m / self.m.c_m * self.expm1_tau_m;
        self.prop_ex = IafPropagator::new(self.tau_syn_ex, self.m.tau_m, self.m.c_m);
        (self.p31_ex, self.p32_ex) = self.prop_ex.alpha(h);
        self.prop_in = IafPropagator::new(self.tau_syn_in, self.m.tau_m, self.m.c_m);
        (self.p31_in, self.p32_in) = self.prop_in.alpha(h);
        self.refractory_steps = steps_of(self.m.t_ref, tics_per_step);
    }

    fn reset(&mut self) {
        self.y_input = 0.0;
        self.i_ex = 0.0;
        self.di_ex = 0.0;
        self.i_in = 0.0;
        self.di_in = 0.0;
        self.v_m = self.v_init;
        self.is_refractory = false;
        self.last_spike_step = -1;
        self.last_spike_offset = 0.0;
    }

    fn spike_channel(receptor: u32, w: f64) -> Option<usize> {
        (receptor == 0).then_some(if w >= 0.0 { 0 } else { 1 })
    }

    fn current_channel(receptor: u32) -> Option<usize> {
        (receptor == 0).then_some(2)
    }

    fn slice_start(&mut self, t: i64, out: &mut Emit<'_>) {
        if self.v_m >= self.m.u_th {
            self.emit_instant_spike(t, self.h * (1.0 - f64::EPSILON), out);
        }
    }

    fn step(&mut self, t: i64, ev: &mut StepEvents<'_>, current: f64, out: &mut Emit<'_>) -> Result<()> {
        if self.is_refractory && t + 1 - self.last_spike_step == self.refractory_steps {
            ev.add_refractory(self.last_spike_offset);
        }
        self.y_input_before = self.y_input;
        self.i_ex_before = self.i_ex;
        self.i_in_before = self.i_in;
        self.di_ex_before = self.di_ex;
        self.di_in_before = self.di_in;
        self.v_m_before = self.v_m;
        match ev.next(false) {
            None => {
                if !self.is_refractory {
                    self.v_m = self.p30 * (self.m.i_e + self.y_input) + self.p31_ex * self.di_ex + self.p32_ex * self.i_ex + self.p31_in * self.di_in + self.p32_in * self.i_in + self.expm1_tau_m * self.v_m + self.v_m;
                    self.v_m = if self.v_m < self.m.u_min { self.m.u_min } else { self.v_m };
                }
                self.i_ex = self.exp_tau_syn_ex * self.h * self.di_ex + self.exp_tau_syn_ex * self.i_ex;
                self.di_ex *= self.exp_tau_syn_ex;
                self.i_in = self.exp_tau_syn_in * self.h * self.di_in + self.exp_tau_syn_in * self.i_in;
                self.di_in *= self.exp_tau_syn_in;
                if self.v_m >= self.m.u_th {
                    self.emit_spike(t, 0.0, self.h, out)?;
                }
            }
            Some(mut e) => {
                let mut last_offset = self.h;
                loop {
                    let ministep = last_offset - e.offset;
                    self.propagate(ministep);
                    if self.v_m >= self.m.u_th {
                        self.emit_spike(t, self.h - last_offset, ministep, out)?;
                    }
                    if e.end_of_refract {
                        self.is_refractory = false;
                    } else if e.weight >= 0.0 {
                        self.di_ex += self.psc_norm_ex * e.weight;
                    } else {
                        self.di_in += self.psc_norm_in * e.weight;
                    }
                    self.i_ex_before = self.i_ex;
                    self.i_in_before = self.i_in;
                    self.di_ex_before = self.di_ex;
                    self.di_in_before = self.di_in;
                    self.v_m_before = self.v_m;
                    last_offset = e.offset;
                    match ev.next(false) {
                        Some(n) => e = n,
                        None => break,
                    }
                }
                if last_offset > 0.0 {
                    self.propagate(last_offset);
                    if self.v_m >= self.m.u_th {
                        self.emit_spike(t, self.h - last_offset, last_offset, out)?;
                    }
                }
            }
        }
        self.y_input = current;
        Ok(())
    }

    #[inline]
    fn recordable(&self, k: usize) -> f64 {
        match k {
            0 => self.v_m + self.m.e_l,
            1 => self.i_ex,
            _ => self.i_in,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::ps_common::Ev;
    use super::*;

    /// Runs `steps` steps from t = 0 with per-step input; returns spike times.
    pub(crate) fn run<N: PreciseNeuron>(n: &mut N, h: f64, from: i64, steps: i64, input: impl Fn(i64) -> Vec<Ev>) -> Vec<f64> {
        let mut spikes = Vec::new();
        for t in from..from + steps {
            let mut out = Vec::new();
            if t == from {
                n.slice_start(t, &mut Emit::new(&mut out));
            }
            let evs = input(t);
            n.step(t, &mut StepEvents::new(&evs), 0.0, &mut Emit::new(&mut out)).unwrap();
            spikes.extend(out.iter().map(|&(o, _)| (t + 1) as f64 * h - o));
        }
        spikes
    }

    fn dc(model: &mut IafPscAlphaPs, th: f64, h: f64) {
        *model = IafPscAlphaPs::new();
        model.set(&[("E_L", 0.0), ("V_m", 0.0), ("V_th", th), ("I_e", 1000.0), ("tau_m", 10.0), ("C_m", 250.0)]).unwrap();
        model.calibrate(h, 2);
        model.reset();
    }

    /// `test_iaf_ps_dc_accuracy` / `test_iaf_ps_dc_t_accuracy`, h = 2^0 … 2^-13.
    #[test]
    fn dc_accuracy() {
        let mut n = IafPscAlphaPs::new();
        for k in 0..14 {
            let h = 1.0 / (1i64 << k) as f64;
            for (t_end, tol) in [(5.0, 1e-13), (500.0, 1e-9)] {
                dc(&mut n, 2000.0, h);
                run(&mut n, h, 0, (t_end / h) as i64, |_| vec![]);
                let want = 1000.0 * 10.0 / 250.0 * (1.0 - (-t_end / 10.0f64).exp());
                assert!((n.recordable(0) - want).abs() < tol, "h = {h}, T = {t_end}");
            }
            dc(&mut n, 15.0, h);
            let s = run(&mut n, h, 0, (5.0 / h) as i64, |_| vec![]);
            assert_eq!(s.len(), 1);
            assert!((s[0] - 4.700036292457356).abs() < 1e-13, "h = {h}: {}", s[0]);
        }
    }

    /// `test_iaf_ps_psp_accuracy`: one off-grid spike (1.132123512 ms,
    /// delay 1 ms, 500 pA, τs 0.3) against the analytic alpha PSP at 3 and 6 ms.
    #[test]
    fn psp_accuracy() {
        let (tau_syn, tau_m, c_m, w) = (0.3f64, 10.0f64, 250.0f64, 500.0f64);
        let psp = |t: f64| {
            let pre = w * std::f64::consts::E / (tau_syn * c_m);
            let a = 1.0 / tau_syn - 1.0 / tau_m;
            pre * (((-t / tau_m).exp() - (-t / tau_syn).exp()) / (a * a) - t * (-t / tau_syn).exp() / a)
        };
        for k in (0..=12).step_by(2) {
            let h = 1.0 / (1i64 << k) as f64;
            let mut n = IafPscAlphaPs::new();
            n.set(&[("E_L", 0.0), ("V_m", 0.0), ("V_th", 15.0), ("tau_m", tau_m), ("tau_syn_ex", tau_syn), ("tau_syn_in", tau_syn), ("C_m", c_m)]).unwrap();
            n.calibrate(h, 2);
            n.reset();
            let t_arr = 1.132123512 + 1.0;
            let stamp = (t_arr / h).ceil() as i64;
            let off = stamp as f64 * h - t_arr;
            let ev = move |t: i64| if t == stamp - 1 { vec![Ev { t, offset: off, weight: w }] } else { vec![] };
            run(&mut n, h, 0, (3.0 / h) as i64, ev);
            let v1 = n.recordable(0);
            run(&mut n, h, (3.0 / h) as i64, (3.0 / h) as i64, ev);
            let v2 = n.recordable(0);
            for (v, t) in [(v1, 3.0), (v2, 6.0)] {
                let want = psp(t - t_arr);
                assert!((v - want).abs() <= 1e-6 * want.abs(), "h = {h}: V({t}) = {v} vs {want}");
            }
        }
    }
}
