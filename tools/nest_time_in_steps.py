#!/usr/bin/env python3
"""Runs NEST 3.10 on the `time_in_steps` cases and writes __test__/fixtures/nest/time_in_steps.json.

Run by hand with the peer environment (NEST is never a dependency):

    /work/peers/venv/bin/python tools/nest_time_in_steps.py

NEST's memory backend with a recorder's `time_in_steps: True` stores each
event's stamp in steps (`times`, integers) and its offset in ms (`offsets`);
with the default False, the time in ms. The network: two iaf_psc_alpha with
I_e (on-grid spikes), a precise spike_generator into a parrot_neuron_ps
(off-grid spikes), spike recorders with and without time_in_steps, and a
multimeter (interval 0.5 ms, start/origin set) and a voltmeter with it.
The ava spec `__test__/nest-time-in-steps.spec.ts` builds the same network
in somata and compares event by event. Also recorded: NEST's errors when
time_in_steps is given after the first Simulate and for a non-boolean.
"""
import json
import os

import nest

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, '..', '__test__', 'fixtures', 'nest', 'time_in_steps.json')


def events(d):
    ev = d.get('events')
    return {k: [int(x) if k in ('senders',) or (k == 'times' and d.get('time_in_steps')) else float(x) for x in v] for k, v in ev.items()}


def main():
    nest.set_verbosity('M_ERROR')
    nest.ResetKernel()
    nest.resolution = 0.1
    n = nest.Create('iaf_psc_alpha', 2, {'I_e': [400.0, 500.0]})
    sg = nest.Create('spike_generator', 1, {'precise_times': True, 'spike_times': [1.234, 2.5, 7.77777]})
    pp = nest.Create('parrot_neuron_ps')
    nest.Connect(sg, pp)
    sr = nest.Create('spike_recorder', {'time_in_steps': True})
    sr_ms = nest.Create('spike_recorder')
    mm = nest.Create('multimeter', {'time_in_steps': True, 'record_from': ['V_m', 'I_syn_ex'], 'interval': 0.5, 'start': 2.0, 'origin': 1.0})
    vm = nest.Create('voltmeter', {'time_in_steps': True, 'interval': 0.1})
    nest.Connect(n + pp, sr)
    nest.Connect(n + pp, sr_ms)
    nest.Connect(mm, n)
    nest.Connect(vm, n)
    nest.Simulate(50.0)
    out = {'nest': nest.__version__, 'T': 50.0, 'dt': 0.1, 'devices': {}}
    for name, d in (('sr', sr), ('sr_ms', sr_ms), ('mm', mm), ('vm', vm)):
        out['devices'][name] = {'id': d.global_id, 'model': d.model, 'time_in_steps': bool(d.time_in_steps), 'events': events(d)}
    errors = {}
    try:
        sr.set(time_in_steps=True)
    except Exception as e:  # noqa: BLE001
        errors['after_simulate'] = str(e)
    nest.ResetKernel()
    try:
        nest.Create('spike_recorder', {'time_in_steps': 1})
    except Exception as e:  # noqa: BLE001
        errors['not_boolean'] = str(e)
    out['errors'] = errors
    with open(OUT, 'w') as f:
        json.dump(out, f, indent=None, separators=(',', ':'))
        f.write('\n')
    print(f'wrote {OUT}')


if __name__ == '__main__':
    main()
