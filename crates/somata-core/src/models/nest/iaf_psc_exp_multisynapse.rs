//! `iaf_psc_exp_multisynapse`: leaky integrate-and-fire neuron with any
//! number of exponential synaptic ports, one time constant each (`tau_syn`,
//! receptor_type 1..n), integrated exactly (NEST
//! `models/iaf_psc_exp_multisynapse`).
//!
//! Potentials are stored relative to E_L as in NEST. A weight w on receptor
//! k makes I_syn_k jump by w pA (either sign). `I_syn` is the total synaptic
//! current (the sum over the ports, as NEST 3.10 records it).

use super::propagators::exp_p21;
use super::iaf_core::{free, require, Check, Membrane, Refractory};
use super::{bad, Dict, NestModelInfo, NestNeuron};
use crate::error::Result;
use crate::info::{ParamInfo, VarInfo};

/// Most synaptic ports a multisynapse neuron can have in somata.
pub const MAX_RECEPTORS: usize = 12;

use ParamInfo as P;
use VarInfo as V;

/// Recordables shared by both multisynapse models: V_m, I_syn, I_syn_1..I_syn_12.
pub(crate) const RECORDABLES: &[VarInfo] = &[
    V::new("V_m", "mV", -70.0, "membrane potential"),
    V::new("I_syn", "pA", 0.0, "total synaptic current (sum of I_syn_k)"),
    V::new("I_syn_1", "pA", 0.0, "synaptic current of receptor 1"),
    V::new("I_syn_2", "pA", 0.0, "synaptic current of receptor 2"),
    V::new("I_syn_3", "pA", 0.0, "synaptic current of receptor 3"),
    V::new("I_syn_4", "pA", 0.0, "synaptic current of receptor 4"),
    V::new("I_syn_5", "pA", 0.0, "synaptic current of receptor 5"),
    V::new("I_syn_6", "pA", 0.0, "synaptic current of receptor 6"),
    V::new("I_syn_7", "pA", 0.0, "synaptic current of receptor 7"),
    V::new("I_syn_8", "pA", 0.0, "synaptic current of receptor 8"),
    V::new("I_syn_9", "pA", 0.0, "synaptic current of receptor 9"),
    V::new("I_syn_10", "pA", 0.0, "synaptic current of receptor 10"),
    V::new("I_syn_11", "pA", 0.0, "synaptic current of receptor 11"),
    V::new("I_syn_12", "pA", 0.0, "synaptic current of receptor 12"),
];

const INFO: NestModelInfo = NestModelInfo {
    name: "iaf_psc_exp_multisynapse",
    family: "iaf_psc",
    category: "B: exact analytic propagators",
    title: "Leaky integrate-and-fire neuron with exponential PSCs on several receptor ports",
    params: &[
        P::new("E_L", "mV", -70.0, "resting membrane potential"),
        P::new("C_m", "pF", 250.0, "membrane capacitance (> 0)"),
        P::new("tau_m", "ms", 10.0, "membrane time constant (> 0)"),
        P::new("t_ref", "ms", 2.0, "absolute refractory period (>= 0)"),
        P::new("V_th", "mV", -55.0, "spike threshold (> V_reset)"),
        P::new("V_reset", "mV", -70.0, "reset potential"),
        P::new("I_e", "pA", 0.0, "constant input current"),
    ],
    state: &[V::new("V_m", "mV", -70.0, "membrane potential")],
    recordables: RECORDABLES,
    receptors: "spikes: receptor_type 1..n (n = length of the array parameter tau_syn, default [2] ms; up to 12), any sign, pA; currents: receptor 0",
    notes: &[
        "Propagators and update order as NEST 3.10.",
        "tau_syn is an array parameter (ms, each > 0 and != tau_m, as NEST checks); n_synapses is its length.",
        "Spikes on receptors above n_synapses are rejected at connect, as NEST; once spikes connect to a neuron its number of ports (tau_syn entries) cannot change (NEST's has_connections rule). I_syn_k above n_synapses reads 0.",
    ],
};

/// One `iaf_psc_exp_multisynapse` neuron.
#[derive(Clone, Debug)]
pub struct IafPscExpMultisynapse {
    /// Membrane parameters (potentials relative to E_L).
    m: Membrane,
    refr: Refractory,
    tau_syn: Vec<f64>,
    p11: [f64; MAX_RECEPTORS],
    p21: [f64; MAX_RECEPTORS],
    p22: f64,
    p20: f64,
    i_const: f64,
    i_syn: [f64; MAX_RECEPTORS],
    v_m: f64,
    r: i64,
}

/// Checks a `tau_syn` array as NEST does (each > 0 and different from tau_m).
pub(crate) fn check_tau_syn(model: &str, tau_syn: &[f64], tau_m: f64, singular_ok: bool) -> Result<()> {
    if tau_syn.is_empty() || tau_syn.len() > MAX_RECEPTORS {
        return Err(bad(model, &format!("tau_syn must have 1..{MAX_RECEPTORS} entries, got {}", tau_syn.len())));
    }
    for &t in tau_syn {
        if !(t > 0.0) {
            return Err(bad(model, "All synaptic time constants must be strictly positive."));
        }
        if !singular_ok && t == tau_m {
            return Err(bad(model, "Membrane and synapse time constant(s) must differ. See note in documentation."));
        }
    }
    Ok(())
}

/// Applies the membrane and `t_ref` entries of a dictionary with the
/// multisynapse models' checks, in NEST's order and words.
pub(crate) fn set_membrane(model: &str, m: &mut Membrane, v_m: &mut f64, refr: &mut Refractory, d: Dict<'_>) -> Result<()> {
    m.set(d, v_m);
    refr.set(d, "t_ref");
    m.check(model, &[(Check::Capacitance, "Capacitance must be > 0."), (Check::TauM, "Membrane time constant must be strictly positive.")])?;
    require(model, &[(refr.valid(), "Refractory time must not be negative.")])?;
    m.check(model, &[(Check::ResetBelowThreshold, "Reset potential must be smaller than threshold.")])
}

/// Sets the `tau_syn` array (the only array parameter) after NEST's checks.
pub(crate) fn set_tau_syn(model: &str, name: &str, values: &[f64], tau_m: f64, singular_ok: bool, tau_syn: &mut Vec<f64>) -> Result<()> {
    if name != "tau_syn" {
        return Err(crate::error::Error::UnknownName(format!("{model} has no array parameter '{name}'; valid: tau_syn")));
    }
    check_tau_syn(model, values, tau_m, singular_ok)?;
    *tau_syn = values.to_vec();
    Ok(())
}

/// Reads `n_synapses`, `I_syn` (the sum over ports) or `I_syn_k`.
pub(crate) fn get_port(name: &str, tau_syn: &[f64], i_syn: &[f64; MAX_RECEPTORS]) -> Option<f64> {
    match name {
        "n_synapses" => Some(tau_syn.len() as f64),
        "I_syn" => Some(i_syn.iter().sum()),
        _ => {
            let k: usize = name.strip_prefix("I_syn_")?.parse().ok()?;
            (1..=MAX_RECEPTORS).contains(&k).then(|| i_syn[k - 1])
        }
    }
}

impl NestNeuron for IafPscExpMultisynapse {
    const INFO: &'static NestModelInfo = &INFO;
    /// Channels: spikes on receptors 1..=12, then current 0.
    const CHANNELS: usize = MAX_RECEPTORS + 1;

    fn new() -> Self {
        IafPscExpMultisynapse {
            m: Membrane::new(None),
            refr: Refractory::new(2.0),
            tau_syn: vec![2.0],
            p11: [0.0; MAX_RECEPTORS],
            p21: [0.0; MAX_RECEPTORS],
            p22: 0.0,
            p20: 0.0,
            i_const: 0.0,
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
        set_tau_syn(INFO.name, name, values, self.m.tau_m, false, &mut self.tau_syn)
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
        self.p22 = (-h / self.m.tau_m).exp();
        self.p20 = self.m.tau_m / self.m.c_m * (1.0 - self.p22);
        self.p11 = [0.0; MAX_RECEPTORS];
        self.p21 = [0.0; MAX_RECEPTORS];
        for (k, &t) in self.tau_syn.iter().enumerate() {
            self.p11[k] = (-h / t).exp();
            self.p21[k] = exp_p21(t, self.m.tau_m, self.m.c_m, h);
        }
        self.refr.calibrate(tics_per_step);
    }

    fn reset(&mut self) {
        self.i_const = 0.0;
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
            self.v_m = self.v_m * self.p22 + (self.m.i_e + self.i_const) * self.p20;
            for k in 0..n {
                self.v_m += self.p21[k] * self.i_syn[k];
            }
        }
        for k in 0..n {
            self.i_syn[k] *= self.p11[k];
            self.i_syn[k] += input[k];
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

    /// One spike of weight w on receptor k: I_syn_k(t) = w·e^(−t/τk) exactly,
    /// and V_m follows the analytic PSP w·τk·τm/(C(τm − τk))·(e^(−t/τm) − e^(−t/τk)).
    #[test]
    fn psp_per_receptor_is_analytic() {
        let mut n = IafPscExpMultisynapse::new();
        n.set_array("tau_syn", &[1.0, 3.0, 7.0]).unwrap();
        n.set(&[("V_th", 1000.0)]).unwrap();
        n.calibrate(0.1, 100);
        n.reset();
        let (w, k) = (100.0, 2usize);
        let mut inp = [0.0; MAX_RECEPTORS + 1];
        inp[k] = w;
        n.update(&inp);
        let (tm, ts, c) = (10.0f64, 7.0f64, 250.0f64);
        for s in 1..200 {
            n.update(&[0.0; MAX_RECEPTORS + 1]);
            let t = s as f64 * 0.1;
            assert!((n.recordable(2 + k) - w * (-t / ts).exp()).abs() < 1e-10);
            let psp = w * ts * tm / (c * (tm - ts)) * ((-t / tm).exp() - (-t / ts).exp());
            assert!((n.recordable(0) + 70.0 - psp).abs() < 1e-10, "t={t}");
        }
        assert!(n.set_array("tau_syn", &[10.0]).is_err());
        assert!(n.set_array("tau_syn", &[-1.0]).is_err());
    }
}
