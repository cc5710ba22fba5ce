#if canImport(Glibc)
  import Glibc
#endif

/// An error bound e(ε) ≤ C·εᵖ fitted on some weights' curves and tested
/// on the others.
///
/// The order p is the slope of log e against log ε pooled over the
/// fitting weights with one intercept per weight (each weight has its own
/// constant, all share the order), on the points above rounding. C is the
/// largest e/εᵖ over those points, so by construction no fitting point
/// lies above the bound. The held-out weights test whether any other
/// point does.
public struct EmpiricalBound: Sendable, Equatable {
  /// The fitted order p; NaN when fewer than three points lie above
  /// rounding (the closed form is exact there).
  public let order: Double
  /// C; 0 when every fitting point is at rounding.
  public let constant: Double
  /// Weights the bound was fitted on.
  public let fittingWeights: Int
  /// Weights held out to test it.
  public let heldOutWeights: Int
  /// Held-out weights with a point above C·εᵖ.
  public let violations: Int
  /// Weights of either part whose every point is at rounding.
  public let exactWeights: Int
  /// Percentiles (50, 90, 99, 100) of e/εᵖ over all weights' points above
  /// rounding; empty when there are none or p is NaN.
  public let ratioPercentiles: [Double]

  /// The fraction of held-out weights that violate the bound.
  public var violationFraction: Double {
    heldOutWeights == 0 ? .nan : Double(violations) / Double(heldOutWeights)
  }

  /// Fits the bound on `fitting` and tests it on `heldOut`.
  ///
  /// A held-out point at rounding never violates; a point above rounding
  /// violates when e > C·εᵖ·(1 + 10⁻⁹), the margin covering the rounding
  /// of the power. When p is NaN the bound is "exact to rounding" and
  /// every held-out weight with a point above rounding violates it.
  public init(fitting: [ErrorCurve], heldOut: [ErrorCurve]) {
    let fitPoints = Self.pointsAboveRounding(fitting)
    let order = Self.pooledOrder(fitPoints)
    var constant = 0.0
    if !order.isNaN {
      for point in fitPoints.joined() {
        constant = max(constant, point.error / pow(point.removal, order))
      }
    }
    var violations = 0
    for points in Self.pointsAboveRounding(heldOut) where !points.isEmpty {
      let violates =
        order.isNaN
        || points.contains {
          $0.error > constant * pow($0.removal, order) * (1 + 1e-9)
        }
      if violates { violations += 1 }
    }

    var ratios: [Double] = []
    if !order.isNaN {
      for point in Self.pointsAboveRounding(fitting + heldOut).joined() {
        ratios.append(point.error / pow(point.removal, order))
      }
    }
    self.order = order
    self.constant = constant
    self.fittingWeights = fitting.count
    self.heldOutWeights = heldOut.count
    self.violations = violations
    self.exactWeights = (fitting + heldOut).filter(\.isExact).count
    self.ratioPercentiles =
      ratios.isEmpty
      ? []
      : [0.5, 0.9, 0.99, 1].map {
        Self.percentile(ratios, $0)
      }
  }

  /// Returns the points of each curve that lie above rounding and were
  /// solved.
  static func pointsAboveRounding(_ curves: [ErrorCurve])
    -> [[(removal: Double, error: Double)]]
  {
    curves.map { curve in
      zip(curve.removals, zip(curve.errors, curve.atRounding)).compactMap {
        removal, pair in
        pair.1 || pair.0.isNaN || pair.0 <= 0 ? nil : (removal, pair.0)
      }
    }
  }

  /// Returns the slope of log e on log ε with one intercept per curve: each
  /// curve's points are centred on their own means, then one slope fits
  /// all. Curves with a single point carry no slope and are skipped.
  static func pooledOrder(_ curves: [[(removal: Double, error: Double)]])
    -> Double
  {
    var cross = 0.0
    var square = 0.0
    var count = 0
    for points in curves where points.count >= 2 {
      let x = points.map { log($0.removal) }
      let y = points.map { log($0.error) }
      let meanX = x.reduce(0, +) / Double(x.count)
      let meanY = y.reduce(0, +) / Double(y.count)
      for index in x.indices {
        cross += (x[index] - meanX) * (y[index] - meanY)
        square += (x[index] - meanX) * (x[index] - meanX)
      }
      count += points.count
    }
    return count >= 3 && square > 0 ? cross / square : .nan
  }

  /// Returns the `fraction` quantile of `values` by the nearest-rank rule.
  static func percentile(_ values: [Double], _ fraction: Double) -> Double {
    let sorted = values.sorted()
    let rank = Int((fraction * Double(sorted.count)).rounded(.up))
    return sorted[max(0, min(sorted.count - 1, rank - 1))]
  }
}
