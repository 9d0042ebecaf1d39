//! `iaf_psc_exp_ps`: leaky integrate-and-fire neuron with exponential
//! postsynaptic currents and precise (off-grid) spike times (NEST
//! `models/iaf_psc_exp_ps`).
//!
//! The state (V, I_syn per sign, the external current) is propagated exactly
//! from event to event inside each step; an input spike of weight w makes
//! I_syn jump by w pA at its exact time (w ≥ 0 excitatory). A threshold
//! crossing inside a mini-step is located by Illinois regula falsi on the
//! exact V(t). Refractoriness ends at the exact time t_spike + t_ref.

use super::ps_common::{expm1, instability, regula_falsi, steps_of, Emit, IafPropagator, PreciseNeuron, PsMembrane, StepEvents};
use super::{Dict, NestModelInfo};
use crate::error::Result;
use crate::info::{ParamInfo, VarInfo};

use ParamInfo as P;
use VarInfo as V;

const INFO: NestModelInfo = NestModelInfo {
    name: "iaf_psc_exp_ps",
    family: "iaf_psc",
    category: "B: exact analytic propagators, precise spike times",
    title: "Leaky integrate-and-fire neuron with exponential postsynaptic currents, precise spike timing",
    params: &[
        P::new("E_L", "mV", -70.0, "resting membrane potential"),
        P::new("C_m", "pF", 250.0, "membrane capacitance (> 0)"),
        P::new("tau_m", "ms", 10.0, "membrane time constant (> 0)"),
        P::new("tau_syn_ex", "ms", 2.0, "decay time of the excitatory current (> 0)"),
        P::new("tau_syn_in", "ms", 2.0, "decay time of the inhibitory current (> 0)"),
        P::new("t_ref", "ms", 2.0, "absolute refractory period (at least one step)"),
        P::new("V_th", "mV", -55.0, "spike threshold (> V_reset)"),
        P::new("V_reset", "mV", -70.0, "reset potential (>= V_min)"),
        P::new("V_min", "mV", f64::NEG_INFINITY, "absolute lower bound of V_m"),
        P::new("I_e", "pA", 0.0, "constant input current"),
    ],
    state: &[
        V::new("V_m", "mV", -70.0, "membrane potential"),
        V::new("I_syn_ex", "pA", 0.0, "excitatory synaptic current"),
        V::new("I_syn_in", "pA", 0.0, "inhibitory synaptic current"),
    ],
    recordables: &[V::new("V_m", "mV", -70.0, "membrane potential")],
    receptors: "spikes: receptor 0 (weight ≥ 0 excitatory, < 0 inhibitory; pA; off-grid times kept); currents: receptor 0 (step-wise constant)",
    notes: &[
        "Precise spike times as NEST 3.10: mini-steps between input events with NEST's propagators (IAFPropagatorExp), Illinois regula falsi for the crossing (|ΔV| < 1e-14, ≤ 500 iterations).",
        "V_m is the only recordable (as in NEST); I_syn_ex and I_syn_in can be read and set.",
        "On-grid input spikes (offset 0) are separate events, applied one by one in NEST's order (network/precise.rs).",
    ],
};

/// One `iaf_psc_exp_ps` neuron.
#[derive(Clone, Debug)]
pub struct IafPscExpPs {
    /// Membrane parameters (potentials relative to E_L).
    m: PsMembrane,
    // Other parameters.
    tau_ex: f64,
    tau_in: f64,
    init: [f64; 3],
    // Variables.
    prop_ex: IafPropagator,
    prop_in: IafPropagator,
    h: f64,
    refractory_steps: i64,
    expm1_tau_m: f64,
    exp_tau_ex: f64,
    exp_tau_in: f64,
    p20: f64,
    p21_ex: f64,
    p21_in: f64,
    y0_before: f64,
    y1_ex_before: f64,
    y1_in_before: f64,
    y2_before: f64,
    // State: external current, synaptic currents, V − E_L.
    y0: f64,
    y1_ex: f64,
    y1_in: f64,
    y2: f64,
    is_refractory: bool,
    last_spike_step: i64,
    last_spike_offset: f64,
}

impl IafPscExpPs {
    /// Exact propagation over `dt` > 0 ms (`propagate_`).
    fn propagate(&mut self, dt: f64) {
        if !self.is_refractory {
            let p20 = -self.m.tau_m / self.m.c_m * expm1(-dt / self.m.tau_m);
            let p21_ex = self.prop_ex.exp(dt);
            let p21_in = self.prop_in.exp(dt);
            self.y2 = p20 * (self.m.i_e + self.y0) + p21_ex * self.y1_ex + p21_in * self.y1_in + self.y2 * (-dt / self.m.tau_m).exp();
        }
        self.y1_ex *= (-dt / self.tau_ex).exp();
        self.y1_in *= (-dt / self.tau_in).exp();
    }

    /// V − V_th a time `t` after the start of the mini-step (`threshold_distance`).
    fn threshold_distance(&self, t: f64) -> f64 {
        let p20 = -self.m.tau_m / self.m.c_m * expm1(-t / self.m.tau_m);
        let p21_ex = self.prop_ex.exp(t);
        let p21_in = self.prop_in.exp(t);
        let y2 = p20 * (self.m.i_e + self.y0_before) + p21_ex * self.y1_ex_before + p21_in * self.y1_in_before + self.y2_before * (-t / self.m.tau_m).exp();
        y2 - self.m.u_th
    }

    fn emit_spike(&mut self, t: i64, t0: f64, dt: f64, out: &mut Emit<'_>) -> Result<()> {
        let root = regula_falsi(|x| self.threshold_distance(x), dt).map_err(|m| instability(INFO.name, t, self.h, m))?;
        self.last_spike_step = t + 1;
        self.last_spike_offset = self.h - (t0 + root);
        self.y2 = self.m.u_reset;
        self.is_refractory = true;
        out.spike(self.last_spike_offset, 1);
        Ok(())
    }

    fn emit_instant_spike(&mut self, t: i64, offset: f64, out: &mut Emit<'_>) {
        self.last_spike_step = t + 1;
        self.last_spike_offset = offset;
        self.y2 = self.m.u_reset;
        self.is_refractory = true;
        out.spike(offset, 1);
    }
}

impl PreciseNeuron for IafPscExpPs {
    const INFO: &'static NestModelInfo = &INFO;
    /// Channels: on-grid spikes with w ≥ 0, with w < 0, current.
    const CHANNELS: usize = 3;
    const SPIKE_CHANNELS: &'static [usize] = &[0, 1];
    const CURRENT_CHANNEL: Option<usize> = Some(2);

    fn new() -> Self {
        IafPscExpPs {
            m: PsMembrane::new(f64::NEG_INFINITY),
            tau_ex: 2.0,
            tau_in: 2.0,
            init: [0.0; 3],
            prop_ex: IafPropagator::default(),
            prop_in: IafPropagator::default(),
            h: 0.1,
            refractory_steps: 0,
            expm1_tau_m: 0.0,
            exp_tau_ex: 0.0,
            exp_tau_in: 0.0,
            p20: 0.0,
            p21_ex: 0.0,
            p21_in: 0.0,
            y0_before: 0.0,
            y1_ex_before: 0.0,
            y1_in_before: 0.0,
            y2_before: 0.0,
            y0: 0.0,
            y1_ex: 0.0,
            y1_in: 0.0,
            y2: 0.0,
            is_refractory: false,
            last_spike_step: -1,
            last_spike_offset: 0.0,
        }
    }

    fn set(&mut self, d: Dict<'_>) -> Result<()> {
        let mut n = self.clone();
        let delta = n.m.set(d);
        for (name, f) in [("tau_syn_ex", &mut n.tau_ex), ("tau_syn_in", &mut n.tau_in)] {
            if let Some(x) = super::take(d, name) {
                *f = x;
            }
        }
        n.m.check(INFO.name, &[n.tau_ex, n.tau_in])?;
        n.m.set_v_m(d, delta, &mut n.y2, &mut n.init[0]);
        if let Some(x) = super::take(d, "I_syn_ex") {
            n.y1_ex = x;
            n.init[1] = x;
        }
        if let Some(x) = super::take(d, "I_syn_in") {
            n.y1_in = x;
            n.init[2] = x;
        }
        *self = n;
        Ok(())
    }

    fn get(&self, name: &str) -> Option<f64> {
        if let v @ Some(_) = self.m.get(name) {
            return v;
        }
        Some(match name {
            "tau_syn_ex" => self.tau_ex,
            "tau_syn_in" => self.tau_in,
            "V_m" => self.y2 + self.m.e_l,
            "I_syn_ex" => self.y1_ex,
            "I_syn_in" => self.y1_in,
            "is_refractory" => f64::from(u8::from(self.is_refractory)),
            _ => return None,
        })
    }

    fn calibrate(&mut self, h: f64, tics_per_step: i64) {
        self.h = h;
        // NEST calls std::expm1 here and numerics::expm1 for P20.
        self.expm1_tau_m = (-h / self.m.tau_m).exp_m1();
        self.exp_tau_ex = (-h / self.tau_ex).exp();
        self.exp_tau_in = (-h / self.tau_in).exp();
        self.p20 = -self.m.tau_m / self.m.c_m * expm1(-h / self.m.tau_m);
        self.prop_ex = IafPropagator::new(self.tau_ex, self.m.tau_m, self.m.c_m);
        self.prop_in = IafPropagator::new(self.tau_in, self.m.tau_m, self.m.c_m);
        self.p21_ex = self.prop_ex.exp(h);
        self.p21_in = self.prop_in.exp(h);
        self.refractory_steps = steps_of(self.m.t_ref, tics_per_step);
    }

    fn reset(&mut self) {
        self.y0 = 0.0;
        self.y2 = self.init[0];
        self.y1_ex = self.init[1];
        self.y1_in = self.init[2];
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
        if self.y2 >= self.m.u_th {
            self.emit_instant_spike(t, self.h * (1.0 - f64::EPSILON), out);
        }
    }

    fn step(&mut self, t: i64, ev: &mut StepEvents<'_>, current: f64, out: &mut Emit<'_>) -> Result<()> {
        if self.is_refractory && t + 1 - self.last_spike_step == self.refractory_steps {
            ev.add_refractory(self.last_spike_offset);
        }
        self.y0_before = self.y0;
        self.y1_ex_before = self.y1_ex;
        self.y1_in_before = self.y1_in;
        self.y2_before = self.y2;
        match ev.next(false) {
            None => {
                if !self.is_refractory {
                    self.y2 = self.p20 * (self.m.i_e + self.y0) + self.p21_ex * self.y1_ex + self.p21_in * self.y1_in + self.expm1_tau_m * self.y2 + self.y2;
                    self.y2 = if self.y2 < self.m.u_min { self.m.u_min } else { self.y2 };
                }
                self.y1_ex *= self.exp_tau_ex;
                self.y1_in *= self.exp_tau_in;
                if self.y2 >= self.m.u_th {
                    self.emit_spike(t, 0.0, self.h, out)?;
                }
            }
            Some(mut e) => {
                let mut last_offset = self.h;
                loop {
                    let ministep = last_offset - e.offset;
                    // Simultaneous events: no propagation (NEST #368).
                    if ministep > 0.0 {
                        self.propagate(ministep);
                        if self.y2 >= self.m.u_th {
                            self.emit_spike(t, self.h - last_offset, ministep, out)?;
                        }
                    }
                    if e.end_of_refract {
                        self.is_refractory = false;
                    } else if e.weight >= 0.0 {
                        self.y1_ex += e.weight;
                    } else {
                        self.y1_in += e.weight;
                    }
                    self.y1_ex_before = self.y1_ex;
                    self.y1_in_before = self.y1_in;
                    self.y2_before = self.y2;
                    last_offset = e.offset;
                    match ev.next(false) {
                        Some(n) => e = n,
                        None => break,
                    }
                }
                if last_offset > 0.0 {
                    self.propagate(last_offset);
                    if self.y2 >= self.m.u_th {
                        self.emit_spike(t, self.h - last_offset, last_offset, out)?;
                    }
                }
            }
        }
        self.y0 = current;
        Ok(())
    }

    #[inline]
    fn recordable(&self, _k: usize) -> f64 {
        self.y2 + self.m.e_l
    }
}

#[cfg(test)]
mod tests {
    use super::super::ps_common::Ev;
    use super::*;

    fn run(n: &mut IafPscExpPs, h: f64, steps: i64, input: impl Fn(i64) -> Vec<Ev>) -> Vec<f64> {
        let mut spikes = Vec::new();
        for t in 0..steps {
            let mut out = Vec::new();
            if t == 0 {
                n.slice_start(t, &mut Emit::new(&mut out));
            }
            let evs = input(t);
            n.step(t, &mut StepEvents::new(&evs), 0.0, &mut Emit::new(&mut out)).unwrap();
            spikes.extend(out.iter().map(|&(o, _)| (t + 1) as f64 * h - o));
        }
        spikes
    }

    /// `test_iaf_ps_dc_accuracy` / `test_iaf_ps_dc_t_accuracy`, h = 2^0 … 2^-13.
    #[test]
    fn dc_accuracy() {
        for k in 0..14 {
            let h = 1.0 / (1i64 << k) as f64;
            for (th, t_end, tol) in [(2000.0, 5.0, 1e-13), (2000.0, 500.0, 1e-9), (15.0, 5.0, 1e-13)] {
                let mut n = IafPscExpPs::new();
                n.set(&[("E_L", 0.0), ("V_m", 0.0), ("V_th", th), ("I_e", 1000.0), ("tau_m", 10.0), ("C_m", 250.0)]).unwrap();
                n.calibrate(h, 2);
                n.reset();
                let s = run(&mut n, h, (t_end / h) as i64, |_| vec![]);
                if th > 100.0 {
                    let want = 40.0 * (1.0 - (-t_end / 10.0f64).exp());
                    assert!((n.recordable(0) - want).abs() < tol, "h = {h}, T = {t_end}");
                } else {
                    assert_eq!(s.len(), 1);
                    assert!((s[0] - 4.700036292457356).abs() < tol, "h = {h}: {}", s[0]);
                }
            }
        }
    }

    /// An input spike's current starts at its exact time: V(t) from an
    /// off-grid jump of I_syn equals the analytic exponential PSP.
    #[test]
    fn off_grid_psp_is_exact() {
        let (ts, tm, c, w) = (2.0f64, 10.0f64, 250.0f64, 100.0f64);
        let mut n = IafPscExpPs::new();
        n.set(&[("E_L", 0.0), ("V_m", 0.0), ("V_th", 1e3)]).unwrap();
        n.calibrate(0.1, 100);
        n.reset();
        run(&mut n, 0.1, 30, |t| if t == 7 { vec![Ev { t, offset: 0.0123, weight: w }] } else { vec![] });
        let s = 3.0 - (0.8 - 0.0123);
        let want = w / c * ts * tm / (tm - ts) * ((-s / tm).exp() - (-s / ts).exp());
        assert!((n.recordable(0) - want).abs() < 1e-12);
    }
}
