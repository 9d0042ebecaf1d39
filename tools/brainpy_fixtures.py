#!/usr/bin/env python3
"""Reference traces of brainpy.state's BrainPy-style neurons, for
__test__/brainpy-*.spec.ts.

Run by hand (CI only reads the committed fixtures):

    /work/peers/bpvenv/bin/python tools/brainpy_fixtures.py

in a virtual environment with brainpy.state 0.1.0 (brainstate 0.5.4,
brainunit 0.5.2, jax CPU). Everything runs in float64
(`brainstate.environ.set(precision=64)`). Each case builds one population
with the given parameters (numbers in somata's documented units), constant
initial values, and runs `steps` updates inside `brainstate.transform.for_loop`
with `t = k*dt` (precomputed, rounded) in the environment,
recording every state variable and the spike output after each update.

Writes __test__/fixtures/brainpy/<family>.json:
  { "generator": ..., "versions": {...}, "cases": [
      { "model", "name", "params", "init", "spk_reset", "dt", "steps",
        "input": number | [per step] | [[per step per neuron]],
        "delta": optional [per step] (delta input added with add_delta_input),
        "cond": optional {"g", "E"} (a persistent callable input g*(E - V)),
        "n", "every",
        "vars": {name: values after steps every-1, 2*every-1, ..., time-major [sample*n + i]},
        "spikes": [flat indices step*n + i of every spike output] } ] }
"""
import json
import math
import os
import sys

import brainstate
import braintools
import brainunit as u
import jax
import jax.numpy as jnp
import numpy as np

# `--float32` regenerates __test__/fixtures/brainpy/float32.json instead:
# a subset of the cases in brainpy.state's default precision.
FLOAT32 = '--float32' in sys.argv
brainstate.environ.set(precision=32 if FLOAT32 else 64)
FT = np.float32 if FLOAT32 else np.float64
import brainpy  # noqa: E402
import brainpy.state  # noqa: E402
bp = brainpy.state

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '__test__', 'fixtures', 'brainpy')

UNITS = {
    'ohm': u.ohm, 'ms': u.ms, 'mV': u.mV, 'mA': u.mA, 'S': u.siemens, 'mS': u.msiemens,
    'uF': u.ufarad, 'uA': u.uA, '1/ms': 1 / u.ms, '1/mV': 1 / u.mV, 'mV/ms': u.mV / u.ms, '': None,
}

# Units of every parameter and variable (somata's documented units = upstream's).
P = {}
LIF = dict(R='ohm', tau='ms', tau_ref='ms', tau_a='ms', tau_w='ms', tau_syn='ms', V_th='mV', V_reset='mV',
           V_rest='mV', V_T='mV', delta_T='mV', beta='mV', a='S', b='mA', V_c='mV', c='1/mV', E='mV')
GIF = dict(R='ohm', tau='ms', tau_ref='ms', V_rest='mV', V_reset='mV', V_th_inf='mV', V_th_reset='mV', a='1/ms',
           b='1/ms', k1='1/ms', k2='1/ms', R1='', R2='', A1='mA', A2='mA')
IZH = dict(a='1/ms', b='1/ms', c='mV', d='mV/ms', V_th='mV', tau_ref='ms')
HH = dict(ENa='mV', gNa='mS', EK='mV', gK='mS', EL='mV', gL='mS', V_th='mV', C='uF', phi='')
ML = dict(V_Ca='mV', g_Ca='mS', V_K='mV', g_K='mS', V_leak='mV', g_leak='mS', C='uF', V1='mV', V2='mV', V3='mV',
          V4='mV', phi='1/ms', V_th='mV')
RED = dict(a='', b='', c='', d='', r='', s='', V_r='', tau='ms', tau_w='ms', V_th='')

# model -> (param units, [(var, unit, initializer kwarg)], input unit, delta unit)
MODELS = {
    'IF': (LIF, [('V', 'mV', 'V_initializer')], 'mA'),
    'LIF': (LIF, [('V', 'mV', 'V_initializer')], 'mA'),
    'LIFRef': (LIF, [('V', 'mV', 'V_initializer'), ('last_spike_time', 'ms', None)], 'mA'),
    'ALIF': (LIF, [('V', 'mV', 'V_initializer'), ('a', '', 'a_initializer')], 'mA'),
    'ExpIF': (LIF, [('V', 'mV', 'V_initializer')], 'mA'),
    'ExpIFRef': (LIF, [('V', 'mV', 'V_initializer'), ('last_spike_time', 'ms', None), ('refractory', '', None)], 'mA'),
    'AdExIF': (LIF, [('V', 'mV', 'V_initializer'), ('w', 'mA', 'w_initializer')], 'mA'),
    'AdExIFRef': (LIF, [('V', 'mV', 'V_initializer'), ('w', 'mA', 'w_initializer'), ('last_spike_time', 'ms', None), ('refractory', '', None)], 'mA'),
    'QuaIF': (LIF, [('V', 'mV', 'V_initializer')], 'mA'),
    'AdQuaIF': (LIF, [('V', 'mV', 'V_initializer'), ('w', 'mA', 'w_initializer')], 'mA'),
    'AdQuaIFRef': (LIF, [('V', 'mV', 'V_initializer'), ('w', 'mA', 'w_initializer'), ('last_spike_time', 'ms', None), ('refractory', '', None)], 'mA'),
    'Gif': (GIF, [('V', 'mV', 'V_initializer'), ('I1', 'mA', 'I1_initializer'), ('I2', 'mA', 'I2_initializer'), ('V_th', 'mV', 'V_th_initializer')], 'mA'),
    'GifRef': (GIF, [('V', 'mV', 'V_initializer'), ('I1', 'mA', 'I1_initializer'), ('I2', 'mA', 'I2_initializer'), ('V_th', 'mV', 'V_th_initializer'), ('last_spike_time', 'ms', None), ('refractory', '', None)], 'mA'),
    'Izhikevich': (IZH, [('V', 'mV', 'V_initializer'), ('u', 'mV/ms', 'u_initializer')], 'mV/ms'),
    'IzhikevichRef': (IZH, [('V', 'mV', 'V_initializer'), ('u', 'mV/ms', 'u_initializer'), ('last_spike_time', 'ms', None), ('refractory', '', None)], 'mV/ms'),
    'HH': (HH, [('V', 'mV', 'V_initializer'), ('m', '', 'm_initializer'), ('h', '', 'h_initializer'), ('n', '', 'n_initializer')], 'uA'),
    'WangBuzsakiHH': (HH, [('V', 'mV', 'V_initializer'), ('h', '', 'h_initializer'), ('n', '', 'n_initializer')], 'uA'),
    'MorrisLecar': (ML, [('V', 'mV', 'V_initializer'), ('W', '', 'W_initializer')], 'uA'),
    'FitzHughNagumo': (RED, [('V', '', 'V_initializer'), ('w', '', 'w_initializer')], ''),
    'HindmarshRose': (RED, [('V', '', 'V_initializer'), ('y', '', 'y_initializer'), ('z', '', 'z_initializer')], ''),
    'CubaLIF': (LIF, [('V', 'mV', 'V_initializer'), ('g', 'mA', 'g_initializer')], 'mA'),
    'CobaLIF': (LIF, [('V', 'mV', 'V_initializer'), ('g', 'S', 'g_initializer')], 'mA'),
}
DELTA_UNIT = {'CubaLIF': 'mA', 'CobaLIF': 'S'}
REF = {'ExpIFRef', 'AdExIFRef', 'AdQuaIFRef', 'GifRef', 'IzhikevichRef'}


def q(x, unit):
    return x if UNITS[unit] is None else x * UNITS[unit]


def mant(x, unit):
    if unit == '':
        return np.asarray(u.get_mantissa(x) if isinstance(x, u.Quantity) else x, dtype=np.float64)
    return np.asarray(x.to_decimal(UNITS[unit]), dtype=np.float64)


def run_case(c):
    model = c['model']
    punits, vars_, in_unit = MODELS[model]
    n = c.get('n', 1)
    kw = {k: q(np.asarray(v, dtype=FT) if isinstance(v, list) else v, punits[k]) for k, v in c['params'].items()}
    for name, unit, ikw in vars_:
        if ikw and name in c['init']:
            kw[ikw] = braintools.init.Constant(q(c['init'][name], unit))
    if 'spk_reset' in c:
        kw['spk_reset'] = c['spk_reset']
    if model in REF:
        kw['ref_var'] = True
    dt = c['dt']
    brainstate.environ.set(dt=dt * u.ms)
    neu = getattr(bp, model)(n, **kw)
    brainstate.nn.init_all_states(neu)
    cond = c.get('cond')
    if cond is not None:
        # A persistent callable current input g*(E - V) (e.g. a COBA synapse output).
        g = q(cond['g'], {'mA': 'S', 'uA': 'mS'}[in_unit])
        E = q(cond['E'], vars_[0][1])
        neu.add_current_input('syn', lambda V: g * (E - V))
    steps = c['steps']
    inp = c['input']
    if isinstance(inp, list):
        inp_arr = jnp.asarray(np.asarray(inp, dtype=FT))
    else:
        inp_arr = jnp.full((steps,), float(inp), dtype=FT)
    delta = c.get('delta')
    delta_arr = jnp.asarray(np.asarray(delta, dtype=FT)) if delta is not None else None
    dunit = DELTA_UNIT.get(model, vars_[0][1])

    def step(i, t):
        with brainstate.environ.context(t=t * u.ms, i=i):
            x = inp_arr[i]
            if delta_arr is not None:
                neu.add_delta_input('d', q(delta_arr[i], dunit))
            spk = neu.update(q(x, in_unit) if in_unit else x)
            out = [getattr(neu, name).value for name, _, _ in vars_]
            return spk, out

    # Times precomputed outside the loop (rounded k*dt), as the tutorials'
    # `arange` and the Simulator do. (Computing `i*dt` inside the jitted loop
    # lets XLA fuse `i*dt - last_spike_time` into one FMA, which can end a
    # refractory period one step earlier when tau_ref is a multiple of dt.)
    times = jnp.asarray(np.arange(steps, dtype=FT) * FT(dt))
    spk, outs = brainstate.transform.for_loop(step, jnp.arange(steps), times)
    res = dict(c)
    res['n'] = n
    every = c.get('every', max(1, steps // 200))
    res['every'] = every
    res['vars'] = {}
    for (name, unit, _), val in zip(vars_, outs):
        a = mant(val, unit) if name != 'refractory' else np.asarray(val, dtype=np.float64)
        a = a.reshape(steps, n)[every - 1::every]
        res['vars'][name] = [float(x) for x in a.reshape(-1)]
    res['spikes'] = [int(k) for k in np.flatnonzero(np.asarray(spk, dtype=np.float64).reshape(-1) > 0)]
    return res


def sine(steps, dt, mean, amp, period):
    return [mean + amp * math.sin(2 * math.pi * k * dt / period) for k in range(steps)]


def cases():
    C = []
    add = lambda **k: C.append(k)
    seedp = dict(R=1.0, tau=20.0, V_rest=-60.0, V_th=-50.0, V_reset=-60.0)
    # --- LIF family
    add(family='lif', model='IF', name='defaults, 1.5 mA', params={}, init={}, dt=0.1, steps=300, input=1.5)
    add(family='lif', model='IF', name='hard reset, sine', params=dict(tau=8.0, V_th=2.0), init={'V': 0.5}, spk_reset='hard', dt=0.1, steps=300, input=sine(300, 0.1, 2.5, 1.0, 7.0))
    add(family='lif', model='LIF', name='defaults, 1.5 mA', params={}, init={}, dt=0.1, steps=300, input=1.5)
    add(family='lif', model='LIF', name='seed-001 parameters, hard, 25 mA', params=seedp, init={'V': -60.0}, spk_reset='hard', dt=0.1, steps=400, input=25.0)
    add(family='lif', model='LIF', name='3 neurons, per-neuron tau, sine', n=3, params=dict(seedp, tau=[10.0, 20.0, 30.0]), init={'V': -60.0}, dt=0.1, steps=300, input=sine(300, 0.1, 15.0, 10.0, 13.0))
    add(family='lif', model='LIFRef', name='seed 001 (soft, V0 = 0 mV default)', params=dict(seedp, tau_ref=5.0), init={}, dt=0.1, steps=2000, input=25.0)
    add(family='lif', model='LIFRef', name='seed 001, hard reset', params=dict(seedp, tau_ref=5.0), init={}, spk_reset='hard', dt=0.1, steps=2000, input=25.0)
    add(family='lif', model='LIFRef', name='delta inputs during refractoriness', params=dict(seedp, tau_ref=3.0), init={'V': -60.0}, dt=0.1, steps=400, input=12.0,
        delta=[(2.0 if k % 7 == 0 else 0.0) for k in range(400)])
    add(family='lif', model='ALIF', name='choose-a-model tutorial (dt 0.05, 25 mA)', params=dict(tau=20.0, tau_a=200.0, V_rest=-60.0, V_th=-50.0, V_reset=-60.0), init={}, dt=0.05, steps=4000, input=25.0)
    add(family='lif', model='ALIF', name='V0 = V_rest, beta 2 mV, hard, sine', params=dict(seedp, beta=2.0, tau_a=50.0), init={'V': -60.0, 'a': 0.5}, spk_reset='hard', dt=0.1, steps=600, input=sine(600, 0.1, 20.0, 8.0, 25.0))
    add(family='lif', model='ExpIF', name='choose-a-model tutorial (dt 0.05, 25 mA; runs away as upstream)', params=dict(tau=20.0, V_rest=-60.0, V_reset=-60.0), init={}, dt=0.05, steps=1000, input=25.0)
    add(family='lif', model='ExpIF', name='defaults, hard, 8 mA', params={}, init={}, spk_reset='hard', dt=0.1, steps=600, input=8.0)
    # Soft reset cannot stop the exponential term: V runs away to ~1.7e11 mV
    # (as upstream). Each upswing of the exponential amplifies last-bit
    # differences (XLA fuses multiply-adds, somata does not): 1e-13 after the
    # first spike, 7e-11 after the second, 1.6e-8 once V has run away (step
    # 151 on). Spikes still match exactly; values are compared at 1e-7.
    add(family='lif', model='ExpIFRef', name='defaults, 12 mA (soft: runs away as upstream)', params={}, init={}, dt=0.1, steps=300, input=12.0, rtol=1e-7)
    add(family='lif', model='ExpIFRef', name='hard, 12 mA', params={}, init={}, spk_reset='hard', dt=0.1, steps=600, input=12.0)
    add(family='lif', model='ExpIFRef', name='hard, tau_ref 3, sine', params=dict(tau_ref=3.0), init={'V': -70.0}, spk_reset='hard', dt=0.1, steps=600, input=sine(600, 0.1, 10.0, 6.0, 30.0))
    add(family='lif', model='AdExIF', name='a 0.05 S, b 2 mA, 30 mA', params=dict(a=0.05, b=2.0), init={}, dt=0.1, steps=800, input=30.0)
    add(family='lif', model='AdExIF', name='defaults, hard, 20 mA', params={}, init={}, spk_reset='hard', dt=0.1, steps=600, input=20.0)
    add(family='lif', model='AdExIFRef', name='a 0.05 S, b 2 mA, 30 mA', params=dict(a=0.05, b=2.0), init={}, dt=0.1, steps=800, input=30.0)
    add(family='lif', model='QuaIF', name='defaults, 10 mA', params={}, init={}, spk_reset='hard', dt=0.05, steps=800, input=10.0)
    add(family='lif', model='QuaIF', name='hard, sine', params=dict(c=0.05), init={'V': -66.0}, dt=0.05, steps=800, input=sine(800, 0.05, 9.0, 3.0, 20.0))
    add(family='lif', model='AdQuaIF', name='a 0.02 S, hard, 15 mA', params=dict(a=0.02, b=0.5), init={}, spk_reset='hard', dt=0.05, steps=1000, input=15.0)
    add(family='lif', model='AdQuaIFRef', name='a 0.02 S, hard, 15 mA', params=dict(a=0.02, b=0.5), init={}, spk_reset='hard', dt=0.05, steps=1000, input=15.0)
    add(family='lif', model='Gif', name='defaults, 1.5 mA', params={}, init={}, dt=0.1, steps=1000, input=1.5)
    add(family='lif', model='Gif', name='adaptive threshold and currents, hard', params=dict(a=0.005, A1=0.5, A2=-0.3, R1=0.5), init={'V': -65.0}, spk_reset='hard', dt=0.1, steps=1000, input=1.6)
    add(family='lif', model='GifRef', name='adaptive threshold and currents', params=dict(a=0.005, A1=0.5, A2=-0.3, R1=0.5, tau_ref=2.0), init={'V': -65.0}, dt=0.1, steps=1000, input=1.6)
    add(family='lif', model='CubaLIF', name='seed parameters, delta into g', params=dict(seedp, tau_syn=3.0), init={'V': -60.0}, dt=0.1, steps=500, input=8.0,
        delta=[(8.0 if k % 25 == 0 else 0.0) for k in range(500)])
    add(family='lif', model='CobaLIF', name='seed parameters, delta into g', params=dict(seedp, tau_syn=3.0, E=0.0), init={'V': -60.0}, dt=0.1, steps=500, input=5.0,
        delta=[(0.1 if k % 25 == 0 else 0.0) for k in range(500)])
    add(family='lif', model='LIFRef', name='conductance input g(E - V), g 0.4 S, E 0 mV', params=dict(seedp, tau_ref=2.0), init={'V': -60.0}, dt=0.1, steps=600, input=0.0,
        cond=dict(g=0.4, E=0.0))
    add(family='lif', model='AdExIF', name='conductance input and current, hard', params=dict(a=0.05, b=2.0), init={}, spk_reset='hard', dt=0.1, steps=600, input=5.0,
        cond=dict(g=0.3, E=-20.0))
    # --- Izhikevich
    add(family='izhikevich', model='Izhikevich', name='regular spiking, 10 mV/ms', params={}, init={}, dt=0.1, steps=2000, input=10.0)
    add(family='izhikevich', model='Izhikevich', name='chattering (c=-50, d=2), sine', params=dict(c=-50.0, d=2.0), init={'V': -70.0, 'u': -14.0}, dt=0.05, steps=2000, input=sine(2000, 0.05, 10.0, 5.0, 40.0))
    add(family='izhikevich', model='IzhikevichRef', name='tau_ref 2 ms, 10 mV/ms', params=dict(tau_ref=2.0), init={}, dt=0.1, steps=2000, input=10.0)
    # --- HH family
    add(family='hh', model='HH', name='V0 = -65, steady-state gates, 10 uA', params={}, init={'V': -65.0}, dt=0.01, steps=3000, input=10.0)
    add(family='hh', model='HH', name='V0 = -70, 3 neurons, per-neuron gNa, sine', n=3, params=dict(gNa=[100.0, 120.0, 140.0]), init={'V': -70.0}, dt=0.025, steps=2000,
        input=sine(2000, 0.025, 6.0, 6.0, 15.0))
    add(family='hh', model='HH', name='conductance input g(E - V), g 0.15 mS, E 0 mV', params={}, init={'V': -65.0}, dt=0.01, steps=3000, input=0.0, cond=dict(g=0.15, E=0.0))
    add(family='hh', model='WangBuzsakiHH', name='defaults, 1 uA', params={}, init={}, dt=0.01, steps=3000, input=1.0)
    add(family='hh', model='MorrisLecar', name='V0 = -60, 100 uA', params={}, init={'V': -60.0}, dt=0.05, steps=4000, input=100.0)
    # --- reduced
    add(family='reduced', model='FitzHughNagumo', name='defaults, 0.5', params={}, init={}, dt=0.1, steps=2000, input=0.5)
    # rtol32: in float32 the bursting amplifies last-bit differences over
    # 4000 steps to 1.9e-4 of the trace scale.
    add(family='reduced', model='HindmarshRose', name='defaults, 3.0', params={}, init={}, dt=0.05, steps=4000, input=3.0, rtol32=1e-3)
    return C


# Float32 subset: the seed setups plus the first case of every other model.
F32_EXTRA = {('LIFRef', 'seed 001, hard reset'), ('ALIF', 'choose-a-model tutorial (dt 0.05, 25 mA)'), ('ExpIFRef', 'hard, 12 mA')}
# Not in float32: the soft-reset ExpIFRef runaway (chaotic amplification, see above).
F32_SKIP = {('ExpIFRef', 'defaults, 12 mA (soft: runs away as upstream)')}


def f32_selected(all_cases):
    seen = set()
    out = []
    for c in all_cases:
        key = (c['model'], c['name'])
        if key in F32_EXTRA or (c['model'] not in seen and c['model'] != 'ALIF' and key not in F32_SKIP):
            out.append(key)
        if key not in F32_SKIP:
            seen.add(c['model'])
    return set(out)


def main():
    only = set(a for a in sys.argv[1:] if not a.startswith('--'))
    by_family = {}
    f32_keys = f32_selected(cases())
    for c in cases():
        fam = c.pop('family')
        if FLOAT32:
            if (c['model'], c['name']) not in f32_keys:
                continue
            fam = 'float32'
        if only and c['model'] not in only:
            continue
        r = run_case(c)
        s = len(r['spikes'])
        print(f"{fam:10s} {r['model']:15s} {r['name']:50s} spikes={s}")
        by_family.setdefault(fam, []).append(r)
    import brainpy_state  # noqa: E402  (already loaded by brainpy.state; for its version)
    versions = dict(brainpy=brainpy.__version__, brainpy_state=brainpy_state.__version__, brainstate=brainstate.__version__, brainunit=u.__version__, jax=jax.__version__)
    os.makedirs(OUT, exist_ok=True)
    for fam, cs in by_family.items():
        path = os.path.join(OUT, f'{fam}.json')
        with open(path, 'w') as f:
            json.dump(dict(generator='tools/brainpy_fixtures.py', precision='float32' if FLOAT32 else 'float64', versions=versions, cases=cs), f, separators=(',', ':'))
        print('wrote', path, os.path.getsize(path), 'bytes')


if __name__ == '__main__':
    main()
