#!/usr/bin/env python3
"""Brette et al. 2007 benchmark 2 (CUBA) as NEST 3.10 builds it (examples brette_et_al_2007/cuba.py, perf.md 1a):
3200 + 800 iaf_psc_exp (E_L = V_m = -49 mV, V_th -50, V_reset -60, C_m 200 pF, tau_m 20, tau_syn 5/10 ms,
t_ref 5 ms), fixed_indegree CE = 64 / CI = 16, weights 16.2 / -139.5 pA, delay 0.1 ms, dt 0.1 ms; a 300 Hz
poisson_generator drives the first 50 E neurons during 1-51 ms; spikes of 500 E neurons recorded.

    $NEST_PYTHON benches/peers/nest_cuba.py --threads 1 [--scale 1] [--T 1000]
"""
import nest
from nest_common import Clock, args, emit, kernel

a = args({'T': 1000.0})
kernel(a)
NE, NI = int(round(3200 * a.scale)), int(round(800 * a.scale))
CE, CI = min(64, NE), min(16, NI)
params = {'E_L': -49.0, 'V_m': -49.0, 'V_th': -50.0, 'V_reset': -60.0, 'C_m': 200.0, 'tau_m': 20.0, 'tau_syn_ex': 5.0, 'tau_syn_in': 10.0, 't_ref': 5.0}
clock = Clock()
ex = nest.Create('iaf_psc_exp', NE, params=params)
inh = nest.Create('iaf_psc_exp', NI, params=params)
stim = nest.Create('poisson_generator', params={'rate': 300.0, 'start': 1.0, 'stop': 51.0, 'origin': 0.0})
sr = nest.Create('spike_recorder')
nest.CopyModel('static_synapse', 'syn_ex', {'weight': 16.2, 'delay': 0.1})
nest.CopyModel('static_synapse', 'syn_in', {'weight': -139.5, 'delay': 0.1})
nest.Connect(ex, ex, {'rule': 'fixed_indegree', 'indegree': CE}, 'syn_ex')
nest.Connect(inh, ex, {'rule': 'fixed_indegree', 'indegree': CI}, 'syn_in')
nest.Connect(ex, inh, {'rule': 'fixed_indegree', 'indegree': CE}, 'syn_ex')
nest.Connect(inh, inh, {'rule': 'fixed_indegree', 'indegree': CI}, 'syn_in')
nest.Connect(stim, ex[:50], 'all_to_all', 'syn_ex')
nrec = min(500, NE)
nest.Connect(ex[:nrec], sr)
build = clock.lap()
nest.Simulate(a.T)
sim = clock.lap()
emit(model='cuba', threads=a.threads, n=NE + NI, build_s=build, sim_s=sim, rate_hz=sr.n_events / nrec / (a.T / 1000.0), synapses=nest.num_connections)
