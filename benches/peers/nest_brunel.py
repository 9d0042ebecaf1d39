#!/usr/bin/env python3
"""NEST's brunel_alpha_nest network (perf.md 1b): 12,500 iaf_psc_alpha, fixed_indegree CE = 1000, CI = 250,
J_ex = 20.680 pA, g = 5, delay 1.5 ms, one poisson_generator at 17,789 Hz to every neuron, dt 0.1 ms.
Spikes recorded from the first 50 excitatory neurons (rate as in the NEST example).

    $NEST_PYTHON benches/peers/nest_brunel.py --threads 1 [--scale 1] [--T 1000]

Prints one JSON line: build_s (Create + Connect), sim_s (Simulate, which includes NEST's connection
preparation), rate_hz, synapses.
"""
import math

import nest
from nest_common import Clock, args, emit, kernel, psp_norm

a = args({'T': 1000.0})
kernel(a)
order = int(round(2500 * a.scale))
NE, NI = 4 * order, order
CE, CI = int(0.1 * NE), int(0.1 * NI)
if a.scale != 1.0:  # small development runs keep the in-degree of the full model where possible
    CE, CI = min(1000, NE), min(250, NI)
tau_syn, tau_m, c_m, theta, g, eta, J, delay = 0.5, 20.0, 250.0, 20.0, 5.0, 2.0, 0.1, 1.5
J_ex = J / psp_norm(tau_m, c_m, tau_syn)
J_in = -g * J_ex
nu_th = theta * c_m / (J_ex * 1000 * math.exp(1) * tau_m * tau_syn)  # CE = 1000 of the full model
p_rate = 1000.0 * eta * nu_th * 1000
params = {'C_m': c_m, 'tau_m': tau_m, 'tau_syn_ex': tau_syn, 'tau_syn_in': tau_syn, 't_ref': 2.0, 'E_L': 0.0, 'V_reset': 0.0, 'V_m': 0.0, 'V_th': theta}

clock = Clock()
ex = nest.Create('iaf_psc_alpha', NE, params=params)
inh = nest.Create('iaf_psc_alpha', NI, params=params)
noise = nest.Create('poisson_generator', params={'rate': p_rate})
sr = nest.Create('spike_recorder')
nest.CopyModel('static_synapse', 'excitatory', {'weight': J_ex, 'delay': delay})
nest.CopyModel('static_synapse', 'inhibitory', {'weight': J_in, 'delay': delay})
nest.Connect(noise, ex, syn_spec='excitatory')
nest.Connect(noise, inh, syn_spec='excitatory')
nest.Connect(ex[:50], sr)
nest.Connect(ex, ex + inh, {'rule': 'fixed_indegree', 'indegree': CE}, 'excitatory')
nest.Connect(inh, ex + inh, {'rule': 'fixed_indegree', 'indegree': CI}, 'inhibitory')
build = clock.lap()
nest.Simulate(a.T)
sim = clock.lap()
emit(model='brunel_alpha', threads=a.threads, n=NE + NI, build_s=build, sim_s=sim, rate_hz=sr.n_events / 50 / (a.T / 1000.0),
     synapses=nest.num_connections, J_ex=J_ex, p_rate=p_rate)
