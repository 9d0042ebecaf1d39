//! `iaf_psc_exp_htum`: leaky integrate-and-fire neuron with exponential
//! postsynaptic currents and two refractory periods (Hill & Tononi; NEST
//! `models/iaf_psc_exp_htum`), integrated exactly.
//!
//! During the absolute refractory period `t_ref_abs` V_m is clamped; during
//! the total refractory period `t_ref_tot` (≥ t_ref_abs) V_m evolves but the
//! neuron cannot fire. Potentials are stored relative to E_L as in NEST.

use super::propagators::exp_p21;
use super::{bad, ms_to_steps_ceil, take, Dict, NestModelInfo, NestNeuron};
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
    e_l: f64,
    c_m: f64,
    tau_m: f64,
    t_ref_abs: f64,
    t_ref_tot: f64,
    theta: f64,
    v_reset: f64,
    tau_ex: f64,
    tau_in: f64,
    i_e: f64,
    v_init: f64,
    p11_ex: f64,
    p11_in: f64,
    p22: f64,
    p21_ex: f64,
    p21_in: f64,
    p20: f64,
    counts_abs: i64,
    counts_tot: i64,
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
            e_l: -70.0,
            c_m: 250.0,
            tau_m: 10.0,
            t_ref_abs: 2.0,
            t_ref_tot: 2.0,
            theta: 15.0,
            v_reset: 0.0,
            tau_ex: 2.0,
            tau_in: 2.0,
            i_e: 0.0,
            v_init: 0.0,
            p11_ex: 0.0,
            p11_in: 0.0,
            p22: 0.0,
            p21_ex: 0.0,
            p21_in: 0.0,
            p20: 0.0,
            counts_abs: 1,
            counts_tot: 1,
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
        let el_old = n.e_l;
        if let Some(x) = take(d, "E_L") {
            n.e_l = x;
        }
        let delta = n.e_l - el_old;
        let rel = |name: &str, cur: f64| take(d, name).map(|x| x - n.e_l).unwrap_or(cur - delta);
        n.v_reset = rel("V_reset", n.v_reset);
        n.theta = rel("V_th", n.theta);
        n.v_init = rel("V_m", n.v_init);
        n.v_m = take(d, "V_m").map(|x| x - n.e_l).unwrap_or(n.v_m - delta);
        for (name, f) in [("I_e", &mut n.i_e), ("C_m", &mut n.c_m), ("tau_m", &mut n.tau_m), ("tau_syn_ex", &mut n.tau_ex), ("tau_syn_in", &mut n.tau_in), ("t_ref_abs", &mut n.t_ref_abs), ("t_ref_tot", &mut n.t_ref_tot)] {
            if let Some(x) = take(d, name) {
                *f = x;
            }
        }
        if !(n.v_reset < n.theta) {
            return Err(bad(INFO.name, "Reset potential must be smaller than threshold (V_reset < V_th)."));
        }
        if n.t_ref_abs > n.t_ref_tot {
            return Err(bad(INFO.name, "Total refractory period must be larger or equal than absolute refractory time (t_ref_abs <= t_ref_tot)."));
        }
        if !(n.c_m > 0.0) {
            return Err(bad(INFO.name, "Capacitance must be strictly positive (C_m > 0)."));
        }
        if !(n.tau_m > 0.0 && n.tau_ex > 0.0 && n.tau_in > 0.0 && n.t_ref_tot > 0.0 && n.t_ref_abs > 0.0) {
            return Err(bad(INFO.name, "All time constants must be strictly positive (tau_m, tau_syn_ex, tau_syn_in, t_ref_abs, t_ref_tot > 0)."));
        }
        *self = n;
        Ok(())
    }

    fn get(&self, name: &str) -> Option<f64> {
        Some(match name {
            "E_L" => self.e_l,
            "C_m" => self.c_m,
            "tau_m" => self.tau_m,
            "t_ref_abs" => self.t_ref_abs,
            "t_ref_tot" => self.t_ref_tot,
            "V_th" => self.theta + self.e_l,
            "V_reset" => self.v_reset + self.e_l,
            "tau_syn_ex" => self.tau_ex,
            "tau_syn_in" => self.tau_in,
            "I_e" => self.i_e,
            "V_m" => self.v_m + self.e_l,
            "I_syn_ex" => self.i_ex,
            "I_syn_in" => self.i_in,
            _ => return None,
        })
    }

    fn calibrate(&mut self, h: f64, tics_per_step: i64) {
        self.p11_ex = (-h / self.tau_ex).exp();
        self.p11_in = (-h / self.tau_in).exp();
        self.p22 = (-h / self.tau_m).exp();
        self.p21_ex = exp_p21(self.tau_ex, self.tau_m, self.c_m, h);
        self.p21_in = exp_p21(self.tau_in, self.tau_m, self.c_m, h);
        self.p20 = self.tau_m / self.c_m * (1.0 - self.p22);
        self.counts_abs = ms_to_steps_ceil(self.t_ref_abs, tics_per_step).max(1);
        self.counts_tot = ms_to_steps_ceil(self.t_ref_tot, tics_per_step).max(1);
    }

    fn reset(&mut self) {
        self.i0 = 0.0;
        self.i_ex = 0.0;
        self.i_in = 0.0;
        self.v_m = self.v_init;
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
        if self.r_abs == 0 {
            self.v_m = self.v_m * self.p22 + self.i_ex * self.p21_ex + self.i_in * self.p21_in + (self.i_e + self.i0) * self.p20;
        } else {
            self.r_abs -= 1;
        }
        self.i_ex *= self.p11_ex;
        self.i_in *= self.p11_in;
        self.i_ex += input[0];
        self.i_in += input[1];
        let mut spike = false;
        if self.r_tot == 0 {
            if self.v_m >= self.theta {
                self.r_abs = self.counts_abs;
                self.r_tot = self.counts_tot;
                self.v_m = self.v_reset;
                spike = true;
            }
        } else {
            self.r_tot -= 1;
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
