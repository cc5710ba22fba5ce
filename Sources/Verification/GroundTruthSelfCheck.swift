/// One weight where the batched ground truth and GSL's Brent solver
/// stopped at different compensations.
public struct SolverDisagreement: Sendable, Equatable {
  /// The weight.
  public let weight: WeightIndex
  /// β_true and E(β_true) from `GroundTruth.solve`.
  public let batched: (compensation: Double, importance: Double)
  /// β_true and E(β_true) from `TrueCompensationSolver.solve`.
  public let reference: (compensation: Double, importance: Double)

  public static func == (left: Self, right: Self) -> Bool {
    left.weight == right.weight && left.batched == right.batched
      && left.reference == right.reference
  }
}

/// The outcome of holding the batched ground truth against the per-weight
/// reference solver on a sample of weights.
public struct SelfCheckResult: Sendable, Equatable {
  /// The weights compared: solved in the table and by the reference.
  public let compared: Int
  /// The weights whose two β_true agree to the relative tolerance.
  public let agreeing: Int
  /// The disagreeing weights where the batched E(β_true) is lower.
  public let batchedLower: Int
  /// The disagreeing weights where the reference's E(β_true) is lower.
  public let referenceLower: Int
  /// The disagreeing weights where both E agree to 1e-12 relative: a flat
  /// stretch of E, such as a unit inactive on every sample.
  public let equalObjective: Int
  /// The sampled weights the table did not solve or the reference solver
  /// failed on.
  public let unsolved: Int
  /// Every disagreement, in the order the weights were given.
  public let disagreements: [SolverDisagreement]
  /// The relative tolerance on β that counts as agreement.
  public let tolerance: Double
}

/// Compares `GroundTruth.solve`'s batched Newton iteration with GSL's
/// Brent root of E′ (`TrueCompensationSolver.solve`), weight by weight.
///
/// Both return the local minimum of E reached downhill from β = 0. A ReLU
/// network's E is piecewise quadratic and can have several, so the two
/// may stop in different ones. Where they do, the lower E is the better
/// ground truth.
public enum GroundTruthSelfCheck {
  /// Solves each weight of `weights` again with the reference solver and
  /// compares it with `table`.
  ///
  /// The two agree when |β_batched − β_reference| ≤
  /// tolerance · max(|β_batched|, |β_reference|); both exactly 0 agree.
  /// Otherwise the lower E(β_true) is counted, unless the two E agree to
  /// 1e-12 relative, which is the rounding of E.
  ///
  /// - Parameters:
  ///   - objective: the objective `table` was solved for, with removal 1.
  ///   - tolerance: the relative tolerance on β, 1e-10 by default.
  public static func run(
    _ objective: TrueObjective, table: GroundTruthTable,
    weights: [WeightIndex], tolerance: Double = 1e-10
  ) -> SelfCheckResult {
    var compared = 0
    var agreeing = 0
    var batchedLower = 0
    var referenceLower = 0
    var equalObjective = 0
    var unsolved = 0
    var disagreements: [SolverDisagreement] = []
    for weight in weights {
      let columns = objective.network.layers[weight.layer].inputCount
      let flat = weight.row * columns + weight.column
      guard table.solved[weight.layer][flat],
        let reference = try? TrueCompensationSolver.solve(
          objective, weight: weight, removal: table.removal)
      else {
        unsolved += 1
        continue
      }
      compared += 1

      // Agreement on β first, then the value of E where β differs.
      let beta = table.compensation[weight.layer][weight.row, weight.column]
      let importance = table.importance[weight.layer][
        weight.row, weight.column]
      let scale = max(abs(beta), abs(reference.compensation))
      if abs(beta - reference.compensation) <= tolerance * scale {
        agreeing += 1
        continue
      }
      disagreements.append(
        SolverDisagreement(
          weight: weight, batched: (beta, importance),
          reference: (reference.compensation, reference.importance)))
      let larger = max(importance, reference.importance)
      if abs(importance - reference.importance) <= 1e-12 * larger {
        equalObjective += 1
      } else if importance < reference.importance {
        batchedLower += 1
      } else {
        referenceLower += 1
      }
    }
    return SelfCheckResult(
      compared: compared, agreeing: agreeing, batchedLower: batchedLower,
      referenceLower: referenceLower, equalObjective: equalObjective,
      unsolved: unsolved, disagreements: disagreements, tolerance: tolerance)
  }
}
