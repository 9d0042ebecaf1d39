//! Compact spike rows: what spike delivery reads per synapse, in 8 bytes.
//!
//! Delivery of neurons' spikes is the hot loop of a network run (Brunel's
//! network makes ~450M synaptic events per simulated second), bound by the
//! bytes streamed per synapse. [`SpikeRows`] keeps, index-aligned with
//! [`Csr::edges`] (same rows, same block runs, same order), only the
//! target's ring-buffer base, the delay and an index into a table of the
//! network's distinct weights. Weights are interned by their bits, so
//! delivery adds exactly the same numbers as from the full edges.

use std::collections::HashMap;

use super::connect::Csr;

/// One synapse as spike delivery reads it.
#[derive(Clone, Copy, Debug, Default)]
#[repr(C)]
pub struct SpikeEdge {
    /// Slot 0 of the target's channel in its population's ring buffers
    /// ([`super::population::Population::buffer_base`]).
    pub base: u32,
    /// Delay in steps.
    pub delay: u16,
    /// Index of the weight in [`SpikeRows::weights`].
    pub weight: u16,
}

/// The edges of the neurons' rows of a [`Csr`] as [`SpikeEdge`]s, with the
/// table of their weights.
#[derive(Clone, Debug, Default)]
pub struct SpikeRows {
    /// Index-aligned with [`Csr::edges`]; entries of rows that are not a
    /// neuron's (devices) are unused.
    pub edges: Vec<SpikeEdge>,
    /// The distinct weights (exact bits), in order of first use.
    pub weights: Vec<f64>,
    /// The delay (steps) every neuron's edge has, if they all have one.
    /// Then, within a min-delay slice, the spikes of one lag are the only
    /// ones that reach their target slots, and delivery may go lag by lag
    /// without changing the order of the additions into any slot.
    pub uniform_delay: Option<u32>,
}

impl SpikeRows {
    /// Compact rows for the rows `g` of `csr` with `is_neuron(g)`, or
    /// `None` if they do not fit (more than 65,536 distinct weights or a
    /// delay above 65,535 steps); delivery then reads the full edges.
    pub fn build(csr: &Csr, is_neuron: impl Fn(usize) -> bool) -> Option<SpikeRows> {
        let mut edges = vec![SpikeEdge::default(); csr.edges.len()];
        let mut weights: Vec<f64> = Vec::new();
        let mut index: HashMap<u64, u16> = HashMap::new();
        let mut last: Option<(u64, u16)> = None;
        let mut delay: Option<u32> = None;
        let mut uniform = true;
        let rows = csr.off.len().saturating_sub(1);
        for g in 0..rows {
            if !is_neuron(g) {
                continue;
            }
            for (out, e) in edges[csr.off[g]..csr.off[g + 1]].iter_mut().zip(&csr.edges[csr.off[g]..csr.off[g + 1]]) {
                let bits = e.weight.to_bits();
                let w = match last {
                    Some((b, w)) if b == bits => w,
                    _ => {
                        let w = match index.get(&bits) {
                            Some(&w) => w,
                            None => {
                                let w = u16::try_from(weights.len()).ok()?;
                                weights.push(e.weight);
                                index.insert(bits, w);
                                w
                            }
                        };
                        last = Some((bits, w));
                        w
                    }
                };
                match delay {
                    None => delay = Some(e.delay),
                    Some(d) if d != e.delay => uniform = false,
                    _ => {}
                }
                *out = SpikeEdge { base: e.base, delay: u16::try_from(e.delay).ok()?, weight: w };
            }
        }
        Some(SpikeRows { edges, weights, uniform_delay: if uniform { delay } else { None } })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::network::connect::Edges;

    fn csr(weights: &[f64], delays: &[u32]) -> Csr {
        let n = weights.len();
        let e = Edges {
            source: (0..n as u32).map(|k| 1 + k % 2).collect(),
            target: vec![3; n],
            weight: weights.to_vec().into(),
            delay_ms: delays.iter().map(|&d| d as f64 * 0.1).collect(),
            delay: delays.to_vec().into(),
            receptor: vec![0; n].into(),
            ..Default::default()
        };
        Csr::build(&e, 3, |k| (0, k as u32 * 4, 0))
    }

    #[test]
    fn weights_are_interned_exactly_and_uniform_delay_is_found() {
        let c = csr(&[1.5, -2.0, 1.5, 0.1 + 0.2, 0.3], &[4, 4, 4, 4, 4]);
        let r = SpikeRows::build(&c, |g| g >= 1).unwrap();
        assert_eq!(r.uniform_delay, Some(4));
        assert_eq!(r.weights.len(), 4, "0.1 + 0.2 and 0.3 differ in their bits");
        for (s, e) in r.edges.iter().zip(&c.edges) {
            assert_eq!(r.weights[s.weight as usize].to_bits(), e.weight.to_bits());
            assert_eq!((s.base, s.delay as u32), (e.base, e.delay));
        }
        let c = csr(&[1.0, 1.0], &[3, 5]);
        assert_eq!(SpikeRows::build(&c, |_| true).unwrap().uniform_delay, None);
        let c = csr(&[1.0, 1.0], &[3, 70_000]);
        assert!(SpikeRows::build(&c, |_| true).is_none());
    }
}
