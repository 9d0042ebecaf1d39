"""brainpy.state side of benches/brainpy.ts (run with the brainpy.state venv).

    python brainpy_state_bench.py ei|hh DURATION_MS DT_MS [x64]

ei: brainpy.state's E/I tutorial network (4000 LIFRef, COBA, EventFixedProb
    p=0.02, 0.6/6.7 mS, Expon 5/10 ms, 20 mA background, V0 ~ N(-55, 2) mV).
hh: 10,000 HH neurons (defaults) under a constant 10 uA.
Prints one JSON line: build (construction + state init), compile (first
jitted call minus second), first_s = build + compile (time to first result:
the jitted rollout cannot give a first step before it is compiled), run
(second call), spikes, rate (Hz).
"""
import json
import sys
import time

t_import = time.perf_counter()
import brainstate
if len(sys.argv) > 4 and sys.argv[4] == 'x64':
    brainstate.environ.set(precision=64)
import braintools
import brainunit as u
import jax
import numpy as np
import brainpy

bp = brainpy.state
mode, duration, dt = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
t_import = time.perf_counter() - t_import


class EINet(brainstate.nn.Module):
    def __init__(self):
        super().__init__()
        self.n_exc, self.n_inh = 3200, 800
        self.num = self.n_exc + self.n_inh
        self.N = bp.LIFRef(self.num, V_rest=-60. * u.mV, V_th=-50. * u.mV, V_reset=-60. * u.mV,
                           tau=20. * u.ms, tau_ref=5. * u.ms,
                           V_initializer=braintools.init.Normal(-55. * u.mV, 2. * u.mV))
        self.E = bp.AlignPostProj(
            comm=brainstate.nn.EventFixedProb(self.n_exc, self.num, conn_num=0.02, conn_weight=0.6 * u.mS),
            syn=bp.Expon.desc(self.num, tau=5. * u.ms), out=bp.COBA.desc(E=0. * u.mV), post=self.N)
        self.I = bp.AlignPostProj(
            comm=brainstate.nn.EventFixedProb(self.n_inh, self.num, conn_num=0.02, conn_weight=6.7 * u.mS),
            syn=bp.Expon.desc(self.num, tau=10. * u.ms), out=bp.COBA.desc(E=-80. * u.mV), post=self.N)

    def update(self, t, inp):
        with brainstate.environ.context(t=t):
            spk = self.N.get_spike() != 0.
            self.E(spk[:self.n_exc])
            self.I(spk[self.n_exc:])
            self.N(inp)
            return self.N.get_spike()


class HHPop(brainstate.nn.Module):
    def __init__(self):
        super().__init__()
        self.num = 10000
        self.N = bp.HH(self.num)

    def update(self, t, inp):
        with brainstate.environ.context(t=t):
            return self.N(inp)


def main():
    with brainstate.environ.context(dt=dt * u.ms):
        t0 = time.perf_counter()
        net = EINet() if mode == 'ei' else HHPop()
        brainstate.nn.init_all_states(net)
        build = time.perf_counter() - t0
        inp = 20. * u.mA if mode == 'ei' else 10. * u.uA
        times = u.math.arange(0. * u.ms, duration * u.ms, brainstate.environ.get_dt())

        @brainstate.transform.jit
        def go(ts):
            return brainstate.transform.for_loop(lambda t: net.update(t, inp), ts).sum()

        t0 = time.perf_counter()
        n1 = float(jax.block_until_ready(go(times)))
        first = time.perf_counter() - t0
        brainstate.nn.reset_all_states(net)
        t0 = time.perf_counter()
        n2 = float(jax.block_until_ready(go(times)))
        second = time.perf_counter() - t0
    print(json.dumps(dict(sim='brainpy.state', mode=mode, n=net.num, duration_ms=duration, dt_ms=dt,
                          precision='float64' if len(sys.argv) > 4 else 'float32', import_s=t_import,
                          build_s=build, compile_s=max(first - second, 0.0), first_s=build + max(first - second, 0.0), run_s=second,
                          spikes=n2, spikes_first=n1, rate_hz=n2 / net.num / (duration * 1e-3))))


if __name__ == '__main__':
    main()
