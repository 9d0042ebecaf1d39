//! Neun synapse exports: the synapse directory and one step of each synapse.
//!
//! A step borrows three JS-owned typed arrays for the duration of the call:
//! the synapse's state buffer and the two neurons' buffers
//! (`[vars | params | input]`). When both sides are the same neuron the
//! TypeScript layer passes `undefined` for the postsynaptic buffer, so no
//! buffer is ever borrowed twice. Neuron models and integrators are indices
//! into `NeunKind::ALL` and `IntegratorKind::ALL`.

use napi::bindgen_prelude::*;
use napi_derive::napi;
use somata_core::integrate::IntegratorKind;
use somata_core::models::neun::synapses::{chemical, diffusion, electrical, Pair, Side, SynapseKind};
use somata_core::models::neun::NeunKind;
use somata_core::Real;

use crate::errors::{borrow, conv, type_error, BorrowMut};
use crate::neun::NeunEntryInfo;

fn kind(i: u32) -> Result<NeunKind> {
    NeunKind::ALL.get(i as usize).copied().ok_or_else(|| type_error(format!("unknown Neun model index {i}")))
}

fn integ(i: u32) -> Result<IntegratorKind> {
    IntegratorKind::ALL.get(i as usize).copied().ok_or_else(|| type_error(format!("unknown integrator index {i}")))
}

fn syn_kind(i: u32) -> Result<SynapseKind> {
    SynapseKind::ALL.get(i as usize).copied().ok_or_else(|| type_error(format!("unknown Neun synapse index {i}")))
}

/// One synapse model of the directory.
#[napi(object)]
pub struct NeunSynapseInfo {
    /// Short name (`ESyn`, `DSyn`, `CSyn`).
    pub name: String,
    /// Human name and reference.
    pub title: String,
    /// Variables in storage (enum) order.
    pub variables: Vec<NeunEntryInfo>,
    /// Parameters in storage (enum) order.
    pub parameters: Vec<NeunEntryInfo>,
    /// Internal slots stored after the parameters.
    pub internal: Vec<String>,
    /// Length of the state buffer.
    pub buffer_len: u32,
    /// Equations in words.
    pub equations: Vec<String>,
    /// Conventions and differences from upstream.
    pub notes: Vec<String>,
}

/// The synapse directory, in `SynapseKind::ALL` order (ESyn, DSyn, CSyn).
#[napi(catch_unwind)]
pub fn neun_synapse_models() -> Vec<NeunSynapseInfo> {
    SynapseKind::ALL
        .iter()
        .map(|k| {
            let i = k.info();
            NeunSynapseInfo {
                name: i.name.into(),
                title: i.title.into(),
                variables: i.vars.iter().map(|v| NeunEntryInfo { name: v.name.into(), unit: v.unit.into(), value: v.init, doc: v.doc.into() }).collect(),
                parameters: i.params.iter().map(|p| NeunEntryInfo { name: p.name.into(), unit: p.unit.into(), value: p.default, doc: p.doc.into() }).collect(),
                internal: k.internal().iter().map(|s| s.to_string()).collect(),
                buffer_len: k.buffer_len() as u32,
                equations: i.equations.iter().map(|s| s.to_string()).collect(),
                notes: i.notes.iter().map(|s| s.to_string()).collect(),
            }
        })
        .collect()
}

/// Checks an f64 synapse buffer (length and finite entries).
#[napi(catch_unwind)]
pub fn neun_synapse_validate_f64(synapse: u32, mut syn: Float64ArraySlice) -> Result<()> {
    conv(syn_kind(synapse)?.validate(borrow(&mut syn)))
}

/// Checks an f32 synapse buffer (length and finite entries).
#[napi(catch_unwind)]
pub fn neun_synapse_validate_f32(synapse: u32, mut syn: Float32ArraySlice) -> Result<()> {
    conv(syn_kind(synapse)?.validate(borrow(&mut syn)))
}

/// Builds the neuron pair; `post == None` means the same neuron as `pre`.
fn with_pair<T: Real, B1: BorrowMut<T>, B2: BorrowMut<T>, R>(
    pre_model: u32,
    pre: &mut B1,
    pre_var: u32,
    post_model: u32,
    post: Option<&mut B2>,
    post_var: u32,
    f: impl FnOnce(&mut Pair<'_, T>) -> somata_core::Result<R>,
) -> Result<R> {
    let (pk, qk) = (kind(pre_model)?, kind(post_model)?);
    let mut pair = match post {
        Some(q) => conv(Pair::two(
            Side { kind: pk, buf: borrow(pre), var: pre_var as usize },
            Side { kind: qk, buf: borrow(q), var: post_var as usize },
        ))?,
        None => {
            if pk != qk {
                return Err(type_error("the same neuron was given with two different models"));
            }
            conv(Pair::same(pk, borrow(pre), pre_var as usize, post_var as usize))?
        }
    };
    conv(f(&mut pair))
}

macro_rules! exports {
    ($slice:ident, $t:ty, $esyn:ident, $dsyn_attach:ident, $dsyn:ident, $csyn:ident) => {
        /// One step of an electrical synapse: adds i1 to neuron 1 and i2 to neuron 2.
        #[napi(catch_unwind)]
        #[allow(clippy::too_many_arguments)]
        pub fn $esyn(mut syn: $slice, pre_model: u32, mut pre: $slice, pre_var: u32, post_model: u32, mut post: Option<$slice>, post_var: u32) -> Result<()> {
            let s = borrow(&mut syn);
            with_pair(pre_model, &mut pre, pre_var, post_model, post.as_mut(), post_var, |p| electrical::step::<$t>(s, p))
        }

        /// Sets a diffusion synapse's last presynaptic value (at construction).
        #[napi(catch_unwind)]
        pub fn $dsyn_attach(mut syn: $slice, v_pre: f64) -> Result<()> {
            let s = borrow(&mut syn);
            conv(SynapseKind::Diffusion.validate(s))?;
            diffusion::attach::<$t>(s, <$t as Real>::c(v_pre));
            Ok(())
        }

        /// One step of a diffusion synapse (`steps` repetitions with the full h); adds i to neuron 2.
        #[napi(catch_unwind)]
        #[allow(clippy::too_many_arguments)]
        pub fn $dsyn(
            mut syn: $slice,
            pre_model: u32,
            mut pre: $slice,
            pre_var: u32,
            post_model: u32,
            mut post: Option<$slice>,
            post_var: u32,
            h: f64,
            steps: u32,
            integrator: u32,
        ) -> Result<()> {
            let ik = integ(integrator)?;
            let s = borrow(&mut syn);
            with_pair(pre_model, &mut pre, pre_var, post_model, post.as_mut(), post_var, |p| {
                diffusion::step::<$t>(s, p, <$t as Real>::c(h), steps as usize, ik)
            })
        }

        /// One step of a chemical synapse; returns i and adds it to neuron 2 only if `inject`.
        #[napi(catch_unwind)]
        #[allow(clippy::too_many_arguments)]
        pub fn $csyn(
            mut syn: $slice,
            pre_model: u32,
            mut pre: $slice,
            pre_var: u32,
            post_model: u32,
            mut post: Option<$slice>,
            post_var: u32,
            h: f64,
            steps: u32,
            integrator: u32,
            inject: bool,
            v_pre: Option<f64>,
            v_post: Option<f64>,
        ) -> Result<f64> {
            let ik = integ(integrator)?;
            let s = borrow(&mut syn);
            let a = chemical::ChemicalStep {
                h: <$t as Real>::c(h),
                steps: steps as usize,
                integ: ik,
                inject,
                v_pre: v_pre.map(<$t as Real>::c),
                v_post: v_post.map(<$t as Real>::c),
            };
            with_pair(pre_model, &mut pre, pre_var, post_model, post.as_mut(), post_var, |p| chemical::step::<$t>(s, p, a)).map(|i| i.to_f64())
        }
    };
}

exports!(Float64ArraySlice, f64, neun_esyn_step_f64, neun_dsyn_attach_f64, neun_dsyn_step_f64, neun_csyn_step_f64);
exports!(Float32ArraySlice, f32, neun_esyn_step_f32, neun_dsyn_attach_f32, neun_dsyn_step_f32, neun_csyn_step_f32);
