//! `MgBlock`: voltage-dependent magnesium block output (brainpy.state
//! `MgBlock`, `_brainpy/synouts.py`), used with NMDA synapses.
//!
//! `I(V) = g·(E − V) / (1 + cc_Mg/beta · e^{alpha·(V_offset − V)})`.
//! Defaults: `E` 0 mV, `cc_Mg` 1.2 mM, `alpha` 0.062 /mV, `beta` 3.57 mM,
//! `V_offset` 0 mV. As upstream's callable current input, the neuron's
//! exponential-Euler step sees `I` and `∂I/∂V` at the point where it
//! evaluates its input ([`MgBlock::current`]).

/// Parameters of `MgBlock`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MgBlock {
    /// Reversal potential, mV.
    pub e: f64,
    /// Extracellular Mg²⁺ concentration, mM.
    pub cc_mg: f64,
    /// Voltage sensitivity, 1/mV.
    pub alpha: f64,
    /// Mg²⁺ dissociation constant, mM.
    pub beta: f64,
    /// Voltage offset, mV.
    pub v_offset: f64,
}

impl Default for MgBlock {
    fn default() -> Self {
        Self { e: 0.0, cc_mg: 1.2, alpha: 0.062, beta: 3.57, v_offset: 0.0 }
    }
}

impl MgBlock {
    /// The current `I(V)` for conductance `g` and its derivative `∂I/∂V`.
    #[inline(always)]
    pub fn current(&self, g: f64, v: f64) -> (f64, f64) {
        let b = self.cc_mg / self.beta * (self.alpha * (self.v_offset - v)).exp();
        let norm = 1.0 + b;
        let i = g * (self.e - v) / norm;
        let di = -g / norm + g * (self.e - v) * self.alpha * b / (norm * norm);
        (i, di)
    }

    /// Checks the parameters (finite; `cc_Mg >= 0`, `beta > 0`).
    pub fn validate(&self) -> crate::error::Result<()> {
        let all = [("E", self.e), ("cc_Mg", self.cc_mg), ("alpha", self.alpha), ("beta", self.beta), ("V_offset", self.v_offset)];
        if let Some((n, x)) = all.iter().find(|(_, x)| !x.is_finite()) {
            return Err(crate::error::Error::Range(format!("MgBlock: {n} must be finite, got {x}")));
        }
        if self.cc_mg < 0.0 || self.beta <= 0.0 {
            return Err(crate::error::Error::Range(format!("MgBlock: need cc_Mg >= 0 mM and beta > 0 mM, got cc_Mg {} and beta {}", self.cc_mg, self.beta)));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slope_is_the_derivative_and_zero_mg_is_coba() {
        let m = MgBlock::default();
        for v in [-80.0, -60.0, -30.0, 0.0, 20.0] {
            let (_, d) = m.current(0.7, v);
            let h = 1e-5;
            let fd = (m.current(0.7, v + h).0 - m.current(0.7, v - h).0) / (2.0 * h);
            assert!((d - fd).abs() < 1e-8 * (1.0 + d.abs()), "{v}: {d} vs {fd}");
        }
        let c = MgBlock { cc_mg: 0.0, ..m };
        assert_eq!(c.current(2.0, -65.0), (2.0 * 65.0, -2.0));
    }
}
