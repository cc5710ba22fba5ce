import Datasets
import Experiments
import FileIO
import NeuralNetwork
import OptionParsing
import Pruning
import Reporting
import Verification

/// `ecprune prune`: prunes one model file with one criterion.
struct PruneCommand: Subcommand {
  let specification = CommandSpecification(
    name: "prune",
    summary:
      "Prunes a model with one criterion, optionally fine-tunes it with "
      + "the removed weights held at zero, and writes the pruned model. "
      + "Prints test loss and accuracy before and after and the removed "
      + "fraction of each layer.",
    options: [
      .value("model", "FILE", help: "The safetensors model to prune."),
      .value(
        "criterion", "NAME",
        help: "How weights are scored: "
          + Criterion.allCases.map(\.rawValue).joined(separator: ", ") + ".",
        default: Criterion.eliminationCompensation.rawValue),
      .value(
        "ratio", "R",
        help: "Fraction of weights to remove, biases excluded, in [0, 1]."),
      .value(
        "scope", "SCOPE",
        help: "global (one threshold across layers) or layer (the same "
          + "ratio in each layer).",
        default: "global"),
      .value("out", "FILE", help: "Where to write the pruned model."),
      .value(
        "response", "NAME",
        help: "What the Taylor criteria keep unchanged: output (logits), "
          + "probabilities or loss.",
        default: "output"),
      .flag(
        "per-sample",
        help: "For weight-gradient: average |w·∂ℓ/∂w| per sample."),
      .value(
        "scoring-samples", "N",
        help: "Training samples drawn (with the seed) to compute the "
          + "criterion on; at most the training set's size.",
        default: "10000"),
      .value(
        "steps", "K",
        help: "Reach the ratio in K equal steps, rescoring after each.",
        default: "1"),
      .value(
        "fine-tune-epochs", "N",
        help: "Epochs of Adam fine-tuning after pruning.", default: "0"),
      .value(
        "learning-rate", "RATE", help: "Adam's step size for fine-tuning.",
        default: "0.001"),
      .value(
        "seed", "SEED",
        help: "Seed of the scoring subset, the random "
          + "criterion and fine-tuning.", default: "0"),
      .value(
        "data-dir", "FOLDER", help: "Folder with the four IDX files.",
        default: IDXDataDirectory.defaultPath),
    ] + GroundTruthOptions.specifications)

  func run(_ options: ParsedOptions) throws -> Int32 {
    guard let modelPath = options.string("model") else {
      throw UsageError.invalid(command: "prune", "missing option --model")
    }
    guard let outPath = options.string("out") else {
      throw UsageError.invalid(command: "prune", "missing option --out")
    }
    guard options.string("ratio") != nil else {
      throw UsageError.invalid(command: "prune", "missing option --ratio")
    }
    var settings = PruningSettings(
      criterion: try choice(options, "criterion", Criterion.self),
      ratio: try options.double("ratio", in: 0...1),
      scope: try choice(options, "scope", SelectionScope.self))
    settings.steps = try options.integer("steps", in: 1...1000)
    settings.options.response = try choice(options, "response", Response.self)
    settings.options.perSample = options.flag("per-sample")
    settings.options.seed = try options.seed("seed")
    let scoringCount = try options.integer("scoring-samples", in: 1...Int.max)
    let groundTruth = try GroundTruthOptions.parse(
      options, scoringSamples: scoringCount, command: "prune")
    if settings.criterion.needsGroundTruth
      && settings.options.response != .output
    {
      throw UsageError.invalid(
        command: "prune",
        "nonlinear-compensation has a ground truth for the output response "
          + "only; drop --response or use --response output")
    }
    let epochs = try options.integer("fine-tune-epochs", in: 0...10_000)
    let learningRate = try options.double("learning-rate", in: 1e-12...1e3)
    try OutputPaths.check([outPath], command: "prune")
    if OutputPaths.sameFile(outPath, modelPath) {
      throw UsageError.invalid(
        command: "prune",
        "--out names the input model \(modelPath); choose another path")
    }

    // Read and check everything before the work starts.
    let network = try ModelFile.read(modelPath)
    var dataSettings = TrainingSettings()
    dataSettings.dataDirectory = options.string("data-dir")!
    let (training, test) = try TrainingExperiment.loadData(dataSettings)
    try ModelChecks.matches(
      network, featureCount: training.featureCount,
      classCount: training.classCount, modelPath: modelPath)

    let scoringSet = try training.randomSubset(
      count: min(scoringCount, training.count), seed: settings.options.seed)
    let data = ScoringData(
      features: TrainingExperiment.matrix(of: scoringSet),
      targets: .classes(scoringSet.labels))
    let testFeatures = TrainingExperiment.matrix(of: test)
    let before = network.evaluate(
      features: testFeatures, targets: .classes(test.labels),
      loss: .softmaxCrossEntropy)

    Diagnostics.note(
      "pruning \(NumberFormat.fixed(100 * settings.ratio, decimals: 1)) % "
        + "of \(network.weightCount) weights with "
        + "\(settings.criterion.rawValue) on \(scoringSet.count) samples")
    var coverage: NonlinearCoverage? = nil
    var step = 0
    let outcome = Pruner.prune(network, settings: settings) { current in
      // One progress line per tenth of each step's ground truth.
      step += 1
      let prefix =
        settings.steps == 1
        ? settings.criterion.rawValue
        : "\(settings.criterion.rawValue) step \(step)/\(settings.steps)"
      let reporter = GroundTruthProgress(
        prefix: prefix, report: Diagnostics.note)
      let result = CriterionScorer.score(
        current, criterion: settings.criterion, data: data,
        options: settings.options, groundTruth: groundTruth,
        progress: reporter.update)
      coverage = result.coverage
      return result.scores
    }
    if let coverage {
      Diagnostics.note("nonlinear-compensation: \(coverage.summary)")
    }
    var pruned = outcome.network
    if epochs > 0 {
      Diagnostics.note(
        "fine-tuning for \(epochs) epoch" + (epochs == 1 ? "" : "s"))
      let progressLine = TrainingProgressLine(epochs: epochs)
      let configuration = TrainingConfiguration(
        epochs: epochs, batchSize: 128, learningRate: learningRate,
        seed: settings.options.seed)
      _ = Trainer.train(
        &pruned, features: TrainingExperiment.matrix(of: training),
        targets: .classes(training.labels), configuration: configuration,
        mask: outcome.mask
      ) { progressLine.update($0) }
    }
    let after = pruned.evaluate(
      features: testFeatures, targets: .classes(test.labels),
      loss: .softmaxCrossEntropy)

    try ModelFile.write(
      pruned, to: outPath,
      metadata: [
        "ecprune_version": SoftwareVersions.ecprune,
        "pruning_criterion": settings.criterion.rawValue,
        "pruning_ratio": "\(settings.ratio)",
        "pruning_scope": settings.scope.rawValue,
      ])
    Diagnostics.note("wrote \(outPath)")
    print(summary(before: before, after: after, outcome: outcome))
    return 0
  }

  private func summary(
    before: Evaluation, after: Evaluation, outcome: PruningOutcome
  ) -> String {
    var table = Table(columns: ["", "test loss", "test accuracy"])
    for (name, evaluation) in [("before", before), ("after", after)] {
      table.append([
        name, NumberFormat.fixed(evaluation.meanLoss, decimals: 4),
        NumberFormat.fixed(100 * (evaluation.accuracy ?? .nan), decimals: 2)
          + " %",
      ])
    }
    var layers = Table(columns: ["layer", "removed", "zero-sensitivity units"])
    for (index, fraction) in outcome.mask.removedFractions.enumerated() {
      layers.append([
        "\(index)", NumberFormat.fixed(100 * fraction, decimals: 2) + " %",
        outcome.zeroSensitivityUnitCounts.map { "\($0[index])" } ?? "n/a",
      ])
    }
    return table.markdown() + "\n" + layers.markdown()
  }
}

/// Parses an option whose value names a case of `T`.
func choice<T: RawRepresentable & CaseIterable>(
  _ options: ParsedOptions, _ name: String, _ type: T.Type
) throws -> T where T.RawValue == String {
  let text = options.string(name) ?? ""
  guard let value = T(rawValue: text) else {
    let known = T.allCases.map(\.rawValue).joined(separator: ", ")
    throw UsageError.invalid(
      command: options.command.name,
      "invalid value '\(text)' for --\(name): expected one of \(known)")
  }
  return value
}
