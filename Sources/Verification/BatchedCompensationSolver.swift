/// Solves E′(β) = 0 for many weights of one unit in lockstep, by Newton's
/// method kept inside a bracket.
///
/// GSL's root solvers follow one function at a time. Here every weight of
/// a unit takes its step in the same round, so one batched evaluation of
/// the layers above serves them all (`UnitObjective`). The
/// iteration starts at β = 0, where it also reads the uncompensated change
/// E(0). Its first step, −E′(0)/E″(0), is the closed form up to the
/// curvature terms, so smooth networks converge in three or four rounds and
/// ReLU networks (E piecewise quadratic) in two or three. A step that would
/// leave the bracket, or that shrinks too slowly, becomes a bisection, so
/// a minimum at a kink, where E′ jumps across zero, is still found.
///
/// Like `TrueCompensationSolver`, it returns the local minimum reached
/// downhill from β = 0; where E has several, the two can stop in
/// different ones. The tests check the results against each other.
public enum BatchedCompensationSolver {
  /// The maximum number of rounds before a weight is reported as failed.
  public static let maximumRounds = 200

  /// Returns the true compensation of Wˡᵢⱼ for each column j, or the
  /// reason it was not found.
  ///
  /// A weight is solved when E′ is zero to rounding (below 1e-13 of the
  /// size of its terms), when the Newton step falls below 1e-15 of |β|,
  /// or when the bracket closes to 2e-15 of its ends.
  static func solve(
    _ unit: UnitObjective, columns: [Int], removal: Double,
    maximumRounds: Int = maximumRounds
  ) -> [Result<TrueCompensation, GroundTruthError>] {
    let count = columns.count
    var shift = [Double](repeating: 0, count: count)
    var lower = [Double](repeating: -.infinity, count: count)
    var upper = [Double](repeating: .infinity, count: count)
    var lastStep = [Double](repeating: .infinity, count: count)
    var stepBeforeLast = [Double](repeating: .infinity, count: count)
    var outward = [Double](repeating: 0, count: count)
    var widenings = [Int](repeating: 0, count: count)
    var uncompensated = [Double](repeating: 0, count: count)
    var results = [Result<TrueCompensation, GroundTruthError>?](
      repeating: nil, count: count)
    var active = Array(0..<count)

    // The outward step when there is no usable curvature: the size of
    // the removed input, ε·|w|·max|aⱼ|, as in the reference solver.
    let inputs = unit.objective.trace.activations[unit.layer]
    let weights = unit.objective.network.layers[unit.layer].weight
    for (query, column) in columns.enumerated() {
      var largest = 0.0
      for sample in 0..<inputs.rows {
        largest = max(largest, abs(inputs[sample, column]))
      }
      outward[query] = max(
        abs(removal * weights[unit.row, column]) * largest, 1e-300)
    }

    var round = 0
    while !active.isEmpty {
      let evaluated = unit.evaluate(
        columns: active.map { columns[$0] },
        removals: [Double](repeating: removal, count: active.count),
        shifts: active.map { shift[$0] })
      var stillActive: [Int] = []
      for (position, query) in active.enumerated() {
        let point = evaluated[position]
        let weight = WeightIndex(
          layer: unit.layer, row: unit.row, column: columns[query])
        if round == 0 { uncompensated[query] = point.value }
        let beta = shift[query]
        let solved = {
          TrueCompensation(
            compensation: beta, importance: point.value,
            uncompensated: uncompensated[query],
            derivativeAtOptimum: point.derivative, iterations: round + 1,
            bracketWidenings: widenings[query])
        }
        guard point.value.isFinite, point.derivative.isFinite else {
          results[query] = .failure(
            GroundTruthError(
              weight: weight, reason: "E or E′ is not finite at β = \(beta)"))
          continue
        }
        if abs(point.derivative) <= 1e-13 * point.derivativeScale {
          results[query] = .success(solved())
          continue
        }
        if point.derivative < 0 {
          lower[query] = beta
        } else {
          upper[query] = beta
        }

        // Take Newton's step when the curvature is positive and the step
        // stays inside the bracket and shrinks fast enough. Otherwise
        // bisect, or step outward while the bracket is still open.
        let bracketed = lower[query].isFinite && upper[query].isFinite
        var next: Double
        let newton =
          point.second > 0 ? beta - point.derivative / point.second : .nan
        let fastEnough =
          abs(newton - beta) <= 0.5 * abs(stepBeforeLast[query])
        if newton.isFinite && newton > lower[query] && newton < upper[query]
          && (!bracketed || fastEnough)
        {
          next = newton
        } else if bracketed {
          next = 0.5 * (lower[query] + upper[query])
        } else {
          next = beta - (point.derivative > 0 ? 1 : -1) * outward[query]
          outward[query] *= 2
          widenings[query] += 1
        }
        let step = next - beta
        let closed =
          bracketed
          && upper[query] - lower[query]
            <= 2e-15 * max(abs(lower[query]), abs(upper[query]))
        if abs(step) <= 1e-15 * max(abs(beta), abs(next)) || closed {
          results[query] = .success(solved())
          continue
        }
        if round + 1 >= maximumRounds {
          results[query] = .failure(
            GroundTruthError(
              weight: weight,
              reason:
                "no convergence in \(maximumRounds) rounds: β = \(beta), "
                + "E′ = \(point.derivative), bracket [\(lower[query]), "
                + "\(upper[query])]"))
          continue
        }
        stepBeforeLast[query] = lastStep[query]
        lastStep[query] = step
        shift[query] = next
        stillActive.append(query)
      }
      active = stillActive
      round += 1
    }
    return results.map { $0! }
  }
}
