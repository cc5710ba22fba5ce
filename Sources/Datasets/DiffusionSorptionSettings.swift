import FileIO

/// The grid, output times and ODE tolerances of a diffusion–sorption
/// solve, with the physics they discretise.
///
/// Every field changes the bytes of a solution, so every field is part of
/// the cache key (see `DiffusionSorptionCache`).
public struct DiffusionSorptionSettings: Sendable, Equatable {
  /// The physical constants. Default `DiffusionSorptionPhysics.pdeBench`.
  public var physics: DiffusionSorptionPhysics
  /// The number of finite-volume cells on (0, 1), at least 2. PDEBench
  /// uses 1024.
  public var cellCount: Int
  /// The number of output times, evenly spaced over [0, `endTime`] with
  /// both ends included, at least 2. PDEBench uses 101.
  public var timeCount: Int
  /// The last output time, positive. PDEBench uses 500.
  public var endTime: Double
  /// The ODE driver's absolute tolerance on each cell value per step.
  public var absoluteTolerance: Double
  /// The ODE driver's relative tolerance on each cell value per step.
  public var relativeTolerance: Double

  /// PDEBench's grid and times with tolerances of 10⁻⁶.
  ///
  /// At these tolerances u, whose values lie in [0, 1], differs from a
  /// solve at 10⁻⁹ by at most 1.3 · 10⁻⁵ (u₀ = 0.1). The spatial error
  /// of the 1024-cell grid is an estimated 5 · 10⁻⁷, extrapolated from
  /// the second-order differences of coarser grids. Both are far below the
  /// smallest noise level the experiments add, 1 % of the targets'
  /// standard deviation (σ ≈ 0.26, so about 2.6 · 10⁻³). Looser
  /// tolerances save little time, because the LU factorisations dominate
  /// the cost.
  public static let pdeBench = DiffusionSorptionSettings()

  public init(
    physics: DiffusionSorptionPhysics = .pdeBench, cellCount: Int = 1024,
    timeCount: Int = 101, endTime: Double = 500,
    absoluteTolerance: Double = 1e-6, relativeTolerance: Double = 1e-6
  ) {
    self.physics = physics
    self.cellCount = cellCount
    self.timeCount = timeCount
    self.endTime = endTime
    self.absoluteTolerance = absoluteTolerance
    self.relativeTolerance = relativeTolerance
  }

  /// The cell width Δx = 1 / `cellCount`.
  public var cellWidth: Double { 1 / Double(cellCount) }

  /// The cell centres xᵢ = (i + ½) Δx, i = 0 ..< `cellCount`.
  public var cellCentres: [Double] {
    (0..<cellCount).map { (Double($0) + 0.5) * cellWidth }
  }

  /// The output times tⱼ = `endTime` · j / (`timeCount` − 1). The first
  /// is 0 and the last is exactly `endTime`.
  public var times: [Double] {
    (0..<timeCount).map {
      $0 == timeCount - 1
        ? endTime : endTime * Double($0) / Double(timeCount - 1)
    }
  }

  /// The settings in the key of a cache file. The leading version names
  /// the discretisation, so a change to the scheme must change it.
  var canonicalDescription: String {
    "diffusion-sorption-v1;\(physics.canonicalDescription);"
      + "cells=\(cellCount);times=\(timeCount);end=\(endTime);"
      + "stepper=msbdf;atol=\(absoluteTolerance);rtol=\(relativeTolerance)"
  }

  /// Throws when a setting is outside its valid range.
  ///
  /// - Throws: `InputError` naming the setting and its valid range.
  public func validate() throws {
    if let problem = physics.invalidConstant {
      throw InputError("diffusion–sorption \(problem)")
    }
    guard cellCount >= 2 else {
      throw InputError(
        "diffusion–sorption cell count \(cellCount) is invalid; use at "
          + "least 2 cells")
    }
    guard timeCount >= 2 else {
      throw InputError(
        "diffusion–sorption output time count \(timeCount) is invalid; use "
          + "at least 2 (the start and the end)")
    }
    guard endTime.isFinite, endTime > 0 else {
      throw InputError(
        "diffusion–sorption end time \(endTime) is invalid; use a positive "
          + "time")
    }
    for (name, value) in [
      ("absolute", absoluteTolerance), ("relative", relativeTolerance),
    ] {
      guard value.isFinite, value >= 0 else {
        throw InputError(
          "diffusion–sorption \(name) tolerance \(value) is invalid; use a "
            + "non-negative value")
      }
    }
    guard absoluteTolerance > 0 || relativeTolerance > 0 else {
      throw InputError(
        "diffusion–sorption tolerances are both 0; make one positive")
    }
  }
}
