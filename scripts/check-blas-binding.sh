#!/usr/bin/env bash
# Checks that OpenBLAS, not GSL's reference CBLAS, serves the cblas_dgemm
# calls made from inside libgsl. The dynamic loader reports each symbol
# binding under LD_DEBUG=bindings; the program is run on a tiny command
# that calls gsl_blas_dgemm.
set -euo pipefail
binary=${1:?usage: check-blas-binding.sh PATH-TO-ECPRUNE}

log=$(mktemp)
trap 'rm -f "$log"' EXIT
LD_DEBUG=bindings LD_DEBUG_OUTPUT="$log" "$binary" blas-check >/dev/null
binding=$(grep -h "libgsl.so.*symbol \`cblas_dgemm'" "$log"* | head -n 1)
rm -f "$log".*
if [[ -z "$binding" ]]; then
  echo "check-blas-binding: libgsl made no cblas_dgemm call" >&2
  exit 1
fi
if [[ "$binding" != *libopenblas* ]]; then
  echo "check-blas-binding: libgsl's cblas_dgemm is not OpenBLAS:" >&2
  echo "  $binding" >&2
  exit 1
fi
echo "libgsl's cblas_dgemm binds to OpenBLAS: ${binding##*binding file }"
