import NeuralNetwork
import Pruning

/// One claimed value that is outside tolerance.
public struct ClaimMismatch: Sendable {
  /// `compensation` or `importance`.
  public let quantity: String
  /// The weight the claim is for.
  public let weight: WeightIndex
  /// The other implementation's value.
  public let claimed: Double
  /// This package's closed-form value.
  public let closedForm: Double
  /// The ground truth from GSL (β_true or E(β_true)), when computed.
  public var groundTruth: Double?
  /// |claimed − closed form| / |closed form|, +∞ when the closed form is 0.
  public let relativeError: Double
  /// |claimed − closed form|.
  public let absoluteError: Double
}

/// The outcome of checking claims against the closed form.
public struct ClaimCheckResult: Sendable {
  /// The number of claims checked (two per weight).
  public let claimCount: Int
  /// The number within tolerance.
  public let withinTolerance: Int
  /// The mismatches, worst first, at most `shown` of them.
  public let worst: [ClaimMismatch]
  /// The number of mismatches in each layer, compensations and
  /// importances together.
  public let mismatchesPerLayer: [Int]

  /// Whether every claim is within tolerance.
  public var passed: Bool { withinTolerance == claimCount }
}

/// Compares another implementation's claims with the closed form and, for
/// the worst mismatches, with the GSL ground truth.
public enum ClaimCheck {
  /// Checks `claims` for `network` on `data`.
  ///
  /// A claim c matches the closed-form value r when
  /// |c − r| ≤ absoluteTolerance + relativeTolerance·|r|.
  ///
  /// - Parameters:
  ///   - shown: how many of the worst mismatches to return.
  ///   - groundTruthCount: for how many of those to compute the GSL ground
  ///     truth; only for the `output` response, the one the ground truth
  ///     supports.
  public static func run(
    network: Network, data: ScoringData, claims: Claims,
    relativeTolerance: Double = 1e-6, absoluteTolerance: Double = 1e-12,
    shown: Int = 10, groundTruthCount: Int = 5
  ) throws -> ClaimCheckResult {
    let reference = EliminationCompensation.scores(
      of: network, on: data, response: claims.response)
    var mismatches: [ClaimMismatch] = []
    var perLayer = [Int](repeating: 0, count: network.layers.count)
    var count = 0
    for layer in network.layers.indices {
      let columns = network.layers[layer].inputCount
      for (quantity, claimed, closed) in [
        (
          "compensation", claims.compensation[layer],
          reference.compensation[layer]
        ),
        ("importance", claims.importance[layer], reference.importance[layer]),
      ] {
        for index in claimed.values.indices {
          count += 1
          let c = claimed.values[index]
          let r = closed.values[index]
          let difference = abs(c - r)
          guard difference > absoluteTolerance + relativeTolerance * abs(r)
          else { continue }
          perLayer[layer] += 1
          mismatches.append(
            ClaimMismatch(
              quantity: quantity,
              weight: WeightIndex(
                layer: layer, row: index / columns, column: index % columns),
              claimed: c, closedForm: r, groundTruth: nil,
              relativeError: r == 0 ? .infinity : difference / abs(r),
              absoluteError: difference))
        }
      }
    }

    // Worst first: by relative error, then by absolute error.
    mismatches.sort {
      ($0.relativeError, $0.absoluteError) > (
        $1.relativeError, $1.absoluteError
      )
    }
    var worst = Array(mismatches.prefix(shown))
    if claims.response == .output {
      let objective = TrueObjective(network: network, inputs: data.features)
      for index in worst.indices.prefix(groundTruthCount) {
        let truth = try TrueCompensationSolver.solve(
          objective, weight: worst[index].weight,
          guess: reference.compensation[worst[index].weight.layer][
            worst[index].weight.row, worst[index].weight.column])
        worst[index].groundTruth =
          worst[index].quantity == "compensation"
          ? truth.compensation : truth.importance
      }
    }
    return ClaimCheckResult(
      claimCount: count, withinTolerance: count - mismatches.count,
      worst: worst, mismatchesPerLayer: perLayer)
  }
}
