#!/usr/bin/env bash
# Builds the libFuzzer targets of Fuzz/Targets into .build/fuzz/bin.
#
#   scripts/build-fuzzers.sh [TARGET ...]   # default: every target
#
# SwiftPM compiles the library modules with -sanitize=fuzzer,address into
# its own scratch folder, .build/fuzz, so the release build in
# .build/release is never touched. swiftc then links each target's file,
# with Fuzz/FuzzSupport.swift, against those modules' object files.
# SwiftPM cannot link the targets itself: an executable target brings its
# own main, which clashes with libFuzzer's.
set -euo pipefail
cd "$(dirname "$0")/.."

SWIFT=${SWIFT:-swift}
SWIFTC=${SWIFTC:-swiftc}
SCRATCH=.build/fuzz
BUILD=$SCRATCH/release
SANITIZE=-sanitize=fuzzer,address

# The fuzz targets, the file of each and the modules it links, each
# after the modules it depends on.
ALL_TARGETS=(idx idx-gzip safetensors npy model claims options)
target_file() {
  case $1 in
    idx) echo IDXFuzzer ;;
    idx-gzip) echo IDXGzipFuzzer ;;
    safetensors) echo SafetensorsFuzzer ;;
    npy) echo NumpyFuzzer ;;
    model) echo ModelFuzzer ;;
    claims) echo ClaimsFuzzer ;;
    options) echo OptionsFuzzer ;;
    *) echo "unknown fuzz target '$1'; known: ${ALL_TARGETS[*]}" >&2
       return 1 ;;
  esac
}
target_modules() {
  case $1 in
    idx | idx-gzip) echo FileIO SeededRandom TensorFiles GSL Datasets ;;
    safetensors | npy) echo FileIO TensorFiles ;;
    model) echo FileIO SeededRandom TensorFiles CKernels NeuralNetwork ;;
    claims)
      echo FileIO SeededRandom TensorFiles CKernels NeuralNetwork Pruning \
        GSL Verification ;;
    options) echo FileIO OptionParsing ;;
  esac
}

targets=("$@")
[[ ${#targets[@]} -gt 0 ]] || targets=("${ALL_TARGETS[@]}")
for target in "${targets[@]}"; do target_file "$target" >/dev/null; done

# The instrumented library modules. Building Datasets, Verification and
# OptionParsing builds every module the targets link.
for module in Datasets Verification OptionParsing; do
  "$SWIFT" build -c release --scratch-path "$SCRATCH" \
    -Xswiftc "$SANITIZE" -Xswiftc -g --target "$module"
done

# Clang modules that the Swift modules import, and the C flags of their
# headers.
clang_flags=()
for shim in CZlib CGSL CGSLBLAS CBLAS CLoader; do
  clang_flags+=(-Xcc "-fmodule-map-file=Sources/$shim/module.modulemap")
done
clang_flags+=(-Xcc "-fmodule-map-file=$BUILD/CKernels.build/module.modulemap")
clang_flags+=(-Xcc -ISources/CKernels/include)
for flag in $(pkg-config --cflags openblas gsl zlib); do
  clang_flags+=(-Xcc "$flag")
done

mkdir -p "$SCRATCH/bin"
for target in "${targets[@]}"; do
  name=$(target_file "$target")
  objects=()
  for module in $(target_modules "$target"); do
    objects+=("$BUILD/$module.build/"*.o)
  done
  echo "linking $SCRATCH/bin/$target"
  # OpenBLAS comes before GSL, as in the tool, so that it serves cblas_*.
  "$SWIFTC" -O -g "$SANITIZE" -use-ld=lld -parse-as-library -module-name "$name" \
    -module-cache-path "$SCRATCH/ModuleCache" -I "$BUILD/Modules" \
    "${clang_flags[@]}" "Fuzz/Targets/$name.swift" Fuzz/FuzzSupport.swift \
    "${objects[@]}" $(pkg-config --libs openblas gsl zlib) -ldl \
    -o "$SCRATCH/bin/$target"
done
