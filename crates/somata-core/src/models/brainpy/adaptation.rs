//! The adaptation current shared by brainpy.state's `AdExIF` / `AdQuaIF`
//! and their `Ref` variants: the four models differ only in the membrane's
//! right-hand side (exponential or quadratic term), so the per-step order is
//! written once here and each model passes its right-hand side.
//!
//! Parameter layout (both families): `[R, tau, tau_w, (tau_ref,) V_th,
//! V_reset, V_rest, shape₁, shape₂, a, b]`, where the two shape parameters
//! are `V_T, delta_T` (AdEx) or `V_c, c` (AdQua).

use super::{heaviside, in_refractory, reset, Ctx};
use crate::integrate::exp_euler::exp_euler;
use crate::real::Real;

/// The adaptation update: `w1 = expeuler(tau_w dw/dt = a(V1 − V_rest) − w, w0)`.
#[inline(always)]
fn adapt<T: Real>(w0: T, v1: T, v_rest: T, tau_w: T, a: T, dt: T) -> T {
    exp_euler(w0, (a * (v1 - v_rest) - w0) / tau_w, -T::ONE / tau_w, dt)
}

/// One step of `AdExIF` / `AdQuaIF`: reset and spike-triggered increment,
/// then V (`rhs(V0, w0)` gives its exp-Euler `(f, j)`), then w with the new V.
#[inline(always)]
pub(crate) fn adaptive_step<T: Real>(p: &[T], s: &mut [T], c: &Ctx<T>, rhs: impl Fn(T, T) -> (T, T)) -> T {
    let (tau_w, v_th, v_reset, v_rest, a, b) = (p[2], p[3], p[4], p[5], p[8], p[9]);
    let (last, last_w) = (s[0], s[1]);
    let spk = heaviside((last - v_th) / (v_th - v_reset));
    let v = reset(last, v_th, v_reset, spk, c.soft);
    let w = last_w + b * spk;
    let (f, j) = rhs(v, w);
    let v = exp_euler(v, f, j, c.dt) + c.delta;
    let w = adapt(w, v, v_rest, tau_w, a, c.dt);
    s[0] = v;
    s[1] = w;
    heaviside((v - v_th) / (v_th - v_reset))
}

/// One step of `AdExIFRef` / `AdQuaIFRef`: as [`adaptive_step`], but while
/// refractory V and w keep their post-reset values; state
/// `[V, w, last_spike_time, refractory]`.
#[inline(always)]
pub(crate) fn adaptive_ref_step<T: Real>(p: &[T], s: &mut [T], c: &Ctx<T>, rhs: impl Fn(T, T) -> (T, T)) -> T {
    let (tau_w, tau_ref, v_th, v_reset, v_rest, a, b) = (p[2], p[3], p[4], p[5], p[6], p[9], p[10]);
    let (last, last_w, last_t) = (s[0], s[1], s[2]);
    let spk = heaviside((last - v_th) / (v_th - v_reset));
    let v0 = reset(last, v_th, v_reset, spk, c.soft);
    let w0 = last_w + b * spk;
    let (f, j) = rhs(v0, w0);
    let v1 = exp_euler(v0, f, j, c.dt) + c.delta;
    let w1 = adapt(w0, v1, v_rest, tau_w, a, c.dt);
    let refr = in_refractory(c.t, last_t, tau_ref);
    let v = T::select(refr, v0, v1);
    let fired = v >= v_th;
    s[0] = v;
    s[1] = T::select(refr, w0, w1);
    s[2] = T::select(fired, c.t, last_t);
    s[3] = T::select(refr || fired, T::ONE, T::ZERO);
    heaviside((v - v_th) / (v_th - v_reset))
}
