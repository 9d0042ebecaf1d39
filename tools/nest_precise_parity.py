#!/usr/bin/env python3
"""Runs the precise-spiking parity cases in NEST 3.10 through somata's exported
PyNEST scripts and writes __test__/fixtures/nest/precise.json.gz.

Run by hand with the peer environment (NEST is never a dependency):

    /work/peers/venv/bin/python tools/nest_precise_parity.py
    /work/peers/venv/bin/python tools/nest_precise_parity.py --only ongrid_simultaneous_

With ``--only PREFIX`` only the cases whose names start with PREFIX run in
NEST; the other cases of the fixture are kept as they are (new cases are
added in the order of tools/nest_precise_cases.ts).

The cases are defined once, in tools/nest_precise_cases.ts: this script asks
node to build every case with somata's `nest.Simulator` and export it with
`sim.toPyNEST()` (one script per case), runs each script with NEST and keeps
what its recorders recorded. Exact cases keep every event (spike senders and
times, multimeter samples); the Poisson case (NEST's random numbers are not
reproduced) keeps statistics per seed. `__test__/nest-precise.spec.ts`
builds the same cases in somata and compares.
"""
import gzip
import json
import os
import re
import subprocess
import sys
import tempfile

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, '..')
OUT = os.path.join(ROOT, '__test__', 'fixtures', 'nest', 'precise.json.gz')


def run_script(path, seed=None):
    """Runs one exported script in NEST (a fresh process); returns its recordings."""
    src = open(path).read()
    if seed is not None:
        src = re.sub(r"'rng_seed': \d+", f"'rng_seed': {seed}", src)
    d = tempfile.mkdtemp()
    script = os.path.join(d, 'case.py')
    out = os.path.join(d, 'out.json')
    with open(script, 'w') as f:
        f.write(src)
    subprocess.run([sys.executable, script, out], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with open(out) as f:
        return json.load(f)


def spike_stats(ev, groups):
    """Rate (Hz), ISI mean / CV / minimum per group of senders (ids) over the events."""
    s = np.asarray(ev['senders'])
    t = np.asarray(ev['times'])
    out = {}
    for name, (ids, t0, t1) in groups.items():
        isis = []
        n = 0
        for g in ids:
            ts = np.sort(t[s == g])
            n += len(ts)
            isis.extend(np.diff(ts).tolist())
        isis = np.asarray(isis)
        out[name] = {
            'rate': n / len(ids) / ((t1 - t0) / 1000.0),
            'isi_mean': float(isis.mean()) if len(isis) else None,
            'isi_cv': float(isis.std() / isis.mean()) if len(isis) else None,
            'isi_min': float(isis.min()) if len(isis) else None,
            'n': int(n),
        }
    return out


def main():
    only = sys.argv[sys.argv.index('--only') + 1] if '--only' in sys.argv else None
    tmp = tempfile.mkdtemp()
    subprocess.run(['node', '--import', 'tsx', os.path.join('tools', 'nest_precise_cases.ts'), tmp], cwd=ROOT, check=True)
    with open(os.path.join(tmp, 'cases.json')) as f:
        cases = json.load(f)
    import nest
    kept = {}
    if only is not None:
        with gzip.open(OUT, 'rt') as f:
            kept = {c['name']: c for c in json.load(f)['cases']}
    result = {'nest': nest.__version__, 'cases': []}
    for c in cases:
        if only is not None and not c['name'].startswith(only):
            if c['name'] in kept:
                result['cases'].append(kept[c['name']])
            continue
        entry = {'name': c['name'], 'kind': c['kind']}
        if c['kind'] == 'exact':
            r = run_script(c['file'])
            entry['devices'] = [{'id': d['id'], 'model': d['model'], 'events': d['events']} for d in r['devices']]
        else:
            # poisson_ps_stats: parrots 2..101 repeat the generator (start 100 ms, T 2000 ms);
            # iaf_psc_alpha_ps 102..121 and iaf_psc_delta_ps 122..141 receive it.
            entry['seeds'] = []
            for seed in c['seeds']:
                r = run_script(c['file'], seed)
                ev = next(d for d in r['devices'] if d['model'] == 'spike_recorder')['events']
                st = spike_stats(ev, {'parrots': (list(range(2, 102)), 100.0, 2000.0), 'alpha': (list(range(102, 122)), 0.0, 2000.0), 'delta': (list(range(122, 142)), 0.0, 2000.0)})
                entry['seeds'].append({'seed': seed, **st})
        result['cases'].append(entry)
        print(c['name'], file=sys.stderr)
    with gzip.open(OUT, 'wt') as f:
        json.dump(result, f, separators=(',', ':'))
    print(f'wrote {OUT}: {len(result["cases"])} cases', file=sys.stderr)


if __name__ == '__main__':
    main()
