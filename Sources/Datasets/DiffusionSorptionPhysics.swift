#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The physical constants of PDEBench's 1-D diffusion–sorption problem.
///
/// The concentration u(x, t) of a contaminant in a porous medium obeys
///
///     ∂u/∂t = D / R(u) · ∂²u/∂x²,   x ∈ (0, 1),
///     R(u) = 1 + ((1 − φ)/φ) · ρₛ · k · n · (u + 10⁻⁶)^(n − 1),
///
/// where R is the retardation factor of Freundlich sorption. The
/// defaults are the values of PDEBench's simulator
/// (`pdebench/data_gen/src/sim_diff_sorp.py` in github.com/pdebench/PDEBench).
/// The boundary conditions are those of `DiffusionSorptionSolver`.
public struct DiffusionSorptionPhysics: Sendable, Equatable {
  /// The diffusion coefficient D, positive. Default 5e-4.
  public var diffusionCoefficient: Double
  /// The porosity φ, in (0, 1). Default 0.29.
  public var porosity: Double
  /// The dry bulk density ρₛ, non-negative. Default 2880.
  public var bulkDensity: Double
  /// The Freundlich coefficient k, non-negative. Default 3.5e-4.
  public var freundlichCoefficient: Double
  /// The Freundlich exponent n, in (0, 1]. Default 0.874.
  public var freundlichExponent: Double
  /// Whether sorption retards diffusion. When `false`, R(u) = 1 and the
  /// equation is the heat equation with diffusivity D, which has a
  /// series solution to test against.
  public var sorption: Bool

  /// The shift 10⁻⁶ inside the power of R, which keeps R finite at
  /// u = 0 (PDEBench's value).
  public static let concentrationShift = 1e-6

  /// PDEBench's constants, with sorption.
  public static let pdeBench = DiffusionSorptionPhysics()

  public init(
    diffusionCoefficient: Double = 5e-4, porosity: Double = 0.29,
    bulkDensity: Double = 2880, freundlichCoefficient: Double = 3.5e-4,
    freundlichExponent: Double = 0.874, sorption: Bool = true
  ) {
    self.diffusionCoefficient = diffusionCoefficient
    self.porosity = porosity
    self.bulkDensity = bulkDensity
    self.freundlichCoefficient = freundlichCoefficient
    self.freundlichExponent = freundlichExponent
    self.sorption = sorption
  }

  /// The factor ((1 − φ)/φ) · ρₛ · k · n in front of the power in R.
  public var sorptionFactor: Double {
    guard sorption else { return 0 }
    return (1 - porosity) / porosity * bulkDensity * freundlichCoefficient
      * freundlichExponent
  }

  /// Returns the retardation factor R(u).
  ///
  /// NOTE: a concentration below 0 is unphysical and only arises from
  /// rounding or the ODE solver's local error. It is evaluated as u = 0,
  /// because below −10⁻⁶ the power is undefined. For u ≥ 0 the formula
  /// is PDEBench's.
  public func retardation(_ concentration: Double) -> Double {
    guard sorption else { return 1 }
    let shifted = max(concentration, 0) + Self.concentrationShift
    return 1 + sorptionFactor * pow(shifted, freundlichExponent - 1)
  }

  /// Returns dR/du, 0 for u < 0 where `retardation` is constant.
  public func retardationDerivative(_ concentration: Double) -> Double {
    guard sorption, concentration >= 0 else { return 0 }
    let shifted = concentration + Self.concentrationShift
    return sorptionFactor * (freundlichExponent - 1)
      * pow(shifted, freundlichExponent - 2)
  }

  /// The problem in the key of a cache file: every constant, written
  /// with Swift's shortest round-trip form so that equal values give
  /// equal text.
  var canonicalDescription: String {
    "D=\(diffusionCoefficient),phi=\(porosity),rho=\(bulkDensity),"
      + "k=\(freundlichCoefficient),n=\(freundlichExponent),"
      + "shift=\(Self.concentrationShift),sorption=\(sorption)"
  }

  /// Returns the first constant outside its valid range, as a message,
  /// or `nil` when all are valid.
  var invalidConstant: String? {
    func isPositive(_ value: Double) -> Bool { value.isFinite && value > 0 }
    func isNonNegative(_ value: Double) -> Bool {
      value.isFinite && value >= 0
    }
    if !isPositive(diffusionCoefficient) {
      return "diffusion coefficient \(diffusionCoefficient) must be positive"
    }
    if !(porosity > 0 && porosity < 1) {
      return "porosity \(porosity) must lie in (0, 1)"
    }
    if !isNonNegative(bulkDensity) {
      return "bulk density \(bulkDensity) must be non-negative"
    }
    if !isNonNegative(freundlichCoefficient) {
      return "Freundlich coefficient \(freundlichCoefficient) must be "
        + "non-negative"
    }
    if !(freundlichExponent > 0 && freundlichExponent <= 1) {
      return "Freundlich exponent \(freundlichExponent) must lie in (0, 1]"
    }
    return nil
  }
}
