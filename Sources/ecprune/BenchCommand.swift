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
      + "--data-dir, the GEMM throughput inside a training step and the "
      + "dgemm peak of the same BLAS; prints the benchmark page.",
    options: [
      .value(
        "epochs", "N", help: "Training epochs to time.", default: "2"),
      .value("seed", "SEED", help: "Seed of the timed training.", default: "0"),
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
      .value("json", "FILE", help: "Where to write the JSON record."),
      .value("markdown", "FILE", help: "Where to write the benchmark page."),
    ])

  func run(_ options: ParsedOptions) throws -> Int32 {
    var settings = TrainingSettings()
    settings.seed = try options.seed("seed")
    settings.dataDirectory = options.string("data-dir")!
    let epochs = try options.integer("epochs", in: 1...100)
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
      training: result, scoring: scoring, jaxTraining: jax,
      jaxScoring: jaxScoring)
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
