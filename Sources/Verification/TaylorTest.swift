import GSL

/// The observed order of an approximation error against the removal
/// fraction ε, as a Taylor test reads it.
public struct ObservedOrder: Sendable {
  /// The slope of log(error) against log(ε), least-squares fitted
  /// (`gsl_fit_linear`) on the points above rounding level; NaN when fewer
  /// than three such points remain.
  public let fittedOrder: Double
  /// log(e₁/e₂) / log(ε₁/ε₂) for successive points, log₂ of the error
  /// ratio when ε halves.
  public let successiveOrders: [Double]
  /// C in error ≤ C·εᵖ with p = `fittedOrder`: the largest error/εᵖ over
  /// the fitted points.
  public let constant: Double
  /// The largest ε whose error is already at rounding level, or `nil` if
  /// none is.
  public let roundingReachedAt: Double?
  /// Whether every error is at rounding level: the approximation is exact
  /// to rounding.
  public let isExact: Bool
}

/// One removal fraction of a Taylor test.
public struct TaylorTestPoint: Sendable {
  /// ε: the weight goes to (1 − ε)w.
  public let removal: Double
  /// |β_true(ε) − ε·β*|.
  public let compensationError: Double
  /// |E(β_true(ε)) − ε²·I|.
  public let importanceError: Double
  /// ε·β*, the scale of the compensation error.
  public let predictedCompensation: Double
  /// ε²·I, the scale of the importance error.
  public let predictedImportance: Double
}

/// The Taylor test of one weight.
public struct TaylorTestResult: Sendable {
  public let weight: WeightIndex
  public let points: [TaylorTestPoint]
  /// The order of the compensation error, about 2 for smooth activations.
  public let compensation: ObservedOrder
  /// The order of the importance error, about 3 for smooth activations.
  public let importance: ObservedOrder
}

/// Removes the fractions ε = 2⁻ᵏ of a weight and compares the true
/// compensation and importance with the closed form's predictions ε·β*
/// and ε²·I.
public enum TaylorTest {
  /// Errors below this fraction of the predicted value count as rounding.
  /// The solver stops at a relative bracket of 1e-14, and E sums squares of
  /// differences that carry rounding of order 1e-16 of the output, so
  /// 1e-10 leaves a margin above both.
  public static let roundingLevel = 1e-10

  /// Runs the test for `weight` with ε = 2⁻ᵏ for k in `exponents`.
  ///
  /// - Parameters:
  ///   - compensation: β* of the full removal, from the closed form.
  ///   - importance: I of the full removal, from the closed form.
  /// - Throws: `GroundTruthError` when a ground-truth solve fails.
  public static func run(
    _ objective: TrueObjective, weight: WeightIndex, compensation: Double,
    importance: Double, exponents: ClosedRange<Int> = 0...12
  ) throws -> TaylorTestResult {
    var points: [TaylorTestPoint] = []
    for k in exponents {
      let removal = 1 / Double(1 << k)
      let truth = try TrueCompensationSolver.solve(
        objective, weight: weight, removal: removal,
        guess: removal * compensation)
      points.append(
        TaylorTestPoint(
          removal: removal,
          compensationError: abs(truth.compensation - removal * compensation),
          importanceError: abs(
            truth.importance - removal * removal * importance),
          predictedCompensation: removal * compensation,
          predictedImportance: removal * removal * importance))
    }
    return TaylorTestResult(
      weight: weight, points: points,
      compensation: try order(
        points.map {
          ($0.removal, $0.compensationError, $0.predictedCompensation)
        }),
      importance: try order(
        points.map { ($0.removal, $0.importanceError, $0.predictedImportance) })
    )
  }

  /// Fits the order of `errors` against ε on the points above rounding.
  static func order(_ points: [(Double, Double, Double)]) throws
    -> ObservedOrder
  {
    let atRounding = points.map { removal, error, predicted in
      error <= roundingLevel * abs(predicted) || error == 0
    }
    let fitted = zip(points, atRounding).filter { !$1 }.map(\.0)
    var successive: [Double] = []
    for index in points.indices.dropFirst() {
      let previous = points[index - 1]
      let current = points[index]
      // log(e₁/e₂) / log(ε₁/ε₂), which is log₂(e₁/e₂) when ε halves.
      successive.append(
        previous.1 > 0 && current.1 > 0
          ? log(previous.1 / current.1) / log(previous.0 / current.0) : .nan)
    }
    var slope = Double.nan
    var constant = Double.nan
    // Two points always lie on a line, so a fit needs three to say
    // anything about the order.
    if fitted.count >= 3 {
      let fit = try LinearFit(
        x: fitted.map { log($0.0) }, y: fitted.map { log($0.1) })
      slope = fit.slope
      constant = fitted.map { $0.1 / pow($0.0, slope) }.max() ?? .nan
    }
    let firstRounding = zip(points, atRounding).first { $1 }?.0.0
    return ObservedOrder(
      fittedOrder: slope, successiveOrders: successive, constant: constant,
      roundingReachedAt: firstRounding,
      isExact: atRounding.allSatisfy { $0 })
  }
}

#if canImport(Glibc)
  import Glibc
#endif
