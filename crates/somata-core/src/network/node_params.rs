//! Parameter dictionaries applied to many nodes at once (NEST's
//! `Create(model, n, params)` and `NodeCollection.set`), where a value is
//! one number, one number per node, or a random parameter
//! (`nest.random.*`, `nest.math.*`) drawn once per node.
//!
//! NEST 3.10 draws a random value in the node's `set_status`
//! (`update_value_param`, `libnestutil/dict_util.h`) and then applies the
//! node's dictionary with all its checks, node after node; a failing node
//! stops the call (the nodes before it keep their new values). The same
//! happens here. The draws come from [`node_param_stream`], keyed by the
//! simulator seed, the set call, the node id and the parameter name, so they
//! do not depend on the thread count. NEST's own random numbers are not
//! reproduced; the distributions are the same.
//!
//! Which parameters take random values is NEST's: every scalar parameter
//! and state of the neuron models except `ignore_and_spike`, and the device
//! parameters of [`RANDOM_DEVICE_PARAMS`].
//!
//! Also here: NEST's rule that the number of receptor ports (`tau_syn`) of a
//! multisynapse neuron that has incoming spike connections cannot change
//! ([`SpikeInputs`]).

use super::random::{node_param_stream, Dist};
use super::{Network, Node};
use crate::error::{Error, Result};

/// The value of one parameter for a set of nodes.
#[derive(Clone, Debug, PartialEq)]
pub enum NodeValue {
    /// One value for every node, or one per node.
    Values(Vec<f64>),
    /// One draw per node.
    Random(Dist),
}

/// A named parameter value for a set of nodes.
#[derive(Clone, Debug, PartialEq)]
pub struct NodeParam {
    /// Parameter name as NEST spells it.
    pub name: String,
    /// Its value(s).
    pub value: NodeValue,
}

/// Device parameters NEST 3.10 accepts as random parameters (those its
/// models read with `update_value_param`); the other device parameters, the
/// recording window (`start`, `stop`, `origin`) and array parameters take
/// numbers only (NEST: "Failed to cast … from std::shared_ptr<nest::Parameter>").
/// spike_generator's flags are drawn by NEST too but are not supported here.
pub const RANDOM_DEVICE_PARAMS: &[(&str, &[&str])] = &[
    ("ac_generator", &["amplitude", "offset", "frequency", "phase"]),
    ("dc_generator", &["amplitude"]),
    ("gamma_sup_generator", &["gamma_shape", "rate", "n_proc"]),
    ("mip_generator", &["rate", "p_copy"]),
    ("multimeter", &["interval", "offset"]),
    ("voltmeter", &["interval", "offset"]),
    ("noise_generator", &["mean", "std", "std_mod", "frequency", "phase"]),
    ("poisson_generator", &["rate"]),
    ("poisson_generator_ps", &["dead_time", "rate"]),
    ("pulsepacket_generator", &["activity", "sdev"]),
    ("sinusoidal_poisson_generator", &["rate", "frequency", "phase", "amplitude"]),
];

/// Neuron parameters NEST reads as plain values only (not random).
const PLAIN_NEURON_PARAMS: &[&str] = &["ignore_and_spike"];

/// Parameters NEST stores as `long`: a drawn value is truncated toward zero (C++ conversion).
const INTEGER_PARAMS: &[&str] = &["gamma_shape", "n_proc", "activity"];

/// Parameters NEST stores as `bool`: a drawn value is true unless it is 0.
const BOOL_PARAMS: &[&str] = &["refractory_input"];

/// A drawn value as NEST stores it in a parameter of that name.
fn as_stored(name: &str, x: f64) -> f64 {
    if INTEGER_PARAMS.contains(&name) {
        x.trunc()
    } else if BOOL_PARAMS.contains(&name) {
        f64::from(u8::from(x != 0.0))
    } else {
        x
    }
}

/// The error `e` of node `id`, with `what` was drawn (the parameters and values).
fn with_draws(e: Error, id: u32, model: &str, what: &str) -> Error {
    let plain = format!("Setting status of a '{model}' with node ID {id}: ");
    e.map_message(|m| format!("Setting status of a '{model}' with node ID {id} ({what}): {}", m.strip_prefix(plain.as_str()).unwrap_or(&m)))
}

/// NEST's form of a node's error: "Setting status of a '{model}' with node ID {id}: {message}".
pub(super) fn setting_status(e: Error, id: u32, model: &str) -> Error {
    e.map_message(|m| format!("Setting status of a '{model}' with node ID {id}: {m}"))
}

/// Which nodes are targets of spike connections: NEST's `has_connections_`
/// of the multisynapse models, set by `handles_test_event(SpikeEvent&)` when
/// a connection is made (current sources do not set it). Edges are only ever
/// appended, so the marks are brought up to date by scanning the new ones.
#[derive(Clone, Debug, Default)]
pub struct SpikeInputs {
    /// Per node id − 1: `true` once a spike connection targets it.
    marked: Vec<bool>,
    /// Edges scanned so far.
    scanned: usize,
}

/// NEST's message (iaf_psc_alpha_multisynapse / iaf_psc_exp_multisynapse
/// `Parameters_::set`); NEST raises it for any change of the port count.
const PORTS_FIXED: &str = "The neuron has connections, therefore the number of ports cannot be reduced.";

impl Network {
    /// Marks the targets of the edges made since the last call.
    fn update_spike_inputs(&mut self) {
        let n = self.nodes.len();
        let e = &self.edges;
        let si = &mut self.spike_inputs;
        si.marked.resize(n, false);
        for k in si.scanned..e.len() {
            let is_current = matches!(self.nodes[e.source[k] as usize - 1], Node::Device(d) if self.devices[d as usize].is_current_source());
            if !is_current {
                si.marked[e.target[k] as usize - 1] = true;
            }
        }
        si.scanned = e.len();
    }

    /// `true` if node `id` is the target of a spike connection (NEST's
    /// `has_connections` of the multisynapse models).
    pub fn has_spike_input(&self, id: u32) -> bool {
        let si = &self.spike_inputs;
        if si.marked.get(id as usize - 1).copied().unwrap_or(false) {
            return true;
        }
        let e = &self.edges;
        (si.scanned..e.len()).any(|k| e.target[k] == id && !matches!(self.nodes[e.source[k] as usize - 1], Node::Device(d) if self.devices[d as usize].is_current_source()))
    }

    /// NEST's check before a multisynapse neuron takes a new `tau_syn`: with
    /// incoming spike connections, the number of ports cannot change (more or
    /// fewer). Checked before the time constants themselves, as NEST does.
    pub(super) fn check_port_count(&mut self, id: u32, pop: usize, idx: usize, new_len: usize) -> Result<()> {
        let Ok(old) = self.pops[pop].get_array(idx, "tau_syn") else { return Ok(()) };
        if old.len() == new_len {
            return Ok(());
        }
        self.update_spike_inputs();
        if self.spike_inputs.marked[id as usize - 1] {
            let model = self.pop_model[pop];
            return Err(Error::Range(format!(
                "Setting status of a '{model}' with node ID {id}: {PORTS_FIXED} (tau_syn would change the number of receptor ports from {} to {new_len}; node {id} has incoming spike connections, so NEST keeps its number of ports: give {} time constants)",
                old.len(),
                old.len()
            )));
        }
        Ok(())
    }

    /// Applies `params` to every node of `ids` (NEST's `NodeCollection.set`):
    /// per node, the dictionary of its values (drawing the random ones) goes
    /// through the model's `set` with NEST's checks. Value lists hold one
    /// value or one per node. Stops at the first node that fails; an error
    /// of a node with drawn values names the node, the parameters and the
    /// values drawn.
    pub fn set_nodes(&mut self, ids: &[u32], params: &[NodeParam]) -> Result<()> {
        for p in params {
            match &p.value {
                NodeValue::Values(v) if v.len() != 1 && v.len() != ids.len() => {
                    return Err(Error::Type(format!("parameter '{}' has {} values for {} nodes; give one value or one per node", p.name, v.len(), ids.len())));
                }
                NodeValue::Random(d) => d.check()?,
                _ => {}
            }
        }
        let random = params.iter().any(|p| matches!(p.value, NodeValue::Random(_)));
        if random {
            for &id in ids {
                self.check_random_params(id, params)?;
            }
        }
        let call = self.node_param_calls;
        if random {
            self.node_param_calls += 1;
        }
        for (j, &id) in ids.iter().enumerate() {
            let mut dict: Vec<(&str, f64)> = Vec::with_capacity(params.len());
            let mut drawn: Vec<(&str, f64, &Dist)> = Vec::new();
            for p in params {
                let x = match &p.value {
                    NodeValue::Values(v) => v[if v.len() == 1 { 0 } else { j }],
                    NodeValue::Random(d) => {
                        let x = d.sample(&mut node_param_stream(self.seed, call, id, &p.name)).map_err(|e| with_draws(e, id, self.model_of(id).unwrap_or("node"), &format!("drawing {}", p.name)))?;
                        let x = as_stored(&p.name, x);
                        drawn.push((p.name.as_str(), x, d));
                        x
                    }
                };
                dict.push((p.name.as_str(), x));
            }
            if let Err(e) = self.set(id, &dict) {
                if drawn.is_empty() {
                    return Err(e);
                }
                let what = drawn.iter().map(|(n, x, d)| format!("{n} = {x} drawn from {}", d.describe())).collect::<Vec<_>>().join(", ");
                return Err(with_draws(e, id, self.model_of(id)?, &what));
            }
        }
        Ok(())
    }

    /// NEST's rule of which parameters of node `id` take random values.
    fn check_random_params(&self, id: u32, params: &[NodeParam]) -> Result<()> {
        let model = self.model_of(id)?;
        for p in params.iter().filter(|p| matches!(p.value, NodeValue::Random(_))) {
            let ok = match self.node(id)? {
                Node::Neuron { .. } => !PLAIN_NEURON_PARAMS.contains(&p.name.as_str()),
                Node::Device(_) => RANDOM_DEVICE_PARAMS.iter().any(|(m, names)| *m == model && names.contains(&p.name.as_str())),
            };
            if !ok {
                let valid = match self.node(id)? {
                    Node::Neuron { .. } => "its scalar parameters and state variables except ignore_and_spike".to_string(),
                    Node::Device(_) => RANDOM_DEVICE_PARAMS.iter().find(|(m, _)| *m == model).map_or("none".to_string(), |(_, n)| n.join(", ")),
                };
                return Err(Error::Type(format!(
                    "{model}.{} cannot be a random parameter (node {id}); random parameters of {model} as in NEST: {valid}",
                    p.name
                )));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn net() -> Network {
        Network::new(0.1, 1, 7).unwrap()
    }

    #[test]
    fn draws_are_per_node_keyed_and_checked() {
        let mut a = net();
        a.create("iaf_psc_alpha", 50).unwrap();
        let ids: Vec<u32> = (1..=50).collect();
        let vm = NodeParam { name: "V_m".into(), value: NodeValue::Random(Dist::Uniform { min: -70.0, max: -55.0 }) };
        a.set_nodes(&ids, std::slice::from_ref(&vm)).unwrap();
        let xs: Vec<f64> = ids.iter().map(|&i| a.get(i, "V_m").unwrap()).collect();
        assert!(xs.iter().all(|&x| (-70.0..-55.0).contains(&x)));
        assert_eq!(xs.iter().map(|x| x.to_bits()).collect::<std::collections::HashSet<_>>().len(), 50);
        // Same seed, other thread count, subset set first: node 7's draw is keyed by its id.
        let mut b = Network::new(0.1, 2, 7).unwrap();
        b.create("iaf_psc_alpha", 50).unwrap();
        b.set_nodes(&ids, &[vm.clone()]).unwrap();
        assert_eq!(b.get(7, "V_m").unwrap(), xs[6]);
        // A second random set draws new values.
        b.set_nodes(&ids, &[vm]).unwrap();
        assert_ne!(b.get(7, "V_m").unwrap(), xs[6]);
        // A drawn V_reset >= V_th is NEST's error, naming node and parameter.
        let bad = NodeParam { name: "V_reset".into(), value: NodeValue::Random(Dist::Uniform { min: -56.0, max: -40.0 }) };
        let e = a.set_nodes(&ids, &[bad]).unwrap_err().to_string();
        assert!(e.contains("node ID 1 (V_reset = ") && e.contains("Reset potential must be smaller than threshold"), "{e}");
    }

    #[test]
    fn multisynapse_ports_fixed_by_spike_input() {
        use crate::network::connect::ConnSpec;
        let mut n = net();
        n.create("iaf_psc_exp_multisynapse", 2).unwrap();
        n.create("dc_generator", 1).unwrap();
        n.set_array(1, "tau_syn", vec![1.0, 2.0]).unwrap();
        n.set_array(2, "tau_syn", vec![1.0, 2.0]).unwrap();
        let spec = |receptor| ConnSpec { receptor, ..ConnSpec::default() };
        n.connect(&[1], &[2], &spec(2)).unwrap();
        n.connect(&[3], &[1], &spec(0)).unwrap();
        assert_eq!((n.get(1, "has_connections").unwrap(), n.get(2, "has_connections").unwrap()), (0.0, 1.0));
        let e = n.set_array(2, "tau_syn", vec![1.0]).unwrap_err().to_string();
        assert!(e.starts_with("Setting status of a 'iaf_psc_exp_multisynapse' with node ID 2: The neuron has connections"), "{e}");
        assert!(n.set_array(2, "tau_syn", vec![1.0, 2.0, 3.0]).is_err());
        n.set_array(2, "tau_syn", vec![3.0, 4.0]).unwrap();
        n.set_array(1, "tau_syn", vec![1.0]).unwrap();
    }

    #[test]
    fn device_parameters_as_nest() {
        let mut n = net();
        n.create("poisson_generator", 3).unwrap();
        n.create("spike_recorder", 1).unwrap();
        n.create("gamma_sup_generator", 1).unwrap();
        let rate = NodeParam { name: "rate".into(), value: NodeValue::Random(Dist::Uniform { min: 5.0, max: 15.0 }) };
        n.set_nodes(&[1, 2, 3], &[rate]).unwrap();
        assert!((1..=3).all(|i| (5.0..15.0).contains(&n.get(i, "rate").unwrap())));
        let start = NodeParam { name: "start".into(), value: NodeValue::Random(Dist::Uniform { min: 1.0, max: 2.0 }) };
        let e = n.set_nodes(&[4], &[start]).unwrap_err().to_string();
        assert!(e.contains("spike_recorder.start cannot be a random parameter"), "{e}");
        // gamma_shape is a long in NEST: truncated.
        let k = NodeParam { name: "gamma_shape".into(), value: NodeValue::Random(Dist::Uniform { min: 2.0, max: 4.0 }) };
        n.set_nodes(&[5], &[k]).unwrap();
        let g = n.get(5, "gamma_shape").unwrap();
        assert!(g == 2.0 || g == 3.0);
    }
}
