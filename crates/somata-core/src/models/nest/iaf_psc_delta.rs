//! `iaf_psc_delta`: leaky integrate-and-fire neuron with delta-shaped
//! postsynaptic currents (NEST `models/iaf_psc_delta`): a spike of weight w
//! makes V_m jump by w mV in the step it arrives.
//!
//! Potentials are stored relative to E_L as in NEST. With
//! `refractory_input` = 1, spikes arriving during refractoriness are
//! discounted by exp(−r·h/τm) and added when it ends.
//!
//! NEST 3.10's ignore-and-spike mechanism (`ignore_and_spike`,
//! `ignore_and_spike_offset`, `ignore_and_spike_interval`): when on, the
//! threshold is ignored and the neuron spikes (and resets, and turns
//! refractory) at t0 + offset + k·interval, t0 being the start of the run
//! after creation or after the offset was set; offset and interval are
//! rounded up to whole steps as NEST's `Time` does.

use super::iaf_core::{require, Check, Membrane, Refractory};
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
        P::new("refractory_input", "", 0.0, "boolean: true keeps spikes arriving during refractoriness, each discounted by exp(−r·h/τm) with r the steps left, and adds them when it ends; false (default) drops them"),
        P::new("ignore_and_spike", "", 0.0, "boolean: true ignores the threshold and spikes at offset + k·interval (NEST 3.10); false (default) off"),
        P::new("ignore_and_spike_offset", "ms", 1.0, "time of the first forced spike after the run start (> 0)"),
        P::new("ignore_and_spike_interval", "ms", 100.0, "interval between forced spikes (> 0)"),
    ],
    state: &[V::new("V_m", "mV", -70.0, "membrane potential")],
    recordables: &[V::new("V_m", "mV", -70.0, "membrane potential")],
    receptors: "spikes: receptor 0 (signed weight in mV); currents: receptor 0",
    notes: &["Update order as NEST 3.10, including its ignore_and_spike mechanism."],
};

/// One `iaf_psc_delta` neuron: parameters, propagators and state.
#[derive(Clone, Debug)]
pub struct IafPscDelta {
    /// Membrane parameters (potentials relative to E_L).
    m: Membrane,
    refr: Refractory,
    refr_input: bool,
    ias: IgnoreAndSpike,
    h: f64,
    p33: f64,
    p30: f64,
    y0: f64,
    y3: f64,
    r: i64,
    refr_buf: f64,
}

/// NEST 3.10's `IgnoreAndSpikeMechanism`: forced spikes on a fixed schedule.
#[derive(Clone, Debug)]
struct IgnoreAndSpike {
    on: bool,
    offset: f64,
    interval: f64,
    interval_steps: i64,
    /// Steps until the next forced spike; `None` until the run start after
    /// creation or a new offset (then the offset in steps).
    steps_until: Option<i64>,
}

impl IgnoreAndSpike {
    /// `spike_event_is_due`: counts down when on (spiking at 0 and
    /// restarting the interval), else passes the threshold test through.
    #[inline(always)]
    fn due(&mut self, dynamic: bool) -> bool {
        if !self.on {
            return dynamic;
        }
        let s = self.steps_until.as_mut().expect("calibrated");
        *s -= 1;
        let forced = *s == 0;
        if forced {
            *s = self.interval_steps;
        }
        forced
    }
}

impl NestNeuron for IafPscDelta {
    const INFO: &'static NestModelInfo = &INFO;
    /// Channels: spikes (signed), current.
    const CHANNELS: usize = 2;

    fn new() -> Self {
        IafPscDelta {
            m: Membrane::new(Some(-f64::MAX)),
            refr: Refractory::new(2.0),
            refr_input: false,
            ias: IgnoreAndSpike { on: false, offset: 1.0, interval: 100.0, interval_steps: 0, steps_until: None },
            h: 0.1,
            p33: 0.0,
            p30: 0.0,
            y0: 0.0,
            y3: 0.0,
            r: 0,
            refr_buf: 0.0,
        }
    }

    fn set(&mut self, d: Dict<'_>) -> Result<()> {
        let mut n = self.clone();
        n.m.set(d, &mut n.y3);
        n.refr.set(d, "t_ref");
        let flag = |name: &str, cur: bool| match take(d, name) {
            None => Ok(cur),
            Some(x) if x == 0.0 || x == 1.0 => Ok(x == 1.0),
            Some(_) => Err(bad(INFO.name, &format!("{name} must be a boolean (0 or 1)."))),
        };
        n.refr_input = flag("refractory_input", n.refr_input)?;
        n.ias.on = flag("ignore_and_spike", n.ias.on)?;
        n.m.check(INFO.name, &[(Check::ResetBelowThreshold, "Reset potential must be smaller than threshold (V_reset < V_th)."), (Check::Capacitance, "Capacitance must be > 0 (C_m > 0).")])?;
        require(INFO.name, &[(n.refr.valid(), "Refractory time must not be negative (t_ref >= 0)."), (n.m.tau_m > 0.0, "Membrane time constant must be > 0 (tau_m > 0).")])?;
        // NEST checks the mechanism after the model's own parameters.
        let (offset, interval) = (take(d, "ignore_and_spike_offset"), take(d, "ignore_and_spike_interval"));
        require(
            INFO.name,
            &[(offset.unwrap_or(n.ias.offset) > 0.0, "ignore_and_spike_offset > 0 required."), (interval.unwrap_or(n.ias.interval) > 0.0, "ignore_and_spike_interval > 0 required.")],
        )?;
        if let Some(o) = offset {
            n.ias.offset = o;
            n.ias.steps_until = None; // the schedule restarts at the next run start
        }
        if let Some(i) = interval {
            n.ias.interval = i;
        }
        *self = n;
        Ok(())
    }

    fn get(&self, name: &str) -> Option<f64> {
        if let v @ Some(_) = self.m.get(name, self.y3) {
            return v;
        }
        Some(match name {
            "t_ref" => self.refr.t_ref,
            "refractory_input" => f64::from(u8::from(self.refr_input)),
            "ignore_and_spike" => f64::from(u8::from(self.ias.on)),
            "ignore_and_spike_offset" => self.ias.offset,
            "ignore_and_spike_interval" => self.ias.interval,
            _ => return None,
        })
    }

    fn calibrate(&mut self, h: f64, tics_per_step: i64) {
        self.h = h;
        self.p33 = (-h / self.m.tau_m).exp();
        self.p30 = 1.0 / self.m.c_m * (1.0 - self.p33) * self.m.tau_m;
        self.refr.calibrate(tics_per_step);
        self.ias.interval_steps = ms_to_steps_ceil(self.ias.interval, tics_per_step);
        if self.ias.steps_until.is_none() {
            self.ias.steps_until = Some(ms_to_steps_ceil(self.ias.offset, tics_per_step));
        }
    }

    fn reset(&mut self) {
        self.y0 = 0.0;
        self.y3 = self.m.v_init;
        self.r = 0;
        self.refr_buf = 0.0;
        self.ias.steps_until = None; // a fresh run restarts the schedule (NEST: new nodes)
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
            self.y3 = self.p30 * (self.y0 + self.m.i_e) + self.p33 * self.y3 + input[0];
            if self.refr_input && self.refr_buf != 0.0 {
                self.y3 += self.refr_buf;
                self.refr_buf = 0.0;
            }
            self.y3 = self.m.clamp(self.y3);
        } else {
            if self.refr_input {
                self.refr_buf += input[0] * (-(self.r as f64) * self.h / self.m.tau_m).exp();
            }
            self.r -= 1;
        }
        let spike = self.ias.due(self.y3 >= self.m.theta);
        if spike {
            self.r = self.refr.counts;
            self.y3 = self.m.v_reset;
        }
        self.y0 = input[1];
        spike
    }

    #[inline]
    fn recordable(&self, _k: usize) -> f64 {
        self.y3 + self.m.e_l
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
