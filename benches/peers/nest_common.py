"""Shared helpers of the NEST peer benchmarks (run by benches/nest.ts with NEST_PYTHON)."""
import argparse
import json
import math
import sys
import time

import nest


def args(defaults):
    """Command line: --threads, --scale (network size factor), --T (ms)."""
    p = argparse.ArgumentParser()
    p.add_argument('--threads', type=int, default=1)
    p.add_argument('--scale', type=float, default=1.0)
    p.add_argument('--T', type=float, default=defaults.get('T', 1000.0))
    p.add_argument('--seed', type=int, default=12345)
    return p.parse_args()


def kernel(a, dt=0.1):
    """A fresh, quiet kernel with the resolution, threads and seed of the run."""
    if hasattr(nest, 'VerbosityLevel'):
        nest.verbosity = nest.VerbosityLevel.ERROR
    else:
        nest.set_verbosity('M_ERROR')
    nest.ResetKernel()
    nest.SetKernelStatus({'resolution': dt, 'local_num_threads': a.threads, 'rng_seed': a.seed})


def lambert_wm1(x):
    """The W_{-1} branch of Lambert's W for x in (-1/e, 0) (Halley's iteration; scipy is not needed)."""
    w = math.log(-x) - math.log(-math.log(-x))
    for _ in range(50):
        ew = math.exp(w)
        f = w * ew - x
        w_new = w - f / (ew * (w + 1) - (w + 2) * f / (2 * w + 2))
        if abs(w_new - w) < 1e-15 * abs(w):
            return w_new
        w = w_new
    return w


def psp_norm(tau_m, c_m, tau_syn):
    """ComputePSPnorm of NEST's brunel_alpha_nest.py: the PSP peak (mV) of a 1 pA alpha current."""
    a = tau_m / tau_syn
    b = 1.0 / tau_syn - 1.0 / tau_m
    t_max = 1.0 / b * (-lambert_wm1(-math.exp(-1.0 / a) / a) - 1.0 / a)
    return math.exp(1.0) / (tau_syn * c_m * b) * ((math.exp(-t_max / tau_m) - math.exp(-t_max / tau_syn)) / b - t_max * math.exp(-t_max / tau_syn))


class Clock:
    """Wall-clock phases."""

    def __init__(self):
        self.t = time.perf_counter()

    def lap(self):
        now = time.perf_counter()
        d = now - self.t
        self.t = now
        return d


def emit(**kw):
    """Prints one JSON line (the last line of stdout is the result)."""
    kw['nest'] = nest.__version__
    print(json.dumps(kw))
    sys.stdout.flush()
