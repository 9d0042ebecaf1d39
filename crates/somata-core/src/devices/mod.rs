//! NEST devices, one file each: recorders ([`multimeter`] for voltmeter and
//! multimeter, [`spike_recorder`]) and stimulators ([`dc_generator`],
//! [`poisson_generator`], [`poisson_generator_ps`], [`spike_generator`], [`step_current_generator`],
//! [`ac_generator`], [`noise_generator`], [`sinusoidal_poisson_generator`],
//! [`inhomogeneous_poisson_generator`], [`mip_generator`], [`gamma_sup_generator`],
//! [`pulsepacket_generator`]). Activity windows follow `nestkernel/device.cpp`.

pub mod ac_generator;
pub mod dc_generator;
pub mod gamma_sup_generator;
pub mod inhomogeneous_poisson_generator;
pub mod mip_generator;
pub mod multimeter;
pub mod noise_generator;
pub mod poisson_generator;
pub mod pulsepacket_generator;
pub mod poisson_generator_ps;
pub mod spike_generator;
pub mod sinusoidal_poisson_generator;
pub mod spike_recorder;
pub mod step_current_generator;

use crate::error::{Error, Result};
use crate::info::ParamInfo;
use crate::models::nest::{ms_to_steps_ceil, take, Dict};

pub use ac_generator::AcGenerator;
pub use dc_generator::DcGenerator;
pub use gamma_sup_generator::GammaSupGenerator;
pub use inhomogeneous_poisson_generator::InhomogeneousPoissonGenerator;
pub use mip_generator::MipGenerator;
pub use multimeter::Multimeter;
pub use noise_generator::NoiseGenerator;
pub use poisson_generator::PoissonGenerator;
pub use pulsepacket_generator::PulsepacketGenerator;
pub use poisson_generator_ps::PoissonGeneratorPs;
pub use spike_generator::SpikeGenerator;
pub use sinusoidal_poisson_generator::SinusoidalPoissonGenerator;
pub use spike_recorder::SpikeRecorder;
pub use step_current_generator::StepCurrentGenerator;

/// The device models, with their parameters.
pub const DEVICE_MODELS: &[(&str, &str, &[ParamInfo])] = &[
    ("voltmeter", "recorder", multimeter::PARAMS),
    ("multimeter", "recorder", multimeter::PARAMS),
    ("spike_recorder", "recorder", spike_recorder::PARAMS),
    ("dc_generator", "stimulator", dc_generator::PARAMS),
    ("poisson_generator", "stimulator", poisson_generator::PARAMS),
    ("poisson_generator_ps", "stimulator", poisson_generator_ps::PARAMS),
    ("spike_generator", "stimulator", spike_generator::PARAMS),
    ("step_current_generator", "stimulator", step_current_generator::PARAMS),
    ("ac_generator", "stimulator", ac_generator::PARAMS),
    ("noise_generator", "stimulator", noise_generator::PARAMS),
    ("sinusoidal_poisson_generator", "stimulator", sinusoidal_poisson_generator::PARAMS),
    ("inhomogeneous_poisson_generator", "stimulator", inhomogeneous_poisson_generator::PARAMS),
    ("mip_generator", "stimulator", mip_generator::PARAMS),
    ("gamma_sup_generator", "stimulator", gamma_sup_generator::PARAMS),
    ("pulsepacket_generator", "stimulator", pulsepacket_generator::PARAMS),
];

/// The window parameters every device has (`origin`, `start`, `stop`, in ms).
pub const WINDOW_PARAMS: [ParamInfo; 3] = [
    ParamInfo { name: "origin", unit: "ms", default: 0.0, doc: "shifts start and stop" },
    ParamInfo { name: "start", unit: "ms", default: 0.0, doc: "start of the activity window (relative to origin)" },
    ParamInfo { name: "stop", unit: "ms", default: f64::INFINITY, doc: "end of the activity window (relative to origin)" },
];

/// A device's activity window: `origin`, `start`, `stop` in ms.
#[derive(Clone, Copy, Debug)]
pub struct Window {
    /// Origin (ms).
    pub origin: f64,
    /// Start relative to origin (ms).
    pub start: f64,
    /// Stop relative to origin (ms, may be infinite).
    pub stop: f64,
}

impl Default for Window {
    fn default() -> Self {
        Window { origin: 0.0, start: 0.0, stop: f64::INFINITY }
    }
}

impl Window {
    /// Applies `origin`, `start`, `stop` from a dictionary; checks stop ≥ start.
    pub fn set(&mut self, d: Dict<'_>, model: &str) -> Result<()> {
        let mut w = *self;
        if let Some(x) = take(d, "origin") {
            w.origin = x;
        }
        if let Some(x) = take(d, "start") {
            w.start = x;
        }
        if let Some(x) = take(d, "stop") {
            w.stop = x;
        }
        if !(w.stop >= w.start) || !w.start.is_finite() || !w.origin.is_finite() {
            return Err(Error::Range(format!("{model}: stop >= start required (got start {} ms, stop {} ms)", w.start, w.stop)));
        }
        *self = w;
        Ok(())
    }
    /// Reads a window parameter.
    pub fn get(&self, name: &str) -> Option<f64> {
        match name {
            "origin" => Some(self.origin),
            "start" => Some(self.start),
            "stop" => Some(self.stop),
            _ => None,
        }
    }
    /// `(t_min, t_max)` in steps as NEST computes them.
    pub fn steps(&self, tics_per_step: i64) -> (i64, i64) {
        let t_min = ms_to_steps_ceil(self.origin + self.start, tics_per_step);
        let t_max = if (self.origin + self.stop).is_finite() { ms_to_steps_ceil(self.origin + self.stop, tics_per_step) } else { i64::MAX };
        (t_min, t_max)
    }
}

/// A boolean flag of a dictionary (booleans arrive as 1 / 0), if present.
pub fn take_flag(d: Dict<'_>, name: &str, model: &str) -> Result<Option<bool>> {
    match take(d, name) {
        None => Ok(None),
        Some(x) if x == 0.0 || x == 1.0 => Ok(Some(x == 1.0)),
        Some(x) => Err(Error::Type(format!("{model}: {name} is a boolean (true or false), got {x}"))),
    }
}

/// Checks a dictionary against a device's parameter names.
pub fn check_names(model: &str, params: &[ParamInfo], d: Dict<'_>) -> Result<()> {
    for (k, _) in d {
        if !params.iter().any(|p| p.name == *k) && !WINDOW_PARAMS.iter().any(|p| p.name == *k) {
            let valid: Vec<&str> = params.iter().chain(WINDOW_PARAMS.iter()).map(|p| p.name).collect();
            return Err(Error::UnknownName(format!("{model} has no parameter '{k}'; valid: {}", valid.join(", "))));
        }
    }
    Ok(())
}

/// Any device.
#[derive(Clone, Debug)]
pub enum Device {
    /// voltmeter or multimeter.
    Multimeter(Multimeter),
    /// spike_recorder.
    SpikeRecorder(SpikeRecorder),
    /// dc_generator.
    Dc(DcGenerator),
    /// poisson_generator.
    Poisson(PoissonGenerator),
    /// poisson_generator_ps (precise spike times).
    PoissonPs(PoissonGeneratorPs),
    /// spike_generator.
    SpikeGen(SpikeGenerator),
    /// step_current_generator.
    StepCurrent(StepCurrentGenerator),
    /// ac_generator.
    Ac(AcGenerator),
    /// noise_generator.
    Noise(NoiseGenerator),
    /// sinusoidal_poisson_generator.
    SinPoisson(SinusoidalPoissonGenerator),
    /// inhomogeneous_poisson_generator.
    InhPoisson(InhomogeneousPoissonGenerator),
    /// mip_generator.
    Mip(MipGenerator),
    /// gamma_sup_generator.
    GammaSup(GammaSupGenerator),
    /// pulsepacket_generator.
    PulsePacket(PulsepacketGenerator),
}

impl Device {
    /// A device with NEST's defaults, by model name.
    pub fn new(model: &str) -> Option<Device> {
        Some(match model {
            "voltmeter" => Device::Multimeter(Multimeter::new(true)),
            "multimeter" => Device::Multimeter(Multimeter::new(false)),
            "spike_recorder" => Device::SpikeRecorder(SpikeRecorder::default()),
            "dc_generator" => Device::Dc(DcGenerator::default()),
            "poisson_generator" => Device::Poisson(PoissonGenerator::default()),
            "poisson_generator_ps" => Device::PoissonPs(PoissonGeneratorPs::default()),
            "spike_generator" => Device::SpikeGen(SpikeGenerator::default()),
            "step_current_generator" => Device::StepCurrent(StepCurrentGenerator::default()),
            "ac_generator" => Device::Ac(AcGenerator::default()),
            "noise_generator" => Device::Noise(NoiseGenerator::default()),
            "sinusoidal_poisson_generator" => Device::SinPoisson(SinusoidalPoissonGenerator::default()),
            "inhomogeneous_poisson_generator" => Device::InhPoisson(InhomogeneousPoissonGenerator::default()),
            "mip_generator" => Device::Mip(MipGenerator::default()),
            "gamma_sup_generator" => Device::GammaSup(GammaSupGenerator::default()),
            "pulsepacket_generator" => Device::PulsePacket(PulsepacketGenerator::default()),
            _ => return None,
        })
    }
    /// The model name.
    pub fn model(&self) -> &'static str {
        match self {
            Device::Multimeter(m) => if m.is_voltmeter { "voltmeter" } else { "multimeter" },
            Device::SpikeRecorder(_) => "spike_recorder",
            Device::Dc(_) => "dc_generator",
            Device::Poisson(_) => "poisson_generator",
            Device::PoissonPs(_) => "poisson_generator_ps",
            Device::SpikeGen(_) => "spike_generator",
            Device::StepCurrent(_) => "step_current_generator",
            Device::Ac(_) => "ac_generator",
            Device::Noise(_) => "noise_generator",
            Device::SinPoisson(_) => "sinusoidal_poisson_generator",
            Device::InhPoisson(_) => "inhomogeneous_poisson_generator",
            Device::Mip(_) => "mip_generator",
            Device::GammaSup(_) => "gamma_sup_generator",
            Device::PulsePacket(_) => "pulsepacket_generator",
        }
    }
    /// `true` for stimulators (they are connection sources).
    pub fn is_generator(&self) -> bool {
        matches!(self, Device::Dc(_) | Device::Poisson(_) | Device::PoissonPs(_) | Device::SpikeGen(_) | Device::StepCurrent(_) | Device::Ac(_) | Device::Noise(_) | Device::SinPoisson(_) | Device::InhPoisson(_) | Device::Mip(_) | Device::GammaSup(_) | Device::PulsePacket(_))
    }
    /// `true` for current generators (their targets' current receptors).
    pub fn is_current_source(&self) -> bool {
        matches!(self, Device::Dc(_) | Device::StepCurrent(_) | Device::Ac(_) | Device::Noise(_))
    }
    /// The activity window.
    pub fn window(&self) -> &Window {
        match self {
            Device::Multimeter(m) => &m.window,
            Device::SpikeRecorder(m) => &m.window,
            Device::Dc(m) => &m.window,
            Device::Poisson(m) => &m.window,
            Device::PoissonPs(m) => &m.window,
            Device::SpikeGen(m) => &m.window,
            Device::StepCurrent(m) => &m.window,
            Device::Ac(m) => &m.window,
            Device::Noise(m) => &m.window,
            Device::SinPoisson(m) => &m.window,
            Device::InhPoisson(m) => m.window(),
            Device::Mip(m) => &m.window,
            Device::GammaSup(m) => &m.window,
            Device::PulsePacket(m) => &m.window,
        }
    }
    /// Applies a dictionary (names checked).
    pub fn set(&mut self, d: Dict<'_>) -> Result<()> {
        let model = self.model();
        match self {
            Device::Multimeter(m) => m.set(d),
            Device::SpikeRecorder(m) => m.set(d),
            Device::Dc(m) => {
                check_names(model, dc_generator::PARAMS, d)?;
                m.set(d)
            }
            Device::Poisson(m) => {
                check_names(model, poisson_generator::PARAMS, d)?;
                m.set(d)
            }
            Device::PoissonPs(m) => m.set(d),
            Device::SpikeGen(m) => m.set(d),
            Device::StepCurrent(m) => m.set(d),
            Device::Ac(m) => m.set(d),
            Device::Noise(m) => m.set(d),
            Device::SinPoisson(m) => m.set(d),
            Device::InhPoisson(m) => m.set(d),
            Device::Mip(m) => m.set(d),
            Device::GammaSup(m) => m.set(d),
            Device::PulsePacket(m) => m.set(d),
        }
    }
    /// Reads a parameter.
    pub fn get(&self, name: &str) -> Result<f64> {
        let (v, params) = match self {
            Device::Multimeter(m) => (m.get(name), multimeter::PARAMS),
            Device::SpikeRecorder(m) => (m.get(name), spike_recorder::PARAMS),
            Device::Dc(m) => (m.get(name), dc_generator::PARAMS),
            Device::Poisson(m) => (m.get(name), poisson_generator::PARAMS),
            Device::PoissonPs(m) => (m.get(name), poisson_generator_ps::PARAMS),
            Device::SpikeGen(m) => (m.get(name), spike_generator::PARAMS),
            Device::StepCurrent(m) => (m.get(name), step_current_generator::PARAMS),
            Device::Ac(m) => (m.get(name), ac_generator::PARAMS),
            Device::Noise(m) => (m.get(name), noise_generator::PARAMS),
            Device::SinPoisson(m) => (m.get(name), sinusoidal_poisson_generator::PARAMS),
            Device::InhPoisson(m) => (m.get(name), inhomogeneous_poisson_generator::PARAMS),
            Device::Mip(m) => (m.get(name), mip_generator::PARAMS),
            Device::GammaSup(m) => (m.get(name), gamma_sup_generator::PARAMS),
            Device::PulsePacket(m) => (m.get(name), pulsepacket_generator::PARAMS),
        };
        v.ok_or_else(|| {
            let valid: Vec<&str> = params.iter().chain(WINDOW_PARAMS.iter()).map(|p| p.name).collect();
            Error::UnknownName(format!("{} has no parameter '{name}'; valid: {}", self.model(), valid.join(", ")))
        })
    }
}
