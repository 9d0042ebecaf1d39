#!/usr/bin/env python3
"""A large iaf_psc_alpha population driven by current only (I_e = 376 pA, no connections, no recording):
the per-neuron update cost. ns per neuron-step = sim_s / (n * steps).

    $NEST_PYTHON benches/peers/nest_current.py --threads 1 [--scale 1] [--T 100]
"""
import nest
from nest_common import Clock, args, emit, kernel

a = args({'T': 100.0})
kernel(a)
n = int(round(1_000_000 * a.scale))
clock = Clock()
pop = nest.Create('iaf_psc_alpha', n, params={'I_e': 376.0})
build = clock.lap()
nest.Simulate(a.T)
sim = clock.lap()
steps = round(a.T / 0.1)
emit(model='current', threads=a.threads, n=n, build_s=build, sim_s=sim, ns_per_neuron_step=sim * 1e9 / (n * steps))
