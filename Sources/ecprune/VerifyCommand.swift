import Datasets
import Experiments
import FileIO
import NeuralNetwork
import OptionParsing

/// `ecprune verify`: checks the closed form of a trained model against the
/// GSL ground truth and writes the verification report.
struct VerifyCommand: Subcommand {
  let specification = CommandSpecification(
    name: "verify",
    summary:
      "Verifies a model's closed-form compensations and importances "
      + "against the GSL ground truth for every weight (output response): "
      + "derivative checks, relative errors per layer, Taylor tests, the "
      + "solver's self-check, rank agreement, and test accuracy after "
      + "pruning with four bias compensations. Writes the Markdown, CSV, "
      + "JSON and SVG report. Exit status 0, 1 when a derivative check "
      + "fails, 2 on bad input.",
    options: [
      .value("model", "FILE", help: "The safetensors model to verify."),
      .value(
        "data-dir", "FOLDER", help: "Folder with the four IDX files.",
        default: IDXDataDirectory.defaultPath),
      .value(
        "dataset", "FOLDER", help: "Another name for --data-dir."),
      .value(
        "out-dir", "FOLDER", help: "Where the report files go.",
        default: "Reports/verification"),
      .value("out", "FOLDER", help: "Another name for --out-dir."),
      .value(
        "samples", "N",
        help: "Training samples, drawn with the seed, that the closed form "
          + "and the ground truth are computed on; at most the training "
          + "set's size. The ground truth's time grows linearly with N.",
        default: "1000"),
      .value(
        "derivative-samples", "N",
        help: "How many of those samples the derivative checks use.",
        default: "64"),
      .value(
        "ratios", "LIST",
        help: "Pruning ratios, comma-separated, in [0, 1], at which the "
          + "bias compensations are compared.",
        default: "0.5,0.8,0.9,0.95"),
      .value(
        "taylor-weights", "N",
        help: "Per layer, the Taylor tests take the N weights of largest "
          + "importance and N more at random.",
        default: "3"),
      .value(
        "self-check-weights", "N",
        help: "Weights per layer, drawn at random, whose ground truth is "
          + "solved again with GSL's Brent solver.",
        default: "30"),
      .value(
        "seed", "SEED",
        help: "Seed of the sample subset and of every random choice of "
          + "entries and weights.",
        default: "0"),
    ])

  func run(_ options: ParsedOptions) throws -> Int32 {
    guard let modelPath = options.string("model") else {
      throw UsageError.invalid(command: "verify", "missing option --model")
    }
    var settings = VerificationSettings()
    settings.sampleCount = try options.integer("samples", in: 1...Int.max)
    settings.derivativeSampleCount = try options.integer(
      "derivative-samples", in: 1...Int.max)
    settings.pruningRatios = try options.doubleList("ratios", in: 0...1)
    try rejectDuplicates(
      settings.pruningRatios.map { "\($0)" }, option: "ratios",
      command: "verify")
    settings.pruningRatios.sort()
    settings.taylorWeightsPerLayer = try options.integer(
      "taylor-weights", in: 0...1000)
    settings.selfCheckWeightsPerLayer = try options.integer(
      "self-check-weights", in: 0...1_000_000)
    settings.seed = try options.seed("seed")
    let folder = try synonym(options, "out-dir", "out")
    let dataFolder = try synonym(options, "data-dir", "dataset")
    guard !folder.isEmpty else {
      throw UsageError.invalid(command: "verify", "--out-dir is empty")
    }

    // Read and check everything before the work starts.
    let network = try ModelFile.read(modelPath)
    try OutputPaths.check(
      VerificationReport.fileNames(layerCount: network.layers.count).map {
        folder + "/" + $0
      }, command: "verify")
    var dataSettings = TrainingSettings()
    dataSettings.dataDirectory = dataFolder
    let (training, test) = try TrainingExperiment.loadData(dataSettings)
    try ModelChecks.matches(
      network, featureCount: training.featureCount,
      classCount: training.classCount, modelPath: modelPath)

    guard settings.sampleCount <= training.count else {
      throw UsageError.invalid(
        command: "verify",
        "--samples \(settings.sampleCount) exceeds the \(training.count) "
          + "training samples in \(dataFolder); choose at most that")
    }
    guard settings.derivativeSampleCount <= settings.sampleCount else {
      throw UsageError.invalid(
        command: "verify",
        "--derivative-samples \(settings.derivativeSampleCount) exceeds "
          + "--samples \(settings.sampleCount); choose at most that")
    }
    // The joint re-fit has one residual per sample and output and one
    // parameter per bias; GSL needs at least as many residuals.
    let biasCount = network.layers.reduce(0) { $0 + $1.unitCount }
    let neededSamples =
      (biasCount + network.outputCount - 1) / network.outputCount
    guard
      settings.pruningRatios.isEmpty || settings.sampleCount >= neededSamples
    else {
      throw UsageError.invalid(
        command: "verify",
        "--samples \(settings.sampleCount) is too few for the joint re-fit "
          + "of \(biasCount) biases from \(network.outputCount) outputs per "
          + "sample; use at least \(neededSamples)")
    }

    Diagnostics.note(
      "verifying the \(network.architecture) model \(modelPath) on "
        + "\(settings.sampleCount) training samples "
        + "from \(dataFolder)")
    let dataset = DatasetDescription(
      name: TrainingExperiment.datasetName(dataFolder), source: dataFolder,
      trainingSampleCount: training.count, testSampleCount: test.count)
    let outcome = try VerificationExperiment.run(
      network: network, training: training, test: test, dataset: dataset,
      settings: settings, progress: Diagnostics.note)
    let paths = try VerificationReport.write(outcome, to: folder)
    Diagnostics.note("wrote \(paths.count) files into \(folder)")

    let derivativeFailures =
      outcome.sensitivityCheck.failures.count
      + outcome.gradientCheck.failures.count
    print(
      "derivative checks: \(derivativeFailures) failures; ground truth: "
        + "\(outcome.groundTruthFailures.count) failures; report in "
        + "\(folder)/\(VerificationReport.pageName)")
    return derivativeFailures == 0 ? 0 : 1
  }

  /// Returns the value of option `name` or of its other name `other`,
  /// which may not both be given.
  private func synonym(
    _ options: ParsedOptions, _ name: String, _ other: String
  ) throws -> String {
    if options.values[name] != nil && options.values[other] != nil {
      throw UsageError.invalid(
        command: "verify",
        "--\(name) and --\(other) name the same option; give one of them")
    }
    return options.values[other] ?? options.string(name)!
  }
}
