import Experiments
import Testing
import Verification

#if canImport(Glibc)
  import Glibc
#endif

/// The bound e ≤ C·εᵖ on synthetic curves whose order and constants are
/// known exactly.
@Suite struct EmpiricalBoundTests {
  static let removals = (0...8).map { 1 / Double(1 << $0) }

  /// Returns a curve e(ε) = constant·ε^order, with points below `floor` marked as
  /// rounding.
  static func curve(
    _ constant: Double, order: Double, column: Int, floor: Double = 0
  ) -> ErrorCurve {
    let errors = removals.map { constant * pow($0, order) }
    return ErrorCurve(
      weight: WeightIndex(layer: 0, row: 0, column: column),
      removals: removals, errors: errors,
      atRounding: errors.map { $0 <= floor })
  }

  @Test func recoversOrderAndLargestConstant() {
    let fitting = [0.5, 2, 1].enumerated().map {
      Self.curve($1, order: 2, column: $0)
    }
    let heldOut = [
      Self.curve(1.5, order: 2, column: 10),
      Self.curve(3, order: 2, column: 11),
    ]
    let bound = EmpiricalBound(fitting: fitting, heldOut: heldOut)
    // Exact powers of two: the pooled slope is 2 to rounding of the logs.
    #expect(abs(bound.order - 2) <= 1e-12)
    #expect(abs(bound.constant - 2) <= 1e-12)
    // Only the curve with constant 3 > 2 lies above the bound.
    #expect(bound.violations == 1)
    #expect(bound.violationFraction == 0.5)
    #expect(bound.exactWeights == 0)
    #expect(bound.ratioPercentiles.count == 4)
    #expect(abs(bound.ratioPercentiles[3] - 3) <= 1e-12)
  }

  @Test func sharedOrderIgnoresEachWeightsConstant() {
    // Constants spread over six decades do not bias the pooled slope,
    // since each curve keeps its own intercept.
    let fitting = [1e-3, 1, 1e3].enumerated().map {
      Self.curve($1, order: 3, column: $0)
    }
    let bound = EmpiricalBound(fitting: fitting, heldOut: [])
    #expect(abs(bound.order - 3) <= 1e-12)
    #expect(bound.violationFraction.isNaN)
  }

  @Test func exactCurvesGiveNoOrderAndFlagAnyErrorHeldOut() {
    let exact = (0..<4).map { Self.curve(0, order: 2, column: $0) }
    let inexact = Self.curve(1, order: 2, column: 9)
    let bound = EmpiricalBound(fitting: exact, heldOut: [exact[0], inexact])
    #expect(bound.order.isNaN)
    #expect(bound.constant == 0)
    #expect(bound.violations == 1)
    #expect(bound.exactWeights == 5)
    #expect(bound.ratioPercentiles.isEmpty)
  }

  @Test func roundingPointsAreLeftOutOfTheFit() {
    // Below 1e-3 the points count as rounding; the fit uses only those
    // above and still finds order 2.
    let curves = [1.0, 4].enumerated().map {
      Self.curve($1, order: 2, column: $0, floor: 1e-3)
    }
    #expect(curves[0].exactBelow == 1.0 / 32)
    let bound = EmpiricalBound(fitting: curves, heldOut: [])
    #expect(abs(bound.order - 2) <= 1e-12)
    #expect(abs(bound.constant - 4) <= 1e-12)
  }
}
