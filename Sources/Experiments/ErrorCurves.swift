import NeuralNetwork
import Pruning
import Verification

#if canImport(Glibc)
  import Glibc
#endif

/// The error of the closed form against removal fraction for one weight,
/// scaled by the size of what is removed so that weights of different
/// sizes share one bound.
///
/// For ε = 1, ½, ¼, … and sensitivity weights s over the samples:
///
///     compensation error eβ(ε) = |β_true(ε) − ε·β*| / (|w|·√(Σ s a² / Σ s))
///     importance error   eI(ε) = |E(β_true(ε)) − ε²·I| / E_elim
///
/// where E_elim = (w²/N) Σ s a² is the first-order change with no
/// compensation. The scales bound |β*| and I from above and vanish only
/// with w or s, so a weight whose β* or I is nearly zero does not make
/// its scaled error blow up. A point counts as rounding when its error is
/// below `TaylorTest.roundingLevel` times ε (ε² for the importance).
public struct ErrorCurve: Sendable, Equatable {
  public let weight: WeightIndex
  /// The removal fractions ε, largest first.
  public let removals: [Double]
  /// The scaled errors, one per removal; NaN where the solve failed.
  public let errors: [Double]
  /// Whether each error is at rounding level.
  public let atRounding: [Bool]

  /// - Precondition: the three arrays have the same count.
  public init(
    weight: WeightIndex, removals: [Double], errors: [Double],
    atRounding: [Bool]
  ) {
    precondition(
      removals.count == errors.count && errors.count == atRounding.count,
      "one error and one rounding flag per removal")
    self.weight = weight
    self.removals = removals
    self.errors = errors
    self.atRounding = atRounding
  }

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
  /// Returns the removal fractions 2⁻ᵏ for k in `exponents`.
  public static func removals(_ exponents: ClosedRange<Int>) -> [Double] {
    exponents.map { 1 / Double(1 << $0) }
  }

  /// Returns the curves of `weights` on `objective`'s samples.
  ///
  /// - Parameters:
  ///   - closedForm: β* and I on the same samples.
  ///   - weights: the weights measured.
  ///   - scales: per weight, the compensation's and the importance's
  ///     scale, both positive.
  ///   - removals: the fractions ε, largest first.
  public static func measure(
    _ objective: TrueObjective, closedForm: CompensationScores,
    weights: [WeightIndex],
    scales: [(compensation: Double, importance: Double)],
    removals: [Double]
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
        // A scale of 0 would mean no first-order change at all; such a
        // weight is left out as unsolved rather than given an infinite
        // error.
        let usable =
          solved && scales[index].compensation > 0
          && scales[index].importance > 0
        compensationErrors[index].append(
          usable
            ? abs(trueBeta - removal * beta) / scales[index].compensation
            : .nan)
        importanceErrors[index].append(
          usable
            ? abs(trueValue - removal * removal * importance)
              / scales[index].importance
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
