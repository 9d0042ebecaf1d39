//! BrainPy-style networks: connectivity construction (CSR, seeded per row)
//! and whole network rollouts (sync, or as an async job with progress in
//! steps and cancellation). The TypeScript layer builds the connectivity
//! when a projection is created (as upstream does) and passes it back with
//! the network.

use std::sync::Arc;

use napi::bindgen_prelude::*;
use napi_derive::napi;
use somata_core::brainpy_net::connect::{self, Csr, Rule};
use somata_core::brainpy_net::proj_ext::GapExt;
use somata_core::brainpy_net::{self, NetSpec, NeuronPop, Out, Pop, PopInput, PoissonInput, Proj, ProjExt, ProjKind};
use somata_core::models::brainpy::synapses::{ampa::AMPA, alpha::Alpha, bionmda::BioNMDA, dualexpon::DualExpon, expon::Expon, mgblock::MgBlock, std_depression::STD, stp::STP, Plast, Syn};
use somata_core::models::brainpy::BpKind;
use somata_core::sweep::Control;

use crate::errors::{conv, type_error};
use crate::jobs::{self, Work, WorkTask};

/// A connectivity as CSR arrays.
#[napi(object)]
pub struct BrainpyCsr {
    /// Row starts (`n_pre + 1`).
    pub indptr: Uint32Array,
    /// Postsynaptic index of each synapse.
    pub indices: Uint32Array,
}

/// Builds a connectivity. `rule`: `fixed_post_num` (k, multi), `fixed_pre_num`
/// (k, multi, autapses), `bernoulli` (p, autapses), `all_to_all` (autapses),
/// `one_to_one`. `same`: pre and post are one population.
#[napi(catch_unwind)]
#[allow(clippy::too_many_arguments)]
pub fn brainpy_connect(rule: String, n_pre: u32, n_post: u32, k: f64, p: f64, multi: bool, autapses: bool, same: bool, seed: f64, threads: u32) -> Result<BrainpyCsr> {
    if !(k >= 0.0 && k.fract() == 0.0 && k <= u32::MAX as f64) {
        return Err(napi::Error::from_reason(format!("RangeError: the number of connections must be a non-negative integer, got {k}")));
    }
    let k = k as usize;
    let r = match rule.as_str() {
        "fixed_post_num" => Rule::FixedPostNum { k, multi },
        "fixed_pre_num" => Rule::FixedPreNum { k, multi, autapses },
        "bernoulli" => Rule::Bernoulli { p, autapses },
        "all_to_all" => Rule::AllToAll { autapses },
        "one_to_one" => Rule::OneToOne,
        other => return Err(type_error(format!("unknown connection rule '{other}'; valid rules: fixed_post_num, fixed_pre_num, bernoulli, all_to_all, one_to_one"))),
    };
    let c = conv(connect::build(r, n_pre as usize, n_post as usize, same, seed as u64, threads.max(1) as usize))?;
    if c.nnz() > u32::MAX as usize {
        return Err(napi::Error::from_reason("RangeError: more than 2^32 synapses"));
    }
    Ok(BrainpyCsr { indptr: Uint32Array::new(c.indptr.iter().map(|&x| x as u32).collect()), indices: Uint32Array::new(c.indices) })
}

/// A population of a network.
#[napi(object)]
pub struct BrainpyNetPop {
    /// `"neuron"` or `"poisson"`.
    pub kind: String,
    /// Neurons / sources.
    pub n: u32,
    /// Neuron model index.
    pub model: Option<u32>,
    /// Parameters `[k*n + i]`.
    pub params: Option<Float64Array>,
    /// State `[v*n + i]`.
    pub state: Option<Float64Array>,
    /// Spike output of the previous step.
    pub spike: Option<Float64Array>,
    /// `spk_reset == 'soft'`.
    pub soft: Option<bool>,
    /// Background current (1 or n values), model input unit.
    pub input: Option<Float64Array>,
    /// Neurons whose variable `record_var` is recorded.
    pub record: Option<Vec<u32>>,
    /// Variable recorded (index).
    pub record_var: Option<u32>,
    /// Poisson rates (1 or n values), Hz.
    pub rates: Option<Float64Array>,
    /// Poisson seed.
    pub seed: Option<f64>,
}

/// A projection of a network.
#[napi(object)]
pub struct BrainpyNetProj {
    /// Presynaptic population index.
    pub pre: u32,
    /// First presynaptic neuron read (default 0).
    pub pre_offset: Option<u32>,
    /// Postsynaptic population index.
    pub post: u32,
    /// CSR row starts.
    pub indptr: Uint32Array,
    /// CSR postsynaptic indices.
    pub indices: Uint32Array,
    /// One weight or one per synapse (CSR order).
    pub weights: Float64Array,
    /// Delay, steps.
    pub delay: u32,
    /// `Expon`, `DualExpon`, `Alpha`, `AMPA`, `GABAa`.
    pub syn: String,
    /// Expon/Alpha `[tau]`; DualExpon `[tau_decay, tau_rise, amplitude, normalize]`; AMPA/GABAa `[alpha, beta, T, T_dur]`.
    pub syn_params: Vec<f64>,
    /// Pre-aligned synapse state (`align_pre_projection`).
    pub align_pre: bool,
    /// `COBA`, `CUBA` or `MgBlock`.
    pub out: String,
    /// COBA `E` (mV) or CUBA scale (unused for MgBlock).
    pub out_value: f64,
    /// MgBlock `[E (mV), cc_Mg (mM), alpha (1/mV), beta (mM), V_offset (mV)]`.
    pub out_params: Option<Vec<f64>>,
    /// `synaptic` (default: AlignPostProj / align_pre_projection), `current` (CurrentProj), `delta` (DeltaProj) or `gap` (gap junction).
    pub kind: Option<String>,
    /// Gap junction: coupled variable indices `[pre, post]`.
    pub gap_vars: Option<Vec<u32>>,
    /// Gap junction: weights of the current into the presynaptic side (one or one per connection; `weights` go to the postsynaptic side).
    pub gap_w_pre: Option<Float64Array>,
    /// Delay in fractional steps (`delay/dt`, as upstream divides); overrides `delay` when given.
    pub delay_steps: Option<f64>,
    /// One delay per presynaptic neuron, in fractional steps (brainpy's `(N_pre,)` delay); overrides the others.
    pub delay_steps_per_pre: Option<Float64Array>,
    /// The comm binarises its input (brainstate's `EventFixedProb`).
    pub event: Option<bool>,
    /// Short-term plasticity: `STP` or `STD`.
    pub stp: Option<String>,
    /// STP `[U, tau_f, tau_d]`; STD `[tau, U]`.
    pub stp_params: Option<Vec<f64>>,
}

/// A `PoissonInput`.
#[napi(object)]
pub struct BrainpyNetInput {
    /// Target population.
    pub target: u32,
    /// Target neurons (all if absent).
    pub indices: Option<Vec<u32>>,
    /// Inputs per neuron.
    pub num_input: f64,
    /// Rate, Hz.
    pub freq: f64,
    /// Weight, target variable's unit.
    pub weight: f64,
    /// Target variable index.
    pub var: u32,
    /// Seed.
    pub seed: f64,
}

/// A network rollout.
#[napi(object)]
pub struct BrainpyNetArgs {
    /// Populations.
    pub pops: Vec<BrainpyNetPop>,
    /// Projections.
    pub projs: Vec<BrainpyNetProj>,
    /// Poisson inputs.
    pub inputs: Vec<BrainpyNetInput>,
    /// Step, ms.
    pub dt: f64,
    /// First step time, ms.
    pub t0: f64,
    /// Steps.
    pub steps: u32,
    /// Record (step, neuron) spike lists.
    pub record_spikes: bool,
    /// Worker threads for large populations (default 1).
    pub threads: Option<u32>,
    /// Precision of the whole network: 64 (default) or 32 (every neuron
    /// population is float32; the run computes in f32).
    pub precision: Option<u32>,
}

/// What one population produced.
#[napi(object)]
pub struct BrainpyNetPopResult {
    /// Final state (neurons).
    pub state: Option<Float64Array>,
    /// Final spike output (neurons).
    pub spike: Option<Float64Array>,
    /// Step of every spike.
    pub spike_steps: Uint32Array,
    /// Neuron of every spike.
    pub spike_neurons: Uint32Array,
    /// Spikes per step.
    pub counts_per_step: Uint32Array,
    /// Spikes per neuron.
    pub counts: Uint32Array,
    /// Recorded trace `[k*nrec + r]`.
    pub trace: Float64Array,
}

fn f64s(a: &Option<Float64Array>, what: &str) -> Result<Vec<f64>> {
    a.as_ref().map(|x| x.to_vec()).ok_or_else(|| type_error(format!("network population: missing {what}")))
}

fn syn_of(name: &str, p: &[f64]) -> Result<Syn> {
    let need = |k: usize| -> Result<()> {
        if p.len() != k {
            return Err(type_error(format!("{name}: expected {k} parameters, got {}", p.len())));
        }
        Ok(())
    };
    Ok(match name {
        "Expon" => {
            need(1)?;
            Syn::Expon(Expon { tau: p[0] })
        }
        "Alpha" => {
            need(1)?;
            Syn::Alpha(Alpha { tau: p[0] })
        }
        "DualExpon" => {
            need(4)?;
            Syn::DualExpon(DualExpon { tau_decay: p[0], tau_rise: p[1], amplitude: p[2], normalize: p[3] != 0.0 })
        }
        "AMPA" | "GABAa" => {
            need(4)?;
            let m = AMPA { alpha: p[0], beta: p[1], t_conc: p[2], t_dur: p[3] };
            if name == "AMPA" {
                Syn::AMPA(m)
            } else {
                Syn::GABAa(m)
            }
        }
        "BioNMDA" => {
            need(6)?;
            Syn::BioNMDA(BioNMDA { alpha1: p[0], beta1: p[1], alpha2: p[2], beta2: p[3], t_conc: p[4], t_dur: p[5] })
        }
        other => return Err(type_error(format!("unknown synapse model '{other}'; valid models: Expon, DualExpon, Alpha, AMPA, GABAa, BioNMDA"))),
    })
}

/// The whole-step delay and the extended parts (kind, fractional delay, event comm, STP) of a projection.
fn ext_of(pr: &BrainpyNetProj) -> Result<(usize, ProjExt)> {
    let kind = match pr.kind.as_deref().unwrap_or("synaptic") {
        "synaptic" => ProjKind::Synaptic,
        "current" => ProjKind::Current,
        "delta" => ProjKind::Delta,
        "gap" => ProjKind::Gap,
        other => return Err(type_error(format!("unknown projection kind '{other}'; valid kinds: synaptic, current, delta, gap"))),
    };
    let gap = match (kind, pr.gap_vars.as_deref()) {
        (ProjKind::Gap, Some(&[a, b])) => Some(GapExt { pre_var: a as usize, post_var: b as usize, w_pre: pr.gap_w_pre.as_ref().map(|w| w.to_vec()).unwrap_or_else(|| pr.weights.to_vec()) }),
        (ProjKind::Gap, _) => return Err(type_error("gap junction: expected gapVars [pre, post]")),
        _ => None,
    };
    let (mut delay, delay_frac) = match pr.delay_steps {
        Some(s) => conv(ProjExt::split_delay(s))?,
        None => (pr.delay as usize, 0.0),
    };
    let axonal: Vec<f64> = pr.delay_steps_per_pre.as_ref().map(|a| a.to_vec()).unwrap_or_default();
    let delay_frac = if axonal.is_empty() { delay_frac } else { 0.0 };
    if !axonal.is_empty() {
        delay = 0;
        for &d in &axonal {
            delay = delay.max(conv(ProjExt::split_delay(d))?.0);
        }
    }
    let p = pr.stp_params.clone().unwrap_or_default();
    let stp = match pr.stp.as_deref() {
        None => None,
        Some("STP") if p.len() == 3 => Some(Plast::STP(STP { u0: p[0], tau_f: p[1], tau_d: p[2] })),
        Some("STD") if p.len() == 2 => Some(Plast::STD(STD { tau: p[0], u: p[1] })),
        Some(m @ ("STP" | "STD")) => return Err(type_error(format!("{m}: wrong number of parameters ({})", p.len()))),
        Some(other) => return Err(type_error(format!("unknown short-term plasticity model '{other}'; valid models: STP, STD"))),
    };
    Ok((delay, ProjExt { kind, delay_frac, event: pr.event.unwrap_or(false), stp, axonal, gap }))
}

fn spec_of(a: &BrainpyNetArgs) -> Result<NetSpec> {
    let mut pops = Vec::new();
    for p in &a.pops {
        let n = p.n as usize;
        pops.push(match p.kind.as_str() {
            "neuron" => {
                let kind = BpKind::ALL.get(p.model.unwrap_or(u32::MAX) as usize).copied().ok_or_else(|| type_error("network population: unknown model index"))?;
                let input = f64s(&p.input, "input")?;
                Pop::Neuron(NeuronPop {
                    kind,
                    n,
                    params: f64s(&p.params, "params")?,
                    state: f64s(&p.state, "state")?,
                    soft: p.soft.unwrap_or(true),
                    spike: p.spike.as_ref().map(|s| s.to_vec()).unwrap_or_else(|| vec![0.0; n]),
                    input: if input.len() == 1 { PopInput::Const(input[0]) } else { PopInput::PerNeuron(input) },
                    record: p.record.clone().unwrap_or_default(),
                    record_var: p.record_var.unwrap_or(0) as usize,
                })
            }
            "poisson" => Pop::Poisson { n, rates: f64s(&p.rates, "rates")?, seed: p.seed.unwrap_or(0.0) as u64 },
            other => return Err(type_error(format!("unknown population kind '{other}'"))),
        });
    }
    let mut projs = Vec::new();
    for pr in &a.projs {
        let indptr: Vec<usize> = pr.indptr.iter().map(|&x| x as usize).collect();
        let indices: Vec<u32> = pr.indices.to_vec();
        let off = pr.pre_offset.unwrap_or(0) as usize;
        let (n_pre, n_post) = (
            pr.indptr.len().saturating_sub(1),
            a.pops.get(pr.post as usize).map(|p| p.n as usize).unwrap_or(0),
        );
        if off + n_pre > a.pops.get(pr.pre as usize).map(|p| p.n as usize).unwrap_or(0) || indptr.is_empty() || indptr.last().copied() != Some(indices.len()) || indptr.windows(2).any(|w| w[0] > w[1]) {
            return Err(type_error("projection: connectivity does not match the presynaptic population"));
        }
        if indices.iter().any(|&j| j as usize >= n_post) {
            return Err(type_error("projection: connectivity does not match the postsynaptic population"));
        }
        let out = match pr.out.as_str() {
            "COBA" => Out::COBA { e: pr.out_value },
            "CUBA" => Out::CUBA { scale: pr.out_value },
            "MgBlock" => match pr.out_params.as_deref() {
                Some(&[e, cc_mg, alpha, beta, v_offset]) => Out::MgBlock(MgBlock { e, cc_mg, alpha, beta, v_offset }),
                _ => return Err(type_error("MgBlock: expected 5 parameters [E, cc_Mg, alpha, beta, V_offset]")),
            },
            other => return Err(type_error(format!("unknown synaptic output '{other}'; valid outputs: COBA, CUBA, MgBlock"))),
        };
        let (delay, ext) = ext_of(pr)?;
        projs.push(Proj {
            pre: pr.pre as usize,
            pre_offset: off,
            post: pr.post as usize,
            csr: Csr { n_pre, n_post, indptr, indices },
            weights: pr.weights.to_vec(),
            delay,
            syn: syn_of(&pr.syn, &pr.syn_params)?,
            align_pre: pr.align_pre,
            out,
            ext,
        });
    }
    let inputs = a
        .inputs
        .iter()
        .map(|i| PoissonInput {
            target: i.target as usize,
            indices: i.indices.clone(),
            num_input: i.num_input.max(0.0) as u64,
            freq: i.freq,
            weight: i.weight,
            var: i.var as usize,
            seed: i.seed as u64,
        })
        .collect();
    Ok(NetSpec { pops, projs, inputs, dt: a.dt, t0: a.t0, steps: a.steps as usize, record_spikes: a.record_spikes, threads: a.threads.unwrap_or(1).max(1) as usize })
}

/// Raw results of a run (plain vectors, converted to JS arrays on the JS thread).
type Raw = Vec<(Option<(Vec<f64>, Vec<f64>)>, brainpy_net::PopOutput)>;

/// An owned network rollout: the [`Work`] behind [`BrainpyNetJob`]
/// (`true`: run in float32).
#[derive(Clone)]
pub struct NetWork(Arc<NetSpec>, bool);

impl Work for NetWork {
    type Done = Raw;
    type Js = Vec<BrainpyNetPopResult>;

    fn run(&self, control: &Control) -> Result<Raw> {
        let mut s = (*self.0).clone();
        let outs = conv(if self.1 { brainpy_net::run_f32(&mut s, control) } else { brainpy_net::run(&mut s, control) })?;
        Ok(outs
            .into_iter()
            .zip(s.pops)
            .map(|(o, p)| {
                let st = match p {
                    Pop::Neuron(np) => Some((np.state, np.spike)),
                    _ => None,
                };
                (st, o)
            })
            .collect())
    }

    fn to_js(raw: Raw) -> Vec<BrainpyNetPopResult> {
        raw.into_iter()
            .map(|(st, o)| {
                let (state, spike) = match st {
                    Some((a, b)) => (Some(Float64Array::new(a)), Some(Float64Array::new(b))),
                    None => (None, None),
                };
                BrainpyNetPopResult {
                    state,
                    spike,
                    spike_steps: Uint32Array::new(o.spike_steps),
                    spike_neurons: Uint32Array::new(o.spike_neurons),
                    counts_per_step: Uint32Array::new(o.counts_per_step),
                    counts: Uint32Array::new(o.counts),
                    trace: Float64Array::new(o.trace),
                }
            })
            .collect()
    }
}

/// A network rollout that can run synchronously or off the JS thread,
/// report progress (steps) and be cancelled.
#[napi]
pub struct BrainpyNetJob {
    work: NetWork,
    control: Arc<Control>,
}

#[napi]
impl BrainpyNetJob {
    /// Copies and checks the network.
    #[napi(constructor, catch_unwind)]
    pub fn new(args: BrainpyNetArgs) -> Result<Self> {
        let spec = spec_of(&args)?;
        conv(brainpy_net::validate(&spec))?;
        let f32 = match args.precision.unwrap_or(64) {
            64 => false,
            32 => true,
            p => return Err(type_error(format!("network precision must be 32 or 64, got {p}"))),
        };
        Ok(Self { work: NetWork(Arc::new(spec), f32), control: Arc::new(Control::default()) })
    }

    /// Steps completed so far.
    #[napi(catch_unwind)]
    pub fn progress(&self) -> f64 {
        jobs::progress(&self.control)
    }

    /// Asks a running rollout to stop; it then rejects with an AbortError.
    #[napi(catch_unwind)]
    pub fn cancel(&self) {
        jobs::cancel(&self.control);
    }

    /// Runs on the calling thread.
    #[napi(catch_unwind)]
    pub fn run_sync(&self) -> Result<Vec<BrainpyNetPopResult>> {
        jobs::run_sync(&self.work, &self.control)
    }

    /// Runs on a libuv worker thread.
    #[napi(catch_unwind, ts_return_type = "Promise<BrainpyNetPopResult[]>")]
    pub fn start(&self) -> AsyncTask<WorkTask<NetWork>> {
        WorkTask::new(self.work.clone(), self.control.clone())
    }
}

/// The conductance output of one synapse element over `steps` steps of `dt`
/// (ms, the step k at `t = k·dt`), given an input of `weight` at step
/// `spike_step` (a delta input for Expon/DualExpon/Alpha, a spike for
/// AMPA/GABAa): brainpy's `syn.update()` loop.
#[napi(catch_unwind)]
pub fn brainpy_synapse_response(syn: String, params: Vec<f64>, steps: u32, dt: f64, spike_step: u32, weight: f64) -> Result<Float64Array> {
    let s = syn_of(&syn, &params)?;
    conv(s.validate())?;
    if !(dt.is_finite() && dt > 0.0) {
        return Err(napi::Error::from_reason(format!("RangeError: dt must be finite and > 0 ms, got {dt}")));
    }
    let mut st = s.init();
    let out = (0..steps)
        .map(|k| {
            let x = if k == spike_step { weight } else { 0.0 };
            s.step(&mut st, x, k as f64 * dt, dt)
        })
        .collect();
    Ok(Float64Array::new(out))
}

/// One element of a synapse model (`Expon` … `BioNMDA`) or short-term
/// plasticity model (`STP` `[U, tau_f, tau_d]`, `STD` `[tau, U]`) driven by
/// spikes (input 1) at `spike_steps`, step `k` at `t = k·dt` (brainpy's
/// `update()` loop): time-major rows of `[output, state variables…]`
/// (STP: `u, x`; STD: `x`; synapses: their variables in storage order).
#[napi(catch_unwind)]
pub fn brainpy_element_response(model: String, params: Vec<f64>, steps: u32, dt: f64, spike_steps: Vec<u32>) -> Result<Float64Array> {
    if !(dt.is_finite() && dt > 0.0) {
        return Err(napi::Error::from_reason(format!("RangeError: dt must be finite and > 0 ms, got {dt}")));
    }
    let plast = match model.as_str() {
        "STP" | "STD" => {
            let fake = BrainpyNetProj {
                pre: 0,
                pre_offset: None,
                post: 0,
                indptr: Uint32Array::new(vec![0]),
                indices: Uint32Array::new(vec![]),
                weights: Float64Array::new(vec![]),
                delay: 0,
                syn: String::new(),
                syn_params: vec![],
                align_pre: false,
                out: String::new(),
                out_value: 0.0,
                out_params: None,
                kind: None,
                gap_vars: None,
                gap_w_pre: None,
                delay_steps: None,
                delay_steps_per_pre: None,
                event: None,
                stp: Some(model.clone()),
                stp_params: Some(params.clone()),
            };
            let p = ext_of(&fake)?.1.stp.expect("STP or STD");
            conv(p.validate())?;
            Some(p)
        }
        _ => None,
    };
    let mut out = Vec::new();
    match plast {
        Some(p) => {
            let mut st = p.init();
            let nv = if matches!(p, Plast::STP(_)) { 2 } else { 1 };
            for k in 0..steps {
                let s = if spike_steps.contains(&k) { 1.0 } else { 0.0 };
                out.push(p.step(&mut st, s, dt));
                out.extend_from_slice(&st[..nv]);
            }
        }
        None => {
            let s = syn_of(&model, &params)?;
            conv(s.validate())?;
            let nv = s.vars().len();
            let mut st = s.init();
            for k in 0..steps {
                let x = if spike_steps.contains(&k) { 1.0 } else { 0.0 };
                out.push(s.step(&mut st, x, k as f64 * dt, dt));
                out.extend_from_slice(&st[..nv]);
            }
        }
    }
    Ok(Float64Array::new(out))
}
