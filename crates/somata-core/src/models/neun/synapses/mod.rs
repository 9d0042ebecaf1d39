//! Neun's synapses between two Neun neurons (`include/ElectricalSynapsis.h`,
//! `include/DiffusionSynapsis.h`, `include/ChemicalSynapsis.h` and the models
//! in `models/*SynapsisModel.h`), one file each:
//!
//! - [`electrical`]: gap junction, `i1 = g1·(V2 − V1)`, `i2 = g2·(V1 − V2)`;
//! - [`diffusion`]: Destexhe et al. 1994 transmitter-release kinetics;
//! - [`chemical`]: Golowasch et al. 1999 fast + slow graded synapse.
//!
//! A synapse never owns its neurons. It works on the neurons' flat buffers
//! (`[variables | parameters | pending input]`, see [`crate::single`]) through
//! a [`Pair`], reading one variable of each and adding currents to the
//! pending-input slot, exactly like Neun's `add_synaptic_input`. The neuron's
//! next `step` consumes and clears that input, so the coupling protocol of
//! every Neun example is: `syn.step(h)`, then external inputs, then each
//! neuron's `step(h)` (operator splitting: coupling currents are frozen over
//! the neuron step).
//!
//! A synapse's own state is one flat buffer too: `[variables | parameters |
//! internal]` ([`SynapseKind::buffer_len`]); the internal slots hold what Neun
//! keeps in private members (the diffusion synapse's release flag, release
//! clock and last presynaptic value).

pub mod chemical;
pub mod diffusion;
pub mod electrical;

use crate::error::{Error, Result};
use crate::info::ModelInfo;
use crate::models::neun::NeunKind;
use crate::real::Real;
use crate::single::buffer_len;

/// Runtime tag of the synapse models.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum SynapseKind {
    /// `ElectricalSynapsis` (gap junction).
    Electrical,
    /// `DiffusionSynapsis` (Destexhe et al. 1994).
    Diffusion,
    /// `ChemicalSynapsis` (Golowasch et al. 1999).
    Chemical,
}

impl SynapseKind {
    /// Every synapse model, in documentation order.
    pub const ALL: [SynapseKind; 3] = [Self::Electrical, Self::Diffusion, Self::Chemical];

    /// The synapse's self-description.
    pub fn info(self) -> &'static ModelInfo {
        match self {
            Self::Electrical => &electrical::INFO,
            Self::Diffusion => &diffusion::INFO,
            Self::Chemical => &chemical::INFO,
        }
    }

    /// Names of the internal slots stored after the parameters.
    pub fn internal(self) -> &'static [&'static str] {
        match self {
            Self::Diffusion => diffusion::INTERNAL,
            _ => &[],
        }
    }

    /// Length of the synapse's state buffer.
    pub fn buffer_len(self) -> usize {
        let i = self.info();
        i.vars.len() + i.params.len() + self.internal().len()
    }

    /// A fresh buffer: documented initial variables, default parameters and
    /// zeroed internal slots.
    pub fn default_buffer<T: Real>(self) -> Vec<T> {
        let info = self.info();
        let mut b: Vec<T> = info.vars.iter().map(|v| T::c(v.init)).collect();
        b.extend(info.params.iter().map(|p| T::c(p.default)));
        b.extend(self.internal().iter().map(|_| T::ZERO));
        b
    }

    /// Checks the buffer's length and that every variable, parameter and
    /// internal slot is finite. Messages name the synapse and the entry.
    pub fn validate<T: Real>(self, buf: &[T]) -> Result<()> {
        let info = self.info();
        if buf.len() != self.buffer_len() {
            return Err(Error::Type(format!(
                "state buffer of {} must have {} entries, got {}",
                info.name,
                self.buffer_len(),
                buf.len()
            )));
        }
        let nv = info.vars.len();
        let np = info.params.len();
        for (k, x) in buf.iter().enumerate() {
            if !x.is_finite() {
                let what = if k < nv {
                    format!("variable {}", info.vars[k].name)
                } else if k < nv + np {
                    format!("parameter {}", info.params[k - nv].name)
                } else {
                    format!("internal {}", self.internal()[k - nv - np])
                };
                return Err(Error::Range(format!("{} {what} must be finite, got {x}", info.name)));
            }
        }
        Ok(())
    }
}

/// Checks that the synapse's step size is finite and positive.
pub(crate) fn check_h<T: Real>(name: &str, h: T) -> Result<()> {
    if !h.is_finite() || h <= T::ZERO {
        return Err(Error::Range(format!("{name}: step size h must be finite and > 0, got {h}")));
    }
    Ok(())
}

/// Checks the inner repetition count of the diffusion and chemical synapses.
pub(crate) fn check_steps(name: &str, steps: usize) -> Result<()> {
    if steps == 0 {
        return Err(Error::Range(format!("{name}: steps must be an integer >= 1, got 0")));
    }
    Ok(())
}

/// The error for integrating a synapse's own ODE with the map `Stepper`.
pub(crate) fn stepper_error(name: &str) -> Error {
    Error::Type(format!(
        "{name} is a differential system and cannot be integrated with Stepper; valid integrators: Euler, RK4, RK6"
    ))
}

/// A non-finite result: the synapse refuses to inject it.
pub(crate) fn non_finite(name: &str, what: &str, x: impl std::fmt::Display) -> Error {
    Error::NonFinite(format!(
        "{name}: {what} became non-finite ({x}); check the synapse parameters, the neurons' state and h"
    ))
}

/// One side of a synapse: a neuron's buffer and the variable read from it.
pub struct Side<'a, T> {
    /// The neuron's model (checks the buffer's length and the variable index).
    pub kind: NeunKind,
    /// The neuron's `[variables | parameters | pending input]` buffer.
    pub buf: &'a mut [T],
    /// Index of the variable the synapse reads (usually the potential).
    pub var: usize,
}

/// The two neurons of a synapse. The presynaptic side is neuron 1 of Neun's
/// constructor, the postsynaptic side neuron 2. Both sides may be the same
/// neuron (Neun holds references, so this is allowed there too): then one
/// buffer is read and written for both.
pub struct Pair<'a, T> {
    pre: &'a mut [T],
    post: Option<&'a mut [T]>,
    pre_var: usize,
    post_var: usize,
}

fn check_side<T>(role: &str, kind: NeunKind, buf: &[T], var: usize) -> Result<()> {
    let info = kind.info();
    if buf.len() != buffer_len(kind) {
        return Err(Error::Type(format!(
            "{role} neuron: buffer of model {} must have {} entries, got {}",
            info.name,
            buffer_len(kind),
            buf.len()
        )));
    }
    if var >= info.vars.len() {
        return Err(Error::Type(format!(
            "{role} neuron: variable index {var} is not a variable of {} (valid: {})",
            info.name,
            info.var_names()
        )));
    }
    Ok(())
}

impl<'a, T: Real> Pair<'a, T> {
    /// Two distinct neurons.
    pub fn two(pre: Side<'a, T>, post: Side<'a, T>) -> Result<Self> {
        check_side("presynaptic (n1)", pre.kind, pre.buf, pre.var)?;
        check_side("postsynaptic (n2)", post.kind, post.buf, post.var)?;
        Ok(Self { pre: pre.buf, post: Some(post.buf), pre_var: pre.var, post_var: post.var })
    }

    /// One neuron on both sides (variables `pre_var` and `post_var` of it).
    pub fn same(kind: NeunKind, buf: &'a mut [T], pre_var: usize, post_var: usize) -> Result<Self> {
        check_side("presynaptic (n1)", kind, buf, pre_var)?;
        check_side("postsynaptic (n2)", kind, buf, post_var)?;
        Ok(Self { pre: buf, post: None, pre_var, post_var })
    }

    /// The presynaptic variable (Neun's `n1.get(v1)`).
    #[inline]
    pub fn v_pre(&self) -> T {
        self.pre[self.pre_var]
    }

    /// The postsynaptic variable (Neun's `n2.get(v2)`).
    #[inline]
    pub fn v_post(&self) -> T {
        match &self.post {
            Some(b) => b[self.post_var],
            None => self.pre[self.post_var],
        }
    }

    /// Adds `x` to the presynaptic neuron's pending input.
    #[inline]
    pub fn add_pre(&mut self, x: T) {
        let n = self.pre.len() - 1;
        self.pre[n] += x;
    }

    /// Adds `x` to the postsynaptic neuron's pending input.
    #[inline]
    pub fn add_post(&mut self, x: T) {
        let b: &mut [T] = match &mut self.post {
            Some(b) => b,
            None => self.pre,
        };
        let n = b.len() - 1;
        b[n] += x;
    }
}

#[cfg(test)]
pub(crate) mod test_util {
    use crate::models::neun::NeunKind;
    use crate::single::default_buffer;

    /// An HH buffer with `v` set and a pending input.
    pub fn hh(v: f64, input: f64) -> Vec<f64> {
        let mut b = default_buffer::<f64>(NeunKind::HH);
        b[0] = v;
        let n = b.len();
        b[n - 1] = input;
        b
    }

    /// The pending input of a neuron buffer.
    pub fn input(b: &[f64]) -> f64 {
        b[b.len() - 1]
    }
}

#[cfg(test)]
mod tests {
    use super::test_util::*;
    use super::*;

    #[test]
    fn pair_checks_buffers_and_variables() {
        let mut a = hh(-65.0, 0.0);
        let mut b = hh(-65.0, 0.0);
        let e = Pair::two(Side { kind: NeunKind::HH, buf: &mut a, var: 4 }, Side { kind: NeunKind::HH, buf: &mut b, var: 0 })
            .err()
            .unwrap();
        assert!(matches!(&e, Error::Type(m) if m.contains("v, h, m, n")), "{e}");
        let mut short = vec![0.0; 3];
        let e = Pair::two(Side { kind: NeunKind::HH, buf: &mut a, var: 0 }, Side { kind: NeunKind::HR, buf: &mut short, var: 0 })
            .err()
            .unwrap();
        assert!(matches!(&e, Error::Type(m) if m.contains("HR must have 13 entries")), "{e}");
    }

    #[test]
    fn same_neuron_reads_and_writes_one_buffer() {
        let mut a = hh(-65.0, 1.0);
        a[1] = 0.25;
        let mut p = Pair::same(NeunKind::HH, &mut a, 0, 1).unwrap();
        assert_eq!(p.v_pre(), -65.0);
        assert_eq!(p.v_post(), 0.25);
        p.add_pre(0.5);
        p.add_post(0.25);
        assert_eq!(input(&a), 1.75);
    }

    #[test]
    fn validate_names_the_bad_entry() {
        let mut b = SynapseKind::Diffusion.default_buffer::<f64>();
        assert!(SynapseKind::Diffusion.validate(&b).is_ok());
        b[2 + 4] = f64::NAN; // gsyn
        let e = SynapseKind::Diffusion.validate(&b).unwrap_err();
        assert!(matches!(&e, Error::Range(m) if m.contains("parameter gsyn")), "{e}");
        let e = SynapseKind::Electrical.validate(&[0.0f64; 3]).unwrap_err();
        assert!(matches!(&e, Error::Type(m) if m.contains("must have 4 entries")), "{e}");
    }
}
