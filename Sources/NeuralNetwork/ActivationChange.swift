#if canImport(Glibc)
  import Glibc
#endif

extension Activation {
  /// Returns σ(z + Δ) − σ(z) without the cancellation of subtracting two
  /// nearly equal values when Δ is small against z.
  ///
  /// Subtracting σ(z + Δ) from σ(z) as computed loses about
  /// log₁₀(|σ(z)| / |σ′(z)·Δ|) digits: with z ≈ 1 and Δ ≈ 1e-6, six of
  /// them. The identities used instead keep the difference to a few
  /// rounding errors of itself:
  ///
  /// - piecewise linear, both points on one side of the kink: slope·Δ;
  /// - tanh: sinh Δ / (cosh z · cosh(z + Δ));
  /// - sigmoid: −expm1(−Δ) · σ(z + Δ) · σ(−z);
  /// - softplus: log1p(expm1(Δ) · σ(z)).
  ///
  /// Where those would overflow, and for GELU, it subtracts directly.
  // NOTE: GELU's difference is the plain subtraction, so it keeps the
  // cancellation described above.
  @inlinable
  public func change(from z: Double, by delta: Double) -> Double {
    let moved = z + delta
    switch self {
    case .identity:
      return delta
    case .relu:
      if z > 0 { return moved > 0 ? delta : -z }
      return moved > 0 ? moved : 0
    case .leakyReLU:
      if (z > 0) == (moved > 0) {
        return (z > 0 ? 1 : Activation.leakySlope) * delta
      }
      return value(moved) - value(z)
    case .tanh:
      guard abs(z) < 350, abs(moved) < 350 else {
        return value(moved) - value(z)
      }
      return sinh(delta) / (cosh(z) * cosh(moved))
    case .sigmoid:
      guard abs(delta) < 700 else { return value(moved) - value(z) }
      return -expm1(-delta) * Activation.logistic(moved)
        * Activation.logistic(-z)
    case .softplus:
      // A large |Δ| has no cancellation to avoid, and log1p(−1) would be
      // −∞ when expm1(Δ) rounds to −1.
      guard abs(delta) < 30 else { return value(moved) - value(z) }
      return log1p(expm1(delta) * Activation.logistic(z))
    case .gelu:
      return value(moved) - value(z)
    }
  }
}
