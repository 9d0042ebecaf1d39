#!/bin/sh
# Regenerates the Neun synapse fixtures in __test__/fixtures/neun/ by running
# Neun's own, unmodified example binaries:
#
#   synapsis          (examples/synapsis.cpp: two HH neurons, RK4, h = 0.001 ms,
#                      ElectricalSynapsis with g1 = g2 = -0.002, 0.5 input each)
#   chemicalSynapsis  (examples/chemicalSynapsis.cpp: two HH neurons, RK4,
#                      h = 0.01 ms, ChemicalSynapsis, +i added to the post neuron)
#
# Usage: NEUN_BUILD=/path/to/neun/build [NEUN_SRC=/path/to/neun] tools/neun-synapse-fixtures.sh
#
# Neun has no DiffusionSynapsis example. With NEUN_SRC (a Neun source tree;
# Neun is header-only) this script also compiles the small driver below (our
# own code, in a temporary directory) against Neun's headers and writes
# diffusionSynapsis.txt: an HH neuron driven to spike (0.5 input) excites a
# second HH neuron through a DiffusionSynapsis (RK4, h = 0.01 ms, every
# variable initialised), once with steps = 1 and once with steps = 3,
# printed with 17 significant digits. It needs a C++20 compiler ($CXX, c++).
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


if [ -n "${NEUN_SRC:-}" ]; then
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  cat > "$tmp/dsyn.cpp" <<'CPP'
// Driver for somata's DiffusionSynapsis fixture: Neun's own classes, every
// state variable set explicitly. Usage: dsyn <steps>
#include <DifferentialNeuronWrapper.h>
#include <DiffusionSynapsis.h>
#include <HodgkinHuxleyModel.h>
#include <RungeKutta4.h>
#include <SystemWrapper.h>
#include <cstdlib>
#include <iomanip>
#include <iostream>

typedef RungeKutta4 Integrator;
typedef DifferentialNeuronWrapper<SystemWrapper<HodgkinHuxleyModel<double>>, Integrator> HH;
typedef DiffusionSynapsis<HH, HH, Integrator, double> Syn;

int main(int argc, char **argv) {
  const int reps = argc > 1 ? std::atoi(argv[1]) : 1;
  HH::ConstructorArgs args;
  args.params[HH::cm] = 1 * 7.854e-3;
  args.params[HH::vna] = 50;
  args.params[HH::vk] = -77;
  args.params[HH::vl] = -54.387;
  args.params[HH::gna] = 120 * 7.854e-3;
  args.params[HH::gk] = 36 * 7.854e-3;
  args.params[HH::gl] = 0.3 * 7.854e-3;
  HH pre(args), post(args);
  for (HH *n : {&pre, &post}) {
    n->set(HH::v, -65);
    n->set(HH::h, 0.6);
    n->set(HH::m, 0.05);
    n->set(HH::n, 0.3);
  }
  Syn::ConstructorArgs sargs;
  sargs.params[Syn::alpha] = 1.1;
  sargs.params[Syn::beta] = 0.19;
  sargs.params[Syn::threshold] = 0;
  sargs.params[Syn::esyn] = 0;
  sargs.params[Syn::gsyn] = -0.005;
  sargs.params[Syn::T] = 1;
  sargs.params[Syn::max_release_time] = 1;
  Syn s(pre, HH::v, post, HH::v, sargs, reps);
  const double h = 0.01;
  std::cout << std::setprecision(17);
  for (int k = 1; k <= 20000; ++k) {
    s.step(h);
    pre.add_synaptic_input(0.5);
    pre.step(h);
    post.step(h);
    if (k % 100 == 0)
      std::cout << reps << " " << k << " " << pre.get(HH::v) << " " << post.get(HH::v) << " "
                << s.get(Syn::r) << " " << s.get(Syn::i) << "\n";
  }
  return 0;
}
CPP
  inc=""
  for d in include concepts models integrators wrappers archetypes; do inc="$inc -I$NEUN_SRC/$d"; done
  # shellcheck disable=SC2086
  ${CXX:-c++} -O3 -DNDEBUG -std=c++20 $inc "$tmp/dsyn.cpp" -o "$tmp/dsyn"
  {
    echo "# DiffusionSynapsis driven by Neun's own classes (driver in tools/neun-synapse-fixtures.sh), every 100th step, 17 digits."
    echo "# Regenerate: NEUN_BUILD=<neun build dir> NEUN_SRC=<neun source dir> tools/neun-synapse-fixtures.sh"
    echo "# columns: steps_per_call steps_done V_pre V_post r i"
    "$tmp/dsyn" 1
    "$tmp/dsyn" 3
  } > "$out/diffusionSynapsis.txt"
fi

wc -l "$out"/synapsis.txt "$out"/chemicalSynapsis.txt
[ -f "$out/diffusionSynapsis.txt" ] && wc -l "$out/diffusionSynapsis.txt"
exit 0
