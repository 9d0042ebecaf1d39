//! `ElectricalSynapsis` (Neun `include/ElectricalSynapsis.h`): a gap
//! junction that moves current between two neurons in proportion to the
//! difference of one variable of each (usually the membrane potential).
//!
//! Each `step(h)` computes, from the neurons' current values,
//!
//! ```text
//! i1 = g1·(V2 − V1)      added to neuron 1's pending input
//! i2 = g2·(V1 − V2)      added to neuron 2's pending input
//! ```
//!
//! `h` is unused (the junction has no dynamics). Sign convention: the Neun
//! models add their input with a `+` sign (`C dV/dt = … + I`), so `g > 0`
//! pulls the two potentials together (diffusive, the physical gap junction)
//! and `g < 0` pushes them apart. **Every Neun example uses g = −0.002**,
//! i.e. repulsive coupling (`i1 = 0.002·(V1 − V2)`); we keep Neun's formula
//! unchanged so those examples reproduce, and say so here and in the docs.

use super::{non_finite, Pair};
use crate::error::Result;
use crate::info::{ModelInfo, ParamInfo, VarInfo};
use crate::real::Real;

/// Variable `i1`: current into neuron 1 at the last step.
pub const I1: usize = 0;
/// Variable `i2`: current into neuron 2 at the last step.
pub const I2: usize = 1;
/// Parameter `g1` (buffer index): conductance from neuron 2 to neuron 1.
pub const G1: usize = 2;
/// Parameter `g2` (buffer index): conductance from neuron 1 to neuron 2.
pub const G2: usize = 3;

/// Names, defaults and equations of the electrical synapse.
pub const INFO: ModelInfo = ModelInfo {
    name: "ESyn",
    title: "ElectricalSynapsis: gap junction between two Neun neurons",
    vars: &[
        VarInfo { name: "i1", unit: "", init: 0.0, doc: "current added to neuron 1 at the last step (g1·(V2 − V1))" },
        VarInfo { name: "i2", unit: "", init: 0.0, doc: "current added to neuron 2 at the last step (g2·(V1 − V2))" },
    ],
    params: &[
        ParamInfo { name: "g1", unit: "", default: 0.0, doc: "coupling from neuron 2 to neuron 1 (input unit per unit of the coupled variable; Neun's examples use -0.002)" },
        ParamInfo { name: "g2", unit: "", default: 0.0, doc: "coupling from neuron 1 to neuron 2 (Neun's examples use -0.002)" },
    ],
    equations: &["i1 = g1 (V2 - V1), added to neuron 1's input", "i2 = g2 (V1 - V2), added to neuron 2's input"],
    notes: &[
        "Neun's sign convention: with the models' +I input, g > 0 is diffusive (attractive) and g < 0 repulsive; every Neun example uses g = -0.002 (repulsive).",
        "The currents are computed from the values at the time of step(h) and frozen over the neurons' next step (operator splitting, as in Neun).",
    ],
};

/// One Neun step of an electrical synapse whose buffer is `[i1, i2, g1, g2]`:
/// computes both currents from the current values and adds them to the
/// neurons' pending inputs. Nothing is written if a current is not finite.
pub fn step<T: Real>(syn: &mut [T], pair: &mut Pair<'_, T>) -> Result<()> {
    super::SynapseKind::Electrical.validate(syn)?;
    let v1 = pair.v_pre();
    let v2 = pair.v_post();
    let i1 = syn[G1] * (v2 - v1);
    let i2 = syn[G2] * (v1 - v2);
    if !i1.is_finite() {
        return Err(non_finite(INFO.name, "i1", i1));
    }
    if !i2.is_finite() {
        return Err(non_finite(INFO.name, "i2", i2));
    }
    syn[I1] = i1;
    syn[I2] = i2;
    pair.add_pre(i1);
    pair.add_post(i2);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::test_util::*;
    use super::super::{Side, SynapseKind};
    use super::*;
    use crate::error::Error;
    use crate::models::neun::NeunKind;

    fn pair<'a>(a: &'a mut [f64], b: &'a mut [f64]) -> Pair<'a, f64> {
        Pair::two(Side { kind: NeunKind::HH, buf: a, var: 0 }, Side { kind: NeunKind::HH, buf: b, var: 0 }).unwrap()
    }

    #[test]
    fn currents_and_accumulation_by_hand() {
        // V1 = -75, V2 = 0 (the first step of Neun's examples/synapsis.cpp),
        // g = -0.002: i1 = -0.002·(0 − (−75)) = −0.15, i2 = −0.002·(−75 − 0) = +0.15.
        let mut a = hh(-75.0, 0.5);
        let mut b = hh(0.0, 0.0);
        let mut s = vec![0.0, 0.0, -0.002, -0.002];
        step(&mut s, &mut pair(&mut a, &mut b)).unwrap();
        assert!((s[I1] + 0.15).abs() < 1e-16, "{}", s[I1]);
        assert!((s[I2] - 0.15).abs() < 1e-16, "{}", s[I2]);
        assert_eq!(input(&a), 0.5 + s[I1]); // added to what was pending
        assert_eq!(input(&b), s[I2]);
        // Asymmetric conductances: g1 = 0.1, g2 = 0.3, V1 = -60, V2 = -70.
        let mut a = hh(-60.0, 0.0);
        let mut b = hh(-70.0, 0.0);
        let mut s = vec![0.0, 0.0, 0.1, 0.3];
        step(&mut s, &mut pair(&mut a, &mut b)).unwrap();
        assert!((input(&a) + 1.0).abs() < 1e-15); // 0.1·(−10) = −1: neuron 1 pulled down towards −70
        assert!((input(&b) - 3.0).abs() < 1e-15); // 0.3·10 = +3: neuron 2 pulled up towards −60
    }

    #[test]
    fn positive_g_is_diffusive_and_negative_repulsive() {
        // HH gets +I: positive g pushes V1 towards V2.
        let mut a = hh(-60.0, 0.0);
        let mut b = hh(-70.0, 0.0);
        step(&mut [0.0, 0.0, 0.01, 0.01], &mut pair(&mut a, &mut b)).unwrap();
        assert!(input(&a) < 0.0 && input(&b) > 0.0);
        let mut a = hh(-60.0, 0.0);
        let mut b = hh(-70.0, 0.0);
        step(&mut [0.0, 0.0, -0.01, -0.01], &mut pair(&mut a, &mut b)).unwrap();
        assert!(input(&a) > 0.0 && input(&b) < 0.0);
    }

    #[test]
    fn non_finite_parameters_are_refused() {
        let mut a = hh(-60.0, 0.0);
        let mut b = hh(-70.0, 0.0);
        let e = step(&mut [0.0, 0.0, f64::INFINITY, 0.0], &mut pair(&mut a, &mut b)).unwrap_err();
        assert!(matches!(&e, Error::Range(m) if m.contains("ESyn parameter g1 must be finite")), "{e}");
        assert_eq!(input(&a), 0.0);
        assert_eq!(SynapseKind::Electrical.buffer_len(), 4);
    }
}
