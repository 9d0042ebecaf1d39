"""Brian2 side of benches/brainpy.ts (run with the Brian2 venv).

    python brian2_bench.py ei|hh DURATION_MS DT_MS cpp_standalone|cython|numpy

ei: the E/I network of brainpy.state's tutorial 3 written in Brian2 (4000
    LIF neurons, refractory 5 ms, R = 1 ohm, 20 mA background, COBA
    exponential synapses 0.6/6.7 mS with 5/10 ms, p = 0.02, V0 ~ N(-55, 2) mV,
    exponential Euler).
hh: 10,000 HH neurons (brainpy.state's HH equations and defaults) under a
    constant 10 uA, exponential Euler.
Prints one JSON line: first_s (time to first result: standalone, everything
before the binary's simulation timer starts, i.e. construction, code
generation, compilation and the binary's start; runtime, construction, code
generation/compilation and one step), total_s, run_s (simulation time: the
standalone binary's own timer, or the DURATION run after the first step in
runtime mode), spikes, rate (Hz).
"""
import json
import os
import shutil
import sys
import tempfile
import time

mode, duration, dt, target = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
t_import = time.perf_counter()
from brian2 import (NeuronGroup, Synapses, SpikeMonitor, Network, defaultclock, prefs, set_device, device,
                    ms, mV, mS, uA, uF, mA, ohm, volt, siemens, second, seed)
t_import = time.perf_counter() - t_import

tmp = None
if target == 'cpp_standalone':
    tmp = tempfile.mkdtemp(prefix='somata-brian2-')
    set_device('cpp_standalone', directory=tmp, build_on_run=False)
else:
    prefs.codegen.target = target
seed(1)
defaultclock.dt = dt * ms


def build():
    if mode == 'ei':
        n = 4000
        eqs = '''
        dv/dt = (V_rest - v + R*(I_bg + ge*(Ee - v) + gi*(Ei - v)))/tau : volt (unless refractory)
        dge/dt = -ge/taue : siemens
        dgi/dt = -gi/taui : siemens
        '''
        ns = dict(V_rest=-60 * mV, R=1 * ohm, I_bg=20 * mA, Ee=0 * mV, Ei=-80 * mV, tau=20 * ms, taue=5 * ms, taui=10 * ms)
        G = NeuronGroup(n, eqs, threshold='v >= -50*mV', reset='v = -60*mV', refractory=5 * ms,
                        method='exponential_euler', namespace=ns)
        G.v = '-55*mV + 2*mV*randn()'
        Ce = Synapses(G[:3200], G, on_pre='ge += 0.6*mS')
        Ci = Synapses(G[3200:], G, on_pre='gi += 6.7*mS')
        Ce.connect(p=0.02)
        Ci.connect(p=0.02)
        mon = SpikeMonitor(G)
        return n, Network(G, Ce, Ci, mon), mon
    n = 10000
    eqs = '''
    dv/dt = (gNa*m**3*h*(ENa - v) + gK*n**4*(EK - v) + gL*(EL - v) + I)/C : volt
    dm/dt = alpha_m*(1 - m) - beta_m*m : 1
    dh/dt = alpha_h*(1 - h) - beta_h*h : 1
    dn/dt = alpha_n*(1 - n) - beta_n*n : 1
    alpha_m = 1/exprel(-(v/mV + 40)/10)/ms : Hz
    beta_m = 4*exp(-(v/mV + 65)/18)/ms : Hz
    alpha_h = 0.07*exp(-(v/mV + 65)/20)/ms : Hz
    beta_h = 1/(1 + exp(-(v/mV + 35)/10))/ms : Hz
    alpha_n = 0.1/exprel(-(v/mV + 55)/10)/ms : Hz
    beta_n = 0.125*exp(-(v/mV + 65)/80)/ms : Hz
    '''
    ns = dict(gNa=120 * mS, gK=36 * mS, gL=0.03 * mS, ENa=50 * mV, EK=-77 * mV, EL=-54.387 * mV, C=1 * uF, I=10 * uA)
    G = NeuronGroup(n, eqs, threshold='v > 20*mV', refractory='v > 20*mV', method='exponential_euler', namespace=ns)
    G.v = '-70*mV + 10*mV*rand()'
    G.m = '1/(1 + (4*exp(-(v/mV + 65)/18))*exprel(-(v/mV + 40)/10))'
    G.h = '0.07*exp(-(v/mV + 65)/20)/(0.07*exp(-(v/mV + 65)/20) + 1/(1 + exp(-(v/mV + 35)/10)))'
    G.n = '1/(1 + 0.125*exp(-(v/mV + 65)/80)*exprel(-(v/mV + 55)/10)/0.1)'
    mon = SpikeMonitor(G)
    return n, Network(G, mon), mon


t0 = time.perf_counter()
n, net, mon = build()
if target == 'cpp_standalone':
    net.run(duration * ms)
    device.build(directory=tmp, compile=True, run=True, debug=False)
    total = time.perf_counter() - t0
    run_s = device._last_run_time
    # The binary computes the first step only once construction, code
    # generation and compilation are done and it has started: everything
    # but its own simulation timer.
    first = total - run_s
    spikes = mon.num_spikes
else:
    # Construction, code generation, compilation (cython, cached between
    # runs) and one step.
    net.run(defaultclock.dt)
    first = time.perf_counter() - t0
    t1 = time.perf_counter()
    net.run(duration * ms)
    run_s = time.perf_counter() - t1
    total = first + run_s
    spikes = mon.num_spikes
print(json.dumps(dict(sim='brian2', target=target, mode=mode, n=n, duration_ms=duration, dt_ms=dt, import_s=t_import,
                      first_s=first, total_s=total, run_s=run_s, spikes=int(spikes), rate_hz=spikes / n / (duration * 1e-3))))
if tmp:
    shutil.rmtree(tmp, ignore_errors=True)
