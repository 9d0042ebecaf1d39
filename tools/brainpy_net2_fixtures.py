"""Regenerates __test__/fixtures/brainpy/net2.json from brainpy.state 0.1.0 (x64).

Run with the brainpy.state virtual environment's interpreter:
    <bpvenv>/bin/python tools/brainpy_net2_fixtures.py
Cases (all float64, dt = 0.1 ms, recorded step for step):
- single-element responses of STP, STD and BioNMDA to a spike train;
- small LIFRef networks: AlignPostProj with delays that are not whole steps
  (0.25, 0.37 ms: linear interpolation between the two bracketing frames, as
  brainpy.state's InputDelay), the same through brainstate's EventFixedProb
  (which binarises the interpolated input), CurrentProj (with a delay),
  STP/STD composed as align_pre_projection / align_post_projection compose
  them, BioNMDA with the MgBlock output (onto LIFRef and AdExIF), DeltaProj,
  per-presynaptic-neuron (axonal) delay vectors, and Symmetry/Asymmetry gap
  junctions.

brainpy.state 0.1.0's align_pre_projection / align_post_projection with
`stp=` fail with the installed brainevent (0.2.x: `brainevent.MaskedFloat`
was removed and `BinaryArray` has no arithmetic), so the STP cases compose
the very same modules by hand in the order those classes' `update` uses:
`x = stp(spk); g = syn(x); CurrentProj(g)` (pre-aligned) and
`x = stp(spk); AlignPostProj(x)` (post-aligned), with float spikes.
"""
import json
import os

import brainstate
brainstate.environ.set(precision=64)
import braintools
import brainunit as u
import jax.numpy as jnp
import numpy as np
import brainpy

bp = brainpy.state
DT = 0.1
OUT = os.path.join(os.path.dirname(__file__), '..', '__test__', 'fixtures', 'brainpy', 'net2.json')
UNITS = {'S': u.siemens, 'mS': u.mS, 'mV': u.mV, 'ms': u.ms, '1/ms': 1 / u.ms, '1/mV': 1 / u.mV, '1': 1.0}


def element_case(make, kind, steps=400, spikes=(10, 30, 40, 50, 60, 200, 205)):
    """Per-step output and state of one synapse/plasticity element."""
    with brainstate.environ.context(dt=DT * u.ms):
        m = make()
        brainstate.nn.init_all_states(m)
        out, st = [], []
        for k in range(steps):
            with brainstate.environ.context(t=k * DT * u.ms):
                s = jnp.asarray([1.0 if k in spikes else 0.0])
                y = m.update(s)
            out.append(float(u.get_magnitude(y)[0]))
            if kind == 'STP':
                st.append([float(m.u.value[0]), float(m.x.value[0])])
            elif kind == 'STD':
                st.append([float(m.x.value[0])])
            else:
                st.append([float(u.get_magnitude(m.g.value)[0]), float(m.x.value[0])])
    return dict(spikes=list(spikes), out=out, state=st)


def mag(x, unit):
    return x * UNITS[unit]


def net_case(name, n, v0, inp, projs, steps=400, post2=None):
    """`projs`: dicts with kind, pre [a, b], post ('N' or 'P'), W (rows pre),
    unit, comm ('dense' or 'event'), syn, stp, out, delay_ms."""
    with brainstate.environ.context(dt=DT * u.ms):
        N = bp.LIFRef(n, V_rest=-60. * u.mV, V_th=-50. * u.mV, V_reset=-60. * u.mV,
                      tau=20. * u.ms, tau_ref=5. * u.ms, V_initializer=jnp.asarray(v0) * u.mV)
        P = None
        if post2 is not None:
            P = getattr(bp, post2['model'])(post2['n'], **{k: v * UNITS[uu] for k, (v, uu) in post2.get('params', {}).items()},
                                            V_initializer=jnp.asarray(post2['v0']) * u.mV)
        mods = [N] + ([P] if P is not None else [])
        runners = []
        for p in projs:
            post = N if p['post'] == 'N' else P
            a, b = p['pre']
            W = jnp.asarray(p['W'])
            delay = None if p.get('delay_ms') is None else jnp.asarray(p['delay_ms']) * u.ms
            if p['comm'] == 'event':
                comm = brainstate.nn.EventFixedProb(b - a, post.varshape[0], 1, p['W'][0][0] * UNITS[p['unit']], seed=0)
            else:
                WU = W * UNITS[p['unit']]
                comm = (lambda WU: (lambda s: s @ WU))(WU)
                comm.in_size = (b - a,)
            syn = p.get('syn')
            out = p.get('out')

            def mk_syn(desc, size):
                kw = {k: v * UNITS[uu] for k, (v, uu) in desc.get('params', {}).items()}
                if desc.get('dimensionless_g'):
                    kw['g_initializer'] = braintools.init.Constant(0.)
                return getattr(bp, desc['model']), size, kw

            def mk_out(desc):
                kw = {k: v * UNITS[uu] for k, (v, uu) in desc.get('params', {}).items()}
                return getattr(bp, desc['model']), kw

            stp = None
            if p.get('stp'):
                d = p['stp']
                stp = getattr(bp, d['model'])(b - a, **{k: v * UNITS[uu] for k, (v, uu) in d.get('params', {}).items()})
                mods.append(stp)
            kind = p['kind']
            if kind == 'AlignPostProj':
                C, size, kw = mk_syn(syn, post.varshape[0])
                O, okw = mk_out(out)
                proj = bp.AlignPostProj(comm=comm, syn=C.desc(size, **kw), out=O.desc(**okw), post=post, delay=delay)
                mods.append(proj)
                f = (lambda proj, stp: (lambda s: proj(stp(s) if stp is not None else s)))(proj, stp)
            elif kind == 'align_pre':
                C, size, kw = mk_syn(syn, b - a)
                sm = C(size, **kw)
                O, okw = mk_out(out)
                cp = bp.CurrentProj(comm=comm, out=O(**okw), post=post, delay=delay)
                mods += [sm, cp]
                f = (lambda sm, cp, stp: (lambda s: cp(sm(stp(s) if stp is not None else s))))(sm, cp, stp)
            elif kind == 'CurrentProj':
                O, okw = mk_out(out)
                cp = bp.CurrentProj(comm=comm, out=O(**okw), post=post, delay=delay)
                mods.append(cp)
                f = (lambda cp: (lambda s: cp(s)))(cp)
            elif kind in ('SymGap', 'AsymGap'):
                npre, npost = b - a, post.varshape[0]
                pre_ids = np.repeat(np.arange(npre), npost)
                post_ids = np.tile(np.arange(npost), npre)
                conn = (lambda pi, qi: (lambda x, y: (jnp.asarray(pi), jnp.asarray(qi))))(pre_ids, post_ids)
                if kind == 'SymGap':
                    gj = bp.SymmetryGapJunction((N, post) if post is not N else N, 'V', conn, jnp.asarray(np.asarray(p['W']).ravel()) * u.siemens)
                else:
                    gj = bp.AsymmetryGapJunction(N, 'V', post, 'V', conn, jnp.asarray(p['Wpairs']) * u.siemens)
                mods.append(gj)
                f = (lambda gj: (lambda s: gj()))(gj)
            elif kind == 'DeltaProj':
                dp = bp.DeltaProj(comm=comm, post=post)
                mods.append(dp)
                f = (lambda dp: (lambda s: dp(s)))(dp)
            else:
                raise ValueError(kind)
            runners.append((a, b, f))
        for m in mods:
            brainstate.nn.init_all_states(m)
        vs, ss, v2, s2 = [], [], [], []
        for k in range(steps):
            with brainstate.environ.context(t=k * DT * u.ms):
                spk = (N.get_spike() != 0.).astype(float)
                for a, b, f in runners:
                    f(spk[a:b])
                N(inp * u.mA)
                if P is not None:
                    P(post2['input'] * u.mA)
            vs.append([float(x) for x in u.get_magnitude(N.V.value.to(u.mV))])
            ss.append([float(x) for x in np.asarray(N.get_spike())])
            if P is not None:
                v2.append([float(x) for x in u.get_magnitude(P.V.value.to(u.mV))])
                s2.append([float(x) for x in np.asarray(P.get_spike())])
    return dict(name=name, n=n, v0=list(v0), input=inp, steps=steps, post2=post2, projs=projs,
                V=vs, spikes=ss, V2=v2, spikes2=s2)


def main():
    elements = {
        'STP': element_case(lambda: bp.STP(1, U=0.2, tau_f=300. * u.ms, tau_d=40. * u.ms), 'STP'),
        'STP_default': element_case(lambda: bp.STP(1), 'STP'),
        'STD': element_case(lambda: bp.STD(1, tau=30. * u.ms, U=0.3), 'STD'),
        'BioNMDA': element_case(lambda: bp.BioNMDA(1), 'BioNMDA'),
    }
    rng = np.random.RandomState(3)
    v0 = [-55., -52., -58., -51., -56., -53.]
    n = 6
    we = rng.uniform(0.0, 0.3, size=(4, n)).tolist()
    wi = rng.uniform(0.0, 0.6, size=(2, n)).tolist()
    coba_e = dict(model='COBA', params=dict(E=(0., 'mV')))
    coba_i = dict(model='COBA', params=dict(E=(-80., 'mV')))
    expon5 = dict(model='Expon', params=dict(tau=(5., 'ms')))
    expon10 = dict(model='Expon', params=dict(tau=(10., 'ms')))
    nets = [
        net_case('delay-frac-linear', n, v0, 15., [
            dict(kind='AlignPostProj', pre=[0, 4], post='N', W=we, unit='S', comm='dense', syn=expon5, out=coba_e, delay_ms=0.25),
            dict(kind='AlignPostProj', pre=[4, 6], post='N', W=wi, unit='S', comm='dense', syn=expon10, out=coba_i, delay_ms=0.37),
        ]),
        net_case('delay-axonal', n, v0, 15., [
            dict(kind='AlignPostProj', pre=[0, 4], post='N', W=we, unit='S', comm='dense', syn=expon5, out=coba_e, delay_ms=[0.1, 0.25, 0.37, 0.]),
            dict(kind='CurrentProj', pre=[4, 6], post='N', W=wi, unit='S', comm='dense', out=coba_i, delay_ms=[0.15, 0.3]),
        ]),
        net_case('delay-frac-event', n, v0, 15., [
            dict(kind='AlignPostProj', pre=[0, 4], post='P', W=[[0.4]] * 4, unit='S', comm='event', syn=expon5, out=coba_e, delay_ms=0.25),
            dict(kind='AlignPostProj', pre=[4, 6], post='P', W=[[0.3]] * 2, unit='S', comm='event', syn=expon5, out=coba_e, delay_ms=0.3),
        ], post2=dict(model='LIFRef', n=1, v0=[-60.], input=9.,
                      params=dict(V_rest=(-60., 'mV'), V_th=(-50., 'mV'), V_reset=(-60., 'mV'), tau=(20., 'ms'), tau_ref=(5., 'ms')))),
        net_case('currentproj-delay', n, v0, 15., [
            dict(kind='CurrentProj', pre=[0, 4], post='N', W=[[x * 20 for x in r] for r in we], unit='S', comm='dense',
                 out=dict(model='CUBA', params=dict(scale=(1., 'mV'))), delay_ms=0.15),
            dict(kind='CurrentProj', pre=[4, 6], post='N', W=wi, unit='S', comm='dense', out=coba_i),
        ]),
        net_case('stp-std', n, v0, 15., [
            dict(kind='align_pre', pre=[0, 4], post='N', W=[[x * 4 for x in r] for r in we], unit='S', comm='dense',
                 syn=dict(model='Expon', params=dict(tau=(5., 'ms')), dimensionless_g=True), out=coba_e,
                 stp=dict(model='STP', params=dict(U=(0.2, '1'), tau_f=(300., 'ms'), tau_d=(40., 'ms')))),
            dict(kind='AlignPostProj', pre=[4, 6], post='N', W=[[x * 30 for x in r] for r in wi], unit='S', comm='dense', syn=expon10,
                 out=dict(model='CUBA', params=dict(scale=(-1., 'mV'))), stp=dict(model='STD', params=dict(tau=(30., 'ms'), U=(0.3, '1')))),
        ]),
        net_case('nmda-mgblock', n, v0, 15., [
            dict(kind='align_pre', pre=[0, 4], post='N', W=[[x * 1000 for x in r] for r in we], unit='1', comm='dense',
                 syn=dict(model='BioNMDA'), out=dict(model='MgBlock', params=dict(E=(0., 'mV'), alpha=(0.062, '1/mV'), V_offset=(0., 'mV')))),
            dict(kind='AlignPostProj', pre=[4, 6], post='N', W=wi, unit='S', comm='dense', syn=expon10, out=coba_i),
        ]),
        net_case('nmda-mgblock-adexif', n, v0, 15., [
            dict(kind='align_pre', pre=[0, 4], post='P', W=[[1000. * 0.2, 1000. * 0.1]] * 4, unit='1', comm='dense',
                 syn=dict(model='BioNMDA', params=dict(alpha1=(1.5, '1/ms'), beta1=(0.02, '1/ms'), T_dur=(1., 'ms'))),
                 out=dict(model='MgBlock', params=dict(E=(0., 'mV'), cc_Mg=(1.0, '1'), alpha=(0.07, '1/mV'), beta=(3.0, '1'), V_offset=(2., 'mV')))),
        ], post2=dict(model='AdExIF', n=2, v0=[-65., -62.], input=4.)),
        net_case('gap-junctions', n, v0, 15., [
            dict(kind='SymGap', pre=[0, n], post='N', W=rng.uniform(0.0, 0.1, size=(n, n)).tolist(), unit='S', comm='dense'),
            dict(kind='AsymGap', pre=[0, n], post='P', W=[[0.0] * 3] * n, Wpairs=rng.uniform(0.0, 0.2, size=(n * 3, 2)).tolist(), unit='S', comm='dense'),
        ], post2=dict(model='LIFRef', n=3, v0=[-58., -54., -60.], input=9.,
                      params=dict(V_rest=(-60., 'mV'), V_th=(-50., 'mV'), V_reset=(-60., 'mV'), tau=(20., 'ms'), tau_ref=(5., 'ms')))),
        net_case('deltaproj', n, v0, 15., [
            dict(kind='DeltaProj', pre=[0, 4], post='N', W=[[x * 5 for x in r] for r in we], unit='mV', comm='dense'),
            dict(kind='DeltaProj', pre=[4, 6], post='N', W=[[-x * 5 for x in r] for r in wi], unit='mV', comm='dense'),
        ]),
    ]
    data = dict(source='brainpy.state 0.1.0, float64 (tools/brainpy_net2_fixtures.py)', dt=DT, elements=elements, networks=nets)
    with open(OUT, 'w') as f:
        json.dump(data, f)
    print('wrote', OUT, [(c['name'], sum(map(sum, c['spikes'])), sum(map(sum, c['spikes2'])) if c['spikes2'] else None) for c in nets])


if __name__ == '__main__':
    main()
