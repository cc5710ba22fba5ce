import Datasets
import NeuralNetwork
import Pruning
import SeededRandom
import Synchronization
import Verification

/// Verifies the closed form on one trained classifier against the GSL
/// ground truth: derivative checks, the error of β* and I for every
/// weight, Taylor tests, the solver's self-check, rank agreement, and
/// pruning with four bias compensations.
public enum VerificationExperiment {
  /// Runs every check on `network` and returns the numbers for the
  /// report.
  ///
  /// The closed form and the ground truth both measure the output
  /// response (the logits) on the same `settings.sampleCount` training
  /// samples, drawn with `settings.seed` as the sweep draws its scoring
  /// subset. The derivative checks use the first
  /// `settings.derivativeSampleCount` of them.
  ///
  /// - Parameter progress: receives a short line per finished step, and
  ///   about every tenth of the ground truth, from any thread.
  /// - Throws: `InputError` when the subset cannot be drawn, `GSLError`
  ///   or `GroundTruthError` when a derivative check or the joint re-fit
  ///   fails inside GSL.
  public static func run(
    network: Network, training: ClassificationDataset,
    test: ClassificationDataset, dataset: DatasetDescription,
    settings: VerificationSettings,
    progress: @escaping @Sendable (String) -> Void = { _ in }
  ) throws -> VerificationOutcome {
    // The verification takes class data, so its loss is cross-entropy.
    let loss = Loss.softmaxCrossEntropy
    let subset = try training.randomSubset(
      count: min(settings.sampleCount, training.count), seed: settings.seed)
    let inputs = TrainingExperiment.matrix(of: subset)
    let targets = Targets.classes(subset.labels)

    // The derivative checks, on the first samples of the subset.
    let derivativeCount = min(settings.derivativeSampleCount, inputs.rows)
    let derivativeRows = Array(0..<derivativeCount)
    let check = DerivativeCheck(seed: settings.seed)
    let sensitivityCheck = try check.checkSensitivities(
      of: network, inputs: inputs.rows(at: derivativeRows))
    let gradientCheck = try check.checkGradients(
      of: network, inputs: inputs.rows(at: derivativeRows),
      targets: targets.rows(at: derivativeRows), loss: loss)
    progress(
      "derivative checks done on \(derivativeCount) samples: "
        + "\(sensitivityCheck.failures.count + gradientCheck.failures.count) "
        + "failures")

    // The closed form and the ground truth of every weight.
    let closedForm = EliminationCompensation.scores(
      of: network,
      on: ScoringData(features: inputs, targets: targets, loss: loss),
      response: .output)
    let objective = TrueObjective(network: network, inputs: inputs)
    progress(
      "solving the ground truth of \(network.weightCount) weights on "
        + "\(inputs.rows) samples")
    let table = GroundTruth.solve(
      objective, progress: tenthsReporter(progress))
    progress(
      "ground truth done: \(table.solvedCount) solved, "
        + "\(table.failures.count) failed")

    // Per layer: errors, rank agreement and the solver's self-check.
    var generator = SeededGenerator(
      seed: settings.seed, stream: .verificationWeights)
    let taylorWeights = network.layers.indices.map { layer in
      taylorChoice(
        closedForm.importance[layer], layer: layer,
        count: settings.taylorWeightsPerLayer, using: &generator)
    }
    var layers: [LayerVerification] = []
    for layer in network.layers.indices {
      layers.append(
        verifyLayer(
          layer, closedForm: closedForm, table: table, objective: objective,
          selfCheckCount: settings.selfCheckWeightsPerLayer,
          using: &generator))
    }
    progress("compared the closed form with the ground truth in every layer")
    let (kendallTau, overlaps) = rankAgreement(
      closedForm: closedForm, table: table, ratios: settings.overlapRatios)

    // Taylor tests of the chosen weights.
    let taylorCases = taylorWeights.map { chosen in
      chosen.map { weight, isLargest in
        taylorCase(
          weight, isLargest: isLargest, objective: objective,
          closedForm: closedForm, exponents: settings.taylorExponents)
      }
    }
    progress(
      "Taylor tests done on \(taylorCases.joined().count) weights")

    // Pruning with the four compensations, evaluated on the test set.
    let testInputs = TrainingExperiment.matrix(of: test)
    let testTargets = Targets.classes(test.labels)
    let comparison = try CompensationComparison.run(
      network, closedForm: closedForm, table: table, inputs: inputs,
      test: (testInputs, testTargets), loss: loss,
      ratios: settings.pruningRatios, progress: progress)

    return VerificationOutcome(
      settings: settings, architecture: network.architecture,
      isPiecewiseLinear: network.layers.allSatisfy {
        $0.activation.isPiecewiseLinear
      },
      dataset: dataset, sampleCount: inputs.rows,
      derivativeSampleCount: derivativeCount,
      derivativeEntriesPerLayer: check.entriesPerLayer,
      sensitivityCheck: sensitivityCheck, gradientCheck: gradientCheck,
      layers: layers, groundTruthFailures: table.failures,
      kendallTau: kendallTau, overlaps: overlaps, taylorCases: taylorCases,
      unpruned: network.evaluate(
        features: testInputs, targets: testTargets, loss: loss),
      compensationRows: comparison.rows,
      substitutedCompensations: comparison.substituted)
  }

  /// Returns a progress callback for `GroundTruth.solve` that passes on a
  /// line each time another tenth of the weights is done.
  static func tenthsReporter(_ progress: @escaping @Sendable (String) -> Void)
    -> @Sendable (Int, Int) -> Void
  {
    let reportedTenths = Mutex(0)
    return { done, total in
      let tenths = total > 0 ? done * 10 / total : 10
      let isNew = reportedTenths.withLock { reported -> Bool in
        guard tenths > reported else { return false }
        reported = tenths
        return true
      }
      if isNew {
        progress("ground truth: \(done) of \(total) weights solved")
      }
    }
  }

  /// Compares one layer's closed form with the ground truth and runs the
  /// solver's self-check on `selfCheckCount` weights drawn from it.
  static func verifyLayer(
    _ layer: Int, closedForm: CompensationScores, table: GroundTruthTable,
    objective: TrueObjective, selfCheckCount: Int,
    using generator: inout SeededGenerator
  ) -> LayerVerification {
    let dense = objective.network.layers[layer]
    let count = dense.weight.values.count
    let solved = table.solved[layer]
    let picks = generator.sample(min(selfCheckCount, count), from: count)
    let selfCheck = GroundTruthSelfCheck.run(
      objective, table: table,
      weights: picks.map {
        WeightIndex(
          layer: layer, row: $0 / dense.inputCount,
          column: $0 % dense.inputCount)
      })
    let solvedIndices = solved.indices.filter { solved[$0] }
    return LayerVerification(
      layer: layer, weightCount: count, solvedCount: solvedIndices.count,
      compensationError: RelativeErrorSummary(
        approximations: closedForm.compensation[layer].values,
        truths: table.compensation[layer].values),
      importanceError: RelativeErrorSummary(
        approximations: closedForm.importance[layer].values,
        truths: table.importance[layer].values),
      zeroSensitivityUnits: closedForm.zeroSensitivityUnits[layer],
      zeroImportanceCount: closedForm.importance[layer].values.filter {
        $0 == 0
      }.count,
      zeroTrueImportanceCount: table.importance[layer].values.filter {
        $0 == 0
      }.count,
      groundTruthFailures: table.failures.filter { $0.weight.layer == layer }
        .count,
      kendallTau: RankAgreement.kendallTauB(
        solvedIndices.map { closedForm.importance[layer].values[$0] },
        solvedIndices.map { table.importance[layer].values[$0] }),
      selfCheck: selfCheck)
  }

  /// Returns Kendall's τ-b over all solved weights and the top-k overlaps
  /// at each ratio, globally and per layer.
  ///
  /// k is ratio × the number of solved weights, rounded as the pruning
  /// selection rounds it and clamped to 1 … that number. A layer with no
  /// solved weight gets NaN.
  static func rankAgreement(
    closedForm: CompensationScores, table: GroundTruthTable,
    ratios: [Double]
  ) -> (Double?, [OverlapRow]) {
    var closedByLayer: [[Double]] = []
    var trueByLayer: [[Double]] = []
    for layer in table.solved.indices {
      let solved = table.solved[layer]
      let indices = solved.indices.filter { solved[$0] }
      closedByLayer.append(
        indices.map { closedForm.importance[layer].values[$0] })
      trueByLayer.append(indices.map { table.importance[layer].values[$0] })
    }
    let closedAll = Array(closedByLayer.joined())
    let trueAll = Array(trueByLayer.joined())

    func overlap(_ closed: [Double], _ truth: [Double], ratio: Double)
      -> Double
    {
      guard !closed.isEmpty else { return .nan }
      let k = min(
        max(Selection.targetCount(ratio: ratio, of: closed.count), 1),
        closed.count)
      return RankAgreement.topKOverlap(closed, truth, k: k)
    }
    let rows = ratios.map { ratio in
      OverlapRow(
        ratio: ratio, global: overlap(closedAll, trueAll, ratio: ratio),
        perLayer: zip(closedByLayer, trueByLayer).map {
          overlap($0, $1, ratio: ratio)
        })
    }
    return (RankAgreement.kendallTauB(closedAll, trueAll), rows)
  }

  /// Returns the weights of one layer that the Taylor tests examine: the
  /// `count` of largest importance (ties to the lower index), then
  /// `count` drawn at random from the remaining weights with I > 0.
  static func taylorChoice(
    _ importance: Matrix, layer: Int, count: Int,
    using generator: inout SeededGenerator
  ) -> [(WeightIndex, Bool)] {
    let values = importance.values
    let order = values.indices.sorted {
      (values[$0], -$0) > (values[$1], -$1)
    }
    let largest = Array(order.prefix(count))
    let chosen = Set(largest)
    let rest = values.indices.filter { values[$0] > 0 && !chosen.contains($0) }
    let random = generator.sample(min(count, rest.count), from: rest.count)
      .map { rest[$0] }
    func index(_ flat: Int) -> WeightIndex {
      WeightIndex(
        layer: layer, row: flat / importance.columns,
        column: flat % importance.columns)
    }
    return largest.map { (index($0), true) } + random.map { (index($0), false) }
  }

  /// Runs the Taylor test of one weight, keeping a failed solve as the
  /// case's failure.
  static func taylorCase(
    _ weight: WeightIndex, isLargest: Bool, objective: TrueObjective,
    closedForm: CompensationScores, exponents: ClosedRange<Int>
  ) -> TaylorCase {
    let compensation = closedForm.compensation[weight.layer][
      weight.row, weight.column]
    let importance = closedForm.importance[weight.layer][
      weight.row, weight.column]
    do {
      let result = try TaylorTest.run(
        objective, weight: weight, compensation: compensation,
        importance: importance, exponents: exponents)
      return TaylorCase(
        weight: weight, isLargest: isLargest, compensation: compensation,
        importance: importance, result: result, failure: nil)
    } catch {
      return TaylorCase(
        weight: weight, isLargest: isLargest, compensation: compensation,
        importance: importance, result: nil, failure: "\(error)")
    }
  }
}
