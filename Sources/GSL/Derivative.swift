import CGSL

/// A numerical derivative with GSL's estimate of its absolute error.
public struct DerivativeEstimate: Sendable, Equatable {
  /// The estimated derivative.
  public let value: Double
  /// GSL's estimate of the absolute error of `value` (rounding plus
  /// truncation).
  public let absoluteError: Double
}

/// Finite-difference derivatives of a scalar function through `gsl_deriv`.
public enum FiniteDifference {
  /// The difference stencil GSL uses.
  public enum Stencil: String, Sendable, CaseIterable {
    /// `gsl_deriv_central`: GSL's 5-point rule at x ± h/2 and x ± h.
    case central
    /// `gsl_deriv_forward`: GSL's open 4-point rule at x + h/4 … x + h,
    /// which never evaluates f at x or below it.
    case forward
    /// `gsl_deriv_backward`: the mirror of `forward`, on x − h … x − h/4.
    case backward
  }

  /// Differentiates `function` at `x` with initial step `step`.
  ///
  /// GSL adapts the step from `step` to balance rounding against truncation
  /// error; `step` should be near the scale on which `function` changes.
  /// The one-sided stencils sample only one side of `x`, so at a kink of a
  /// piecewise-linear function they return the one-sided slopes while the
  /// central rule returns their average.
  ///
  /// - Throws: `GSLError` when GSL reports a failure.
  public static func derivative(
    of function: (Double) -> Double, at x: Double, step: Double,
    stencil: Stencil = .central
  ) throws -> DerivativeEstimate {
    GSLRuntime.disableAbortOnError()
    return try withoutActuallyEscaping(function) { escaping in
      let box = FunctionBox(escaping)
      let context = Unmanaged.passUnretained(box).toOpaque()
      var gslFunction = gsl_function(
        function: { x, params in
          Unmanaged<FunctionBox>.fromOpaque(params!).takeUnretainedValue()
            .call(x)
        },
        params: context)
      var value = 0.0
      var error = 0.0
      let status: Int32
      let name: String
      switch stencil {
      case .central:
        status = gsl_deriv_central(&gslFunction, x, step, &value, &error)
        name = "gsl_deriv_central"
      case .forward:
        status = gsl_deriv_forward(&gslFunction, x, step, &value, &error)
        name = "gsl_deriv_forward"
      case .backward:
        status = gsl_deriv_backward(&gslFunction, x, step, &value, &error)
        name = "gsl_deriv_backward"
      }
      try withExtendedLifetime(box) {
        try GSLRuntime.check(status, name)
      }
      return DerivativeEstimate(value: value, absoluteError: error)
    }
  }
}

/// Holds a Swift closure so a C callback can reach it through `void *`.
final class FunctionBox {
  let call: (Double) -> Double
  init(_ call: @escaping (Double) -> Double) { self.call = call }
}
