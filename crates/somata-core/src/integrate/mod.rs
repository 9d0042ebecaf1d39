//! Fixed-step integrators, composed with a model at compile time (Neun's
//! model × integrator × precision idea).
//!
//! An integrator is a stateless type with one generic `step`: it advances the
//! state `x` by `h` using the right-hand side `f`, keeping its stage buffers on
//! the stack. Operation order follows Neun's `integrators/*.h` so that results
//! agree with Neun to rounding.

mod euler;
mod rk4;
mod rk6;
mod stepper;
pub mod exp_euler;

pub use euler::Euler;
pub use rk4::RungeKutta4;
pub use rk6::RungeKutta6;
pub use stepper::Stepper;

use crate::lanes::Num;
use crate::real::Real;

/// A one-step method for autonomous systems `dx/dt = f(x)` (or a map `x ← f(x)`).
pub trait Integrator: 'static + Send + Sync {
    /// Name used in class names (`Euler`, `RK4`, `RK6`, `Stepper`).
    const NAME: &'static str;
    /// Order of the global error (0 for the map stepper).
    const ORDER: u32;
    /// Number of right-hand-side evaluations per step.
    const STAGES: u32;
    /// `true` for the map stepper, which replaces `x` by `f(x)`.
    const IS_MAP: bool = false;
    /// Advances `x` by one step of size `h`.
    fn step<T: Real, S: Num<T>, const N: usize>(x: &mut [S; N], h: S, f: impl Fn(&[S; N]) -> [S; N]);
}

/// Runtime tag of the integrators, for dispatch at the API boundary.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum IntegratorKind {
    /// Forward Euler, order 1.
    Euler,
    /// Classic 4-stage Runge–Kutta, order 4.
    RK4,
    /// Neun's 6-stage Runge–Kutta (order 5, see [`RungeKutta6`]).
    RK6,
    /// Iterated map `x ← f(x)` for map models.
    Stepper,
}

impl IntegratorKind {
    /// Every integrator, in documentation order.
    pub const ALL: [IntegratorKind; 4] = [Self::Euler, Self::RK4, Self::RK6, Self::Stepper];

    /// The name used in class names.
    pub fn name(self) -> &'static str {
        match self {
            Self::Euler => Euler::NAME,
            Self::RK4 => RungeKutta4::NAME,
            Self::RK6 => RungeKutta6::NAME,
            Self::Stepper => Stepper::NAME,
        }
    }

    /// Parses a name (`"Euler"`, `"RK4"`, `"RK6"`, `"Stepper"`).
    pub fn from_name(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.name() == s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// dx/dt = -x, x(0) = 1 on [0, 1]: error at t=1 against e^-1.
    fn decay_error<I: Integrator>(h: f64) -> f64 {
        let n = (1.0 / h).round() as usize;
        let mut x = [1.0f64];
        for _ in 0..n {
            I::step::<f64, f64, 1>(&mut x, h, |x| [-x[0]]);
        }
        (x[0] - (-1.0f64).exp()).abs()
    }

    fn order<I: Integrator>(h: f64) -> f64 {
        (decay_error::<I>(h) / decay_error::<I>(h / 2.0)).log2()
    }

    #[test]
    fn orders_on_linear_decay() {
        assert!((order::<Euler>(0.01) - 1.0).abs() < 0.05);
        assert!((order::<RungeKutta4>(0.05) - 4.0).abs() < 0.1);
        assert!((order::<RungeKutta6>(0.1) - 5.0).abs() < 0.2);
    }

    #[test]
    fn stepper_applies_the_map() {
        let mut x = [2.0f64, 3.0];
        Stepper::step::<f64, f64, 2>(&mut x, 1.0, |x| [x[1], x[0] + x[1]]);
        assert_eq!(x, [3.0, 5.0]);
    }
}
