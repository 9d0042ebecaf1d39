//! `iaf_psc_alpha_multisynapse`: leaky integrate-and-fire neuron with any
//! number of alpha-shaped synaptic ports, one time constant each (`tau_syn`,
//! receptor_type 1..n), integrated exactly (NEST
//! `models/iaf_psc_alpha_multisynapse`).
//!
//! Potentials are stored relative to E_L as in NEST. A weight w on receptor
//! k gives the current w·t/τk·e^(1 − t/τk) pA (peak w at t = τk). `I_syn` is
//! the total synaptic current (the sum over the ports, as NEST 3.10 records
//! it). tau_syn = tau_m is allowed (singular propagators).

use super::iaf_psc_exp_multisynapse::{get_port, set_membrane, set_tau_syn, MAX_RECEPTORS, RECORDABLES};
use super::propagators::alpha_p31_p32;
use super::iaf_core::{free, Membrane, Refractory};
use super::{Dict, NestModelInfo, NestNeuron};
use crate::error::Result;
use crate::info::{ParamInfo, VarInfo};

use ParamInfo as P;
use VarInfo as V;

const INFO: NestModelInfo = NestModelInfo {
    name: "iaf_psc_alpha_multisynapse",
    family: "iaf_psc",
    category: "B: exact analytic propagators",
    title: "Leaky integrate-and-fire neuron with alpha-shaped PSCs on several receptor ports",
    params: &[
        P::new("E_L", "mV", -70.0, "resting membrane potential"),
        P::new("C_m", "pF", 250.0, "membrane capacitance (> 0)"),
        P::new("tau_m", "ms", 10.0, "membrane time constant (> 0)"),
        P::new("t_ref", "ms", 2.0, "absolute refractory period (>= 0)"),
        P::new("V_th", "mV", -55.0, "spike threshold (> V_reset)"),
        P::new("V_reset", "mV", -70.0, "reset potential"),
        P::new("I_e", "pA", 0.0, "constant input current"),
        P::new("V_min", "mV", f64::NEG_INFINITY, "lower bound of V_m"),
    ],
    state: &[V::new("V_m", "mV", -70.0, "membrane potential")],
    recordables: RECORDABLES,
    receptors: "spikes: receptor_type 1..n (n = length of the array parameter tau_syn, default [2] ms; up to 12), any sign, pA; currents: receptor 0",
    notes: &[
        "Propagators and update order as NEST 3.10.",
        "tau_syn is an array parameter (ms, each > 0; tau_syn = tau_m allowed); n_synapses is its length.",
        "Spikes on receptors above n_synapses are rejected at connect, as NEST; once spikes connect to a neuron its number of ports (tau_syn entries) cannot change (NEST's has_connections rule). I_syn_k above n_synapses reads 0.",
    ],
};

/// One `iaf_psc_alpha_multisynapse` neuron.
#[derive(Clone, Debug)]
pub struct IafPscAlphaMultisynapse {
    /// Membrane parameters (potentials relative to E_L).
    m: Membrane,
    refr: Refractory,
    tau_syn: Vec<f64>,
    p11: [f64; MAX_RECEPTORS],
    p21: [f64; MAX_RECEPTORS],
    p31: [f64; MAX_RECEPTORS],
    p32: [f64; MAX_RECEPTORS],
    psc0: [f64; MAX_RECEPTORS],
    p33: f64,
    p30: f64,
    i_const: f64,
    y1: [f64; MAX_RECEPTORS],
    i_syn: [f64; MAX_RECEPTORS],
    v_m: f64,
    r: i64,
}

impl NestNeuron for IafPscAlphaMultisynapse {
    const INFO: &'static NestModelInfo = &INFO;
    /// Channels: spikes on receptors 1..=12, then current 0.
    const CHANNELS: usize = MAX_RECEPTORS + 1;

    fn new() -> Self {
        IafPscAlphaMultisynapse {
            m: Membrane::new(Some(f64::NEG_INFINITY)),
            refr: Refractory::new(2.0),
            tau_syn: vec![2.0],
            p11: [0.0; MAX_RECEPTORS],
            p21: [0.0; MAX_RECEPTORS],
            p31: [0.0; MAX_RECEPTORS],
            p32: [0.0; MAX_RECEPTORS],
            psc0: [0.0; MAX_RECEPTORS],
            p33: 0.0,
            p30: 0.0,
            i_const: 0.0,
            y1: [0.0; MAX_RECEPTORS],
            i_syn: [0.0; MAX_RECEPTORS],
            v_m: 0.0,
            r: 0,
        }
    }

    fn set(&mut self, d: Dict<'_>) -> Result<()> {
        let mut n = self.clone();
        set_membrane(INFO.name, &mut n.m, &mut n.v_m, &mut n.refr, d)?;
        *self = n;
        Ok(())
    }

    fn set_array(&mut self, name: &str, values: &[f64]) -> Result<()> {
        set_tau_syn(INFO.name, name, values, self.m.tau_m, true, &mut self.tau_syn)
    }

    fn get_array(&self, name: &str) -> Option<Vec<f64>> {
        (name == "tau_syn").then(|| self.tau_syn.clone())
    }

    fn get(&self, name: &str) -> Option<f64> {
        if let v @ Some(_) = self.m.get(name, self.v_m) {
            return v;
        }
        match name {
            "t_ref" => Some(self.refr.t_ref),
            _ => get_port(name, &self.tau_syn, &self.i_syn),
        }
    }

    fn calibrate(&mut self, h: f64, tics_per_step: i64) {
        self.p33 = (-h / self.m.tau_m).exp();
        self.p30 = 1.0 / self.m.c_m * (1.0 - self.p33) * self.m.tau_m;
        self.p11 = [0.0; MAX_RECEPTORS];
        self.p21 = [0.0; MAX_RECEPTORS];
        self.p31 = [0.0; MAX_RECEPTORS];
        self.p32 = [0.0; MAX_RECEPTORS];
        self.psc0 = [0.0; MAX_RECEPTORS];
        for (k, &t) in self.tau_syn.iter().enumerate() {
            self.p11[k] = (-h / t).exp();
            self.p21[k] = h * self.p11[k];
            (self.p31[k], self.p32[k]) = alpha_p31_p32(t, self.m.tau_m, self.m.c_m, h);
            self.psc0[k] = std::f64::consts::E / t;
        }
        self.refr.calibrate(tics_per_step);
    }

    fn reset(&mut self) {
        self.i_const = 0.0;
        self.y1 = [0.0; MAX_RECEPTORS];
        self.i_syn = [0.0; MAX_RECEPTORS];
        self.v_m = self.m.v_init;
        self.r = 0;
    }

    fn spike_channel(receptor: u32, _w: f64) -> Option<usize> {
        (1..=MAX_RECEPTORS as u32).contains(&receptor).then(|| receptor as usize - 1)
    }

    fn current_channel(receptor: u32) -> Option<usize> {
        (receptor == 0).then_some(MAX_RECEPTORS)
    }

    #[inline]
    fn update(&mut self, input: &[f64]) -> bool {
        let n = self.tau_syn.len();
        if free(&mut self.r) {
            self.v_m = self.p30 * (self.i_const + self.m.i_e) + self.p33 * self.v_m;
            for k in 0..n {
                self.v_m += self.p31[k] * self.y1[k] + self.p32[k] * self.i_syn[k];
            }
            self.v_m = self.m.clamp(self.v_m);
        }
        for k in 0..n {
            self.i_syn[k] = self.p21[k] * self.y1[k] + self.p11[k] * self.i_syn[k];
            self.y1[k] *= self.p11[k];
            self.y1[k] += self.psc0[k] * input[k];
        }
        let spike = self.m.fire(&mut self.v_m, &mut self.r, self.refr.counts);
        self.i_const = input[MAX_RECEPTORS];
        spike
    }

    #[inline]
    fn recordable(&self, k: usize) -> f64 {
        match k {
            0 => self.v_m + self.m.e_l,
            1 => self.i_syn[..self.tau_syn.len()].iter().sum(),
            _ => self.i_syn[k - 2],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One spike of weight w on receptor k: I_syn_k(t) = w·t/τ·e^(1 − t/τ) (peak w at τ).
    #[test]
    fn alpha_current_per_receptor() {
        let mut n = IafPscAlphaMultisynapse::new();
        n.set_array("tau_syn", &[1.0, 10.0]).unwrap();
        n.set(&[("V_th", 1000.0)]).unwrap();
        n.calibrate(0.1, 100);
        n.reset();
        let mut inp = [0.0; MAX_RECEPTORS + 1];
        inp[1] = 50.0;
        n.update(&inp);
        for s in 1..300 {
            n.update(&[0.0; MAX_RECEPTORS + 1]);
            let t = s as f64 * 0.1;
            let want = 50.0 * t / 10.0 * (1.0 - t / 10.0).exp();
            assert!((n.recordable(3) - want).abs() < 1e-10, "t={t}");
            assert_eq!(n.recordable(2), 0.0);
        }
    }
}
