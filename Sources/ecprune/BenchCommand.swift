import Datasets
import Experiments
import FileIO
import Foundation
import OptionParsing

/// `ecprune bench`: measures the training speed and BLAS throughput.
struct BenchCommand: Subcommand {
  let specification = CommandSpecification(
    name: "bench",
    summary:
      "Measures, in one run, the epoch time of the default training "
      + "(784-300-100-10 ReLU, Adam, batch 128) on the IDX data set in "
      + "--data-dir, the GEMM throughput inside a training step, the "
      + "dgemm peak of the same BLAS, the scoring time and the ground "
      + "truth for every weight of the trained network against the "
      + "per-weight solvers; prints the benchmark page.",
    options: [
      .value(
        "epochs", "N", help: "Training epochs to time.", default: "2"),
      .value(
        "seed", "SEED",
        help:
          "Seed of the timed training and of the weights and units that "
          + "the ground-truth timings sample.",
        default: "0"),
      .value(
        "data-dir", "FOLDER", help: "Folder with the four IDX files.",
        default: IDXDataDirectory.defaultPath),
      .value(
        "jax-python", "PATH",
        help:
          "Python interpreter with JAX; when given, the same training in "
          + "JAX float64 is timed in the same run for comparison."),
      .value(
        "jax-script", "FILE", help: "The JAX training reference script.",
        default: "scripts/jax_reference_epoch.py"),
      .value(
        "jax-scoring-script", "FILE", help: "The JAX scoring reference script.",
        default: "scripts/jax_reference_scoring.py"),
      .value(
        "scoring-samples", "N",
        help: "Samples for the scoring benchmark, in batches of 1000.",
        default: "10000"),
      .value(
        "truth-samples", "N",
        help: "Training samples the ground truth averages over.",
        default: "1000"),
      .value(
        "truth-naive-weights", "N",
        help:
          "Weights, drawn at random, that the per-weight ground-truth "
          + "solvers are timed on, capped at the network's weight count.",
        default: "24"),
      .value("json", "FILE", help: "Where to write the JSON record."),
      .value("markdown", "FILE", help: "Where to write the benchmark page."),
    ])

  func run(_ options: ParsedOptions) throws -> Int32 {
    var settings = TrainingSettings()
    settings.seed = try options.seed("seed")
    settings.dataDirectory = options.string("data-dir")!
    let epochs = try options.integer("epochs", in: 1...100)
    let truthSamples = try options.integer("truth-samples", in: 1...Int.max)
    let naiveWeights = try options.integer(
      "truth-naive-weights", in: 1...Int.max)
    let jsonPath = options.string("json")
    let markdownPath = options.string("markdown")
    try OutputPaths.check(
      [jsonPath, markdownPath].compactMap { $0 }, command: "bench")
    if let python = options.string("jax-python"),
      !FileManager.default.isExecutableFile(atPath: python)
    {
      throw InputError(
        path: python,
        "Python interpreter not found; run 'make bench', which creates it")
    }

    let result = try TrainingBenchmark.run(
      settings: settings, epochs: epochs, note: Diagnostics.note)
    let scoringSamples = try options.integer("scoring-samples", in: 1...Int.max)
    Diagnostics.note("timing elimination-compensation scoring")
    let (training, _) = try TrainingExperiment.loadData(settings)
    let scoring = ScoringBenchmark.run(
      network: result.network, dataset: training,
      sampleCount: min(scoringSamples, training.count))
    let truthInputs = TrainingExperiment.matrix(
      of: training.prefix(truthSamples))
    let groundTruth = GroundTruthBenchmark.run(
      network: result.network, inputs: truthInputs,
      sampledWeightCount: min(naiveWeights, result.network.weightCount),
      seed: settings.seed, note: Diagnostics.note)
    var jax: JAXReferenceResult? = nil
    var jaxScoring: JAXScoringResult? = nil
    if let python = options.string("jax-python") {
      Diagnostics.note("timing the JAX float64 references")
      jax = try JAXReference.run(
        python: python, script: options.string("jax-script")!,
        dataDirectory: settings.dataDirectory, epochs: epochs)
      jaxScoring = try JAXReference.runScoring(
        python: python, script: options.string("jax-scoring-script")!,
        dataDirectory: settings.dataDirectory, samples: scoring.sampleCount,
        batchSize: scoring.batchSize)
    }
    let measurements = BenchmarkMeasurements(
      training: result, scoring: scoring, groundTruth: groundTruth,
      jaxTraining: jax, jaxScoring: jaxScoring)
    if let jsonPath {
      try AtomicFile.write(
        text: BenchmarkReport.json(measurements).rendered(), to: jsonPath)
    }
    let page = BenchmarkReport.markdown(measurements)
    if let markdownPath {
      try AtomicFile.write(text: page, to: markdownPath)
    }
    print(page, terminator: "")
    return 0
  }
}
