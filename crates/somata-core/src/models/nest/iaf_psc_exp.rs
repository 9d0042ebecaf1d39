//! `iaf_psc_exp`: leaky integrate-and-fire neuron with exponential
//! postsynaptic currents, integrated exactly (NEST `models/iaf_psc_exp`).
//!
//! Potentials are stored relative to E_L as in NEST. A weight w makes I_syn
//! jump by w pA. Current receptor 0 is a direct current; receptor 1 is a
//! current filtered by tau_syn_ex and added into I_syn_ex.

use super::propagators::exp_p21;
use super::iaf_core::{free, free_lane, lane_fields, require, same_bits, set_f64, Check, Membrane, Refractory};
use super::{Dict, NestModelInfo, NestNeuron};
use crate::error::Result;
use crate::info::{ParamInfo, VarInfo};

use ParamInfo as P;
use VarInfo as V;

const INFO: NestModelInfo = NestModelInfo {
    name: "iaf_psc_exp",
    family: "iaf_psc",
    category: "B: exact analytic propagators",
    title: "Leaky integrate-and-fire neuron with exponential postsynaptic currents",
    params: &[
        P::new("E_L", "mV", -70.0, "resting membrane potential"),
        P::new("C_m", "pF", 250.0, "membrane capacitance (> 0)"),
        P::new("tau_m", "ms", 10.0, "membrane time constant (> 0)"),
        P::new("t_ref", "ms", 2.0, "absolute refractory period (>= 0)"),
        P::new("V_th", "mV", -55.0, "spike threshold (> V_reset)"),
        P::new("V_reset", "mV", -70.0, "reset potential"),
        P::new("tau_syn_ex", "ms", 2.0, "decay time of the excitatory current (> 0)"),
        P::new("tau_syn_in", "ms", 2.0, "decay time of the inhibitory current (> 0)"),
        P::new("I_e", "pA", 0.0, "constant input current"),
        P::new("rho", "1/s", 0.01, "stochastic firing intensity at threshold (>= 0)"),
        P::new("delta", "mV", 0.0, "width of the threshold region (>= 0; > 0 gives escape noise)"),
    ],
    state: &[V::new("V_m", "mV", -70.0, "membrane potential")],
    recordables: &[
        V::new("V_m", "mV", -70.0, "membrane potential"),
        V::new("I_syn_ex", "pA", 0.0, "excitatory synaptic current"),
        V::new("I_syn_in", "pA", 0.0, "inhibitory synaptic current"),
    ],
    receptors: "spikes: receptor 0 (weight > 0 excitatory, otherwise inhibitory; pA); currents: receptor 0 (direct), receptor 1 (filtered by tau_syn_ex)",
    notes: &[
        "Propagators and update order as NEST 3.10.",
        "delta > 0: stochastic threshold, spike if u < rho·exp((V_m − V_th)/delta)·h·1e-3 with one uniform u per neuron and step from somata's streams (NEST's draws are not reproduced).",
    ],
};

/// One `iaf_psc_exp` neuron: parameters, propagators and state. The
/// propagators, the state and the membrane's threshold/reset/I_e (what a
/// step reads) come first and together (`repr(C)`, 128 bytes).
#[derive(Clone, Debug)]
#[repr(C)]
pub struct IafPscExp {
    p11_ex: f64,
    p11_in: f64,
    p22: f64,
    p21_ex: f64,
    p21_in: f64,
    p20: f64,
    i0: f64,
    i1: f64,
    i_ex: f64,
    i_in: f64,
    v_m: f64,
    r: i64,
    /// Membrane parameters (potentials relative to E_L).
    m: Membrane,
    refr: Refractory,
    tau_ex: f64,
    tau_in: f64,
    rho: f64,
    delta: f64,
    h: f64,
}

impl IafPscExp {
    /// NEST's update with the threshold test `fire` (deterministic or escape noise).
    #[inline(always)]
    fn step(&mut self, input: &[f64], fire: impl Fn(&Self) -> bool) -> bool {
        if free(&mut self.r) {
            self.v_m = self.v_m * self.p22 + self.i_ex * self.p21_ex + self.i_in * self.p21_in + (self.m.i_e + self.i0) * self.p20;
        }
        self.i_ex *= self.p11_ex;
        self.i_in *= self.p11_in;
        self.i_ex += (1.0 - self.p11_ex) * self.i1;
        self.i_ex += input[0];
        self.i_in += input[1];
        let spike = fire(self);
        if spike {
            self.r = self.refr.counts;
            self.v_m = self.m.v_reset;
        }
        self.i0 = input[2];
        self.i1 = input[3];
        spike
    }
}

impl NestNeuron for IafPscExp {
    const INFO: &'static NestModelInfo = &INFO;
    /// Channels: excitatory spikes, inhibitory spikes, current 0, current 1.
    const CHANNELS: usize = 4;

    fn new() -> Self {
        IafPscExp {
            m: Membrane::new(None),
            refr: Refractory::new(2.0),
            tau_ex: 2.0,
            tau_in: 2.0,
            rho: 0.01,
            delta: 0.0,
            p11_ex: 0.0,
            p11_in: 0.0,
            p22: 0.0,
            p21_ex: 0.0,
            p21_in: 0.0,
            p20: 0.0,
            h: 0.1,
            i0: 0.0,
            i1: 0.0,
            i_ex: 0.0,
            i_in: 0.0,
            v_m: 0.0,
            r: 0,
        }
    }

    fn set(&mut self, d: Dict<'_>) -> Result<()> {
        let mut n = self.clone();
        n.m.set(d, &mut n.v_m);
        n.refr.set(d, "t_ref");
        set_f64(d, &mut [("tau_syn_ex", &mut n.tau_ex), ("tau_syn_in", &mut n.tau_in), ("rho", &mut n.rho), ("delta", &mut n.delta)]);
        n.m.check(INFO.name, &[(Check::ResetBelowThreshold, "Reset potential must be smaller than threshold (V_reset < V_th)."), (Check::Capacitance, "Capacitance must be strictly positive (C_m > 0).")])?;
        require(
            INFO.name,
            &[
                (n.m.tau_m > 0.0 && n.tau_ex > 0.0 && n.tau_in > 0.0, "Membrane and synapse time constants must be strictly positive (tau_m, tau_syn_ex, tau_syn_in > 0)."),
                (n.refr.valid(), "Refractory time must not be negative (t_ref >= 0)."),
                (n.rho >= 0.0, "Stochastic firing intensity must not be negative (rho >= 0)."),
                (n.delta >= 0.0, "Width of threshold region must not be negative (delta >= 0)."),
            ],
        )?;
        *self = n;
        Ok(())
    }

    fn get(&self, name: &str) -> Option<f64> {
        if let v @ Some(_) = self.m.get(name, self.v_m) {
            return v;
        }
        Some(match name {
            "t_ref" => self.refr.t_ref,
            "tau_syn_ex" => self.tau_ex,
            "tau_syn_in" => self.tau_in,
            "rho" => self.rho,
            "delta" => self.delta,
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
        self.h = h;
        self.refr.calibrate(tics_per_step);
    }

    fn reset(&mut self) {
        self.i0 = 0.0;
        self.i1 = 0.0;
        self.i_ex = 0.0;
        self.i_in = 0.0;
        self.v_m = self.m.v_init;
        self.r = 0;
    }

    fn spike_channel(receptor: u32, w: f64) -> Option<usize> {
        (receptor == 0).then_some(if w > 0.0 { 0 } else { 1 })
    }

    fn current_channel(receptor: u32) -> Option<usize> {
        match receptor {
            0 => Some(2),
            1 => Some(3),
            _ => None,
        }
    }

    #[inline]
    fn update(&mut self, input: &[f64]) -> bool {
        self.step(input, |n| n.v_m >= n.m.theta)
    }

    fn is_stochastic(&self) -> bool {
        self.delta > 1e-10
    }

    fn update_random(&mut self, input: &[f64], u: f64) -> bool {
        // NEST: spike if drand() < phi·h·1e-3 with phi = rho·exp((V − θ)/delta).
        self.step(input, |n| u < n.rho * ((n.v_m - n.m.theta) / n.delta).exp() * n.h * 1e-3)
    }

    #[inline]
    fn recordable(&self, k: usize) -> f64 {
        match k {
            0 => self.v_m + self.m.e_l,
            1 => self.i_ex,
            _ => self.i_in,
        }
    }

    /// Lane state: V_m, I_syn_ex, I_syn_in, the latched currents of ports 0
    /// and 1, and the refractory counter (whole steps, exact as f64).
    const LANE_FIELDS: usize = 6;

    fn same_params(&self, o: &Self) -> bool {
        let f = |n: &Self| [n.p11_ex, n.p11_in, n.p22, n.p21_ex, n.p21_in, n.p20, n.tau_ex, n.tau_in, n.rho, n.delta, n.h];
        same_bits(&f(self), &f(o)) && self.m.same(&o.m) && self.refr.same(&o.refr)
    }

    fn state_to_lane(&self, state: &mut [f64], stride: usize, j: usize) {
        for (f, x) in [self.v_m, self.i_ex, self.i_in, self.i0, self.i1, self.r as f64].into_iter().enumerate() {
            state[f * stride + j] = x;
        }
    }

    fn state_from_lane(&mut self, state: &[f64], stride: usize, j: usize) {
        let x = |f: usize| state[f * stride + j];
        (self.v_m, self.i_ex, self.i_in, self.i0, self.i1, self.r) = (x(0), x(1), x(2), x(3), x(4), x(5) as i64);
    }

    /// [`IafPscExp::step`] with the deterministic threshold, lane by lane
    /// (branch-free, so the loop vectorises; the same operations in the
    /// same order).
    #[inline(never)]
    fn update_lanes(&self, state: &mut [f64], input: &mut [f64], stride: usize, n: usize, spiked: &mut [u8]) -> usize {
        let [v_m, i_ex, i_in, i0, i1, r] = lane_fields::<6>(state, stride, n);
        let [x_ex, x_in, x0, x1] = lane_fields::<4>(input, stride, n);
        let spiked = &mut spiked[..n];
        let (p11_ex, p11_in, p22, p21_ex, p21_in, p20) = (self.p11_ex, self.p11_in, self.p22, self.p21_ex, self.p21_in, self.p20);
        let (i_e, counts) = (self.m.i_e, self.refr.counts as f64);
        let mut count = 0;
        for j in 0..n {
            let (free, r_free) = free_lane(r[j]);
            let v_free = v_m[j] * p22 + i_ex[j] * p21_ex + i_in[j] * p21_in + (i_e + i0[j]) * p20;
            let v = if free { v_free } else { v_m[j] };
            let mut ex = i_ex[j] * p11_ex;
            let mut inh = i_in[j] * p11_in;
            ex += (1.0 - p11_ex) * i1[j];
            ex += std::mem::take(&mut x_ex[j]);
            inh += std::mem::take(&mut x_in[j]);
            let spike;
            (v_m[j], r[j], spike) = self.m.fire_lane(v, r_free, counts);
            (i_ex[j], i_in[j]) = (ex, inh);
            i0[j] = std::mem::take(&mut x0[j]);
            i1[j] = std::mem::take(&mut x1[j]);
            spiked[j] = spike as u8;
            count += spike as usize;
        }
        count
    }

    #[inline]
    fn lane_recordable(&self, state: &[f64], stride: usize, j: usize, k: usize) -> f64 {
        match k {
            0 => state[j] + self.m.e_l,
            1 => state[stride + j],
            _ => state[2 * stride + j],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Free membrane with constant current: V(t) = E_L + I·τm/C·(1 − e^(−t/τm)).
    #[test]
    fn dc_response_is_exact() {
        let mut n = IafPscExp::new();
        n.set(&[("I_e", 200.0), ("V_th", 1000.0)]).unwrap();
        n.calibrate(0.1, 100);
        n.reset();
        for k in 1..=100 {
            n.update(&[0.0; 4]);
            let t = k as f64 * 0.1;
            let want = -70.0 + 200.0 * 10.0 / 250.0 * (1.0 - (-t / 10.0f64).exp());
            assert!((n.recordable(0) - want).abs() < 1e-12);
        }
    }

    /// The vectorised update is bit-identical to the record update, also
    /// with the singular propagators (tau_syn = tau_m) and a long refractory
    /// period; parameters differing in any bit are not shared.
    #[test]
    fn lanes_match_records() {
        use crate::models::nest::assert_lanes_match_records;
        assert_lanes_match_records::<IafPscExp>(&[("I_e", 350.0)], 400);
        assert_lanes_match_records::<IafPscExp>(&[("tau_m", 2.0), ("tau_syn_ex", 2.0), ("tau_syn_in", 2.0), ("I_e", 900.0), ("t_ref", 3.3)], 400);
        assert_lanes_match_records::<IafPscExp>(&[("tau_m", 20.0), ("tau_syn_ex", 0.5), ("tau_syn_in", 7.0), ("V_th", -65.0), ("V_reset", -80.0), ("t_ref", 0.0), ("C_m", 80.0)], 400);
        let (mut a, mut b) = (IafPscExp::new(), IafPscExp::new());
        b.set(&[("I_e", f64::from_bits(0.0f64.to_bits() + 1))]).unwrap();
        a.calibrate(0.1, 100);
        b.calibrate(0.1, 100);
        assert!(!a.same_params(&b));
    }
}
