#!/usr/bin/env python3
"""Runs NEST 3.10 on an on-grid spike_generator with spike_weights and
spike_multiplicities and writes __test__/fixtures/nest/spike_weights.json.

Run by hand with the peer environment (NEST is never a dependency):

    /work/peers/venv/bin/python tools/nest_spike_weights.py

NEST sets an event's weight to spike_weight × connection weight and the
target adds weight × multiplicity; a parrot_neuron repeats the multiplicity
and ignores the weight. Two generators (one create, per-node lists) drive an
iaf_psc_alpha, an iaf_psc_delta and a parrot_neuron each; the ava spec
`__test__/nest-devices2.spec.ts` compares V_m sample by sample (bit for bit)
and the parrots' spikes.
"""
import json
import os

import nest

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, '..', '__test__', 'fixtures', 'nest', 'spike_weights.json')
TIMES = [[2.0, 5.5, 9.1, 14.0], [3.3, 7.7, 12.0]]
WEIGHTS = [[0.3, 1.7, -2.9, 0.1], [1.1, -0.7, 3.3]]
MULTS = [[3, 1, 2, 7], [2, 5, 1]]


def main():
    nest.set_verbosity('M_ERROR')
    nest.ResetKernel()
    nest.resolution = 0.1
    sg = nest.Create('spike_generator', 2)
    sg.set([{'spike_times': t, 'spike_weights': w, 'spike_multiplicities': m} for t, w, m in zip(TIMES, WEIGHTS, MULTS)])
    a = nest.Create('iaf_psc_alpha', 2, {'V_th': 1e6})
    d = nest.Create('iaf_psc_delta', 2, {'V_th': 1e6})
    p = nest.Create('parrot_neuron', 2)
    nest.Connect(sg, a, 'one_to_one', {'weight': 123.456789, 'delay': 1.0})
    nest.Connect(sg, d, 'one_to_one', {'weight': 0.987654321, 'delay': 1.0})
    nest.Connect(sg, p, 'one_to_one', {'weight': 5.0, 'delay': 1.0})
    mm = nest.Create('multimeter', {'record_from': ['V_m'], 'interval': 0.1})
    nest.Connect(mm, a + d)
    sr = nest.Create('spike_recorder')
    nest.Connect(p, sr)
    nest.Simulate(20.0)
    ev = mm.events
    out = {'nest': nest.__version__, 'T': 20.0, 'times': TIMES, 'weights': WEIGHTS, 'multiplicities': MULTS,
           'meter': {'senders': [int(x) for x in ev['senders']], 'times': [float(x) for x in ev['times']], 'V_m': [float(x) for x in ev['V_m']]},
           'parrots': {'senders': [int(x) for x in sr.events['senders']], 'times': [float(x) for x in sr.events['times']]}}
    with open(OUT, 'w') as f:
        json.dump(out, f, separators=(',', ':'))
        f.write('\n')
    print(f'wrote {OUT}')


if __name__ == '__main__':
    main()
