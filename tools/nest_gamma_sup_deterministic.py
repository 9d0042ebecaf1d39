#!/usr/bin/env python3
"""Runs NEST 3.10's gamma_sup_generator where its transition probability
p = rate·gamma_shape·dt/1000 is 1 or more, and writes
__test__/fixtures/nest/gamma_sup_deterministic.json.

Run by hand with the peer environment (NEST is never a dependency):

    /work/peers/venv/bin/python tools/nest_gamma_sup_deterministic.py

NEST does not check p; its binomial draw with p >= 1 moves every component
every step, so these trains are deterministic and somata must reproduce them
spike for spike (`__test__/nest-devices2.spec.ts`). Each case: one generator
into two parrot_neurons (one process set per connection), 30 ms, dt 0.1 ms,
and NEST's parameter errors (with the node ID).
"""
import json
import os

import nest

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, '..', '__test__', 'fixtures', 'nest', 'gamma_sup_deterministic.json')
CASES = [
    {'name': 'p20_k10', 'params': {'rate': 20000.0, 'gamma_shape': 10}},
    {'name': 'p1_k1', 'params': {'rate': 10000.0, 'gamma_shape': 1}},
    {'name': 'p1.5_k1', 'params': {'rate': 15000.0, 'gamma_shape': 1, 'n_proc': 4}},
    {'name': 'p1.2_k2_n3', 'params': {'rate': 6000.0, 'gamma_shape': 2, 'n_proc': 3}},
    {'name': 'p2.5_k5_n7_window', 'params': {'rate': 5000.0, 'gamma_shape': 5, 'n_proc': 7, 'start': 5.0, 'stop': 22.0}},
]


def main():
    nest.set_verbosity('M_ERROR')
    out = {'nest': nest.__version__, 'dt': 0.1, 'T': 30.0, 'cases': [], 'errors': {}}
    for c in CASES:
        nest.ResetKernel()
        nest.resolution = 0.1
        g = nest.Create('gamma_sup_generator', params=c['params'])
        p = nest.Create('parrot_neuron', 2)
        sr = nest.Create('spike_recorder')
        nest.Connect(g, p)
        nest.Connect(p, sr)
        nest.Simulate(30.0)
        ev = sr.events
        out['cases'].append({'name': c['name'], 'params': c['params'], 'senders': [int(x) for x in ev['senders']], 'times': [float(x) for x in ev['times']]})
    nest.ResetKernel()
    for name, bad in [('gamma_shape', {'gamma_shape': 0}), ('rate', {'rate': -1.0}), ('n_proc', {'n_proc': 0})]:
        try:
            nest.Create('gamma_sup_generator', params=bad)
        except Exception as e:  # noqa: BLE001
            out['errors'][name] = str(e)
    with open(OUT, 'w') as f:
        json.dump(out, f, separators=(',', ':'))
        f.write('\n')
    print(f'wrote {OUT}')


if __name__ == '__main__':
    main()
