//! `iaf_psc_exp_htum`: leaky integrate-and-fire neuron with exponential
//! postsynaptic currents and two refractory periods (Hill & Tononi; NEST
//! `models/iaf_psc_exp_htum`), integrated exactly.
//!
//! During the absolute refractory period `t_ref_abs` V_m is clamped; during
//! the total refractory period `t_ref_tot` (≥ t_ref_abs) V_m evolves but the
//! neuron cannot fire. Potentials are stored relative to E_L as in NEST.

use super::propagators::exp_p21;
use super::iaf_core::{free, require, set_f64, Check, Membrane, Refractory};
use super::{Dict, NestModelInfo, NestNeuron};
use crate::error::Result;
use crate::info::{ParamInfo, VarInfo};

use ParamInfo as P;
use VarInfo as V;

const INFO: NestModelInfo = NestModelInfo {
    name: "iaf_psc_exp_htum",
    family: "iaf_psc",
    category: "B: exact analytic propagators",
    title: "Leaky integrate-and-fire neuron with exponential PSCs and separate absolute and total refractory periods",
    params: &[
        P::new("E_L", "mV", -70.0, "resting membrane potential"),
        P::new("C_m", "pF", 250.0, "membrane capacitance (> 0)"),
        P::new("tau_m", "ms", 10.0, "membrane time constant (> 0)"),
        P::new("t_ref_abs", "ms", 2.0, "absolute refractory period: V_m clamped (> 0, <= t_ref_tot, at least one step)"),
        P::new("t_ref_tot", "ms", 2.0, "total refractory period: no spikes (> 0, at least one step)"),
        P::new("V_th", "mV", -55.0, "spike threshold (> V_reset)"),
        P::new("V_reset", "mV", -70.0, "reset potential"),
        P::new("tau_syn_ex", "ms", 2.0, "decay time of the excitatory current (> 0)"),
        P::new("tau_syn_in", "ms", 2.0, "decay time of the inhibitory current (> 0)"),
        P::new("I_e", "pA", 0.0, "constant input current"),
    ],
    state: &[V::new("V_m", "mV", -70.0, "membrane potential")],
    recordables: &[
        V::new("V_m", "mV", 0.0, "membrane potential relative to E_L (as NEST 3.10 records it)"),
        V::new("I_syn_ex", "pA", 0.0, "excitatory synaptic current"),
        V::new("I_syn_in", "pA", 0.0, "inhibitory synaptic current"),
    ],
    receptors: "spikes: receptor 0 (weight >= 0 excitatory, otherwise inhibitory; pA); currents: receptor 0",
    notes: &[
        "Propagators and update order as NEST 3.10.",
        "The recordable V_m is relative to E_L, as NEST 3.10 records it (its GetStatus V_m, and somata's get, are absolute).",
        "Refractory periods are rounded up to whole steps; periods shorter than one step (NEST: error at Simulate) count as one step.",
    ],
};

/// One `iaf_psc_exp_htum` neuron: parameters, propagators and state.
#[derive(Clone, Debug)]
pub struct IafPscExpHtum {
    /// Membrane parameters (potentials relative to E_L).
    m: Membrane,
    /// Absolute refractory period (V_m clamped).
    refr_abs: Refractory,
    /// Total refractory period (no spikes).
    refr_tot: Refractory,
    tau_ex: f64,
    tau_in: f64,
    p11_ex: f64,
    p11_in: f64,
    p22: f64,
    p21_ex: f64,
    p21_in: f64,
    p20: f64,
    i0: f64,
    i_ex: f64,
    i_in: f64,
    v_m: f64,
    r_abs: i64,
    r_tot: i64,
}

impl NestNeuron for IafPscExpHtum {
    const INFO: &'static NestModelInfo = &INFO;
    /// Channels: excitatory spikes, inhibitory spikes, current 0.
    const CHANNELS: usize = 3;

    fn new() -> Self {
        IafPscExpHtum {
            m: Membrane::new(None),
            refr_abs: Refractory::new(2.0),
            refr_tot: Refractory::new(2.0),
            tau_ex: 2.0,
            tau_in: 2.0,
            p11_ex: 0.0,
            p11_in: 0.0,
            p22: 0.0,
            p21_ex: 0.0,
            p21_in: 0.0,
            p20: 0.0,
            i0: 0.0,
            i_ex: 0.0,
            i_in: 0.0,
            v_m: 0.0,
            r_abs: 0,
            r_tot: 0,
        }
    }

    fn set(&mut self, d: Dict<'_>) -> Result<()> {
        let mut n = self.clone();
        n.m.set(d, &mut n.v_m);
        n.refr_abs.set(d, "t_ref_abs");
        n.refr_tot.set(d, "t_ref_tot");
        set_f64(d, &mut [("tau_syn_ex", &mut n.tau_ex), ("tau_syn_in", &mut n.tau_in)]);
        n.m.check(INFO.name, &[(Check::ResetBelowThreshold, "Reset potential must be smaller than threshold (V_reset < V_th).")])?;
        require(INFO.name, &[(!(n.refr_abs.t_ref > n.refr_tot.t_ref), "Total refractory period must be larger or equal than absolute refractory time (t_ref_abs <= t_ref_tot).")])?;
        n.m.check(INFO.name, &[(Check::Capacitance, "Capacitance must be strictly positive (C_m > 0).")])?;
        require(
            INFO.name,
            &[(
                n.m.tau_m > 0.0 && n.tau_ex > 0.0 && n.tau_in > 0.0 && n.refr_tot.t_ref > 0.0 && n.refr_abs.t_ref > 0.0,
                "All time constants must be strictly positive (tau_m, tau_syn_ex, tau_syn_in, t_ref_abs, t_ref_tot > 0).",
            )],
        )?;
        *self = n;
        Ok(())
    }

    fn get(&self, name: &str) -> Option<f64> {
        if let v @ Some(_) = self.m.get(name, self.v_m) {
            return v;
        }
        Some(match name {
            "t_ref_abs" => self.refr_abs.t_ref,
            "t_ref_tot" => self.refr_tot.t_ref,
            "tau_syn_ex" => self.tau_ex,
            "tau_syn_in" => self.tau_in,
            "I_syn_ex" => self.i_ex,
            "I_syn_in" => self.i_in,
            _ => return None,
        })
    }

    fn calibrate(&mut self, h: f64, tics_per_step: i64) {
        self.p11_ex = (-h / self.tau_ex).exp();
        self.p11_in = (-h / self.tau_in).exp();
        let (tau_m, c_m) = (self.m.tau_m, self.m.c_m);
        self.p22 = (-h / tau_m).exp();
        self.p21_ex = exp_p21(self.tau_ex, tau_m, c_m, h);
        self.p21_in = exp_p21(self.tau_in, tau_m, c_m, h);
        self.p20 = tau_m / c_m * (1.0 - self.p22);
        self.refr_abs.calibrate(tics_per_step);
        self.refr_tot.calibrate(tics_per_step);
        self.refr_abs.counts = self.refr_abs.counts.max(1);
        self.refr_tot.counts = self.refr_tot.counts.max(1);
    }

    fn reset(&mut self) {
        self.i0 = 0.0;
        self.i_ex = 0.0;
        self.i_in = 0.0;
        self.v_m = self.m.v_init;
        self.r_abs = 0;
        self.r_tot = 0;
    }

    fn spike_channel(receptor: u32, w: f64) -> Option<usize> {
        (receptor == 0).then_some(if w >= 0.0 { 0 } else { 1 })
    }

    fn current_channel(receptor: u32) -> Option<usize> {
        (receptor == 0).then_some(2)
    }

    #[inline]
    fn update(&mut self, input: &[f64]) -> bool {
        if free(&mut self.r_abs) {
            self.v_m = self.v_m * self.p22 + self.i_ex * self.p21_ex + self.i_in * self.p21_in + (self.m.i_e + self.i0) * self.p20;
        }
        self.i_ex *= self.p11_ex;
        self.i_in *= self.p11_in;
        self.i_ex += input[0];
        self.i_in += input[1];
        let mut spike = false;
        if free(&mut self.r_tot) && self.m.fire(&mut self.v_m, &mut self.r_tot, self.refr_tot.counts) {
            self.r_abs = self.refr_abs.counts;
            spike = true;
        }
        self.i0 = input[2];
        spike
    }

    #[inline]
    fn recordable(&self, k: usize) -> f64 {
        match k {
            0 => self.v_m,
            1 => self.i_ex,
            _ => self.i_in,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// With t_ref_abs = 1 ms and t_ref_tot = 5 ms under strong drive the
    /// inter-spike interval is the total refractory period (V_m recovers
    /// above threshold before it ends): 50 steps at h = 0.1.
    #[test]
    fn total_refractory_sets_the_interval() {
        let mut n = IafPscExpHtum::new();
        n.set(&[("I_e", 5000.0), ("t_ref_abs", 1.0), ("t_ref_tot", 5.0)]).unwrap();
        n.calibrate(0.1, 100);
        n.reset();
        let spikes: Vec<usize> = (0..400).filter(|_| n.update(&[0.0; 3])).collect();
        assert!(spikes.len() > 3);
        for w in spikes.windows(2).skip(1) {
            assert_eq!(w[1] - w[0], 51);
        }
        assert!(n.set(&[("t_ref_abs", 3.0), ("t_ref_tot", 2.0)]).is_err());
    }
}
