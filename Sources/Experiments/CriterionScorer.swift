import NeuralNetwork
import Pruning
import Verification

/// The samples and weights of the nonlinear baseline's ground truth.
public struct GroundTruthSettings: Sendable, Equatable {
  /// The scoring samples E(β) is measured on (the first ones of the
  /// seeded scoring subset).
  public var sampleCount = 1000
  /// Solve a seeded random subset of this many weights and score the rest
  /// by the closed form, or every weight when nil.
  public var weightLimit: Int? = nil

  public init() {}
}

/// Scores a network with any criterion: the closed-form and baseline
/// criteria through `Scoring`, the nonlinear baseline through the
/// verifier's ground truth.
public enum CriterionScorer {
  /// Returns the scores and, for the nonlinear baseline, what its ground
  /// truth covered.
  ///
  /// - Parameter progress: receives (weights done, weights to solve)
  ///   while the ground truth runs.
  public static func score(
    _ network: Network, criterion: Criterion, data: ScoringData,
    options: CriterionOptions, groundTruth: GroundTruthSettings,
    progress: (@Sendable (Int, Int) -> Void)? = nil
  ) -> (scores: CriterionScores, coverage: NonlinearCoverage?) {
    guard criterion.needsGroundTruth else {
      return (
        Scoring.score(
          network, criterion: criterion, data: data, options: options), nil
      )
    }
    let result = NonlinearCompensation.score(
      network, data: data, sampleCount: groundTruth.sampleCount,
      weightLimit: groundTruth.weightLimit, seed: options.seed,
      progress: progress)
    return (result.scores, result.coverage)
  }
}
