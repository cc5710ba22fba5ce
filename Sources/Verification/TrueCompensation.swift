import GSL
import NeuralNetwork

/// The ground-truth compensation of one weight.
public struct TrueCompensation: Sendable {
  /// β_true = argmin E(β).
  public let compensation: Double
  /// E(β_true), the true importance.
  public let importance: Double
  /// E(0), the true change without compensation.
  public let uncompensated: Double
  /// E′(β_true), zero up to rounding at a converged minimum.
  public let derivativeAtOptimum: Double
  /// Iterations of the solver: Brent iterations on E′ for
  /// `TrueCompensationSolver`, batched evaluations (Newton rounds) for
  /// `GroundTruth`.
  public let iterations: Int
  /// How many times the first bracket was doubled before it enclosed the
  /// minimum.
  public let bracketWidenings: Int
}

/// Solves for the true compensation as the root of E′(β).
///
/// A value-based minimiser of E stalls near √ε relative precision,
/// because E is flat at its minimum. The root of E′ has no such limit:
/// Brent stops at a relative bracket of 1e-14, and the tests see
/// agreement to 1e-10 with the closed form where that is exact.
///
/// Which minimum: E need not be convex. A ReLU network's E is piecewise
/// quadratic and gains local minima where samples cross kinks (and flat
/// stretches where unit i is dead on every sample); GELU is not monotone.
/// The ground truth here is the local minimum reached downhill from the
/// starting shift, because that is the one the compensation is continuous
/// with as the removal shrinks. Other basins are not searched, so the
/// argmin over all β can be lower.
public enum TrueCompensationSolver {
  /// Returns β_true for removing the fraction `removal` of `weight`.
  ///
  /// The bracket runs from `guess` downhill to `guess` ± h, with h the
  /// largest of |guess|, |εw|·max|aⱼ| and 1e-300, and h is doubled until E′
  /// changes sign across it (at most 200 times). Where E′(guess) is
  /// exactly 0 the guess is returned.
  ///
  /// - Throws: `GroundTruthError` naming the weight when no sign change is
  ///   found or GSL's solver fails (the GSL error's text is included).
  public static func solve(
    _ objective: some CompensationObjective, weight: WeightIndex,
    removal: Double = 1, guess: Double = 0
  ) throws -> TrueCompensation {
    let w = objective.network.layers[weight.layer].weight[
      weight.row, weight.column]
    let input = objective.trace.activations[weight.layer]
    var largestInput = 0.0
    for n in 0..<input.rows {
      largestInput = max(largestInput, abs(input[n, weight.column]))
    }
    let derivative = { (shift: Double) -> Double in
      objective.evaluate(weight, removal: removal, shift: shift).derivative
    }

    // Bracket downhill from the guess: keep the guess as one end and push
    // the other end out, doubling, until E′ changes sign.
    let atGuess = derivative(guess)
    let direction: Double = atGuess < 0 ? 1 : -1
    var half = max(abs(guess), abs(removal * w) * largestInput, 1e-300)
    var far = guess + direction * half
    var atFar = derivative(far)
    var widenings = 0
    while atGuess != 0 && direction * atFar < 0 {
      guard widenings < 200, half.isFinite else {
        throw GroundTruthError(
          weight: weight,
          reason: "E′ does not change sign between \(guess) and \(far)")
      }
      half *= 2
      far = guess + direction * half
      atFar = derivative(far)
      widenings += 1
    }

    let root: Double
    var iterations = 0
    if atGuess == 0 {
      root = guess
    } else if atFar == 0 {
      root = far
    } else {
      do {
        let estimate = try RootFinder.brent(
          of: derivative, lower: min(guess, far), upper: max(guess, far))
        root = estimate.root
        iterations = estimate.iterations
      } catch let error as GSLError {
        throw GroundTruthError(weight: weight, reason: "\(error)")
      }
    }
    let atRoot = objective.evaluate(weight, removal: removal, shift: root)
    let atZero = objective.evaluate(weight, removal: removal, shift: 0)
    return TrueCompensation(
      compensation: root, importance: atRoot.value,
      uncompensated: atZero.value, derivativeAtOptimum: atRoot.derivative,
      iterations: iterations, bracketWidenings: widenings)
  }

  /// Returns β_true found the second way: as the nonlinear least-squares
  /// problem min ‖r(β)‖² with the residuals r = (y_new − y)/√N over all
  /// samples and outputs, solved by `gsl_multifit_nlinear` from `guess`.
  ///
  /// The residuals at the optimum are not small, so Gauss–Newton steps
  /// converge only linearly and the result agrees with `solve` to 1e-9 to
  /// 1e-7 relative, not to rounding; it serves as an independent check of
  /// the root, not as the more accurate result.
  ///
  /// - Throws: `GroundTruthError` naming the weight when GSL fails.
  public static func solveByLeastSquares(
    _ objective: TrueObjective, weight: WeightIndex, removal: Double = 1,
    guess: Double = 0
  ) throws -> Double {
    let scale = 1 / Double(objective.inputs.rows).squareRoot()
    let count = objective.inputs.rows * objective.network.outputCount
    let problem = LeastSquaresProblem(
      residualCount: count, parameterCount: 1,
      residuals: { x in
        objective.residualsAndTangent(weight, removal: removal, shift: x[0])
          .residuals.values.map { $0 * scale }
      },
      jacobian: { x in
        objective.residualsAndTangent(weight, removal: removal, shift: x[0])
          .tangent.values.map { $0 * scale }
      })
    do {
      return try NonlinearLeastSquares.solve(problem, start: [guess])
        .parameters[0]
    } catch let error as GSLError {
      throw GroundTruthError(weight: weight, reason: "\(error)")
    }
  }
}
