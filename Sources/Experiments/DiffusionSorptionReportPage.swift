import Datasets
import NeuralNetwork
import Pruning
import Reporting

/// The overview page of the diffusion–sorption experiment,
/// `diffusion-sorption.md`.
enum DiffusionSorptionReportPage {
  /// Returns the page: the data, the networks, the sweeps, the overview
  /// table, the findings, the plot and the links to each level's report.
  static func markdown(_ outcome: DiffusionSorptionOutcome) -> String {
    [
      introduction(outcome), data(outcome), networks(outcome),
      sweeps(outcome), overview(outcome), levelLinks(outcome),
    ].map { $0.trimmingCharacters(in: "\n") }.joined(separator: "\n\n")
      + "\n"
  }

  static func introduction(_ outcome: DiffusionSorptionOutcome) -> String {
    "# Pruning sweeps on diffusion–sorption\n\n"
      + wrapped(
        "The second experiment: one network per noise level regresses the "
          + "solution of PDEBench's diffusion–sorption problem, and each is "
          + "pruned with every criterion, the nonlinear baseline included. "
          + "Test loss is the mean squared error on clean test targets. "
          + "Every number comes from seed \(outcome.settings.seed). "
          + "Regenerate with `make report`.")
  }

  static func data(_ outcome: DiffusionSorptionOutcome) -> String {
    let settings = outcome.settings
    let data = settings.data
    let physics = data.physics
    let sampling = settings.sampling
    let levels = settings.noiseLevels.map(DiffusionSorptionReport.noisePercent)
    let sorption =
      physics.sorption
      ? "R(u) = 1 + ((1 − φ)/φ)·ρₛ·k·n·(u + 10⁻⁶)^(n − 1)"
      : "R(u) = 1 (sorption off)"
    let testTrajectories =
      sampling.trajectoryCount - sampling.trainingTrajectoryCount
    let paragraphs = [
      "The concentration u(x, t) obeys ∂u/∂t = D/R(u)·∂²u/∂x² on "
        + "x ∈ (0, 1), t ∈ [0, \(number(data.endTime))], with \(sorption), "
        + "D = \(number(physics.diffusionCoefficient)), "
        + "φ = \(number(physics.porosity)), "
        + "ρₛ = \(number(physics.bulkDensity)), "
        + "k = \(number(physics.freundlichCoefficient)) and "
        + "n = \(number(physics.freundlichExponent)) (PDEBench's constants), "
        + "u(0, t) = 1, u(1, t) = D·∂ₓu(1, t) and a constant initial value "
        + "u₀ drawn uniformly from [0, 0.2]. The method of lines on "
        + "\(data.cellCount) cells, solved with GSL's msbdf at absolute and "
        + "relative tolerances \(number(data.absoluteTolerance)) and "
        + "\(number(data.relativeTolerance)), gives u at \(data.timeCount) "
        + "evenly spaced times.",
      "\(sampling.trajectoryCount) trajectories are solved. The first "
        + "\(sampling.trainingTrajectoryCount) give the "
        + "\(sampling.trainingPointCount) training points and the other "
        + "\(testTrajectories) the \(sampling.testPointCount) test points, so "
        + "the split is by trajectory and no test initial value is seen in "
        + "training. A sample maps (x, t, u₀) to u. The test targets' "
        + "variance is \(figure(outcome.testTargetVariance)), the loss of "
        + "always predicting their mean.",
      "Noise is Gaussian and added to the training targets only. Its "
        + "standard deviation is the level times the clean training "
        + "targets' σ = \(figure(outcome.trainingTargetDeviation)), and the "
        + "levels are \(DiffusionSorptionFindings.list(levels)). The test set "
        + "is the same clean set at every level.",
    ]
    return "## Data\n\n" + paragraphs.map(wrapped).joined(separator: "\n\n")
  }

  static func networks(_ outcome: DiffusionSorptionOutcome) -> String {
    let settings = outcome.settings
    let architecture = outcome.levels.first?.sweep.architecture ?? "network"
    var table = Table(
      columns: [
        "noise", "noise σ", "training loss (noisy targets)", "test loss",
      ])
    for level in outcome.levels {
      table.append([
        DiffusionSorptionReport.noisePercent(level.noise),
        figure(level.noise * outcome.trainingTargetDeviation),
        figure(level.unprunedTraining.meanLoss),
        figure(level.unprunedTest.meanLoss),
      ])
    }
    let text =
      "A \(architecture) network per level, trained with Adam for "
      + "\(settings.epochs) epochs in batches of \(settings.batchSize) at "
      + "learning rate \(number(settings.learningRate)), on the mean "
      + "squared error. Every level starts from the same initial weights "
      + "and visits the samples in the same order, so only the training "
      + "targets differ. Unpruned:"
    return "## Networks\n\n" + wrapped(text) + "\n\n" + table.markdown()
  }

  static func sweeps(_ outcome: DiffusionSorptionOutcome) -> String {
    let sweep = outcome.settings.seededSweep
    let criteria = DiffusionSorptionFindings.list(
      sweep.criteria.map(\.rawValue))
    let scopes = DiffusionSorptionFindings.list(
      sweep.scopes.map(\.rawValue))
    let tuned = sweep.fineTuneEpochs.filter { $0 > 0 }.map(String.init)
    let ratios = sweep.ratios.map { "\($0)" }.joined(separator: ", ")
    let tuning =
      tuned.isEmpty
      ? "evaluated without fine-tuning"
      : "evaluated as pruned and after fine-tuning for "
        + DiffusionSorptionFindings.list(tuned)
        + (tuned == ["1"] ? " epoch" : " epochs")
    let text =
      "Each network is pruned with \(criteria), with \(scopes) selection, "
      + "at ratios \(ratios), and \(tuning). The Taylor criteria measure "
      + "the \(sweep.response.rawValue) response on "
      + "\(sweep.scoringSampleCount) training samples, and the nonlinear "
      + "baseline's ground truth uses the first "
      + "\(sweep.groundTruth.sampleCount) of them."
    return "## Sweeps\n\n" + wrapped(text)
  }

  static func overview(_ outcome: DiffusionSorptionOutcome) -> String {
    let ratios = outcome.settings.comparedRatios
    var table = Table(
      columns: ["noise", "criterion"] + ratios.map { "ratio \($0)" })
    for level in outcome.levels {
      for criterion in level.sweep.settings.criteria {
        let losses = DiffusionSorptionReport.losses(
          level, criterion: criterion)
        table.append(
          [
            DiffusionSorptionReport.noisePercent(level.noise),
            criterion.rawValue,
          ] + ratios.map { losses[$0].map(figure) ?? "" })
      }
    }
    var parts = [
      "## Test loss after pruning",
      wrapped(
        "Test mean squared error, global scope, without fine-tuning (the "
          + "table is `diffusion-sorption.csv`):"),
      table.markdown().trimmingCharacters(in: "\n"),
    ]
    parts += DiffusionSorptionFindings.paragraphs(outcome).map(wrapped)
    parts += [
      "![Test loss against pruning ratio by noise level]"
        + "(diffusion-sorption.svg)",
      wrapped(
        "Solid lines are elimination-compensation, dashed the nonlinear "
          + "baseline and dotted magnitude. A colour is a noise level."),
    ]
    return parts.joined(separator: "\n\n")
  }

  static func levelLinks(_ outcome: DiffusionSorptionOutcome) -> String {
    let links = outcome.levels.map { level -> String in
      let names = DiffusionSorptionReport.names(noise: level.noise)
      return "- [noise \(DiffusionSorptionReport.noisePercent(level.noise))]"
        + "(\(names.filePrefix).md)"
    }
    return "## Each noise level\n\n"
      + "Every criterion, scope, ratio and fine-tuning budget, with plots:\n\n"
      + links.joined(separator: "\n")
  }

  /// Returns `text` as one paragraph with lines of at most 72 characters,
  /// broken at spaces. A word longer than a line gets a line of its own.
  static func wrapped(_ text: String) -> String {
    var lines: [String] = []
    var line = ""
    for word in text.split(separator: " ") {
      if !line.isEmpty, line.count + 1 + word.count > 72 {
        lines.append(line)
        line = ""
      }
      line += (line.isEmpty ? "" : " ") + word
    }
    if !line.isEmpty { lines.append(line) }
    return lines.joined(separator: "\n")
  }

  /// Returns `value` with four significant digits.
  static func figure(_ value: Double) -> String {
    NumberFormat.significant(value, digits: 4)
  }

  /// Returns a constant in its shortest exact form: `2880`, `0.0005`,
  /// `1e-06`.
  static func number(_ value: Double) -> String {
    if value == value.rounded(), abs(value) < 1e6 { return "\(Int(value))" }
    return "\(value)"
  }
}
