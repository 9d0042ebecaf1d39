#!/usr/bin/env python3
"""Runs NEST 3.10 on the parity cases and writes __test__/fixtures/nest/parity.json.gz (gzip-compressed JSON).

Run by hand with the peer environment (NEST is never a dependency):

    /work/peers/venv/bin/python tools/nest_parity.py            # parity.json.gz
    /work/peers/venv/bin/python tools/nest_parity.py --models2  # models2.json.gz, devices.json.gz (milestone 2)
    /work/peers/venv/bin/python tools/nest_parity.py --models2 --only iaf_psc_delta/refractory_input
        # only the models2 cases whose names start with the prefix; the other entries are kept

Each case is a small, self-describing network spec (nodes in creation order,
connections as explicit one_to_one id lists, a multimeter and a spike
recorder). The ava spec `__test__/nest-parity.spec.ts` rebuilds every case
through somata's `nest.Simulator` and compares: identical spike times and
V_m / I_syn within 1e-6 (absolute, mV / pA) for the exact-propagator models;
Poisson-driven cases statistically (NEST's random streams are not
reproduced), from several NEST seeds.
"""
import gzip
import json
import os
import sys

import numpy as np
import nest

nest.set_verbosity('M_ERROR')
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, '..', '__test__', 'fixtures', 'nest', 'parity.json.gz')

PSC = {'iaf_psc_alpha': 'pA', 'iaf_psc_exp': 'pA', 'iaf_psc_delta': 'mV'}


def run(case, seed=None):
    """Builds and runs one case in NEST; returns times, traces and spikes."""
    nest.ResetKernel()
    kw = {'resolution': case['dt']}
    if seed is not None:
        kw['rng_seed'] = seed
    nest.set(**kw)
    for nd in case['nodes']:
        nest.Create(nd['model'], nd['n'], params=nd.get('params', {}))
    for c in case['conns']:
        syn = {'weight': np.array(c['weight'], float), 'delay': np.array(c['delay'], float)}
        if c.get('receptor_type'):
            syn['receptor_type'] = c['receptor_type']
        nest.Connect(np.array(c['pre']), np.array(c['post']), 'one_to_one', syn)
    rec = case['record']
    mm = nest.Create('multimeter', params={'interval': case['dt'], 'record_from': rec['record_from']})
    sr = nest.Create('spike_recorder')
    nest.Connect(mm, nest.NodeCollection(rec['meter']))
    nest.Connect(nest.NodeCollection(rec['spikes']), sr)
    nest.Simulate(case['T'])
    ev = mm.events
    order = np.lexsort((ev['senders'], ev['times']))  # time-major, then by sender
    targets = rec['meter']
    n = len(targets)
    col = {g: j for j, g in enumerate(targets)}
    times = np.unique(ev['times'])
    traces = {}
    for var in rec['record_from']:
        a = np.full(len(times) * n, np.nan)
        k = np.searchsorted(times, ev['times'])
        a[k * n + np.array([col[s] for s in ev['senders']])] = ev[var]
        traces[var] = [round(float(x), 9) for x in a]
    se = sr.events
    o = np.lexsort((se['senders'], se['times']))
    return {
        'times_first_last': [float(times[0]), float(times[-1]), len(times)],
        'traces': traces,
        'senders': [int(x) for x in se['senders'][o]],
        'spike_times': [float(x) for x in se['times'][o]],
    }


def single_cases():
    cases = []
    psets = {
        'defaults': {},
        'custom': {'E_L': -65.0, 'V_th': -50.0, 'V_reset': -68.0, 'C_m': 200.0, 'tau_m': 15.0, 't_ref': 3.3, 'tau_syn_ex': 0.5, 'tau_syn_in': 5.0},
        'singular': {'tau_m': 5.0, 'tau_syn_ex': 5.0, 'tau_syn_in': 5.0, 't_ref': 0.0},
    }
    for model in ['iaf_psc_alpha', 'iaf_psc_exp', 'iaf_psc_delta']:
        for pname, p in psets.items():
            p = dict(p)
            if model == 'iaf_psc_delta':
                p.pop('tau_syn_ex', None)
                p.pop('tau_syn_in', None)
                if pname == 'singular':
                    continue
            for inp in ['I_e', 'dc', 'spikes']:
                for dt in ([0.1, 0.2] if (pname == 'defaults' and inp == 'I_e') else [0.1]):
                    params = dict(p)
                    nodes = [{'model': model, 'n': 1, 'params': params}]
                    conns = []
                    if inp == 'I_e':
                        params['I_e'] = 376.0 if pname != 'custom' else 420.0
                    elif inp == 'dc':
                        nodes.append({'model': 'dc_generator', 'n': 1, 'params': {'amplitude': 450.0, 'start': 20.0, 'stop': 180.0}})
                        conns.append({'pre': [2], 'post': [1], 'weight': [1.0], 'delay': [1.7]})
                    else:
                        # Two regularly firing drivers: excitatory and inhibitory input.
                        nodes.append({'model': 'iaf_psc_alpha', 'n': 2, 'params': {'I_e': [800.0, 1200.0]}})
                        w = [2.5, -1.5] if model == 'iaf_psc_delta' else [300.0, -200.0]
                        conns.append({'pre': [2, 3], 'post': [1, 1], 'weight': w, 'delay': [1.0, 2.3]})
                        params['I_e'] = 250.0
                    rf = ['V_m'] if model == 'iaf_psc_delta' else ['V_m', 'I_syn_ex', 'I_syn_in']
                    cases.append({
                        'name': f'{model}/{pname}/{inp}/dt{dt}', 'kind': 'exact', 'dt': dt, 'T': 300.0,
                        'nodes': nodes, 'conns': conns,
                        'record': {'meter': [1], 'record_from': rf, 'spikes': [1]},
                    })
    # iaf_psc_exp current receptor 1 (filtered by tau_syn_ex).
    cases.append({
        'name': 'iaf_psc_exp/receptor1/dc', 'kind': 'exact', 'dt': 0.1, 'T': 200.0,
        'nodes': [{'model': 'iaf_psc_exp', 'n': 1, 'params': {}}, {'model': 'dc_generator', 'n': 1, 'params': {'amplitude': 600.0, 'start': 10.0, 'stop': 120.0}}],
        'conns': [{'pre': [2], 'post': [1], 'weight': [1.0], 'delay': [0.5], 'receptor_type': 1}],
        'record': {'meter': [1], 'record_from': ['V_m', 'I_syn_ex'], 'spikes': [1]},
    })
    return cases


def spike_generator_cases():
    """spike_generator input with signed weights, spike_weights and multiplicities, two delays."""
    rng = np.random.default_rng(7)
    cases = []
    for model in ['iaf_psc_alpha', 'iaf_psc_exp', 'iaf_psc_delta']:
        for dt in [0.1, 0.5]:
            steps = np.sort(rng.choice(np.arange(10, int(290 / dt)), 40, replace=False))
            times = [round(float(k * dt), 6) for k in steps]
            sw = [round(float(x), 3) for x in rng.uniform(0.5, 1.5, 40)]
            mult = [int(x) for x in rng.integers(1, 4, 40)]
            scale = 1.0 if model == 'iaf_psc_delta' else 120.0
            nodes = [
                {'model': model, 'n': 1, 'params': {'I_e': 200.0}},
                {'model': 'spike_generator', 'n': 1, 'params': {'spike_times': times[::2], 'spike_weights': sw[::2], 'spike_multiplicities': mult[::2]}},
                {'model': 'spike_generator', 'n': 1, 'params': {'spike_times': times[1::2], 'start': 50.0, 'stop': 250.0}},
            ]
            conns = [{'pre': [2, 3], 'post': [1, 1], 'weight': [3.0 * scale, -2.0 * scale], 'delay': [dt, 2.0]}]
            rf = ['V_m'] if model == 'iaf_psc_delta' else ['V_m', 'I_syn_ex', 'I_syn_in']
            cases.append({'name': f'{model}/spike_generator/dt{dt}', 'kind': 'exact', 'dt': dt, 'T': 300.0, 'nodes': nodes, 'conns': conns,
                          'record': {'meter': [1], 'record_from': rf, 'spikes': [1]}})
    return cases


def network_case():
    """60 neurons (20 per model) with spread I_e and random explicit edges: exact delivery and min-delay slicing."""
    rng = np.random.default_rng(12345)
    nodes = []
    for model in ['iaf_psc_alpha', 'iaf_psc_exp', 'iaf_psc_delta']:
        nodes.append({'model': model, 'n': 20, 'params': {'I_e': [round(float(x), 3) for x in rng.uniform(300, 480, 20)]}})
    pre, post, w, d = [], [], [], []
    for _ in range(600):
        a, b = int(rng.integers(1, 61)), int(rng.integers(1, 61))
        model_b = nodes[(b - 1) // 20]['model']
        scale = 0.5 if model_b == 'iaf_psc_delta' else 60.0
        pre.append(a)
        post.append(b)
        w.append(round(float(rng.normal(0.3, 1.0) * scale), 4))
        d.append(round(float(rng.choice([0.3, 0.5, 1.0, 1.5, 2.0, 3.2])), 1))
    return {
        'name': 'network/60-mixed', 'kind': 'exact', 'dt': 0.1, 'T': 200.0,
        'nodes': nodes, 'conns': [{'pre': pre, 'post': post, 'weight': w, 'delay': d}],
        'record': {'meter': [1, 5, 21, 25, 41, 45], 'record_from': ['V_m'], 'spikes': list(range(1, 61))},
    }


def poisson_cases():
    """Statistical cases: rates from several NEST seeds."""
    cases = []
    # Seed 003's noise example: 2-channel generator, signed weights.
    cases.append({
        'name': 'poisson/seed003', 'kind': 'stat', 'dt': 0.1, 'T': 1000.0,
        'nodes': [{'model': 'iaf_psc_alpha', 'n': 1, 'params': {}}, {'model': 'poisson_generator', 'n': 2, 'params': {'rate': [80000.0, 15000.0]}}],
        'conns': [{'pre': [2, 3], 'post': [1, 1], 'weight': [1.2, -1.0], 'delay': [1.0, 1.0]}],
        'record': {'meter': [1], 'record_from': ['V_m'], 'spikes': [1]},
    })
    # iaf_psc_exp escape noise (stochastic threshold).
    cases.append({
        'name': 'escape_noise/iaf_psc_exp', 'kind': 'stat', 'dt': 0.1, 'T': 1000.0,
        'nodes': [{'model': 'iaf_psc_exp', 'n': 20, 'params': {'I_e': 350.0, 'delta': 3.0, 'rho': 100.0}}],
        'conns': [],
        'record': {'meter': [1], 'record_from': ['V_m'], 'spikes': list(range(1, 21))},
    })
    for model, w in [('iaf_psc_alpha', 40.0), ('iaf_psc_exp', 60.0), ('iaf_psc_delta', 0.6)]:
        cases.append({
            'name': f'poisson/{model}', 'kind': 'stat', 'dt': 0.1, 'T': 1000.0,
            'nodes': [{'model': model, 'n': 20, 'params': {}}, {'model': 'poisson_generator', 'n': 1, 'params': {'rate': 20000.0, 'start': 100.0, 'stop': 900.0}}],
            'conns': [{'pre': [21] * 20, 'post': list(range(1, 21)), 'weight': [w] * 20, 'delay': [1.0] * 20}],
            'record': {'meter': [1], 'record_from': ['V_m'], 'spikes': list(range(1, 21))},
        })
    return cases


def models2_cases():
    """Milestone-2 models, exact: iaf_psc_exp_htum, ignore_and_fire, parrot_neuron, iaf_psc_{exp,alpha}_multisynapse."""
    cases = []
    rf = ['V_m', 'I_syn_ex', 'I_syn_in']
    psets = {
        'defaults': {},
        'abs1_tot4': {'t_ref_abs': 1.0, 't_ref_tot': 4.0},
        'custom': {'E_L': -65.0, 'V_th': -50.0, 'V_reset': -68.0, 'C_m': 200.0, 'tau_m': 15.0, 't_ref_abs': 0.5, 't_ref_tot': 3.3, 'tau_syn_ex': 0.5, 'tau_syn_in': 5.0},
        'singular': {'tau_m': 5.0, 'tau_syn_ex': 5.0, 'tau_syn_in': 5.0, 't_ref_abs': 0.3, 't_ref_tot': 6.0},
    }
    for pname, p in psets.items():
        for inp in ['I_e', 'dc', 'spikes']:
            for dt in ([0.1, 0.2] if inp == 'I_e' else [0.1]):
                params = dict(p)
                nodes = [{'model': 'iaf_psc_exp_htum', 'n': 1, 'params': params}]
                conns = []
                if inp == 'I_e':
                    params['I_e'] = 900.0
                elif inp == 'dc':
                    nodes.append({'model': 'dc_generator', 'n': 1, 'params': {'amplitude': 900.0, 'start': 20.0, 'stop': 180.0}})
                    conns.append({'pre': [2], 'post': [1], 'weight': [1.0], 'delay': [1.7]})
                else:
                    nodes.append({'model': 'iaf_psc_alpha', 'n': 2, 'params': {'I_e': [800.0, 1200.0]}})
                    conns.append({'pre': [2, 3, 3], 'post': [1, 1, 1], 'weight': [900.0, -300.0, 0.0], 'delay': [1.0, 2.3, 0.4]})
                    params['I_e'] = 360.0
                cases.append({'name': f'iaf_psc_exp_htum/{pname}/{inp}/dt{dt}', 'kind': 'exact', 'dt': dt, 'T': 300.0, 'nodes': nodes, 'conns': conns,
                              'record': {'meter': [1], 'record_from': rf, 'spikes': [1]}})
    # ignore_and_fire: rates and phases, input ignored; a target neuron listens.
    for dt in [0.1, 0.3]:
        cases.append({
            'name': f'ignore_and_fire/dt{dt}', 'kind': 'exact', 'dt': dt, 'T': 600.0,
            'nodes': [{'model': 'ignore_and_fire', 'n': 4, 'params': {'rate': [10.0, 37.0, 100.0, 3.3], 'phase': [1.0, 0.3, 0.55, 0.01]}},
                      {'model': 'iaf_psc_alpha', 'n': 1, 'params': {'I_e': 200.0}},
                      {'model': 'dc_generator', 'n': 1, 'params': {'amplitude': 1e5}}],
            'conns': [{'pre': [1, 2, 3, 4, 5, 6, 5], 'post': [5, 5, 5, 5, 1, 2, 3], 'weight': [400.0, 500.0, 300.0, 900.0, 1e6, 1.0, -1e6], 'delay': [1.0, 0.6, 2.1, dt, 1.0, 1.0, 1.5]}],
            'record': {'meter': [5], 'record_from': ['V_m'], 'spikes': [1, 2, 3, 4, 5]},
        })
    # parrot_neuron: spike_generator multiplicities, a driver neuron with a negative
    # weight (ignored), receptor 1 (ignored); parrots drive a target neuron.
    for dt in [0.1, 0.5]:
        rng = np.random.default_rng(int(dt * 10))
        steps = np.sort(rng.choice(np.arange(5, int(290 / dt)), 30, replace=False))
        times = [round(float(k * dt), 6) for k in steps]
        mult = [int(x) for x in rng.integers(1, 4, 30)]
        cases.append({
            'name': f'parrot_neuron/dt{dt}', 'kind': 'exact', 'dt': dt, 'T': 300.0,
            'nodes': [{'model': 'parrot_neuron', 'n': 2, 'params': {}},
                      {'model': 'spike_generator', 'n': 1, 'params': {'spike_times': times, 'spike_multiplicities': mult}},
                      {'model': 'iaf_psc_alpha', 'n': 1, 'params': {'I_e': 1000.0}},
                      {'model': 'iaf_psc_exp', 'n': 1, 'params': {'I_e': 100.0}}],
            'conns': [{'pre': [3, 3, 4, 4, 1, 2], 'post': [1, 2, 1, 2, 5, 5], 'weight': [2.5, 1.0, -7.0, 3.0, 150.0, -90.0], 'delay': [dt, 1.0, 1.0, 1.2, 0.7, 1.0]},
                      {'pre': [4], 'post': [2], 'weight': [1.0], 'delay': [1.0], 'receptor_type': 1}],
            'record': {'meter': [5], 'record_from': ['V_m', 'I_syn_ex', 'I_syn_in'], 'spikes': [1, 2, 4]},
        })
    # Multisynapse models: three ports with mixed-sign drivers, a current on receptor 0.
    for model in ['iaf_psc_exp_multisynapse', 'iaf_psc_alpha_multisynapse']:
        for pname, p in [('ports3', {'tau_syn': [0.5, 2.0, 8.0]}), ('custom', {'tau_syn': [1.5, 4.0, 10.0 if model.startswith('iaf_psc_alpha') else 9.0], 'E_L': -65.0, 'V_th': -52.0, 'V_reset': -75.0, 'C_m': 180.0, 't_ref': 1.3})]:
            for dt in [0.1, 0.2]:
                params = dict(p, I_e=180.0)
                nodes = [{'model': model, 'n': 1, 'params': params},
                         {'model': 'iaf_psc_alpha', 'n': 3, 'params': {'I_e': [700.0, 900.0, 1300.0]}},
                         {'model': 'dc_generator', 'n': 1, 'params': {'amplitude': 150.0, 'start': 50.0, 'stop': 220.0}}]
                conns = [{'pre': [2], 'post': [1], 'weight': [400.0], 'delay': [1.0], 'receptor_type': 1},
                         {'pre': [3], 'post': [1], 'weight': [-250.0], 'delay': [2.2], 'receptor_type': 2},
                         {'pre': [4, 2], 'post': [1, 1], 'weight': [180.0, 60.0], 'delay': [0.6, 3.0], 'receptor_type': 3},
                         {'pre': [5], 'post': [1], 'weight': [1.0], 'delay': [1.0]}]
                cases.append({'name': f'{model}/{pname}/dt{dt}', 'kind': 'exact', 'dt': dt, 'T': 300.0, 'nodes': nodes, 'conns': conns,
                              'record': {'meter': [1], 'record_from': ['V_m', 'I_syn', 'I_syn_1', 'I_syn_2', 'I_syn_3'], 'spikes': [1]}})
    return cases + refractory_input_cases()


def refractory_input_cases():
    """iaf_psc_delta's refractory_input: spikes arriving while refractory are discounted by exp(-r*h/tau_m)
    and added when refractoriness ends (True), or dropped (False, neuron 2). Neuron 3 has V_min, so the
    buffered input is added before the lower bound; mixed-sign drivers and a spike_generator whose spikes
    fall into the refractory periods."""
    cases = []
    for dt in [0.1, 0.2]:
        base = {'t_ref': 4.0, 'I_e': 480.0, 'tau_m': 12.0}
        cases.append({
            'name': f'iaf_psc_delta/refractory_input/dt{dt}', 'kind': 'exact', 'dt': dt, 'T': 300.0,
            'nodes': [{'model': 'iaf_psc_delta', 'n': 1, 'params': dict(base, refractory_input=True)},
                      {'model': 'iaf_psc_delta', 'n': 1, 'params': dict(base, refractory_input=False)},
                      {'model': 'iaf_psc_delta', 'n': 1, 'params': dict(base, refractory_input=True, V_min=-72.0, V_reset=-71.0, t_ref=6.0)},
                      {'model': 'iaf_psc_alpha', 'n': 2, 'params': {'I_e': [900.0, 1300.0]}},
                      {'model': 'spike_generator', 'n': 1, 'params': {'spike_times': [round(k * 7.4, 6) for k in range(1, 40)]}}],
            'conns': [{'pre': [4, 4, 4, 5, 5, 5, 6, 6, 6], 'post': [1, 2, 3, 1, 2, 3, 1, 2, 3],
                       'weight': [3.5, 3.5, 3.5, -2.25, -2.25, -6.0, 1.75, 1.75, -1.5], 'delay': [1.0, 1.0, 1.0, 2.2, 2.2, 2.2, 1.0, 1.0, 1.0]}],
            'record': {'meter': [1, 2, 3], 'record_from': ['V_m'], 'spikes': [1, 2, 3]},
        })
    return cases


def device_cases():
    """Milestone-2 devices, exact: step_current_generator, ac_generator (windows, origin, delays, receptors); noise_generator: see device_stat_cases."""
    cases = []
    for dt in [0.1, 0.2]:
        for model, rf in [('iaf_psc_alpha', ['V_m', 'I_syn_ex']), ('iaf_psc_exp', ['V_m', 'I_syn_ex'])]:
            nodes = [{'model': model, 'n': 2, 'params': {}},
                     {'model': 'step_current_generator', 'n': 1, 'params': {'amplitude_times': [10.0, 40.0, 40.2, 90.0, 150.0, 230.0], 'amplitude_values': [300.0, 500.0, -100.0, 420.0, 0.0, 600.0], 'start': 5.0, 'stop': 260.0}},
                     {'model': 'step_current_generator', 'n': 1, 'params': {'amplitude_times': [20.0, 120.0], 'amplitude_values': [200.0, 380.0], 'origin': 15.0, 'start': 10.0, 'stop': 200.0}}]
            conns = [{'pre': [3, 4], 'post': [1, 2], 'weight': [1.0, 1.3], 'delay': [1.0, 2.0]}]
            if model == 'iaf_psc_exp':
                conns.append({'pre': [4], 'post': [1], 'weight': [0.5], 'delay': [dt], 'receptor_type': 1})
            cases.append({'name': f'step_current_generator/{model}/dt{dt}', 'kind': 'exact', 'dt': dt, 'T': 300.0, 'nodes': nodes, 'conns': conns,
                          'record': {'meter': [1, 2], 'record_from': rf, 'spikes': [1, 2]}})
        nodes = [{'model': 'iaf_psc_alpha', 'n': 3, 'params': {}},
                 {'model': 'ac_generator', 'n': 1, 'params': {'amplitude': 250.0, 'offset': 300.0, 'phase': 30.0, 'frequency': 12.5}},
                 {'model': 'ac_generator', 'n': 1, 'params': {'amplitude': 400.0, 'offset': 100.0, 'phase': 275.0, 'frequency': 40.0, 'start': 20.0, 'stop': 250.0, 'origin': 5.0}}]
        conns = [{'pre': [4, 5, 4, 5], 'post': [1, 2, 3, 3], 'weight': [1.0, 1.0, 0.7, 0.5], 'delay': [1.0, 0.5, 2.0, 1.5]}]
        cases.append({'name': f'ac_generator/dt{dt}', 'kind': 'exact', 'dt': dt, 'T': 300.0, 'nodes': nodes, 'conns': conns,
                      'record': {'meter': [1, 2, 3], 'record_from': ['V_m'], 'spikes': [1, 2, 3]}})
    return cases


def device_stat_cases():
    """Random devices, statistical over seeds: noise_generator (plain and std-modulated), sinusoidal_poisson_generator (two settings, individual trains), inhomogeneous_poisson_generator, mip_generator."""
    cases = []
    for name, params in [('noise_generator/dt1', {'mean': 320.0, 'std': 250.0, 'dt': 1.0, 'start': 50.0, 'stop': 950.0}),
                         ('noise_generator/mod', {'mean': 300.0, 'std': 300.0, 'std_mod': 200.0, 'frequency': 7.0, 'phase': 40.0, 'dt': 0.2})]:
        cases.append({
            'name': name, 'kind': 'stat', 'dt': 0.1, 'T': 1000.0,
            'nodes': [{'model': 'iaf_psc_alpha', 'n': 20, 'params': {}}, {'model': 'noise_generator', 'n': 1, 'params': params}],
            'conns': [{'pre': [21] * 20, 'post': list(range(1, 21)), 'weight': [1.0] * 20, 'delay': [1.0] * 20}],
            'record': {'meter': list(range(1, 21)), 'record_from': ['V_m'], 'spikes': list(range(1, 21))},
        })
    for name, params in [('sinusoidal_poisson_generator/individual', {'rate': 16000.0, 'amplitude': 12000.0, 'frequency': 8.0, 'phase': 60.0, 'start': 100.0, 'stop': 900.0}),
                         ('sinusoidal_poisson_generator/fast', {'rate': 30000.0, 'amplitude': 20000.0, 'frequency': 15.0, 'phase': 200.0})]:
        cases.append({
            'name': name, 'kind': 'stat', 'dt': 0.1, 'T': 1000.0,
            'nodes': [{'model': 'iaf_psc_alpha', 'n': 20, 'params': {}}, {'model': 'sinusoidal_poisson_generator', 'n': 1, 'params': params}],
            'conns': [{'pre': [21] * 20, 'post': list(range(1, 21)), 'weight': [40.0] * 20, 'delay': [1.0] * 20}],
            'record': {'meter': list(range(1, 21)), 'record_from': ['V_m'], 'spikes': list(range(1, 21))},
        })
    cases.append({
        'name': 'inhomogeneous_poisson_generator', 'kind': 'stat', 'dt': 0.1, 'T': 1000.0,
        'nodes': [{'model': 'iaf_psc_alpha', 'n': 20, 'params': {}},
                  {'model': 'inhomogeneous_poisson_generator', 'n': 1, 'params': {'rate_times': [100.0, 300.0, 500.0, 700.0], 'rate_values': [8000.0, 20000.0, 0.0, 14000.0], 'stop': 900.0}}],
        'conns': [{'pre': [21] * 20, 'post': list(range(1, 21)), 'weight': [40.0] * 20, 'delay': [1.0] * 20}],
        'record': {'meter': list(range(1, 21)), 'record_from': ['V_m'], 'spikes': list(range(1, 21))},
    })
    cases.append({
        'name': 'mip_generator', 'kind': 'stat', 'dt': 0.1, 'T': 1000.0,
        'nodes': [{'model': 'iaf_psc_alpha', 'n': 20, 'params': {}},
                  {'model': 'mip_generator', 'n': 1, 'params': {'rate': 15000.0, 'p_copy': 0.3, 'start': 50.0}}],
        'conns': [{'pre': [21] * 20, 'post': list(range(1, 21)), 'weight': [60.0] * 20, 'delay': [1.0] * 20}],
        'record': {'meter': list(range(1, 21)), 'record_from': ['V_m'], 'spikes': list(range(1, 21))},
    })
    return cases


def main2(only=None):
    """Writes the milestone-2 fixtures (models2.json.gz, devices.json.gz). With `only`, runs just the
    models2 cases whose names start with it and keeps the other entries of models2.json.gz as they are."""
    out = {'nest': nest.__version__, 'generator': 'tools/nest_parity.py --models2', 'cases': []}
    path = os.path.join(HERE, '..', '__test__', 'fixtures', 'nest', 'models2.json.gz')
    kept = {}
    if only is not None:
        with gzip.open(path, 'rt') as f:
            kept = {c['name']: c for c in json.load(f)['cases']}
    for c in models2_cases():
        if only is not None and not c['name'].startswith(only):
            if c['name'] in kept:
                out['cases'].append(kept[c['name']])
            continue
        c['expect'] = run(c)
        out['cases'].append(c)
    with gzip.open(path, 'wt', compresslevel=9) as f:
        json.dump(out, f, separators=(',', ':'))
    print(f'wrote {path}: {len(out["cases"])} cases, {os.path.getsize(path) / 1e6:.2f} MB', file=sys.stderr)
    if only is not None:
        return
    out = {'nest': nest.__version__, 'generator': 'tools/nest_parity.py --models2', 'cases': []}
    for c in device_cases():
        c['expect'] = run(c)
        out['cases'].append(c)
    for c in device_stat_cases():
        stats = []
        for seed in [1, 2, 3, 4, 5, 6]:
            r = run(c, seed)
            v = np.array(r['traces']['V_m'])
            n_obs = len(c['record']['spikes'])
            stats.append({'seed': seed, 'rate': len(r['senders']) / n_obs / (c['T'] / 1000.0), 'v_mean': float(v.mean()), 'v_std': float(v.std())})
        c['expect'] = {'seeds': stats}
        out['cases'].append(c)
    path = os.path.join(HERE, '..', '__test__', 'fixtures', 'nest', 'devices.json.gz')
    with gzip.open(path, 'wt', compresslevel=9) as f:
        json.dump(out, f, separators=(',', ':'))
    print(f'wrote {path}: {len(out["cases"])} cases, {os.path.getsize(path) / 1e6:.2f} MB', file=sys.stderr)


def main():
    out = {'nest': nest.__version__, 'generator': 'tools/nest_parity.py', 'cases': []}
    for c in single_cases() + spike_generator_cases() + [network_case()]:
        c['expect'] = run(c)
        out['cases'].append(c)
    for c in poisson_cases():
        stats = []
        for seed in [1, 2, 3, 4, 5, 6]:
            r = run(c, seed)
            v = np.array(r['traces']['V_m'])
            n_obs = len(c['record']['spikes'])
            stats.append({'seed': seed, 'rate': len(r['senders']) / n_obs / (c['T'] / 1000.0), 'v_mean': float(v.mean()), 'v_std': float(v.std())})
        c['expect'] = {'seeds': stats}
        out['cases'].append(c)
    with gzip.open(OUT, 'wt', compresslevel=9) as f:
        json.dump(out, f, separators=(',', ':'))
    print(f'wrote {OUT}: {len(out["cases"])} cases, {os.path.getsize(OUT) / 1e6:.2f} MB', file=sys.stderr)


if __name__ == '__main__':
    if '--models2' in sys.argv:
        main2(sys.argv[sys.argv.index('--only') + 1] if '--only' in sys.argv else None)
    else:
        main()
