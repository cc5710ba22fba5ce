import GSL

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The series solution of the heat equation with the diffusion–sorption
/// boundary conditions, the exact solution when sorption is off (R = 1).
///
/// The problem is ∂u/∂t = D ∂²u/∂x² on (0, 1) with u(0, t) = 1,
/// u(1, t) + D ∂u/∂x(1, t) = 0 and u(x, 0) = u₀.
///
/// The steady state w(x) = 1 − x/(1 + D) satisfies both boundary
/// conditions, so v = u − w solves the heat equation with v(0, t) = 0,
/// v(1, t) + D ∂v/∂x(1, t) = 0 and v(x, 0) = u₀ − w(x). Separation of
/// variables gives eigenfunctions sin(λₖx) with sin λ + Dλ cos λ = 0,
/// that is tan λ = −Dλ. The function changes sign between (k − ½)π, where
/// it is ±1, and kπ, where it is ∓Dkπ, so λₖ is the root in that
/// interval, found with GSL's Brent solver. The eigenfunctions are
/// orthogonal on (0, 1) with ∫ sin²(λx) dx = ½ − sin(2λ)/(4λ), and
///
///     u(x, t) = w(x) + Σₖ cₖ e^(−Dλₖ²t) sin(λₖx),
///     cₖ = ∫₀¹ (u₀ − w(x)) sin(λₖx) dx / ∫₀¹ sin²(λₖx) dx,
///
/// with ∫ sin(λx) dx = (1 − cos λ)/λ and
/// ∫ x sin(λx) dx = sin λ/λ² − cos λ/λ over (0, 1).
struct HeatEquationSeries {
  let diffusionCoefficient: Double
  let initialValue: Double
  let eigenvalues: [Double]
  let coefficients: [Double]

  /// Computes the first `termCount` terms.
  init(diffusionCoefficient: Double, initialValue: Double, termCount: Int)
    throws
  {
    let d = diffusionCoefficient
    self.diffusionCoefficient = d
    self.initialValue = initialValue
    eigenvalues = try (1...termCount).map { k in
      try RootFinder.brent(
        of: { sin($0) + d * $0 * cos($0) },
        lower: (Double(k) - 0.5) * Double.pi, upper: Double(k) * Double.pi,
        absoluteTolerance: 0, relativeTolerance: 1e-15
      ).root
    }
    coefficients = eigenvalues.map { eigenvalue in
      let sineIntegral = (1 - cos(eigenvalue)) / eigenvalue
      let ramp =
        sin(eigenvalue) / (eigenvalue * eigenvalue) - cos(eigenvalue)
        / eigenvalue
      let numerator = (initialValue - 1) * sineIntegral + ramp / (1 + d)
      return numerator / (0.5 - sin(2 * eigenvalue) / (4 * eigenvalue))
    }
  }

  /// Returns u(x, t). For t > 0 the terms decay like e^(−Dk²π²t), so a
  /// few hundred terms reach rounding for t ≥ 1.
  func value(x: Double, t: Double) -> Double {
    var sum = 1 - x / (1 + diffusionCoefficient)
    for (eigenvalue, c) in zip(eigenvalues, coefficients) {
      sum +=
        c * exp(-diffusionCoefficient * eigenvalue * eigenvalue * t)
        * sin(eigenvalue * x)
    }
    return sum
  }
}
