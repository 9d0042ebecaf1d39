//! `iaf_psc_delta`: leaky integrate-and-fire neuron with delta-shaped
//! postsynaptic currents (NEST `models/iaf_psc_delta`): a spike of weight w
//! makes V_m jump by w mV in the step it arrives.
//!
//! Potentials are stored relative to E_L as in NEST. With
//! `refractory_input` = 1, spikes arriving during refractoriness are
//! discounted by exp(−r·h/τm) and added when it ends.

use super::{bad, ms_to_steps_ceil, take, Dict, NestModelInfo, NestNeuron};
use crate::error::Result;
use crate::info::{ParamInfo, VarInfo};

use ParamInfo as P;
use VarInfo as V;

const INFO: NestModelInfo = NestModelInfo {
    name: "iaf_psc_delta",
    family: "iaf_psc",
    category: "B: exact analytic propagators",
    title: "Leaky integrate-and-fire neuron with delta-shaped postsynaptic currents",
    params: &[
        P::new("E_L", "mV", -70.0, "resting membrane potential"),
        P::new("C_m", "pF", 250.0, "membrane capacitance (> 0)"),
        P::new("tau_m", "ms", 10.0, "membrane time constant (> 0)"),
        P::new("t_ref", "ms", 2.0, "absolute refractory period (>= 0)"),
        P::new("V_th", "mV", -55.0, "spike threshold (> V_reset)"),
        P::new("V_reset", "mV", -70.0, "reset potential"),
        P::new("I_e", "pA", 0.0, "constant input current"),
        P::new("V_min", "mV", -f64::MAX, "lower bound of V_m (relative default -DBL_MAX)"),
        P::new("refractory_input", "", 0.0, "1: keep spikes arriving during refractoriness (discounted); 0: drop them"),
    ],
    state: &[V::new("V_m", "mV", -70.0, "membrane potential")],
    recordables: &[V::new("V_m", "mV", -70.0, "membrane potential")],
    receptors: "spikes: receptor 0 (signed weight in mV); currents: receptor 0",
    notes: &["Update order as NEST 3.10. The 3.10 ignore_and_spike mechanism is not implemented."],
};

/// One `iaf_psc_delta` neuron: parameters, propagators and state.
#[derive(Clone, Debug)]
pub struct IafPscDelta {
    e_l: f64,
    c_m: f64,
    tau_m: f64,
    t_ref: f64,
    theta: f64,
    v_reset: f64,
    i_e: f64,
    v_min: f64,
    refr_input: bool,
    v_init: f64,
    h: f64,
    p33: f64,
    p30: f64,
    ref_counts: i64,
    y0: f64,
    y3: f64,
    r: i64,
    refr_buf: f64,
}

impl NestNeuron for IafPscDelta {
    const INFO: &'static NestModelInfo = &INFO;
    /// Channels: spikes (signed), current.
    const CHANNELS: usize = 2;

    fn new() -> Self {
        IafPscDelta {
            e_l: -70.0,
            c_m: 250.0,
            tau_m: 10.0,
            t_ref: 2.0,
            theta: 15.0,
            v_reset: 0.0,
            i_e: 0.0,
            v_min: -f64::MAX,
            refr_input: false,
            v_init: 0.0,
            h: 0.1,
            p33: 0.0,
            p30: 0.0,
            ref_counts: 0,
            y0: 0.0,
            y3: 0.0,
            r: 0,
            refr_buf: 0.0,
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
        n.v_min = rel("V_min", n.v_min);
        n.v_init = rel("V_m", n.v_init);
        n.y3 = take(d, "V_m").map(|x| x - n.e_l).unwrap_or(n.y3 - delta);
        for (name, f) in [("I_e", &mut n.i_e), ("C_m", &mut n.c_m), ("tau_m", &mut n.tau_m), ("t_ref", &mut n.t_ref)] {
            if let Some(x) = take(d, name) {
                *f = x;
            }
        }
        if let Some(x) = take(d, "refractory_input") {
            if x != 0.0 && x != 1.0 {
                return Err(bad(INFO.name, "refractory_input must be a boolean (0 or 1)."));
            }
            n.refr_input = x == 1.0;
        }
        if !(n.v_reset < n.theta) {
            return Err(bad(INFO.name, "Reset potential must be smaller than threshold (V_reset < V_th)."));
        }
        if !(n.c_m > 0.0) {
            return Err(bad(INFO.name, "Capacitance must be > 0 (C_m > 0)."));
        }
        if !(n.t_ref >= 0.0) {
            return Err(bad(INFO.name, "Refractory time must not be negative (t_ref >= 0)."));
        }
        if !(n.tau_m > 0.0) {
            return Err(bad(INFO.name, "Membrane time constant must be > 0 (tau_m > 0)."));
        }
        *self = n;
        Ok(())
    }

    fn get(&self, name: &str) -> Option<f64> {
        Some(match name {
            "E_L" => self.e_l,
            "C_m" => self.c_m,
            "tau_m" => self.tau_m,
            "t_ref" => self.t_ref,
            "V_th" => self.theta + self.e_l,
            "V_reset" => self.v_reset + self.e_l,
            "I_e" => self.i_e,
            "V_min" => self.v_min + self.e_l,
            "refractory_input" => f64::from(u8::from(self.refr_input)),
            "V_m" => self.y3 + self.e_l,
            _ => return None,
        })
    }

    fn calibrate(&mut self, h: f64, tics_per_step: i64) {
        self.h = h;
        self.p33 = (-h / self.tau_m).exp();
        self.p30 = 1.0 / self.c_m * (1.0 - self.p33) * self.tau_m;
        self.ref_counts = ms_to_steps_ceil(self.t_ref, tics_per_step);
    }

    fn reset(&mut self) {
        self.y0 = 0.0;
        self.y3 = self.v_init;
        self.r = 0;
        self.refr_buf = 0.0;
    }

    fn spike_channel(receptor: u32, _w: f64) -> Option<usize> {
        (receptor == 0).then_some(0)
    }

    fn current_channel(receptor: u32) -> Option<usize> {
        (receptor == 0).then_some(1)
    }

    #[inline]
    fn update(&mut self, input: &[f64]) -> bool {
        if self.r == 0 {
            self.y3 = self.p30 * (self.y0 + self.i_e) + self.p33 * self.y3 + input[0];
            if self.refr_input && self.refr_buf != 0.0 {
                self.y3 += self.refr_buf;
                self.refr_buf = 0.0;
            }
            if self.y3 < self.v_min {
                self.y3 = self.v_min;
            }
        } else {
            if self.refr_input {
                self.refr_buf += input[0] * (-(self.r as f64) * self.h / self.tau_m).exp();
            }
            self.r -= 1;
        }
        let spike = self.y3 >= self.theta;
        if spike {
            self.r = self.ref_counts;
            self.y3 = self.v_reset;
        }
        self.y0 = input[1];
        spike
    }

    #[inline]
    fn recordable(&self, _k: usize) -> f64 {
        self.y3 + self.e_l
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spike_jump_and_refractory_drop() {
        let mut n = IafPscDelta::new();
        n.calibrate(0.1, 100);
        n.reset();
        n.update(&[2.5, 0.0]);
        assert!((n.recordable(0) + 67.5).abs() < 1e-12);
        // Threshold: 16 mV jump fires and resets; input during t_ref is dropped.
        assert!(n.update(&[16.0, 0.0]));
        assert_eq!(n.recordable(0), -70.0);
        for _ in 0..20 {
            n.update(&[5.0, 0.0]);
            assert_eq!(n.recordable(0), -70.0);
        }
        n.update(&[1.0, 0.0]);
        assert!((n.recordable(0) + 69.0).abs() < 1e-12);
    }
}
