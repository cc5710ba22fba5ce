import NeuralNetwork
import SeededRandom

/// A rule that scores every weight; the lowest scores are removed first.
public enum Criterion: String, CaseIterable, Sendable {
  /// The importance I of elimination–compensation; removal shifts the
  /// bias by the compensation β*.
  case eliminationCompensation = "elimination-compensation"
  /// The Taylor output change with no compensation, E = w²·Σ sa²/N.
  case elimination
  /// |w|.
  case magnitude
  /// The mean over the data of |∂ℓ/∂w|.
  case gradient
  /// |w · mean ∂ℓ/∂w|, the first-order Taylor change of the loss, or with
  /// the per-sample option the mean of |w · ∂ℓₙ/∂w|.
  case weightGradient = "weight-gradient"
  /// Seeded uniform scores.
  case random
  /// The nonlinear baseline: the true importance E(β_true) and the true
  /// compensation β_true, solved by the verifier with GSL, not by this
  /// module (see `Scoring.score`).
  case nonlinearCompensation = "nonlinear-compensation"

  /// Whether removing a weight also shifts its row's bias.
  public var compensates: Bool {
    self == .eliminationCompensation || self == .nonlinearCompensation
  }

  /// Whether the scores come from the verifier's ground truth instead of
  /// `Scoring.score`.
  public var needsGroundTruth: Bool { self == .nonlinearCompensation }

  /// The criteria `Scoring.score` computes: all but the nonlinear baseline.
  public static var scoredByPruning: [Criterion] {
    allCases.filter { !$0.needsGroundTruth }
  }
}

/// Settings that some criteria use.
public struct CriterionOptions: Sendable, Equatable {
  /// The response for `elimination-compensation` and `elimination`.
  public var response: Response = .output
  /// For `weight-gradient`: average |w · ∂ℓₙ/∂w| per sample instead of
  /// taking |w · mean ∂ℓ/∂w|.
  public var perSample = false
  /// The seed of `random`.
  public var seed: UInt64 = 0

  public init() {}
}

/// The scores of one criterion for every weight, and the bias shifts that
/// go with removing each weight.
public struct CriterionScores: Sendable {
  /// The criterion.
  public let criterion: Criterion
  /// One score per weight, per layer, shaped like the weights.
  public let scores: [Matrix]
  /// The bias shift for removing each weight, for compensating criteria.
  public let compensation: [Matrix]?
  /// The units with zero total sensitivity, for the Taylor criteria.
  public let zeroSensitivityUnits: [[Int]]?

  public init(
    criterion: Criterion, scores: [Matrix], compensation: [Matrix]?,
    zeroSensitivityUnits: [[Int]]?
  ) {
    self.criterion = criterion
    self.scores = scores
    self.compensation = compensation
    self.zeroSensitivityUnits = zeroSensitivityUnits
  }
}

/// Scores the weights of a network with a criterion.
public enum Scoring {
  /// Returns the scores of every weight of `network` under `criterion`.
  ///
  /// - Precondition: `criterion.needsGroundTruth` is false; the verifier's
  ///   `NonlinearCompensation` scores that criterion.
  public static func score(
    _ network: Network, criterion: Criterion, data: ScoringData,
    options: CriterionOptions = CriterionOptions()
  ) -> CriterionScores {
    switch criterion {
    case .eliminationCompensation, .elimination:
      let closedForm = EliminationCompensation.scores(
        of: network, on: data, response: options.response)
      let isCompensated = criterion == .eliminationCompensation
      return CriterionScores(
        criterion: criterion,
        scores: isCompensated
          ? closedForm.importance : closedForm.eliminationOnly,
        compensation: isCompensated ? closedForm.compensation : nil,
        zeroSensitivityUnits: closedForm.zeroSensitivityUnits)

    case .magnitude:
      let scores = network.layers.map { layer in
        map(layer.weight) { abs($0) }
      }
      return CriterionScores(
        criterion: criterion, scores: scores, compensation: nil,
        zeroSensitivityUnits: nil)

    case .gradient, .weightGradient:
      let gradients = GradientStatistics(of: network, on: data)
      let count = Double(gradients.sampleCount)
      let scores = network.layers.indices.map { index -> Matrix in
        let weight = network.layers[index].weight
        switch (criterion, options.perSample) {
        case (.gradient, _):
          return map(gradients.absoluteSum[index]) { $0 / count }
        case (_, false):
          return zipMap(weight, gradients.sum[index]) { abs($0 * $1 / count) }
        default:
          return zipMap(weight, gradients.absoluteSum[index]) {
            abs($0) * $1 / count
          }
        }
      }
      return CriterionScores(
        criterion: criterion, scores: scores, compensation: nil,
        zeroSensitivityUnits: nil)

    case .nonlinearCompensation:
      preconditionFailure(
        "nonlinear-compensation is scored by Verification's "
          + "NonlinearCompensation, not by Scoring.score")

    case .random:
      var generator = SeededGenerator(seed: options.seed, stream: .randomScores)
      let scores = network.layers.map { layer in
        map(layer.weight) { _ in generator.uniform() }
      }
      return CriterionScores(
        criterion: criterion, scores: scores, compensation: nil,
        zeroSensitivityUnits: nil)
    }
  }
}

/// Returns a matrix of `transform` applied to each entry, in row-major order.
func map(_ matrix: Matrix, _ transform: (Double) -> Double) -> Matrix {
  Matrix(
    rows: matrix.rows, columns: matrix.columns,
    values: matrix.values.map(transform))
}

/// Returns a matrix of `combine` applied to matching entries.
func zipMap(
  _ first: Matrix, _ second: Matrix, _ combine: (Double, Double) -> Double
) -> Matrix {
  precondition(first.rows == second.rows && first.columns == second.columns)
  return Matrix(
    rows: first.rows, columns: first.columns,
    values: zip(first.values, second.values).map(combine))
}
