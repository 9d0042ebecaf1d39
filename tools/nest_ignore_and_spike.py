"""Regenerates __test__/fixtures/nest/ignore_and_spike.json: iaf_psc_delta
with NEST 3.10's ignore_and_spike mechanism (forced spikes at
t0 + offset + k * interval, the threshold ignored), run in NEST.

    /work/peers/venv/bin/python tools/nest_ignore_and_spike.py

Each case: one iaf_psc_delta driven by I_e (strong enough to cross V_th on
its own) and by spikes from a spike_generator; spike times and V_m every
step are recorded. Cases vary offset/interval (off-grid values round up to
whole steps), dt, t_ref, a parameter change between two Simulate calls
(which restarts the schedule) and ignore_and_spike False as the control.
"""
import json
import os

import nest

CASES = [
    dict(name="defaults_on", dt=0.1, T=350.0, params=dict(ignore_and_spike=True, I_e=1000.0)),
    dict(name="offset_interval_offgrid", dt=0.1, T=120.0, params=dict(ignore_and_spike=True, ignore_and_spike_offset=2.55, ignore_and_spike_interval=7.33, I_e=400.0, t_ref=3.0)),
    dict(name="dt_0.25_input_spikes", dt=0.25, T=100.0, params=dict(ignore_and_spike=True, ignore_and_spike_offset=5.0, ignore_and_spike_interval=12.5, t_ref=1.0), spikes=[2.0, 6.0, 6.5, 30.0, 31.0], weight=8.0),
    dict(name="tref_longer_than_interval", dt=0.1, T=60.0, params=dict(ignore_and_spike=True, ignore_and_spike_offset=0.1, ignore_and_spike_interval=1.0, t_ref=2.5, I_e=300.0)),
    dict(name="off_control", dt=0.1, T=100.0, params=dict(ignore_and_spike=False, ignore_and_spike_offset=3.0, ignore_and_spike_interval=4.0, I_e=1000.0)),
    dict(name="set_between_runs", dt=0.1, T=40.0, params=dict(ignore_and_spike=True, ignore_and_spike_offset=4.0, ignore_and_spike_interval=6.0), second=dict(T=40.0, params=dict(ignore_and_spike_offset=1.5))),
]


def run(c):
    nest.ResetKernel()
    nest.set(resolution=c["dt"], print_time=False)
    n = nest.Create("iaf_psc_delta", params=c["params"])
    mm = nest.Create("multimeter", params=dict(record_from=["V_m"], interval=c["dt"]))
    sr = nest.Create("spike_recorder")
    nest.Connect(mm, n)
    nest.Connect(n, sr)
    if "spikes" in c:
        sg = nest.Create("spike_generator", params=dict(spike_times=c["spikes"]))
        nest.Connect(sg, n, syn_spec=dict(weight=c["weight"], delay=c["dt"]))
    nest.Simulate(c["T"])
    if "second" in c:
        n.set(c["second"]["params"])
        nest.Simulate(c["second"]["T"])
    ev = mm.get("events")
    sp = sr.get("events")
    return dict(times=[float(x) for x in ev["times"]], V_m=[float(x) for x in ev["V_m"]], spike_times=[float(x) for x in sp["times"]])


def main():
    nest.set_verbosity("M_ERROR")
    out = dict(nest=nest.__version__, cases=[])
    for c in CASES:
        out["cases"].append(dict(c, expect=run(c)))
    path = os.path.join(os.path.dirname(__file__), "..", "__test__", "fixtures", "nest", "ignore_and_spike.json")
    with open(path, "w") as f:
        json.dump(out, f, separators=(",", ":"))
    for c in out["cases"]:
        print(c["name"], len(c["expect"]["spike_times"]), c["expect"]["spike_times"][:6])


if __name__ == "__main__":
    main()
