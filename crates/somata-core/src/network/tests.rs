//! Kernel tests against NEST's test-suite tables (reference/nest.md §4 and
//! appendix; `testsuite/pytests/neurons/test_iaf_psc_alpha*.py`).

use super::connect::ConnSpec;
use super::*;

fn spec(w: f64, d: f64) -> ConnSpec {
    ConnSpec { weight: vec![w], delay: vec![d], ..Default::default() }
}

fn vm_trace(net: &Network, vm: u32) -> (Vec<f64>, Vec<f64>) {
    let Device::Multimeter(m) = net.device(vm).unwrap() else { panic!() };
    (m.times.clone(), m.data[0].clone())
}

fn at(times: &[f64], v: &[f64], t: f64) -> f64 {
    let k = times.iter().position(|&x| (x - t).abs() < 1e-9).unwrap_or_else(|| panic!("no sample at {t}"));
    v[k]
}

fn close(a: f64, b: f64, rtol: f64) -> bool {
    (a - b).abs() <= rtol * b.abs()
}

/// A1 `test_iaf_psc_alpha_basic`: dc 1000 pA with delay 0.1 ms.
#[test]
fn a1_basic_dc_generator() {
    let mut net = Network::new(0.1, 1, 1).unwrap();
    let n = net.create("iaf_psc_alpha", 1).unwrap();
    let dc = net.create("dc_generator", 1).unwrap();
    net.set(dc, &[("amplitude", 1000.0)]).unwrap();
    let vm = net.create("voltmeter", 1).unwrap();
    net.connect(&[dc], &[n], &spec(1.0, 0.1)).unwrap();
    net.connect(&[vm], &[n], &ConnSpec::default()).unwrap();
    net.simulate(8.0, true, &Control::default()).unwrap();
    let (t, v) = vm_trace(&net, vm);
    let table = [
        (0.1, -70.0), (0.2, -70.0), (0.3, -69.602), (0.4, -69.2079), (0.5, -68.8178), (0.6, -68.4316), (0.7, -68.0492), (0.8, -67.6706),
        (0.9, -67.2958), (1.0, -66.9247), (4.5, -56.0204), (4.6, -55.7615), (4.7, -55.5051), (4.8, -55.2513), (4.9, -55.0001), (5.0, -70.0),
        (6.0, -70.0), (7.0, -70.0), (7.1, -69.602), (7.2, -69.2079), (7.3, -68.8178), (7.4, -68.4316), (7.5, -68.0492), (7.6, -67.6706),
        (7.7, -67.2958), (7.8, -66.9247), (7.9, -66.5572),
    ];
    for (tt, want) in table {
        let got = at(&t, &v, tt);
        assert!(close(got, want, 1e-5), "t = {tt}: {got} vs {want}");
    }
}

/// A3 `test_iaf_psc_alpha_i0_refractory` at h ∈ {0.1, 0.2, 0.5, 1.0}: I_e 1450 pA.
#[test]
fn a3_i0_refractory_across_resolutions() {
    let table = [
        (0.1, -69.4229), (0.2, -68.8515), (0.5, -67.1713), (1.0, -64.4806), (1.5, -61.9211), (2.0, -59.4864), (2.5, -57.1704), (2.9, -55.3993),
        (3.0, -70.0), (4.0, -70.0), (5.0, -70.0), (5.1, -69.4229), (5.2, -68.8515), (6.0, -64.4806), (6.9, -59.9636),
    ];
    for h in [0.1, 0.2, 0.5, 1.0] {
        let mut net = Network::new(h, 1, 1).unwrap();
        let n = net.create("iaf_psc_alpha", 1).unwrap();
        net.set(n, &[("I_e", 1450.0)]).unwrap();
        let vm = net.create("voltmeter", 1).unwrap();
        net.connect(&[vm], &[n], &ConnSpec::default()).unwrap();
        net.simulate(7.0, true, &Control::default()).unwrap();
        let (t, v) = vm_trace(&net, vm);
        for (tt, want) in table {
            let k = (tt / h).round();
            if (k * h - tt).abs() > 1e-9 {
                continue; // only grid times are compared
            }
            assert!(close(at(&t, &v, tt), want, 1e-5), "h {h} t {tt}: {} vs {want}", at(&t, &v, tt));
        }
    }
}

/// A4 `test_iaf_psc_alpha_mindelay`: dc 1000 pA with delay 2 ms, results
/// independent of min_delay and of splitting the run into 21 × 0.5 ms.
#[test]
fn a4_mindelay_independence() {
    let want = [(1.0, -70.0), (2.0, -70.0), (3.0, -66.55725), (4.0, -63.07837), (5.0, -59.93054), (6.0, -57.08227), (7.0, -70.0), (8.0, -70.0), (9.0, -69.60199), (10.0, -65.83337)];
    for min_delay in [0.1, 0.2, 0.5, 1.0, 2.0] {
        for split in [false, true] {
            let mut net = Network::new(0.1, 1, 1).unwrap();
            let n = net.create("iaf_psc_alpha", 1).unwrap();
            let dc = net.create("dc_generator", 1).unwrap();
            net.set(dc, &[("amplitude", 1000.0)]).unwrap();
            let vm = net.create("voltmeter", 1).unwrap();
            net.set(vm, &[("interval", 1.0)]).unwrap();
            net.connect(&[dc], &[n], &spec(1.0, 2.0)).unwrap();
            // An extra, silent connection sets min_delay (as nest.set(min_delay=…)).
            let other = net.create("iaf_psc_alpha", 1).unwrap();
            net.connect(&[other], &[other], &spec(1.0, min_delay)).unwrap();
            net.connect(&[vm], &[n], &ConnSpec::default()).unwrap();
            let mut t = vec![];
            let mut v = vec![];
            if split {
                for k in 0..21 {
                    net.simulate(0.5, k == 0, &Control::default()).unwrap();
                    let (a, b) = vm_trace(&net, vm);
                    t.extend(a);
                    v.extend(b);
                }
            } else {
                net.simulate(10.5, true, &Control::default()).unwrap();
                (t, v) = vm_trace(&net, vm);
            }
            for (tt, w) in want {
                assert!(close(at(&t, &v, tt), w, 1e-7), "min_delay {min_delay} split {split} t {tt}: {} vs {w}", at(&t, &v, tt));
            }
        }
    }
}

/// `test_iaf_psc_alpha_1to2`: n1 (I_e 1450) spikes at 3.0; n2 receives w = 100
/// with d = 1 and follows the analytic PSP from 4.0 (rtol 1e-12 in NEST).
#[test]
fn one_to_two_analytic_psp() {
    for (h, d) in [(0.1, 1.0), (0.2, 1.0), (0.5, 1.0), (1.0, 1.0), (0.1, 0.1), (0.1, 0.2), (0.1, 0.5)] {
        let mut net = Network::new(h, 1, 1).unwrap();
        let n1 = net.create("iaf_psc_alpha", 2).unwrap();
        let n2 = n1 + 1;
        net.set(n1, &[("I_e", 1450.0)]).unwrap();
        let vm = net.create("voltmeter", 1).unwrap();
        net.connect(&[n1], &[n2], &spec(100.0, 1.0)).unwrap();
        // min_delay variations (other connection).
        net.connect(&[n2], &[n2], &ConnSpec { weight: vec![0.0], delay: vec![d], ..Default::default() }).unwrap();
        net.connect(&[vm], &[n2], &ConnSpec::default()).unwrap();
        net.simulate(8.0, true, &Control::default()).unwrap();
        let (t, v) = vm_trace(&net, vm);
        let (tau_s, tau_m, c, w) = (2.0f64, 10.0f64, 250.0f64, 100.0f64);
        let a = 1.0 / tau_s - 1.0 / tau_m;
        for (k, &tt) in t.iter().enumerate() {
            let want = if tt <= 4.0 + 1e-9 {
                -70.0
            } else {
                let s = tt - 4.0;
                -70.0 + w * std::f64::consts::E / (tau_s * c) * (((-s / tau_m).exp() - (-s / tau_s).exp()) / (a * a) - s * (-s / tau_s).exp() / a)
            };
            assert!((v[k] - want).abs() <= 1e-10 * want.abs(), "h {h} d {d} t {tt}: {} vs {want}", v[k]);
        }
    }
}

/// A2 through the kernel: I_e 1000, spike stamped 4.8 ms.
#[test]
fn a2_spike_recorder_time() {
    let mut net = Network::new(0.1, 1, 1).unwrap();
    let n = net.create("iaf_psc_alpha", 1).unwrap();
    net.set(n, &[("I_e", 1000.0)]).unwrap();
    let sr = net.create("spike_recorder", 1).unwrap();
    net.connect(&[n], &[sr], &ConnSpec::default()).unwrap();
    net.simulate(5.0, true, &Control::default()).unwrap();
    let Device::SpikeRecorder(r) = net.device(sr).unwrap() else { panic!() };
    assert_eq!(r.senders, vec![1]);
    assert!((r.times[0] - 4.8).abs() < 1e-12);
}

fn random_net(threads: usize) -> (Vec<f64>, Vec<i32>, Vec<f64>) {
    random_net_with(threads, 20_000)
}

fn random_net_with(threads: usize, par_min: usize) -> (Vec<f64>, Vec<i32>, Vec<f64>) {
    let mut net = Network::new(0.1, threads, 7).unwrap();
    net.set_parallel_delivery_min(par_min);
    let ex = net.create("iaf_psc_alpha", 1600).unwrap();
    let inh = net.create("iaf_psc_exp", 400).unwrap();
    let all: Vec<u32> = (ex..inh + 400).collect();
    let noise = net.create("poisson_generator", 1).unwrap();
    net.set(noise, &[("rate", 20000.0)]).unwrap();
    let sr = net.create("spike_recorder", 1).unwrap();
    let vm = net.create("voltmeter", 1).unwrap();
    let exs: Vec<u32> = (ex..ex + 1600).collect();
    let ins: Vec<u32> = (inh..inh + 400).collect();
    net.connect(&[noise], &all, &spec(10.0, 1.0)).unwrap();
    net.connect(&exs, &all, &ConnSpec { rule: "fixed_indegree".into(), count: Some(80), weight: vec![20.0], delay: vec![1.5], ..Default::default() }).unwrap();
    net.connect(&ins, &all, &ConnSpec { rule: "fixed_indegree".into(), count: Some(20), weight: vec![-90.0], delay: vec![0.8], ..Default::default() }).unwrap();
    net.connect(&all, &[sr], &ConnSpec::default()).unwrap();
    net.connect(&[vm], &all[..50], &ConnSpec::default()).unwrap();
    net.simulate(200.0, true, &Control::default()).unwrap();
    let Device::SpikeRecorder(r) = net.device(sr).unwrap() else { panic!() };
    let Device::Multimeter(m) = net.device(vm).unwrap() else { panic!() };
    (m.data[0].clone(), r.senders.clone(), r.times.clone())
}

#[test]
fn bit_identical_for_any_thread_count() {
    let a = random_net(1);
    assert!(a.1.len() > 1000, "network should be active: {} spikes", a.1.len());
    for th in [2, 3, 8] {
        let b = random_net(th);
        assert_eq!(a.1, b.1);
        assert_eq!(a.2, b.2);
        assert!(a.0.iter().zip(&b.0).all(|(x, y)| x.to_bits() == y.to_bits()));
    }
}

/// Parallel delivery by target block adds the same numbers in the same order.
#[test]
fn parallel_delivery_is_bit_identical() {
    let a = random_net_with(1, 0);
    for th in [2, 4] {
        let b = random_net_with(th, 0);
        assert_eq!(a.1, b.1);
        assert_eq!(a.2, b.2);
        assert!(a.0.iter().zip(&b.0).all(|(x, y)| x.to_bits() == y.to_bits()));
    }
}

#[test]
fn errors_name_the_problem() {
    let mut net = Network::new(0.1, 1, 1).unwrap();
    let e = net.create("iaf_psc_alfa", 1).unwrap_err().to_string();
    assert!(e.contains("iaf_psc_alpha"), "{e}");
    let n = net.create("iaf_psc_alpha", 1).unwrap();
    let vm = net.create("voltmeter", 1).unwrap();
    assert!(net.connect(&[n], &[vm], &ConnSpec::default()).unwrap_err().to_string().contains("connect(meter, neurons)"));
    assert!(net.connect(&[n], &[n], &spec(1.0, 0.04)).unwrap_err().to_string().contains("below the resolution"));
    assert!(net.set(n, &[("tau_x", 1.0)]).unwrap_err().to_string().contains("tau_syn_ex"));
    assert!(net.simulate(-1.0, true, &Control::default()).is_err());
    net.set_record_from(vm, vec!["g_ex".into()]).unwrap();
    net.connect(&[vm], &[n], &ConnSpec::default()).unwrap();
    assert!(net.simulate(1.0, true, &Control::default()).unwrap_err().to_string().contains("I_syn_ex"));
}

/// A5 `test_iaf_psp.py`: spike_generator spike at 2.0 ms (start 1, stop 3),
/// weight 100 pA, delay 1 ms, h ∈ {0.1, 0.2, 0.5, 1}; rtol 1e-6 in NEST.
#[test]
fn a5_iaf_psp_spike_generator() {
    let table = [
        (30, -70.0), (31, -69.9974), (32, -69.9899), (33, -69.9781), (34, -69.9624), (35, -69.9434), (36, -69.9213), (37, -69.8967), (38, -69.8699),
        (39, -69.8411), (40, -69.8108), (41, -69.779), (42, -69.7463), (43, -69.7126), (44, -69.6783), (45, -69.6435), (46, -69.6084), (47, -69.5732),
        (48, -69.538), (49, -69.5029), (50, -69.4681), (51, -69.4336), (52, -69.3995), (53, -69.366), (54, -69.333), (55, -69.3008), (56, -69.2692), (57, -69.2383),
    ];
    for h in [0.1, 0.2, 0.5, 1.0] {
        let mut net = Network::new(h, 1, 1).unwrap();
        let sg = net.create("spike_generator", 1).unwrap();
        net.set(sg, &[("start", 1.0), ("stop", 3.0)]).unwrap();
        net.set_array(sg, "spike_times", vec![2.0]).unwrap();
        let n = net.create("iaf_psc_alpha", 1).unwrap();
        let vm = net.create("voltmeter", 1).unwrap();
        net.connect(&[sg], &[n], &spec(100.0, 1.0)).unwrap();
        net.connect(&[vm], &[n], &ConnSpec::default()).unwrap();
        net.simulate(7.0, true, &Control::default()).unwrap();
        let (t, v) = vm_trace(&net, vm);
        for (step, want) in table {
            let tt = step as f64 * 0.1;
            if ((tt / h).round() * h - tt).abs() > 1e-9 {
                continue;
            }
            assert!(close(at(&t, &v, tt), want, 1e-5), "h {h} t {tt}: {} vs {want}", at(&t, &v, tt));
        }
    }
    // Spike times are checked as NEST does.
    let mut net = Network::new(0.1, 1, 1).unwrap();
    let sg = net.create("spike_generator", 1).unwrap();
    assert!(net.set_array(sg, "spike_times", vec![0.0]).unwrap_err().to_string().contains("cannot be set to 0"));
    assert!(net.set_array(sg, "spike_times", vec![1.05]).unwrap_err().to_string().contains("not representable"));
    assert!(net.set_array(sg, "spike_times", vec![2.0, 1.0]).is_err());
}

/// One run of `model` with 1024 neurons driven by current and by 512
/// spike_generators, generator j into neurons j and 512 + j. Chunk 0 shares
/// all parameters (a lane chunk, stepped by `update_lanes`); neuron 1023
/// has a different V_th, so chunk 1 is stepped record by record. Half-way,
/// I_e is changed on every neuron (chunk 0 is written back, then laned
/// again) and the run continues. Returns (V_m, I_syn_ex, I_syn_in of every
/// neuron and step, spike senders, spike times, V_m read after the run).
fn lane_vs_record_run(model: &str, threads: usize) -> (Vec<Vec<f64>>, Vec<i32>, Vec<f64>, Vec<f64>) {
    let mut net = Network::new(0.1, threads, 3).unwrap();
    let n = net.create(model, 1024).unwrap();
    let ids: Vec<u32> = (n..n + 1024).collect();
    for &i in &ids {
        net.set(i, &[("I_e", 300.0), ("t_ref", 1.5), ("tau_syn_ex", 1.5), ("tau_syn_in", 3.0)]).unwrap();
    }
    net.set(n + 1023, &[("V_th", -54.0)]).unwrap();
    let sg = net.create("spike_generator", 512).unwrap();
    for j in 0..512u32 {
        let times: Vec<f64> = (0..40).map(|k| ((1 + (j * 7 + k * 13) % 997) as f64 * 0.1).min(99.9) + 0.1 * k as f64).map(|t: f64| (t * 10.0).round() / 10.0).collect();
        let mut times: Vec<f64> = times.into_iter().filter(|&t| t > 0.0).collect();
        times.sort_by(|a, b| a.partial_cmp(b).unwrap());
        times.dedup();
        net.set_array(sg + j, "spike_times", times).unwrap();
    }
    let sgs: Vec<u32> = (sg..sg + 512).collect();
    let w = |x: f64| ConnSpec { rule: "one_to_one".into(), weight: vec![x], delay: vec![0.1], ..Default::default() };
    net.connect(&sgs, &ids[..512], &w(180.0)).unwrap();
    net.connect(&sgs, &ids[512..], &w(180.0)).unwrap();
    let inh = ConnSpec { rule: "all_to_all".into(), weight: vec![-0.7], delay: vec![0.3], ..Default::default() };
    net.connect(&sgs[..256], &ids[..256], &inh).unwrap();
    net.connect(&sgs[..256], &ids[512..768], &inh).unwrap();
    let mm = net.create("multimeter", 1).unwrap();
    net.set_record_from(mm, vec!["V_m".into(), "I_syn_ex".into(), "I_syn_in".into()]).unwrap();
    net.connect(&[mm], &ids, &ConnSpec::default()).unwrap();
    let sr = net.create("spike_recorder", 1).unwrap();
    net.connect(&ids, &[sr], &ConnSpec::default()).unwrap();
    net.simulate(50.0, true, &Control::default()).unwrap();
    for &i in &ids {
        net.set(i, &[("I_e", 360.0)]).unwrap();
    }
    net.simulate(50.0, false, &Control::default()).unwrap();
    let Device::Multimeter(m) = net.device(mm).unwrap() else { panic!() };
    let Device::SpikeRecorder(r) = net.device(sr).unwrap() else { panic!() };
    let v_end = ids.iter().map(|&i| net.get(i, "V_m").unwrap()).collect();
    (m.data.clone(), r.senders.clone(), r.times.clone(), v_end)
}

/// Lane chunks (structure-of-arrays state, one shared parameter record)
/// give bit-identical state, recordings, spikes and `get` values to the
/// record-by-record update, for any thread count.
#[test]
fn lane_chunks_match_record_update() {
    for model in ["iaf_psc_alpha", "iaf_psc_exp"] {
        let (data, senders, times, v_end) = lane_vs_record_run(model, 1);
        let spikes_of = |id: i32| -> Vec<f64> { senders.iter().zip(&times).filter(|(&s, _)| s == id).map(|(_, &t)| t).collect() };
        let mut active = 0;
        // Each multimeter row is time-major over the 1024 recorded neurons.
        for j in 0..511 {
            for rec in &data {
                let steps = rec.len() / 1024;
                for k in 0..steps {
                    let (a, b) = (rec[k * 1024 + j], rec[k * 1024 + 512 + j]);
                    assert_eq!(a.to_bits(), b.to_bits(), "{model} neuron {j} vs {}: step {k}: {a} vs {b}", 512 + j);
                }
            }
            let (sa, sb) = (spikes_of(1 + j as i32), spikes_of(513 + j as i32));
            assert_eq!(sa, sb, "{model} spikes of neuron {j}");
            active += sa.len();
            assert_eq!(v_end[j].to_bits(), v_end[512 + j].to_bits());
        }
        assert!(active > 500, "{model}: the neurons should fire ({active} spikes)");
        for th in [2, 3] {
            let b = lane_vs_record_run(model, th);
            assert_eq!(senders, b.1, "{model} {th} threads");
            assert_eq!(times, b.2);
            assert!(data.iter().flatten().zip(b.0.iter().flatten()).all(|(x, y)| x.to_bits() == y.to_bits()));
            assert!(v_end.iter().zip(&b.3).all(|(x, y)| x.to_bits() == y.to_bits()));
        }
    }
}
