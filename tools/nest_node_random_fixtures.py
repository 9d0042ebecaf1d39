#!/usr/bin/env python3
"""Statistical NEST 3.10 fixtures for random node parameters:
``nest.Create(model, n, params={'V_m': nest.random.uniform(...)})`` and
``nodes.set(V_m=nest.random.normal(...))``.

NEST's random streams cannot be reproduced, so this records what somata's
test (__test__/nest-node-random.spec.ts) compares statistically: for each
case, 1000 nodes per seed and six seeds; the moments of the values NEST drew
(as ``get`` shows them), the number of values at a clipping bound, the
histogram of integer draws, and a sorted subsample of 2000 pooled values for
a two-sample Kolmogorov-Smirnov test.

Output: __test__/fixtures/nest/node_random.json.gz

Run: /path/to/venv-with-nest/bin/python tools/nest_node_random_fixtures.py
"""
import gzip
import json
import os

import numpy as np
import nest

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, '..', '__test__', 'fixtures', 'nest')
SEEDS = [1, 2, 3, 4, 5, 6]
N = 1000

if hasattr(nest, 'VerbosityLevel'):
    nest.verbosity = nest.VerbosityLevel.ERROR
else:
    nest.set_verbosity('M_ERROR')

# (name, model, how, parameter, spec, clip): how is 'create' (Create params) or 'set' (NodeCollection.set);
# spec as plain data [kind, a, b, inner] (b None = +inf); clip: the bound counted in at_clip, or None.
CASES = [
    ('iaf_psc_alpha V_m uniform (create)', 'iaf_psc_alpha', 'create', 'V_m', ['uniform', -70.0, -55.0], None),
    ('iaf_psc_alpha V_m normal (set)', 'iaf_psc_alpha', 'set', 'V_m', ['normal', -60.0, 2.5], None),
    ('iaf_psc_exp C_m lognormal (create)', 'iaf_psc_exp', 'create', 'C_m', ['lognormal', 5.5, 0.2], None),
    ('iaf_psc_alpha t_ref exponential (set)', 'iaf_psc_alpha', 'set', 't_ref', ['exponential', 2.0], None),
    ('iaf_psc_delta tau_m redraw normal (create)', 'iaf_psc_delta', 'create', 'tau_m', ['redraw', 5.0, 15.0, ['normal', 10.0, 4.0]], None),
    ('iaf_psc_alpha I_e max normal, clipped (set)', 'iaf_psc_alpha', 'set', 'I_e', ['max', 0.0, None, ['normal', 0.0, 100.0]], 0.0),
    ('iaf_psc_exp I_e min uniform, clipped (create)', 'iaf_psc_exp', 'create', 'I_e', ['min', 150.0, None, ['uniform', 0.0, 200.0]], 150.0),
    ('iaf_psc_alpha I_e uniform_int (set)', 'iaf_psc_alpha', 'set', 'I_e', ['uniform_int', 5], None),
    ('iaf_psc_exp_ps V_m normal (create)', 'iaf_psc_exp_ps', 'create', 'V_m', ['normal', -65.0, 3.0], None),
    ('poisson_generator rate uniform (create)', 'poisson_generator', 'create', 'rate', ['uniform', 5.0, 15.0], None),
    ('dc_generator amplitude normal (set)', 'dc_generator', 'set', 'amplitude', ['normal', 100.0, 10.0], None),
]


def param(spec):
    kind = spec[0]
    if kind == 'normal':
        return nest.random.normal(mean=spec[1], std=spec[2])
    if kind == 'lognormal':
        return nest.random.lognormal(mean=spec[1], std=spec[2])
    if kind == 'uniform':
        return nest.random.uniform(min=spec[1], max=spec[2])
    if kind == 'uniform_int':
        return nest.random.uniform_int(spec[1])
    if kind == 'exponential':
        return nest.random.exponential(beta=spec[1])
    if kind == 'redraw':
        return nest.math.redraw(param(spec[3]), min=spec[1], max=float('inf') if spec[2] is None else spec[2])
    if kind == 'min':
        return nest.math.min(param(spec[3]), spec[1])
    if kind == 'max':
        return nest.math.max(param(spec[3]), spec[1])
    raise ValueError(kind)


def fixture():
    cases = []
    for name, model, how, pname, spec, clip in CASES:
        seeds = []
        pool = []
        for seed in SEEDS:
            nest.ResetKernel()
            nest.SetKernelStatus({'resolution': 0.1, 'rng_seed': seed})
            if how == 'create':
                nodes = nest.Create(model, N, params={pname: param(spec)})
            else:
                nodes = nest.Create(model, N)
                nodes.set({pname: param(spec)})
            x = np.asarray(nodes.get(pname), dtype=float)
            s = {'seed': seed, 'n': int(x.size), 'mean': float(x.mean()), 'std': float(x.std(ddof=1)),
                 'min': float(x.min()), 'max': float(x.max()), 'distinct': int(np.unique(x).size)}
            if clip is not None:
                s['at_clip'] = int(np.sum(x == clip))
            if spec[0] == 'uniform_int':
                s['hist'] = np.bincount(x.astype(int), minlength=spec[1]).tolist()
            seeds.append(s)
            pool.append(x)
        allx = np.concatenate(pool)
        sample = np.sort(np.random.default_rng(12345).choice(allx, 2000, replace=False))
        cases.append({'name': name, 'model': model, 'how': how, 'param': pname, 'spec': spec, 'clip': clip,
                      'seeds': seeds, 'sample': [round(float(v), 9) for v in sample]})
    return cases


def main():
    os.makedirs(OUT, exist_ok=True)
    data = {'nest': nest.__version__, 'seeds': SEEDS, 'n': N, 'cases': fixture()}
    with gzip.open(os.path.join(OUT, 'node_random.json.gz'), 'wt') as f:
        json.dump(data, f, separators=(',', ':'))
    for c in data['cases']:
        s = c['seeds'][0]
        print(c['name'], round(s['mean'], 4), round(s['std'], 4), s.get('at_clip', ''), s.get('hist', ''))


if __name__ == '__main__':
    main()
