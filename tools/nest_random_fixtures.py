#!/usr/bin/env python3
"""Statistical NEST 3.10 fixtures for random connection parameters and the
gamma_sup_generator / pulsepacket_generator devices.

NEST's random streams cannot be reproduced, so this records what somata's
tests compare statistically, from several NEST seeds:

* __test__/fixtures/nest/connect_random.json.gz: for each weight/delay spec
  (nest.random.* and nest.math.*), all_to_all 100 x 100 connections per seed;
  moments of the drawn weights and delays as GetConnections shows them, the
  delay histogram in steps, and a sorted subsample of 2000 weights for a
  two-sample Kolmogorov-Smirnov test.
* __test__/fixtures/nest/devices2.json.gz: gamma_sup_generator (rate, CV^2 of
  ISIs, Fano factor) and pulsepacket_generator (spikes per pulse, mean and
  std of the spike times of each packet, exact times with sdev 0) into
  parrot_neurons, per seed.

Run: /path/to/venv-with-nest/bin/python tools/nest_random_fixtures.py
"""
import gzip
import json
import os

import numpy as np
import nest

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, '..', '__test__', 'fixtures', 'nest')
SEEDS = [1, 2, 3, 4, 5, 6]

if hasattr(nest, 'VerbosityLevel'):
    nest.verbosity = nest.VerbosityLevel.ERROR
else:
    nest.set_verbosity('M_ERROR')

# (name, weight spec, delay spec) as plain data: [kind, a, b, inner]; b None = +inf (JSON has no Infinity)
CONNECT_CASES = [
    ('normal/uniform', ['normal', 1.0, 0.1], ['uniform', 0.5, 2.0]),
    ('lognormal/exponential-redraw', ['lognormal', 0.0, 0.5], ['redraw', 0.1, None, ['exponential', 1.0]]),
    ('exponential/normal-redraw', ['exponential', 2.0], ['redraw', 0.1, None, ['normal', 1.5, 0.5]]),
    ('normal-redraw/uniform-rounding', ['redraw', 0.1, None, ['normal', 1.5, 0.5]], ['uniform', 0.05, 0.3]),
    ('normal-max/uniform-min', ['max', 0.0, None, ['normal', 0.0, 1.0]], ['min', 2.0, None, ['uniform', 0.1, 3.0]]),
]


def param(spec):
    kind = spec[0]
    if kind == 'normal':
        return nest.random.normal(mean=spec[1], std=spec[2])
    if kind == 'lognormal':
        return nest.random.lognormal(mean=spec[1], std=spec[2])
    if kind == 'uniform':
        return nest.random.uniform(min=spec[1], max=spec[2])
    if kind == 'exponential':
        return nest.random.exponential(beta=spec[1])
    if kind == 'redraw':
        return nest.math.redraw(param(spec[3]), min=spec[1], max=float('inf') if spec[2] is None else spec[2])
    if kind == 'min':
        return nest.math.min(param(spec[3]), spec[1])
    if kind == 'max':
        return nest.math.max(param(spec[3]), spec[1])
    raise ValueError(kind)


def connect_fixture():
    cases = []
    for name, wspec, dspec in CONNECT_CASES:
        seeds = []
        pool = []
        for seed in SEEDS:
            nest.ResetKernel()
            nest.SetKernelStatus({'resolution': 0.1, 'rng_seed': seed})
            a = nest.Create('iaf_psc_alpha', 100)
            b = nest.Create('iaf_psc_alpha', 100)
            nest.Connect(a, b, 'all_to_all', {'weight': param(wspec), 'delay': param(dspec)})
            c = nest.GetConnections(a, b)
            w = np.asarray(c.get('weight'), dtype=float)
            d = np.asarray(c.get('delay'), dtype=float)
            steps = np.rint(d / 0.1).astype(int)
            hist = np.bincount(steps, minlength=41)[:41].tolist()
            seeds.append({'seed': seed, 'n': int(w.size), 'w_mean': float(w.mean()), 'w_std': float(w.std(ddof=1)),
                          'w_min': float(w.min()), 'd_mean': float(d.mean()), 'd_std': float(d.std(ddof=1)),
                          'd_min': float(d.min()), 'd_steps_hist': hist, 'w_at_clip': int(np.sum(w == 0.0)),
                          'd_at_clip': int(np.sum(np.abs(d - 2.0) < 1e-9))})
            pool.append(w)
        allw = np.concatenate(pool)
        rng = np.random.default_rng(12345)
        sample = np.sort(rng.choice(allw, 2000, replace=False))
        cases.append({'name': name, 'weight': wspec, 'delay': dspec, 'seeds': seeds,
                      'w_sample': [round(float(x), 9) for x in sample]})
    return cases


def parrots_run(seed, model, params, n_targets, T, dt=0.1, delay=1.0):
    nest.ResetKernel()
    nest.SetKernelStatus({'resolution': dt, 'rng_seed': seed})
    g = nest.Create(model, params=params)
    p = nest.Create('parrot_neuron', n_targets)
    sr = nest.Create('spike_recorder')
    nest.Connect(g, p, 'all_to_all', {'delay': delay})
    nest.Connect(p, sr)
    nest.Simulate(T)
    ev = sr.get('events')
    return np.asarray(ev['senders']), np.asarray(ev['times']), [int(x) for x in p.global_id]


def gamma_stats(senders, times, ids, T):
    rates, cv2s, fanos = [], [], []
    for gid in ids:
        t = np.sort(times[senders == gid])
        rates.append(t.size / (T / 1000.0))
        isi = np.diff(t)
        if isi.size > 2:
            cv2s.append(float(isi.var() / isi.mean() ** 2))
        counts = np.histogram(t, bins=np.arange(0.0, T + 1e-9, 100.0))[0]
        if counts.mean() > 0:
            fanos.append(float(counts.var() / counts.mean()))
    return {'rate': float(np.mean(rates)), 'cv2': float(np.mean(cv2s)) if cv2s else 0.0, 'fano': float(np.mean(fanos)) if fanos else 0.0,
            'first': float(times.min()) if times.size else -1.0, 'last': float(times.max()) if times.size else -1.0}


GAMMA_CASES = [
    {'name': 'gamma_sup/superposition', 'params': {'rate': 20.0, 'gamma_shape': 4, 'n_proc': 3}, 'targets': 20, 'T': 5000.0},
    {'name': 'gamma_sup/single', 'params': {'rate': 15.0, 'gamma_shape': 7, 'n_proc': 1}, 'targets': 20, 'T': 5000.0},
    {'name': 'gamma_sup/many-poisson-branch', 'params': {'rate': 25.0, 'gamma_shape': 2, 'n_proc': 1000}, 'targets': 4, 'T': 500.0},
    {'name': 'gamma_sup/window', 'params': {'rate': 50.0, 'gamma_shape': 3, 'n_proc': 2, 'origin': 100.0, 'start': 200.0, 'stop': 700.0}, 'targets': 20, 'T': 1000.0},
]

PULSE_CASES = [
    {'name': 'pulsepacket/packets', 'params': {'pulse_times': [50.0, 150.0, 250.3], 'activity': 20, 'sdev': 3.0}, 'targets': 3, 'T': 300.0},
    {'name': 'pulsepacket/window', 'params': {'pulse_times': [10.0, 125.0, 175.0, 275.0], 'activity': 10, 'sdev': 5.0, 'start': 75.0, 'stop': 225.0}, 'targets': 2, 'T': 300.0},
]


def pulse_stats(senders, times, ids, centers, delay):
    first = ids[0]
    t = np.sort(times[senders == first]) - delay
    per = []
    for c in centers:
        x = t[np.abs(t - c) < 40.0]
        per.append({'center': c, 'n': int(x.size), 'mean': float(x.mean()) if x.size else 0.0, 'std': float(x.std(ddof=1)) if x.size > 1 else 0.0})
    same = all(np.array_equal(np.sort(times[senders == g]), np.sort(times[senders == first])) for g in ids)
    return {'per_pulse': per, 'total': int(t.size), 'identical_targets': bool(same), 'first': float(t.min()) if t.size else -1.0, 'last': float(t.max()) if t.size else -1.0}


def devices_fixture():
    cases = []
    for c in GAMMA_CASES:
        stats = []
        for seed in SEEDS:
            s, t, ids = parrots_run(seed, 'gamma_sup_generator', c['params'], c['targets'], c['T'])
            stats.append(dict(seed=seed, **gamma_stats(s, t, ids, c['T'])))
        cases.append(dict(c, kind='gamma', seeds=stats))
    for c in PULSE_CASES:
        stats = []
        for seed in SEEDS:
            s, t, ids = parrots_run(seed, 'pulsepacket_generator', c['params'], c['targets'], c['T'])
            stats.append(dict(seed=seed, **pulse_stats(s, t, ids, c['params']['pulse_times'], 1.0)))
        cases.append(dict(c, kind='pulse', seeds=stats))
    # Exact: sdev 0 puts every spike of a packet on the step of its center (rounded up), sent one step later.
    params = {'pulse_times': [10.0, 20.04, 30.06, 40.25], 'activity': 3, 'sdev': 0.0}
    s, t, ids = parrots_run(1, 'pulsepacket_generator', params, 2, 60.0)
    cases.append({'name': 'pulsepacket/sdev0-exact', 'kind': 'pulse_exact', 'params': params, 'targets': 2, 'T': 60.0,
                  'senders': s.tolist(), 'times': t.tolist()})
    return cases


def main():
    os.makedirs(OUT, exist_ok=True)
    conn = {'nest': nest.__version__, 'seeds': SEEDS, 'cases': connect_fixture()}
    with gzip.open(os.path.join(OUT, 'connect_random.json.gz'), 'wt') as f:
        json.dump(conn, f, separators=(',', ':'))
    dev = {'nest': nest.__version__, 'seeds': SEEDS, 'cases': devices_fixture()}
    with gzip.open(os.path.join(OUT, 'devices2.json.gz'), 'wt') as f:
        json.dump(dev, f, separators=(',', ':'))
    for c in conn['cases']:
        s = c['seeds'][0]
        print(c['name'], 'w', round(s['w_mean'], 4), round(s['w_std'], 4), 'd', round(s['d_mean'], 4), round(s['d_std'], 4))
    for c in dev['cases']:
        print(c['name'], json.dumps(c.get('seeds', [{}])[0])[:300])


if __name__ == '__main__':
    main()
