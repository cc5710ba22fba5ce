/// A finite-difference derivative classified as smooth or as a kink.
public enum CheckedDerivative: Sendable {
  /// The forward and backward rules agree: the function is differentiable
  /// here and the estimate is the central value.
  case smooth(DerivativeEstimate)
  /// The one-sided rules disagree: a kink lies within the step, and the
  /// left and right slopes are the one-sided values.
  case kink(left: Double, right: Double)
}

/// Kink-aware numerical differentiation through GSL.
public enum KinkAwareDerivative {
  /// Differentiates `function` at `x`, comparing GSL's forward and backward
  /// rules to detect a kink within `step`.
  ///
  /// The one-sided rules are second-order accurate with h adapted from
  /// `step`, so on a smooth function they agree to about `agreement`. A
  /// kink of a piecewise-linear activation makes them differ by the jump
  /// in slope, which is of the order of the weights around it.
  public static func derivative(
    of function: (Double) -> Double, at x: Double, step: Double = 1e-4,
    agreement: Double = 1e-5
  ) throws -> CheckedDerivative {
    let central = try FiniteDifference.derivative(
      of: function, at: x, step: step, stencil: .central)
    let forward = try FiniteDifference.derivative(
      of: function, at: x, step: step, stencil: .forward)
    let backward = try FiniteDifference.derivative(
      of: function, at: x, step: step, stencil: .backward)
    let scale = max(1, abs(central.value))
    if abs(forward.value - backward.value) > agreement * scale {
      return .kink(left: backward.value, right: forward.value)
    }
    return .smooth(central)
  }
}
