#!/bin/sh
# Regenerates the Neun synapse fixtures in __test__/fixtures/neun/ by running
# Neun's own, unmodified example binaries:
#
#   synapsis          (examples/synapsis.cpp: two HH neurons, RK4, h = 0.001 ms,
#                      ElectricalSynapsis with g1 = g2 = -0.002, 0.5 input each)
#   chemicalSynapsis  (examples/chemicalSynapsis.cpp: two HH neurons, RK4,
#                      h = 0.01 ms, ChemicalSynapsis, +i added to the post neuron)
#
# Usage: NEUN_BUILD=/path/to/neun/build tools/neun-synapse-fixtures.sh
#
# Neun has no DiffusionSynapsis example. diffusionSynapsis.txt was made by a
# small driver kept outside this repository, compiled against Neun's headers:
# an HH neuron driven to spike (0.5 input each step) excites a second HH
# neuron through DiffusionSynapsis<…, RungeKutta4> (h = 0.01 ms; every
# variable initialised: v = -65, m = 0.05, h = 0.6, n = 0.3 in both neurons;
# synapse alpha = 1.1, beta = 0.19, threshold = 0, esyn = 0, gsyn = -0.005,
# T = 1, max_release_time = 1), stepping each 0.01 ms `syn.step(h); pre.add_synaptic_input(0.5);
# pre.step(h); post.step(h)` for 20000 steps and printing every 100th step
# (steps, V_pre, V_post, r, i) with 17 significant digits, once with steps = 1
# and once with steps = 3. This script does not regenerate it.
#
# NEUN_BUILD is a CMake build directory of GNB-UAM/Neun (Release, -O3; the
# fixtures were made from Neun d27e066, version 0.4.0, g++ and glibc exp),
# i.e. one where `cmake .. && make` has built examples/synapsis and
# examples/chemicalSynapsis. This script neither downloads nor builds Neun.
#
# The examples print with std::cout's default 6 significant digits, one line
# per step (1,000,001 and 100,001 lines). We keep every 1000th line of
# synapsis and every 100th data line of chemicalSynapsis, prefixed with the
# number of steps done (the line number), which is what the tests need.
set -eu

: "${NEUN_BUILD:?set NEUN_BUILD to a Neun CMake build directory containing examples/synapsis and examples/chemicalSynapsis}"
here=$(cd "$(dirname "$0")/.." && pwd)
out="$here/__test__/fixtures/neun"
mkdir -p "$out"

for b in synapsis chemicalSynapsis; do
  if [ ! -x "$NEUN_BUILD/examples/$b" ]; then
    echo "missing $NEUN_BUILD/examples/$b (build Neun's examples first)" >&2
    exit 1
  fi
done

{
  echo "# Neun examples/synapsis (GNB-UAM/Neun, unmodified example binary), every 1000th output line."
  echo "# Regenerate: NEUN_BUILD=<neun build dir> tools/neun-synapse-fixtures.sh"
  echo "# columns: steps_done time V1 V2 i1 (Neun prints 6 significant digits)"
  "$NEUN_BUILD/examples/synapsis" | awk '(NR - 1) % 1000 == 0 { print NR, $0 }'
} > "$out/synapsis.txt"

{
  echo "# Neun examples/chemicalSynapsis (GNB-UAM/Neun, unmodified example binary), every 100th output line."
  echo "# Regenerate: NEUN_BUILD=<neun build dir> tools/neun-synapse-fixtures.sh"
  echo "# columns: steps_done Time Vpre Vpost i ifast islow (Neun prints 6 significant digits)"
  "$NEUN_BUILD/examples/chemicalSynapsis" | awk 'NR == 1 { next } (NR - 2) % 100 == 0 { print NR - 1, $0 }'
} > "$out/chemicalSynapsis.txt"


wc -l "$out"/synapsis.txt "$out"/chemicalSynapsis.txt
exit 0
