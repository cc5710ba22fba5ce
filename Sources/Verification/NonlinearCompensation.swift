import NeuralNetwork
import Pruning
import SeededRandom

/// How much of a network the nonlinear baseline solved exactly.
public struct NonlinearCoverage: Sendable, Equatable {
  /// The weights whose importance and compensation are the ground truth.
  public let solvedWeights: Int
  /// All weights of the network.
  public let totalWeights: Int
  /// The weights the solver gave up on, scored by the closed form.
  public let failedWeights: Int
  /// The samples E(β) was measured on.
  public let sampleCount: Int

  /// Whether every weight was solved.
  public var isComplete: Bool { solvedWeights == totalWeights }

  /// One sentence for a report, for example "β_true and E(β_true) for
  /// all 266200 weights on 1000 samples".
  public var summary: String {
    var text =
      isComplete
      ? "β_true and E(β_true) for all \(totalWeights) weights"
      : "β_true and E(β_true) for a random \(solvedWeights) of "
        + "\(totalWeights) weights, the rest scored by the closed form"
    text += " on \(sampleCount) samples"
    if failedWeights > 0 {
      text += " (\(failedWeights) not converged, scored by the closed form)"
    }
    return text
  }
}

/// The scores of the nonlinear baseline and what they cover.
public struct NonlinearCompensationScores: Sendable {
  /// Importance E(β_true) and compensation β_true per weight.
  public let scores: CriterionScores
  public let coverage: NonlinearCoverage
  /// The weights whose solve failed, with the reason.
  public let failures: [GroundTruthError]
}

/// The nonlinear-compensation criterion: scores each weight by the true
/// output change left after the best bias shift, E(β_true), and removes
/// it with the shift β_true, both from the verifier's ground truth.
///
/// Only the output response has a ground truth. The scores measure E on
/// the first `sampleCount` scoring samples. Weights left out of a subset,
/// or whose solve failed, get the closed-form I and β* on the same
/// samples, because those estimate the same quantities.
public enum NonlinearCompensation {
  /// Scores every weight of `network`.
  ///
  /// - Parameters:
  ///   - sampleCount: how many of `data`'s samples E is measured on (the
  ///     first ones; `data` is already a seeded subset).
  ///   - weightLimit: solve a seeded random subset of this many weights,
  ///     or every weight when nil or at least the weight count.
  ///   - maximumRounds: the solver's limit of batched evaluations per
  ///     unit; a weight not converged within it falls back to the closed
  ///     form and is counted in `failures`.
  ///   - progress: receives (weights done, weights to solve).
  public static func score(
    _ network: Network, data: ScoringData, sampleCount: Int,
    weightLimit: Int? = nil, seed: UInt64 = 0,
    maximumRounds: Int = BatchedCompensationSolver.maximumRounds,
    progress: (@Sendable (Int, Int) -> Void)? = nil
  ) -> NonlinearCompensationScores {
    let count = min(sampleCount, data.count)
    let features = data.features.rows(at: Array(0..<count))
    let subset = ScoringData(
      features: features,
      targets: data.targets.rows(at: Array(0..<count)),
      batchSize: data.batchSize)
    let closedForm = EliminationCompensation.scores(
      of: network, on: subset, response: .output)

    let total = network.weightCount
    var chosen: [WeightIndex]? = nil
    if let weightLimit, weightLimit < total {
      chosen = sample(network, count: weightLimit, seed: seed)
    }
    let table = GroundTruth.solve(
      TrueObjective(network: network, inputs: features), weights: chosen,
      maximumRounds: maximumRounds, progress: progress)

    var importance = closedForm.importance
    var compensation = closedForm.compensation
    for layer in network.layers.indices {
      for index in importance[layer].values.indices
      where table.solved[layer][index] {
        importance[layer].values[index] =
          table.importance[layer].values[index]
        compensation[layer].values[index] =
          table.compensation[layer].values[index]
      }
    }
    return NonlinearCompensationScores(
      scores: CriterionScores(
        criterion: .nonlinearCompensation, scores: importance,
        compensation: compensation,
        zeroSensitivityUnits: closedForm.zeroSensitivityUnits),
      coverage: NonlinearCoverage(
        solvedWeights: table.solvedCount, totalWeights: total,
        failedWeights: table.failures.count, sampleCount: count),
      failures: table.failures)
  }

  /// Returns `count` distinct weights drawn uniformly, in index order.
  static func sample(_ network: Network, count: Int, seed: UInt64)
    -> [WeightIndex]
  {
    var generator = SeededGenerator(seed: seed, stream: .groundTruthWeights)
    let flat = generator.sample(count, from: network.weightCount)
    var offsets: [Int] = []
    var running = 0
    for layer in network.layers {
      offsets.append(running)
      running += layer.weight.values.count
    }
    return flat.map { index in
      let layer = offsets.lastIndex { $0 <= index }!
      let local = index - offsets[layer]
      let columns = network.layers[layer].inputCount
      return WeightIndex(
        layer: layer, row: local / columns, column: local % columns)
    }
  }
}
