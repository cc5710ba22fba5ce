import Datasets
import Testing

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The accuracy of the method of lines: second order in space, and the
/// exact series solution when sorption is off.
@Suite struct DiffusionSorptionConvergenceTests {
  /// Tolerances of 10⁻¹⁰ make the time error about 10⁻⁸ at most, four
  /// orders below the spatial differences measured here (10⁻⁵ and more).
  static func settings(
    cellCount: Int, physics: DiffusionSorptionPhysics = .pdeBench,
    timeCount: Int = 2
  ) -> DiffusionSorptionSettings {
    DiffusionSorptionSettings(
      physics: physics, cellCount: cellCount, timeCount: timeCount,
      absoluteTolerance: 1e-10, relativeTolerance: 1e-10)
  }

  /// Returns the mean of each run of `fine.count / coarseCount` cells,
  /// the fine solution on the coarse grid.
  static func restrict(_ fine: ArraySlice<Double>, to coarseCount: Int)
    -> [Double]
  {
    let ratio = fine.count / coarseCount
    let start = fine.startIndex
    return (0..<coarseCount).map { cell in
      let run = fine[start + cell * ratio..<start + (cell + 1) * ratio]
      return run.reduce(0, +) / Double(ratio)
    }
  }

  @Test func spatialOrderIsTwo() throws {
    // With sorption at t = 500 from u₀ = 0.1, on 64 to 512 cells.
    let cellCounts = [64, 128, 256, 512]
    let finals = try cellCounts.map { cells in
      let values = try DiffusionSorptionSolver.solve(
        initialValue: 0.1, settings: Self.settings(cellCount: cells))
      return values[cells...]
    }

    // Differences of successive grids, on the coarser one. Errors against
    // the finest grid would include its own error and so overstate the
    // order: log₂ 4.2 ≈ 2.07 and log₂ 5 ≈ 2.32 for an exactly second-order
    // scheme. Successive differences shrink by exactly 4 per halving.
    var differences: [Double] = []
    for level in 0..<cellCounts.count - 1 {
      let coarse = Array(finals[level])
      let fine = Self.restrict(finals[level + 1], to: coarse.count)
      let largest = zip(coarse, fine).map { abs($0 - $1) }.max() ?? .nan
      differences.append(largest)
    }
    for level in 0..<differences.count - 1 {
      let order = log2(differences[level] / differences[level + 1])
      // Measured: 2.0004 and 2.0002. The band allows for the time error
      // and for higher-order terms on the 64-cell grid.
      #expect(
        abs(order - 2) <= 0.1,
        "order \(order) from \(cellCounts[level]) to \(cellCounts[level + 1]) cells; differences \(differences)"
      )
    }
    // The 64 to 128 difference, about 9.4e-5, bounds the 64-cell error
    // well below the 1 % noise level of the data (about 2.6e-3).
    #expect(differences[0] <= 2e-4, "differences \(differences)")
  }

  @Test func constantRetardationMatchesSeries() throws {
    // Sorption off: the heat equation with the production boundary
    // conditions, u(0) = 1 and the Robin outflow at x = 1.
    var physics = DiffusionSorptionPhysics.pdeBench
    physics.sorption = false
    let initialValue = 0.15
    let series = try HeatEquationSeries(
      diffusionCoefficient: physics.diffusionCoefficient,
      initialValue: initialValue, termCount: 400)

    var largestErrors: [Double] = []
    for cells in [128, 256] {
      let settings = Self.settings(
        cellCount: cells, physics: physics, timeCount: 11)
      let values = try DiffusionSorptionSolver.solve(
        initialValue: initialValue, settings: settings)
      let centres = settings.cellCentres
      var largest = 0.0
      // Only t ≥ 50, because at t = 0 the series converges slowly where
      // u₀ ≠ 1 meets x = 0.
      for (timeIndex, t) in settings.times.enumerated().dropFirst() {
        for (cell, x) in centres.enumerated() {
          let error = abs(
            values[timeIndex * cells + cell] - series.value(x: x, t: t))
          largest = max(largest, error)
        }
      }
      largestErrors.append(largest)
    }
    // Measured: 6.8e-5 on 128 cells and 1.7e-5 on 256, about 1.1·h²,
    // so the order is 2.00. The bound on 256 cells is 1.5 times the
    // measured error, a margin the time error (about 1e-8) cannot use up.
    let order = log2(largestErrors[0] / largestErrors[1])
    #expect(abs(order - 2) <= 0.15, "errors \(largestErrors)")
    #expect(largestErrors[1] <= 2.5e-5, "errors \(largestErrors)")
  }
}
