import CGSL

/// A least-squares straight line y ≈ intercept + slope·x.
public struct LinearFit: Sendable, Equatable {
  public let intercept: Double
  public let slope: Double
  /// The variance of the slope estimate, from GSL's covariance.
  public let slopeVariance: Double
  /// The residual sum of squares.
  public let residualSumOfSquares: Double

  /// Fits a line to the points with `gsl_fit_linear`.
  ///
  /// - Precondition: `x.count == y.count`.
  /// - Throws: `GSLError` when GSL fails, for example with fewer than two
  ///   distinct x values.
  public init(x: [Double], y: [Double]) throws {
    precondition(x.count == y.count, "one y per x")
    GSLRuntime.disableAbortOnError()
    var c0 = 0.0
    var c1 = 0.0
    var cov00 = 0.0
    var cov01 = 0.0
    var cov11 = 0.0
    var sumsq = 0.0
    let status = x.withUnsafeBufferPointer { xs in
      y.withUnsafeBufferPointer { ys in
        gsl_fit_linear(
          xs.baseAddress, 1, ys.baseAddress, 1, x.count, &c0, &c1, &cov00,
          &cov01, &cov11, &sumsq)
      }
    }
    try GSLRuntime.check(status, "gsl_fit_linear")
    guard c1.isFinite && c0.isFinite else {
      throw GSLError(call: "gsl_fit_linear", status: Int32(GSL_EDOM))
    }
    intercept = c0
    slope = c1
    slopeVariance = cov11
    residualSumOfSquares = sumsq
  }
}
