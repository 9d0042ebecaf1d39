"""Regenerates __test__/fixtures/brainpy/net.json from brainpy.state (x64).

Run with the brainpy.state virtual environment's interpreter:
    <bpvenv>/bin/python tools/brainpy_net_fixtures.py
Cases: the single-spike response of each synapse model (Expon, DualExpon,
Alpha, AMPA, GABAa), and small deterministic networks of LIFRef neurons
(AlignPostProj with Expon/COBA and DualExpon/CUBA, dense per-connection
weights, with and without a delay), recorded step for step.
"""
import json
import os

import brainstate
brainstate.environ.set(precision=64)
import brainunit as u
import jax.numpy as jnp
import numpy as np
import brainpy

bp = brainpy.state
DT = 0.1
OUT = os.path.join(os.path.dirname(__file__), '..', '__test__', 'fixtures', 'brainpy', 'net.json')


def syn_case(name, make, steps=300, spike_at=10):
    with brainstate.environ.context(dt=DT * u.ms):
        syn = make()
        brainstate.nn.init_all_states(syn)
        gs = []
        for k in range(steps):
            with brainstate.environ.context(t=k * DT * u.ms):
                if name in ('AMPA', 'GABAa'):
                    g = syn.update(jnp.asarray([k == spike_at]))
                else:
                    if k == spike_at:
                        syn.add_delta_input('x', jnp.asarray([1.0]) * u.mS)
                    g = syn.update()
            gs.append(float(u.get_magnitude(g)[0]))
    return gs


def net_case(v0, w_e, w_i, inp_mA, steps, kind='expon-coba', delay=None):
    n = len(v0)
    ne = w_e.shape[0]

    class Net(brainstate.nn.Module):
        def __init__(self):
            super().__init__()
            self.N = bp.LIFRef(n, V_rest=-60. * u.mV, V_th=-50. * u.mV, V_reset=-60. * u.mV,
                               tau=20. * u.ms, tau_ref=5. * u.ms,
                               V_initializer=jnp.asarray(v0) * u.mV)
            WE = jnp.asarray(w_e) * u.siemens
            WI = jnp.asarray(w_i) * u.siemens
            ce = lambda s: s.astype(float) @ WE
            ci = lambda s: s.astype(float) @ WI
            ce.in_size = (ne,)
            ci.in_size = (n - ne,)
            if kind == 'expon-coba':
                self.E = bp.AlignPostProj(comm=ce, syn=bp.Expon.desc(n, tau=5. * u.ms),
                                          out=bp.COBA.desc(E=0. * u.mV), post=self.N, delay=delay)
                self.I = bp.AlignPostProj(comm=ci, syn=bp.Expon.desc(n, tau=10. * u.ms),
                                          out=bp.COBA.desc(E=-80. * u.mV), post=self.N, delay=delay)
            else:
                self.E = bp.AlignPostProj(comm=ce, syn=bp.DualExpon.desc(n, tau_rise=1. * u.ms, tau_decay=6. * u.ms),
                                          out=bp.CUBA.desc(scale=u.mV), post=self.N, delay=delay)
                self.I = bp.AlignPostProj(comm=ci, syn=bp.Alpha(n, tau=3. * u.ms),
                                          out=bp.CUBA(scale=-1. * u.mV), post=self.N, delay=delay)

        def update(self, t):
            with brainstate.environ.context(t=t):
                spk = self.N.get_spike() != 0.
                self.E(spk[:ne])
                self.I(spk[ne:])
                self.N(inp_mA * u.mA)
                return self.N.V.value, self.N.get_spike()

    with brainstate.environ.context(dt=DT * u.ms):
        net = Net()
        brainstate.nn.init_all_states(net)
        vs, ss = [], []
        for k in range(steps):
            v, s = net.update(k * DT * u.ms)
            vs.append([float(x) for x in u.get_magnitude(v.to(u.mV))])
            ss.append([float(x) for x in np.asarray(s)])
    return dict(v0=list(v0), w_e=np.asarray(w_e).tolist(), w_i=np.asarray(w_i).tolist(), input=inp_mA,
                steps=steps, kind=kind, delay_ms=None if delay is None else float(delay / u.ms), V=vs, spikes=ss)


def main():
    cases = {}
    cases['Expon'] = syn_case('Expon', lambda: bp.Expon(1, tau=5. * u.ms))
    cases['DualExpon'] = syn_case('DualExpon', lambda: bp.DualExpon(1, tau_rise=0.5 * u.ms, tau_decay=5. * u.ms))
    cases['Alpha'] = syn_case('Alpha', lambda: bp.Alpha(1, tau=4. * u.ms))
    cases['AMPA'] = syn_case('AMPA', lambda: bp.AMPA(1))
    cases['GABAa'] = syn_case('GABAa', lambda: bp.GABAa(1))
    rng = np.random.RandomState(1)
    v0 = [-55., -52., -58., -51., -56., -53.]
    w_e = rng.uniform(0.0, 0.3, size=(4, 6))
    w_i = rng.uniform(0.0, 0.6, size=(2, 6))
    nets = [
        net_case(v0, w_e, w_i, 15., 400),
        net_case(v0, w_e, w_i, 15., 400, delay=0.3 * u.ms),
        net_case(v0, w_e * 20, w_i * 20, 12., 400, kind='dualexpon-alpha-cuba'),
    ]
    data = dict(source='brainpy.state 0.1.0, float64 (tools/brainpy_net_fixtures.py)', dt=DT,
                synapses=cases, synapse_spike_step=10, synapse_weight_mS=1.0, networks=nets)
    with open(OUT, 'w') as f:
        json.dump(data, f)
    print('wrote', OUT, {k: max(v) for k, v in cases.items()}, [sum(map(sum, n['spikes'])) for n in nets])


if __name__ == '__main__':
    main()
