//! `iaf_psc_alpha`: leaky integrate-and-fire neuron with alpha-shaped
//! postsynaptic currents, integrated exactly (NEST `models/iaf_psc_alpha`).
//!
//! As in NEST, V_m, V_th, V_reset and V_min are stored relative to E_L; a
//! later change of E_L keeps their absolute values unless they are given in
//! the same call. The PSC jump is e/τs, so a weight w gives a current that
//! peaks at w pA at t = τs.

use super::iaf_core::{free, free_lane, lane_fields, require, same_bits, set_f64, Check, Membrane, Refractory};
use super::propagators::{alpha_p31_p32, p30};
use super::{Dict, NestModelInfo, NestNeuron};
use crate::error::Result;
use crate::info::{ParamInfo, VarInfo};

use ParamInfo as P;
use VarInfo as V;

const INFO: NestModelInfo = NestModelInfo {
    name: "iaf_psc_alpha",
    family: "iaf_psc",
    category: "B: exact analytic propagators",
    title: "Leaky integrate-and-fire neuron with alpha-shaped postsynaptic currents",
    params: &[
        P::new("E_L", "mV", -70.0, "resting membrane potential"),
        P::new("C_m", "pF", 250.0, "membrane capacitance (> 0)"),
        P::new("tau_m", "ms", 10.0, "membrane time constant (> 0)"),
        P::new("t_ref", "ms", 2.0, "absolute refractory period (>= 0)"),
        P::new("V_th", "mV", -55.0, "spike threshold (> V_reset)"),
        P::new("V_reset", "mV", -70.0, "reset potential"),
        P::new("tau_syn_ex", "ms", 2.0, "rise time of the excitatory alpha current (> 0)"),
        P::new("tau_syn_in", "ms", 2.0, "rise time of the inhibitory alpha current (> 0)"),
        P::new("I_e", "pA", 0.0, "constant input current"),
        P::new("V_min", "mV", f64::NEG_INFINITY, "lower bound of V_m"),
    ],
    state: &[V::new("V_m", "mV", -70.0, "membrane potential")],
    recordables: &[
        V::new("V_m", "mV", -70.0, "membrane potential"),
        V::new("I_syn_ex", "pA", 0.0, "excitatory synaptic current"),
        V::new("I_syn_in", "pA", 0.0, "inhibitory synaptic current"),
    ],
    receptors: "spikes: receptor 0 (weight > 0 excitatory, otherwise inhibitory; pA); currents: receptor 0",
    notes: &["Propagators and update order as NEST 3.10; singular tau_m = tau_syn handled as NEST's IAFPropagatorAlpha."],
};

/// One `iaf_psc_alpha` neuron: parameters, propagators and state. The
/// propagators, the state and the membrane's threshold/reset/I_e/V_min
/// (what a step reads) come first and together (`repr(C)`).
#[derive(Clone, Debug)]
#[repr(C)]
pub struct IafPscAlpha {
    // Propagators.
    p11_ex: f64,
    p21_ex: f64,
    p22_ex: f64,
    p31_ex: f64,
    p32_ex: f64,
    p11_in: f64,
    p21_in: f64,
    p22_in: f64,
    p31_in: f64,
    p32_in: f64,
    p30: f64,
    expm1_tau_m: f64,
    psc_ex0: f64,
    psc_in0: f64,
    // State.
    y0: f64,
    di_ex: f64,
    i_ex: f64,
    di_in: f64,
    i_in: f64,
    y3: f64,
    r: i64,
    /// Membrane parameters (potentials relative to E_L).
    m: Membrane,
    refr: Refractory,
    tau_ex: f64,
    tau_in: f64,
}

impl NestNeuron for IafPscAlpha {
    const INFO: &'static NestModelInfo = &INFO;
    /// Channels: excitatory spikes, inhibitory spikes, current.
    const CHANNELS: usize = 3;

    fn new() -> Self {
        IafPscAlpha {
            m: Membrane::new(Some(f64::NEG_INFINITY)),
            refr: Refractory::new(2.0),
            tau_ex: 2.0,
            tau_in: 2.0,
            p11_ex: 0.0,
            p21_ex: 0.0,
            p22_ex: 0.0,
            p31_ex: 0.0,
            p32_ex: 0.0,
            p11_in: 0.0,
            p21_in: 0.0,
            p22_in: 0.0,
            p31_in: 0.0,
            p32_in: 0.0,
            p30: 0.0,
            expm1_tau_m: 0.0,
            psc_ex0: 0.0,
            psc_in0: 0.0,
            y0: 0.0,
            di_ex: 0.0,
            i_ex: 0.0,
            di_in: 0.0,
            i_in: 0.0,
            y3: 0.0,
            r: 0,
        }
    }

    fn set(&mut self, d: Dict<'_>) -> Result<()> {
        let mut n = self.clone();
        n.m.set(d, &mut n.y3);
        n.refr.set(d, "t_ref");
        set_f64(d, &mut [("tau_syn_ex", &mut n.tau_ex), ("tau_syn_in", &mut n.tau_in)]);
        n.m.check(INFO.name, &[(Check::ResetBelowThreshold, "Reset potential must be smaller than threshold (V_reset < V_th)."), (Check::Capacitance, "Capacitance must be strictly positive (C_m > 0).")])?;
        require(
            INFO.name,
            &[
                (n.m.tau_m > 0.0 && n.tau_ex > 0.0 && n.tau_in > 0.0, "All time constants must be strictly positive (tau_m, tau_syn_ex, tau_syn_in > 0)."),
                (n.refr.valid(), "Refractory time must not be negative (t_ref >= 0)."),
            ],
        )?;
        *self = n;
        Ok(())
    }

    fn get(&self, name: &str) -> Option<f64> {
        if let v @ Some(_) = self.m.get(name, self.y3) {
            return v;
        }
        Some(match name {
            "t_ref" => self.refr.t_ref,
            "tau_syn_ex" => self.tau_ex,
            "tau_syn_in" => self.tau_in,
            "I_syn_ex" => self.i_ex,
            "I_syn_in" => self.i_in,
            _ => return None,
        })
    }

    fn calibrate(&mut self, h: f64, tics_per_step: i64) {
        let (tau_m, c_m) = (self.m.tau_m, self.m.c_m);
        self.p11_ex = (-h / self.tau_ex).exp();
        self.p22_ex = self.p11_ex;
        self.p11_in = (-h / self.tau_in).exp();
        self.p22_in = self.p11_in;
        self.expm1_tau_m = (-h / tau_m).exp_m1();
        self.p30 = p30(tau_m, c_m, h);
        self.p21_ex = h * self.p11_ex;
        self.p21_in = h * self.p11_in;
        (self.p31_ex, self.p32_ex) = alpha_p31_p32(self.tau_ex, tau_m, c_m, h);
        (self.p31_in, self.p32_in) = alpha_p31_p32(self.tau_in, tau_m, c_m, h);
        self.psc_ex0 = std::f64::consts::E / self.tau_ex;
        self.psc_in0 = std::f64::consts::E / self.tau_in;
        self.refr.calibrate(tics_per_step);
    }

    fn reset(&mut self) {
        self.y0 = 0.0;
        self.di_ex = 0.0;
        self.i_ex = 0.0;
        self.di_in = 0.0;
        self.i_in = 0.0;
        self.y3 = self.m.v_init;
        self.r = 0;
    }

    fn spike_channel(receptor: u32, w: f64) -> Option<usize> {
        (receptor == 0).then_some(if w > 0.0 { 0 } else { 1 })
    }

    fn current_channel(receptor: u32) -> Option<usize> {
        (receptor == 0).then_some(2)
    }

    #[inline]
    fn update(&mut self, input: &[f64]) -> bool {
        if free(&mut self.r) {
            let y3 = self.p30 * (self.y0 + self.m.i_e)
                + self.p31_ex * self.di_ex
                + self.p32_ex * self.i_ex
                + self.p31_in * self.di_in
                + self.p32_in * self.i_in
                + self.expm1_tau_m * self.y3
                + self.y3;
            self.y3 = self.m.clamp(y3);
        }
        self.i_ex = self.p21_ex * self.di_ex + self.p22_ex * self.i_ex;
        self.di_ex *= self.p11_ex;
        self.di_ex += self.psc_ex0 * input[0];
        self.i_in = self.p21_in * self.di_in + self.p22_in * self.i_in;
        self.di_in *= self.p11_in;
        self.di_in += self.psc_in0 * input[1];
        let spike = self.m.fire(&mut self.y3, &mut self.r, self.refr.counts);
        self.y0 = input[2];
        spike
    }

    #[inline]
    fn recordable(&self, k: usize) -> f64 {
        match k {
            0 => self.y3 + self.m.e_l,
            1 => self.i_ex,
            _ => self.i_in,
        }
    }

    /// Lane state: V_m (y3), I_syn_ex, dI_syn_ex, I_syn_in, dI_syn_in, the
    /// latched current (y0) and the refractory counter (whole steps, exact
    /// as f64).
    const LANE_FIELDS: usize = 7;

    fn same_params(&self, o: &Self) -> bool {
        let f = |n: &Self| {
            [n.p11_ex, n.p21_ex, n.p22_ex, n.p31_ex, n.p32_ex, n.p11_in, n.p21_in, n.p22_in, n.p31_in, n.p32_in, n.p30, n.expm1_tau_m, n.psc_ex0, n.psc_in0, n.tau_ex, n.tau_in]
        };
        same_bits(&f(self), &f(o)) && self.m.same(&o.m) && self.refr.same(&o.refr)
    }

    fn state_to_lane(&self, state: &mut [f64], stride: usize, j: usize) {
        for (f, x) in [self.y3, self.i_ex, self.di_ex, self.i_in, self.di_in, self.y0, self.r as f64].into_iter().enumerate() {
            state[f * stride + j] = x;
        }
    }

    fn state_from_lane(&mut self, state: &[f64], stride: usize, j: usize) {
        let x = |f: usize| state[f * stride + j];
        (self.y3, self.i_ex, self.di_ex, self.i_in, self.di_in, self.y0, self.r) = (x(0), x(1), x(2), x(3), x(4), x(5), x(6) as i64);
    }

    /// [`NestNeuron::update`] lane by lane (branch-free, so the loop
    /// vectorises; the same operations in the same order).
    #[inline(never)]
    fn update_lanes(&self, state: &mut [f64], input: &mut [f64], stride: usize, n: usize, spiked: &mut [u8]) -> usize {
        let [y3, i_ex, di_ex, i_in, di_in, y0, r] = lane_fields::<7>(state, stride, n);
        let [x_ex, x_in, x0] = lane_fields::<3>(input, stride, n);
        let spiked = &mut spiked[..n];
        let (p30, p31_ex, p32_ex, p31_in, p32_in, expm1_tau_m) = (self.p30, self.p31_ex, self.p32_ex, self.p31_in, self.p32_in, self.expm1_tau_m);
        let (p11_ex, p21_ex, p22_ex, p11_in, p21_in, p22_in, psc_ex0, psc_in0) = (self.p11_ex, self.p21_ex, self.p22_ex, self.p11_in, self.p21_in, self.p22_in, self.psc_ex0, self.psc_in0);
        let (i_e, counts) = (self.m.i_e, self.refr.counts as f64);
        let mut count = 0;
        for j in 0..n {
            let (free, r_free) = free_lane(r[j]);
            let v_free = p30 * (y0[j] + i_e) + p31_ex * di_ex[j] + p32_ex * i_ex[j] + p31_in * di_in[j] + p32_in * i_in[j] + expm1_tau_m * y3[j] + y3[j];
            let v = if free { self.m.clamp(v_free) } else { y3[j] };
            i_ex[j] = p21_ex * di_ex[j] + p22_ex * i_ex[j];
            di_ex[j] = di_ex[j] * p11_ex + psc_ex0 * std::mem::take(&mut x_ex[j]);
            i_in[j] = p21_in * di_in[j] + p22_in * i_in[j];
            di_in[j] = di_in[j] * p11_in + psc_in0 * std::mem::take(&mut x_in[j]);
            let spike;
            (y3[j], r[j], spike) = self.m.fire_lane(v, r_free, counts);
            y0[j] = std::mem::take(&mut x0[j]);
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
            _ => state[3 * stride + j],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(n: &mut IafPscAlpha, steps: usize) -> Vec<(f64, bool)> {
        (0..steps).map(|_| { let s = n.update(&[0.0, 0.0, 0.0]); (n.recordable(0), s) }).collect()
    }

    /// NEST testsuite `test_iaf_psc_alpha.py::test_iaf_psc_alpha_i0` (A2): I_e = 1000 pA.
    #[test]
    fn i0_matches_nest_table() {
        let mut n = IafPscAlpha::new();
        n.set(&[("I_e", 1000.0)]).unwrap();
        n.calibrate(0.1, 100);
        n.reset();
        let tr = run(&mut n, 50);
        let want = [(1, -69.602), (2, -69.2079), (3, -68.8178), (4, -68.4316), (5, -68.0492), (43, -56.0204), (44, -55.7615), (45, -55.5051), (46, -55.2513), (47, -55.0001), (48, -70.0), (49, -70.0), (50, -70.0)];
        for (k, v) in want {
            assert!((tr[k - 1].0 - v).abs() <= 1e-6 * v.abs() + 1e-4, "step {k}: {} vs {v}", tr[k - 1].0);
        }
        let first = tr.iter().position(|x| x.1).unwrap();
        assert_eq!(first + 1, 48); // spike stamped 4.8 ms
    }

    #[test]
    fn e_l_change_keeps_absolute_potentials() {
        let mut n = IafPscAlpha::new();
        n.set(&[("E_L", -65.0)]).unwrap();
        assert_eq!(n.get("V_th"), Some(-55.0));
        assert_eq!(n.get("V_m"), Some(-70.0));
        n.set(&[("E_L", -60.0), ("V_reset", -61.0)]).unwrap();
        assert_eq!(n.get("V_reset"), Some(-61.0));
        assert!(n.set(&[("V_reset", -50.0)]).is_err());
        assert!(n.set(&[("C_m", 0.0)]).is_err());
        assert!(n.set(&[("t_ref", -1.0)]).is_err());
        assert_eq!(n.get("C_m"), Some(250.0));
    }

    /// The vectorised update is bit-identical to the record update, also
    /// with the singular propagators (tau_syn = tau_m) and a long refractory
    /// period; parameters differing in any bit are not shared.
    #[test]
    fn lanes_match_records() {
        use crate::models::nest::assert_lanes_match_records;
        assert_lanes_match_records::<IafPscAlpha>(&[("I_e", 350.0)], 400);
        assert_lanes_match_records::<IafPscAlpha>(&[("tau_m", 2.0), ("tau_syn_ex", 2.0), ("tau_syn_in", 2.0), ("I_e", 900.0), ("t_ref", 3.3)], 400);
        assert_lanes_match_records::<IafPscAlpha>(&[("tau_m", 20.0), ("tau_syn_ex", 0.5), ("tau_syn_in", 7.0), ("V_th", -65.0), ("V_reset", -80.0), ("t_ref", 0.0), ("C_m", 80.0)], 400);
        // V_min clamps the free membrane (strong inhibition drives it there).
        assert_lanes_match_records::<IafPscAlpha>(&[("V_min", -71.0), ("I_e", 100.0)], 400);
        let (mut a, mut b) = (IafPscAlpha::new(), IafPscAlpha::new());
        b.set(&[("I_e", f64::from_bits(0.0f64.to_bits() + 1))]).unwrap();
        a.calibrate(0.1, 100);
        b.calibrate(0.1, 100);
        assert!(!a.same_params(&b));
    }
}
