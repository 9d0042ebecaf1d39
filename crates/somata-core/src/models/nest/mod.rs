//! NEST-compatible neuron models, one file each, with NEST's parameter names,
//! defaults, units, checks and `update()` order. Shared exact-integration
//! math lives in [`propagators`]; the precise-spiking (`_ps`) models share
//! [`ps_common`].

pub mod iaf_core;
pub mod iaf_psc_alpha;
pub mod iaf_psc_alpha_multisynapse;
pub mod iaf_psc_alpha_ps;
pub mod iaf_psc_delta;
pub mod iaf_psc_delta_ps;
pub mod iaf_psc_exp;
pub mod iaf_psc_exp_htum;
pub mod iaf_psc_exp_multisynapse;
pub mod iaf_psc_exp_ps;
pub mod iaf_psc_exp_ps_lossless;
pub mod ignore_and_fire;
pub mod parrot_neuron;
pub mod parrot_neuron_ps;
pub mod propagators;
pub mod ps_common;

use crate::error::{Error, Result};
use crate::info::{ParamInfo, VarInfo};

/// Everything a NEST model says about itself (for `nest.modelInfo`).
#[derive(Clone, Copy, Debug)]
pub struct NestModelInfo {
    /// NEST model name (`iaf_psc_alpha`).
    pub name: &'static str,
    /// Family (`iaf_psc`).
    pub family: &'static str,
    /// Integration category (`B: exact propagators`).
    pub category: &'static str,
    /// One-line description.
    pub title: &'static str,
    /// Parameters with NEST defaults and units.
    pub params: &'static [ParamInfo],
    /// Settable state variables with their initial values.
    pub state: &'static [VarInfo],
    /// Variables a multimeter can record.
    pub recordables: &'static [VarInfo],
    /// Receptor types: spikes, currents.
    pub receptors: &'static str,
    /// Conventions and differences from NEST.
    pub notes: &'static [&'static str],
}

impl NestModelInfo {
    /// Every settable name (parameters, then state).
    pub fn settable(&self) -> Vec<&'static str> {
        self.params.iter().map(|p| p.name).chain(self.state.iter().map(|v| v.name)).collect()
    }
    /// Index of a recordable.
    pub fn recordable_index(&self, name: &str) -> Option<usize> {
        self.recordables.iter().position(|v| v.name == name)
    }
}

/// A parameter dictionary: names and values, applied together as NEST's
/// `SetStatus` does (so `E_L` and the potentials given with it are consistent).
pub type Dict<'a> = &'a [(&'a str, f64)];

/// Looks up `name` in a dictionary (the last entry wins).
pub fn take(d: Dict<'_>, name: &str) -> Option<f64> {
    d.iter().rev().find(|(k, _)| *k == name).map(|(_, v)| *v)
}

/// Steps of a time given in ms as NEST converts it: to tics (nearest), then
/// up to a whole step (`Time(Time::ms(t)).get_steps()`).
pub fn ms_to_steps_ceil(ms: f64, tics_per_step: i64) -> i64 {
    let tics = (ms * 1000.0 + 0.5).floor() as i64;
    tics.div_euclid(tics_per_step) + i64::from(tics.rem_euclid(tics_per_step) != 0)
}

/// A model the network can hold: one neuron's parameters, propagators and
/// state as one record, updated one step at a time exactly as NEST's
/// `update()` does.
pub trait NestNeuron: Clone + Send + Sync + 'static {
    /// The model's self-description.
    const INFO: &'static NestModelInfo;
    /// Input channels of the ring buffers (spike and current channels).
    const CHANNELS: usize;
    /// `true` if arriving spikes count their multiplicity only, ignoring
    /// the connection weight (`parrot_neuron`): edges into it carry weight 1.
    const COUNTS_SPIKES: bool = false;
    /// A neuron with NEST's defaults.
    fn new() -> Self;
    /// Applies a dictionary (names already checked) and NEST's checks; on
    /// error the neuron is unchanged.
    fn set(&mut self, d: Dict<'_>) -> Result<()>;
    /// Reads a parameter or state variable in NEST units.
    fn get(&self, name: &str) -> Option<f64>;
    /// Applies an array parameter (`tau_syn` of the multisynapse models) with
    /// NEST's checks; models without array parameters reject every name.
    fn set_array(&mut self, name: &str, _values: &[f64]) -> Result<()> {
        Err(Error::UnknownName(format!("{} has no array parameter '{name}'", Self::INFO.name)))
    }
    /// Reads an array parameter.
    fn get_array(&self, _name: &str) -> Option<Vec<f64>> {
        None
    }
    /// Precomputes the propagators for step `h` (ms) (`pre_run_hook`).
    fn calibrate(&mut self, h: f64, tics_per_step: i64);
    /// Returns the state to its initial values (for a fresh run from t = 0).
    fn reset(&mut self);
    /// The channel a spike with weight `w` on `receptor` goes to, if valid.
    fn spike_channel(receptor: u32, w: f64) -> Option<usize>;
    /// The channel a current on `receptor` goes to, if valid.
    fn current_channel(receptor: u32) -> Option<usize>;
    /// One step: `input[ch]` is this step's ring-buffer slot. Returns `true`
    /// if the neuron spiked.
    fn update(&mut self, input: &[f64]) -> bool;
    /// One step returning the multiplicity of the spike sent (0: none);
    /// models that send multiple spikes per step (`parrot_neuron`) override it.
    fn update_count(&mut self, input: &[f64]) -> u32 {
        u32::from(self.update(input))
    }
    /// `true` if this neuron draws a random number every step (e.g.
    /// `iaf_psc_exp` with `delta > 0`); it is then updated through
    /// [`NestNeuron::update_random`].
    fn is_stochastic(&self) -> bool {
        false
    }
    /// One step with a uniform variate `u` in [0, 1) from the neuron's stream.
    fn update_random(&mut self, input: &[f64], _u: f64) -> bool {
        self.update(input)
    }
    /// Recordable `k` (index into `INFO.recordables`), in NEST units.
    fn recordable(&self, k: usize) -> f64;

    /// State variables per neuron of the model's vectorised update
    /// ([`NestNeuron::update_lanes`]); 0 (the default) if it has none. The
    /// population then keeps the state of a chunk whose neurons share all
    /// parameters as `LANE_FIELDS` arrays (`[field][stride]`), one lane per
    /// neuron, with one record holding the shared parameters.
    const LANE_FIELDS: usize = 0;
    /// `true` if `self` and `other` have bit-identical parameters and
    /// propagators (their state may differ), so one of them can step both.
    fn same_params(&self, _other: &Self) -> bool {
        false
    }
    /// Writes this neuron's state into lane `j` of `state` (`[field][stride]`).
    fn state_to_lane(&self, _state: &mut [f64], _stride: usize, _j: usize) {}
    /// Reads this neuron's state from lane `j` of `state` (`[field][stride]`).
    fn state_from_lane(&mut self, _state: &[f64], _stride: usize, _j: usize) {}
    /// One step of lanes `0..n` of `state` (`[field][stride]`) with this
    /// neuron's parameters: exactly [`NestNeuron::update`]'s operations in
    /// its order, so every lane ends bit-identical to a record stepped
    /// alone. `input` is this step's ring-buffer slot (`[channel][stride]`),
    /// read and zeroed; `spiked[j]` is set to 1 if lane `j` spiked, else 0.
    /// Returns the number of spikes.
    fn update_lanes(&self, _state: &mut [f64], _input: &mut [f64], _stride: usize, _n: usize, _spiked: &mut [u8]) -> usize {
        0
    }
    /// Recordable `k` of lane `j` (see [`NestNeuron::recordable`]).
    fn lane_recordable(&self, state: &[f64], stride: usize, j: usize, k: usize) -> f64 {
        let mut n = self.clone();
        n.state_from_lane(state, stride, j);
        n.recordable(k)
    }
}

/// The NEST models this build provides.
pub const MODELS: &[&NestModelInfo] = &[iaf_psc_alpha::IafPscAlpha::INFO, iaf_psc_delta::IafPscDelta::INFO, iaf_psc_exp::IafPscExp::INFO, iaf_psc_exp_htum::IafPscExpHtum::INFO, ignore_and_fire::IgnoreAndFire::INFO, parrot_neuron::ParrotNeuron::INFO, iaf_psc_alpha_multisynapse::IafPscAlphaMultisynapse::INFO, iaf_psc_exp_multisynapse::IafPscExpMultisynapse::INFO,
    // Precise spike timing (off-grid spikes), NEST's _ps models.
    <iaf_psc_delta_ps::IafPscDeltaPs as ps_common::PreciseNeuron>::INFO,
    <iaf_psc_alpha_ps::IafPscAlphaPs as ps_common::PreciseNeuron>::INFO,
    <iaf_psc_exp_ps::IafPscExpPs as ps_common::PreciseNeuron>::INFO,
    <iaf_psc_exp_ps_lossless::IafPscExpPsLossless as ps_common::PreciseNeuron>::INFO,
    <parrot_neuron_ps::ParrotNeuronPs as ps_common::PreciseNeuron>::INFO,
];

/// Checks a dictionary's names against a model's settable names.
pub fn check_names(info: &NestModelInfo, d: Dict<'_>) -> Result<()> {
    let ok = info.settable();
    for (k, _) in d {
        if !ok.contains(k) {
            return Err(Error::UnknownName(format!("{} has no parameter '{}'; valid: {}", info.name, k, ok.join(", "))));
        }
    }
    Ok(())
}

/// A BadProperty-style error naming the model.
pub(crate) fn bad(model: &str, msg: &str) -> Error {
    Error::Range(format!("{model}: {msg}"))
}

/// Checks that [`NestNeuron::update_lanes`] steps `n` neurons with the
/// parameters `params` bit-identically to their records stepped alone, over
/// `steps` steps of random spike and current input (with refractory
/// periods and spikes), and that the lane state round-trips through the
/// records.
#[cfg(test)]
pub(crate) fn assert_lanes_match_records<M: NestNeuron>(params: Dict<'_>, steps: usize) {
    const N: usize = 37;
    const STRIDE: usize = 40;
    let mut rng = crate::rng::Stream::new(11, 0);
    let mut proto = M::new();
    proto.set(params).unwrap();
    proto.calibrate(0.1, 100);
    proto.reset();
    let mut records: Vec<M> = (0..N).map(|_| proto.clone()).collect();
    let mut state = vec![0.0; M::LANE_FIELDS * STRIDE];
    for (j, r) in records.iter().enumerate() {
        r.state_to_lane(&mut state, STRIDE, j);
    }
    let (mut spiked, mut input, mut one) = (vec![0u8; STRIDE], vec![0.0; M::CHANNELS * STRIDE], vec![0.0; M::CHANNELS]);
    let mut fired = 0;
    for step in 0..steps {
        for (ch, x) in input.iter_mut().enumerate() {
            let u = rng.uniform();
            // Sparse spikes of either sign on the spike channels, steady currents elsewhere.
            *x = if u < 0.2 { rng.uniform_in(-300.0, 600.0) } else if ch / STRIDE >= 2 { 200.0 } else { 0.0 };
        }
        let expected_in = input.clone();
        let count = proto.update_lanes(&mut state, &mut input, STRIDE, N, &mut spiked);
        assert!(input[..].chunks(STRIDE).all(|c| c[..N].iter().all(|&x| x == 0.0)), "inputs are zeroed");
        assert_eq!(count, spiked[..N].iter().filter(|&&s| s != 0).count());
        for (j, r) in records.iter_mut().enumerate() {
            for (ch, x) in one.iter_mut().enumerate() {
                *x = expected_in[ch * STRIDE + j];
            }
            let s = r.update(&one);
            assert_eq!(u8::from(s), spiked[j], "{} lane {j} step {step}: spike", M::INFO.name);
            fired += usize::from(s);
            for k in 0..M::INFO.recordables.len() {
                let (a, b) = (r.recordable(k), proto.lane_recordable(&state, STRIDE, j, k));
                assert_eq!(a.to_bits(), b.to_bits(), "{} lane {j} step {step}: {} {a} vs {b}", M::INFO.name, M::INFO.recordables[k].name);
            }
        }
    }
    assert!(fired > 0, "{}: the test should make neurons fire", M::INFO.name);
    for (j, r) in records.iter().enumerate() {
        let mut back = proto.clone();
        back.state_from_lane(&state, STRIDE, j);
        for k in 0..M::INFO.recordables.len() {
            assert_eq!(back.recordable(k).to_bits(), r.recordable(k).to_bits());
        }
        assert!(back.same_params(r) && r.same_params(&proto));
    }
}
