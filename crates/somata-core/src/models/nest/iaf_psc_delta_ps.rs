//! `iaf_psc_delta_ps`: leaky integrate-and-fire neuron with delta-shaped
//! postsynaptic currents and precise (off-grid) spike times (NEST
//! `models/iaf_psc_delta_ps`).
//!
//! Input spikes make V jump by their weight (mV) at their exact times; the
//! membrane is propagated exactly between them ("mini-steps"). A crossing
//! caused by the current is located analytically,
//! `dt = −τm·ln((v∞ − U)/(v∞ − U_th))` back from the end of the mini-step;
//! a crossing caused by an input spike happens at that spike's time. After a
//! spike V is clamped to V_reset for t_ref, ending at an off-grid time;
//! spikes arriving meanwhile are discarded (NEST 3.10's default; its
//! `refractory_input` cannot be set).

use super::ps_common::{expm1, steps_of, Emit, PreciseNeuron, PsMembrane, StepEvents};
use super::{Dict, NestModelInfo};
use crate::error::Result;
use crate::info::{ParamInfo, VarInfo};

use ParamInfo as P;
use VarInfo as V;

const INFO: NestModelInfo = NestModelInfo {
    name: "iaf_psc_delta_ps",
    family: "iaf_psc",
    category: "B: exact analytic propagators, precise spike times",
    title: "Leaky integrate-and-fire neuron with delta-shaped postsynaptic currents, precise spike timing",
    params: &[
        P::new("E_L", "mV", -70.0, "resting membrane potential"),
        P::new("C_m", "pF", 250.0, "membrane capacitance (> 0)"),
        P::new("tau_m", "ms", 10.0, "membrane time constant (> 0)"),
        P::new("t_ref", "ms", 2.0, "absolute refractory period (at least one step)"),
        P::new("V_th", "mV", -55.0, "spike threshold (> V_reset)"),
        P::new("V_reset", "mV", -70.0, "reset potential (>= V_min)"),
        P::new("V_min", "mV", -f64::MAX, "absolute lower bound of V_m"),
        P::new("I_e", "pA", 0.0, "constant input current"),
    ],
    state: &[V::new("V_m", "mV", -70.0, "membrane potential")],
    recordables: &[V::new("V_m", "mV", -70.0, "membrane potential")],
    receptors: "spikes: receptor 0 (weight in mV, any sign; off-grid times kept); currents: receptor 0 (step-wise constant)",
    notes: &[
        "Precise spike times as NEST 3.10: mini-steps between input events, analytic threshold time; spikes carry offsets (spike_recorder times are stamp − offset).",
        "Spikes arriving during the refractory period are discarded (NEST's refractory_input is false and not settable in 3.10).",
        "Spikes with equal offsets in a step are summed before they are applied (NEST's accumulate_simultaneous); on-grid input spikes are separate events at offset 0, summed with the others of that offset in NEST's order.",
    ],
};

/// One `iaf_psc_delta_ps` neuron.
#[derive(Clone, Debug)]
pub struct IafPscDeltaPs {
    /// Membrane parameters (potentials relative to E_L).
    m: PsMembrane,
    // Other parameters.
    u_init: f64,
    // Variables.
    expm1_t: f64,
    r: f64,
    h: f64,
    refractory_steps: i64,
    // State.
    u: f64,
    i: f64,
    last_spike_step: i64,
    last_spike_offset: f64,
    is_refractory: bool,
}

impl IafPscDeltaPs {
    /// Exact propagation over `dt` ms (`propagate_`).
    #[inline]
    fn propagate(&mut self, dt: f64) {
        let expm1_dt = expm1(-dt / self.m.tau_m);
        let v_inf = self.r * (self.i + self.m.i_e);
        self.u = -v_inf * expm1_dt + self.u * expm1_dt + self.u;
    }

    /// A spike whose threshold crossing lies back from the current point
    /// (offset `offset_u`) by the analytic time (`emit_spike_`).
    fn emit_spike(&mut self, t: i64, offset_u: f64, out: &mut Emit<'_>) {
        let v_inf = self.r * (self.i + self.m.i_e);
        let dt = -self.m.tau_m * ((v_inf - self.u) / (v_inf - self.m.u_th)).ln();
        self.last_spike_step = t + 1;
        self.last_spike_offset = offset_u + dt;
        self.u = self.m.u_reset;
        self.is_refractory = true;
        out.spike(self.last_spike_offset, 1);
    }

    /// A spike at exactly `offset` (`emit_instant_spike_`).
    fn emit_instant_spike(&mut self, t: i64, offset: f64, out: &mut Emit<'_>) {
        self.last_spike_step = t + 1;
        self.last_spike_offset = offset;
        self.u = self.m.u_reset;
        self.is_refractory = true;
        out.spike(offset, 1);
    }
}

impl PreciseNeuron for IafPscDeltaPs {
    const INFO: &'static NestModelInfo = &INFO;
    /// Channels: on-grid spikes with w ≥ 0, with w < 0, current.
    const CHANNELS: usize = 3;
    const SPIKE_CHANNELS: &'static [usize] = &[0, 1];
    const CURRENT_CHANNEL: Option<usize> = Some(2);

    fn new() -> Self {
        IafPscDeltaPs {
            m: PsMembrane::new(-f64::MAX),
            u_init: 0.0,
            expm1_t: 0.0,
            r: 0.0,
            h: 0.1,
            refractory_steps: 0,
            u: 0.0,
            i: 0.0,
            last_spike_step: -1,
            last_spike_offset: 0.0,
            is_refractory: false,
        }
    }

    fn set(&mut self, d: Dict<'_>) -> Result<()> {
        let mut n = self.clone();
        let delta = n.m.set(d);
        n.m.check(INFO.name, &[])?;
        n.m.set_v_m(d, delta, &mut n.u, &mut n.u_init);
        *self = n;
        Ok(())
    }

    fn get(&self, name: &str) -> Option<f64> {
        if let v @ Some(_) = self.m.get(name) {
            return v;
        }
        Some(match name {
            "V_m" => self.u + self.m.e_l,
            "is_refractory" => f64::from(u8::from(self.is_refractory)),
            "refractory_input" => 0.0,
            _ => return None,
        })
    }

    fn calibrate(&mut self, h: f64, tics_per_step: i64) {
        self.h = h;
        self.expm1_t = expm1(-self.h / self.m.tau_m);
        self.r = self.m.tau_m / self.m.c_m;
        self.refractory_steps = steps_of(self.m.t_ref, tics_per_step);
    }

    fn reset(&mut self) {
        self.u = self.u_init;
        self.i = 0.0;
        self.last_spike_step = -1;
        self.last_spike_offset = 0.0;
        self.is_refractory = false;
    }

    fn spike_channel(receptor: u32, w: f64) -> Option<usize> {
        (receptor == 0).then_some(if w >= 0.0 { 0 } else { 1 })
    }

    fn current_channel(receptor: u32) -> Option<usize> {
        (receptor == 0).then_some(2)
    }

    fn slice_start(&mut self, t: i64, out: &mut Emit<'_>) {
        if self.u >= self.m.u_th {
            self.emit_instant_spike(t, self.h * (1.0 - f64::EPSILON), out);
        }
    }

    fn step(&mut self, t: i64, ev: &mut StepEvents<'_>, current: f64, out: &mut Emit<'_>) -> Result<()> {
        // Offsets: h at the start of the step, 0 at its end.
        let mut tt = self.h;
        if self.is_refractory && t + 1 - self.last_spike_step == self.refractory_steps {
            ev.add_refractory(self.last_spike_offset);
        }
        match ev.next(true) {
            None => {
                if !self.is_refractory {
                    let i_ext = -self.expm1_t * self.r * (self.i + self.m.i_e);
                    self.u = i_ext + self.expm1_t * self.u + self.u;
                    self.u = if self.u < self.m.u_min { self.m.u_min } else { self.u };
                    if self.u >= self.m.u_th {
                        self.emit_spike(t, 0.0, out);
                    }
                }
            }
            Some(mut e) => {
                loop {
                    if self.is_refractory {
                        tt = e.offset;
                        if e.end_of_refract {
                            self.is_refractory = false;
                            if self.u >= self.m.u_th {
                                self.emit_instant_spike(t, tt, out);
                            }
                        }
                    } else {
                        self.propagate(tt - e.offset);
                        tt = e.offset;
                        if self.u >= self.m.u_th {
                            self.emit_spike(t, tt, out);
                        } else {
                            self.u += e.weight;
                            if self.u >= self.m.u_th {
                                self.emit_instant_spike(t, tt, out);
                            }
                        }
                    }
                    match ev.next(true) {
                        Some(n) => e = n,
                        None => break,
                    }
                }
                if !self.is_refractory && tt > 0.0 {
                    self.propagate(tt);
                    if self.u >= self.m.u_th {
                        self.emit_spike(t, 0.0, out);
                    }
                }
            }
        }
        self.i = current;
        Ok(())
    }

    #[inline]
    fn recordable(&self, _k: usize) -> f64 {
        self.u + self.m.e_l
    }
}

#[cfg(test)]
mod tests {
    use super::super::ps_common::Ev;
    use super::*;

    fn run(n: &mut IafPscDeltaPs, steps: i64, input: impl Fn(i64) -> Vec<Ev>) -> Vec<f64> {
        let mut spikes = Vec::new();
        for t in 0..steps {
            let mut out = Vec::new();
            if t == 0 {
                n.slice_start(0, &mut Emit::new(&mut out));
            }
            let evs = input(t);
            n.step(t, &mut StepEvents::new(&evs), 0.0, &mut Emit::new(&mut out)).unwrap();
            let h = n.h;
            spikes.extend(out.iter().map(|&(o, _)| (t + 1) as f64 * h - o));
        }
        spikes
    }

    /// `test_iaf_ps_dc_accuracy` (V at 5 ms within 1e-13 for h = 2^0 … 2^-13).
    #[test]
    fn dc_potential_and_spike_time_are_analytic() {
        for k in 0..14 {
            // 2^14 tics per ms as in the NEST test; steps_of only matters for t_ref.
            let tps = 1i64 << (14 - k);
            let h = 1.0 / (1i64 << k) as f64;
            let mut n = IafPscDeltaPs::new();
            n.set(&[("E_L", 0.0), ("V_m", 0.0), ("V_th", 2000.0), ("I_e", 1000.0), ("tau_m", 10.0), ("C_m", 250.0)]).unwrap();
            n.calibrate(h, tps);
            n.reset();
            run(&mut n, (5.0 / h) as i64, |_| vec![]);
            let want = 1000.0 * 10.0 / 250.0 * (1.0 - (-5.0f64 / 10.0).exp());
            assert!((n.recordable(0) - want).abs() < 1e-13, "h = {h}: {}", n.recordable(0) - want);
            let mut n = IafPscDeltaPs::new();
            n.set(&[("E_L", 0.0), ("V_m", 0.0), ("V_th", 15.0), ("I_e", 1000.0), ("tau_m", 10.0), ("C_m", 250.0)]).unwrap();
            n.calibrate(h, tps);
            n.reset();
            let s = run(&mut n, (5.0 / h) as i64, |_| vec![]);
            let want = -10.0 * (1.0 - 250.0 * 15.0 / (10.0 * 1000.0f64)).ln();
            assert_eq!(s.len(), 1);
            assert!((s[0] - want).abs() < 1e-13, "h = {h}: {} vs {want}", s[0]);
        }
    }

    /// A spike crossing threshold fires at its own (off-grid) time.
    #[test]
    fn input_spike_fires_at_its_arrival_time() {
        let mut n = IafPscDeltaPs::new();
        n.calibrate(0.1, 100);
        n.reset();
        let s = run(&mut n, 20, |t| if t == 12 { vec![Ev { t, offset: 0.0375, weight: 16.0 }] } else { vec![] });
        assert_eq!(s.len(), 1);
        assert!((s[0] - (1.3 - 0.0375)).abs() < 1e-15);
    }
}
