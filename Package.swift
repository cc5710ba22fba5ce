// swift-tools-version: 6.0
import PackageDescription

// Module arrows point one way:
//   ecprune → Experiments → Pruning → NeuralNetwork → CBLAS
//   Experiments → Datasets → CZlib, GSL, TensorFiles,
//   Experiments → Reporting,
//   NeuralNetwork → TensorFiles → FileIO, GSL → CGSL.
let package = Package(
  name: "ecprune",
  products: [
    .executable(name: "ecprune", targets: ["ecprune"]),
    .library(name: "NeuralNetwork", targets: ["NeuralNetwork"]),
    .library(name: "Datasets", targets: ["Datasets"]),
    .library(name: "TensorFiles", targets: ["TensorFiles"]),
    .library(name: "GSL", targets: ["GSL"]),
    .library(name: "PropertyChecks", targets: ["PropertyChecks"]),
    .library(name: "PropertySuite", targets: ["PropertySuite"]),
  ],
  targets: [
    // System libraries, each with the Debian package that provides it.
    .systemLibrary(
      name: "CGSL", pkgConfig: "gsl", providers: [.apt(["libgsl-dev"])]),
    .systemLibrary(
      name: "CBLAS", pkgConfig: "openblas",
      providers: [.apt(["libopenblas-dev"])]),
    .systemLibrary(
      name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
    // GSL's gsl_blas.h alone, kept apart from CBLAS (see its shim.h).
    .systemLibrary(name: "CGSLBLAS"),
    // glibc's dlfcn.h, to ask the loader which library serves a symbol.
    .systemLibrary(name: "CLoader"),

    // Vectorised elementwise optimiser kernels in C; -fno-math-errno lets
    // the compiler use the vector square root.
    .target(
      name: "CKernels",
      cSettings: [.unsafeFlags(["-O3", "-fno-math-errno"])]),
    .target(name: "FileIO"),
    .target(name: "SeededRandom"),
    .target(name: "TensorFiles", dependencies: ["FileIO"]),
    .target(
      name: "Datasets",
      dependencies: ["CZlib", "FileIO", "SeededRandom", "GSL", "TensorFiles"]),
    .target(name: "GSL", dependencies: ["CGSL", "CGSLBLAS", "CLoader"]),
    .target(
      name: "NeuralNetwork",
      dependencies: [
        "CBLAS", "CKernels", "TensorFiles", "FileIO", "SeededRandom",
      ]),
    .target(
      name: "Pruning", dependencies: ["NeuralNetwork", "SeededRandom"]),
    .target(
      name: "Verification",
      dependencies: [
        "Pruning", "NeuralNetwork", "GSL", "TensorFiles", "FileIO",
        "SeededRandom",
      ]),
    .target(name: "Reporting", dependencies: ["FileIO"]),
    .target(name: "OptionParsing"),
    // Seeded generators, shrinking and replay, with generators of small
    // networks; besides NeuralNetwork it uses the toolchain's Swift
    // Testing only, so any test target can depend on it.
    .target(name: "PropertyChecks", dependencies: ["NeuralNetwork"]),
    // The facts of the closed form as properties of any scorer, with
    // GSL finite differences and the ground truth as oracles.
    .target(
      name: "PropertySuite",
      dependencies: [
        "PropertyChecks", "Pruning", "Verification", "NeuralNetwork", "GSL",
      ]),
    .target(
      name: "Experiments",
      dependencies: [
        "NeuralNetwork", "Pruning", "Verification", "Datasets", "Reporting",
        "GSL", "FileIO", "SeededRandom",
      ]),
    .executableTarget(
      name: "ecprune",
      dependencies: [
        "Experiments", "OptionParsing", "FileIO", "GSL", "Reporting",
        "NeuralNetwork", "Datasets", "Pruning", "Verification", "TensorFiles",
      ]),

    .target(
      name: "TestSupport",
      dependencies: [
        "NeuralNetwork", "SeededRandom", "Pruning", "PropertySuite",
      ],
      path: "Tests/TestSupport"),
    // The malformed files and saved fuzzing crashes under Fuzz/, listed
    // for the regression tests of each reader.
    .target(
      name: "FuzzCorpus", dependencies: ["FileIO"], path: "Tests/FuzzCorpus"),
    .testTarget(name: "FileIOTests", dependencies: ["FileIO"]),
    .testTarget(name: "SeededRandomTests", dependencies: ["SeededRandom"]),
    // Interop/ contains the Python side of the interop tests, run by path.
    .testTarget(
      name: "TensorFilesTests",
      dependencies: ["TensorFiles", "FileIO", "FuzzCorpus"],
      exclude: ["Interop"]),
    .testTarget(
      name: "DatasetsTests",
      dependencies: [
        "Datasets", "FileIO", "CZlib", "GSL", "TensorFiles", "FuzzCorpus",
      ]),
    .testTarget(
      name: "GSLTests", dependencies: ["GSL", "CGSL", "CGSLBLAS"]),
    .testTarget(
      name: "NeuralNetworkTests",
      dependencies: [
        "NeuralNetwork", "GSL", "TestSupport", "TensorFiles", "FileIO",
        "FuzzCorpus",
      ]),
    .testTarget(
      name: "OptionParsingTests",
      dependencies: ["OptionParsing", "FuzzCorpus"]),
    .testTarget(name: "ReportingTests", dependencies: ["Reporting"]),
    .testTarget(
      name: "PropertyChecksTests",
      dependencies: ["PropertyChecks", "NeuralNetwork"]),
    .testTarget(
      name: "PropertySuiteTests",
      dependencies: [
        "PropertySuite", "PropertyChecks", "TestSupport", "Pruning",
        "NeuralNetwork", "Verification", "TensorFiles",
      ]),
    .testTarget(
      name: "VerificationTests",
      dependencies: [
        "Verification", "Pruning", "NeuralNetwork", "TestSupport", "GSL",
        "CGSL", "FileIO", "FuzzCorpus",
      ]),
    .testTarget(
      name: "PruningTests",
      dependencies: ["Pruning", "NeuralNetwork", "TestSupport", "GSL"]),
    .testTarget(
      name: "ExperimentsTests",
      dependencies: [
        "Experiments", "NeuralNetwork", "Pruning", "Datasets", "FileIO",
        "SeededRandom", "Verification",
      ]),
    .testTarget(
      name: "EndToEndTests",
      dependencies: [
        "ecprune", "Experiments", "NeuralNetwork", "Datasets", "FileIO",
        "TensorFiles", "Verification", "TestSupport", "PropertySuite",
        "Pruning", "FuzzCorpus",
      ]),
  ],
  swiftLanguageModes: [.v6]
)
