import NeuralNetwork
import Pruning
import Verification

#if canImport(Glibc)
  import Glibc
#endif

/// The error of the closed form against removal fraction for one weight,
/// scaled by the full-removal prediction so that weights of different
/// sizes share one bound.
///
/// For ε = 1, ½, ¼, …:
///
///     compensation error eβ(ε) = |β_true(ε) − ε·β*| / |β*|
///     importance error   eI(ε) = |E(β_true(ε)) − ε²·I| / I
///
/// A point counts as rounding when its error is below
/// `TaylorTest.roundingLevel` times its own prediction (ε, or ε²).
public struct ErrorCurve: Sendable, Equatable {
  public let weight: WeightIndex
  /// The removal fractions ε, largest first.
  public let removals: [Double]
  /// The scaled errors, one per removal; NaN where the solve failed.
  public let errors: [Double]
  /// Whether each error is at rounding level.
  public let atRounding: [Bool]

  /// Whether every point is at rounding: the closed form is exact for
  /// this weight over the tested range.
  public var isExact: Bool { atRounding.allSatisfy { $0 } }

  /// The largest ε from which every smaller ε is at rounding, or `nil`
  /// when the smallest is not: below it no kink is crossed.
  public var exactBelow: Double? {
    guard atRounding.last == true else { return nil }
    var index = atRounding.count - 1
    while index > 0 && atRounding[index - 1] { index -= 1 }
    return removals[index]
  }
}

/// The compensation and importance curves of a set of weights.
public struct ErrorCurveSet: Sendable {
  public let compensation: [ErrorCurve]
  public let importance: [ErrorCurve]
  /// The ground-truth failures over all removal fractions.
  public let failures: [GroundTruthError]
}

/// Measures `ErrorCurve`s with the batched ground truth, one solve of all
/// chosen weights per removal fraction.
public enum ErrorCurves {
  /// The removal fractions 2⁻ᵏ for k in `exponents`.
  public static func removals(_ exponents: ClosedRange<Int>) -> [Double] {
    exponents.map { 1 / Double(1 << $0) }
  }

  /// Returns the curves of `weights` on `objective`'s samples.
  ///
  /// - Parameters:
  ///   - closedForm: β* and I on the same samples.
  ///   - weights: weights with β* ≠ 0 and I > 0; others have no scale to
  ///     divide by.
  ///   - removals: the fractions ε, largest first.
  public static func measure(
    _ objective: TrueObjective, closedForm: CompensationScores,
    weights: [WeightIndex], removals: [Double]
  ) -> ErrorCurveSet {
    var compensationErrors = [[Double]](repeating: [], count: weights.count)
    var importanceErrors = [[Double]](repeating: [], count: weights.count)
    var failures: [GroundTruthError] = []
    for removal in removals {
      let table = GroundTruth.solve(
        objective, removal: removal, weights: weights)
      failures += table.failures
      for (index, weight) in weights.enumerated() {
        let beta = closedForm.compensation[weight.layer][
          weight.row, weight.column]
        let importance = closedForm.importance[weight.layer][
          weight.row, weight.column]
        let solved = table.solved[weight.layer][
          weight.row * objective.network.layers[weight.layer].inputCount
            + weight.column]
        let trueBeta = table.compensation[weight.layer][
          weight.row, weight.column]
        let trueValue = table.importance[weight.layer][
          weight.row, weight.column]
        compensationErrors[index].append(
          solved ? abs(trueBeta - removal * beta) / abs(beta) : .nan)
        importanceErrors[index].append(
          solved
            ? abs(trueValue - removal * removal * importance) / importance
            : .nan)
      }
    }

    func curves(_ errors: [[Double]], power: Double) -> [ErrorCurve] {
      zip(weights, errors).map { weight, values in
        ErrorCurve(
          weight: weight, removals: removals, errors: values,
          atRounding: zip(removals, values).map { removal, error in
            error <= TaylorTest.roundingLevel * pow(removal, power)
          })
      }
    }
    return ErrorCurveSet(
      compensation: curves(compensationErrors, power: 1),
      importance: curves(importanceErrors, power: 2), failures: failures)
  }
}
