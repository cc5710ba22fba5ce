import FileIO
import GSL
import Testing

@testable import Datasets

/// The boundary conditions, range and reproducibility of the
/// diffusion–sorption solver.
@Suite struct DiffusionSorptionSolverTests {
  /// A coarse grid with the production physics and tolerances, fast
  /// enough to solve several times per test.
  static let coarse = DiffusionSorptionSettings(cellCount: 256, timeCount: 21)

  @Test func jacobianMatchesFiniteDifferences() throws {
    // 16 cells with values from 0.05 to 0.95, away from u = 0 where R′
    // is steep, with sorption on.
    let settings = DiffusionSorptionSettings(cellCount: 16)
    let system = DiffusionSorptionSolver.system(settings)
    let jacobian = try #require(system.jacobian)
    let n = settings.cellCount
    let state = (0..<n).map { 0.05 + 0.9 * Double($0 * $0) / Double(n * n) }

    func evaluate(_ u: [Double]) -> [Double] {
      var derivative = [Double](repeating: 0, count: n)
      u.withUnsafeBufferPointer { input in
        derivative.withUnsafeMutableBufferPointer { output in
          system.rightHandSide(0, input, output)
        }
      }
      return derivative
    }
    var analytic = [Double](repeating: .nan, count: n * n)
    var timeDerivative = [Double](repeating: .nan, count: n)
    state.withUnsafeBufferPointer { input in
      analytic.withUnsafeMutableBufferPointer { matrix in
        timeDerivative.withUnsafeMutableBufferPointer { vector in
          jacobian(0, input, matrix, vector)
        }
      }
    }
    #expect(timeDerivative.allSatisfy { $0 == 0 })

    // Central differences with step 1e-6 have a truncation error of about
    // 1e-12 · |f‴| and a rounding error of about 1e-16 · |f| / 1e-6. Both
    // are below 1e-8 of the entries' scale D/h² = 0.128.
    let step = 1e-6
    let entryScale = settings.physics.diffusionCoefficient * Double(n * n)
    for column in 0..<n {
      var forward = state
      forward[column] += step
      var backward = state
      backward[column] -= step
      let difference = zip(evaluate(forward), evaluate(backward)).map {
        ($0 - $1) / (2 * step)
      }
      for row in 0..<n {
        #expect(
          abs(analytic[row * n + column] - difference[row])
            <= 1e-8 * entryScale,
          "∂f\(row)/∂u\(column): \(analytic[row * n + column]) vs \(difference[row])"
        )
      }
    }
  }

  @Test func boundaryConditionsHold() throws {
    let settings = Self.coarse
    let values = try DiffusionSorptionSolver.solve(
      initialValue: 0.1, settings: settings)
    let cells = settings.cellCount
    let h = settings.cellWidth
    let d = settings.physics.diffusionCoefficient

    for timeIndex in 1..<settings.timeCount {
      let row = Array(values[timeIndex * cells..<(timeIndex + 1) * cells])

      // The quadratic through the first three centres, h/2, 3h/2 and
      // 5h/2, extrapolated to x = 0, must give the Dirichlet value 1.
      // Measured: 2.0e-5 at t = 25, falling to 2.1e-7 at t = 500, the
      // extrapolation's own O(h²) error on the steep early profile.
      let left = (15 * row[0] - 10 * row[1] + 3 * row[2]) / 8
      #expect(abs(left - 1) <= 5e-5, "t index \(timeIndex): u(0) = \(left)")

      // The quadratic through the last three centres gives u(1) and
      // ∂u/∂x(1), and the Robin outflow condition is u(1) + D ∂u/∂x(1) = 0.
      let (last, before, third) = (
        row[cells - 1], row[cells - 2], row[cells - 3]
      )
      let faceValue = (15 * last - 10 * before + 3 * third) / 8
      let slope = (2 * last - 3 * before + third) / h
      // Measured: at most 0.93 % of D·|∂u/∂x|, at t = 25, and below 0.1 %
      // from t = 100 on. With the opposite sign the residual would be
      // twice D·|∂u/∂x|.
      let residual = faceValue + d * slope
      #expect(
        abs(residual) <= 0.02 * d * abs(slope),
        "t index \(timeIndex): u(1) = \(faceValue), D ∂u/∂x = \(d * slope)")
      #expect(faceValue > 0, "t index \(timeIndex): u(1) = \(faceValue)")

      // The solver's face value satisfies the discrete condition, the
      // half-cell difference, to rounding.
      let discreteFace = DiffusionSorptionSolver.rightFaceValue(
        lastCellValue: last, settings: settings)
      let discreteFlux = -d * (discreteFace - last) / (h / 2)
      // Both are about 1e-4, so 1e-15 is a few units in the last place.
      #expect(abs(discreteFlux - discreteFace) <= 1e-15)
    }
  }

  /// Checks that `values` lie in [0, 1] up to 1e-6. The semi-discrete
  /// system keeps u in [0, 1], and the ODE driver's local error, about
  /// its tolerance 1e-6, is the only way out.
  static func expectInUnitInterval(
    _ values: [Double], sourceLocation: SourceLocation = #_sourceLocation
  ) {
    let smallest = values.min() ?? .nan
    let largest = values.max() ?? .nan
    #expect(smallest >= -1e-6, sourceLocation: sourceLocation)
    #expect(largest <= 1 + 1e-6, sourceLocation: sourceLocation)
  }

  // The ends of U(0, 0.2) and its middle. Measured: the smallest values
  // are 0 (the start), 3.8e-4 and 1.3e-3 and the largest 0.996.
  @Test(arguments: [0, 0.1, 0.2.nextDown])
  func solutionStaysInUnitInterval(initialValue: Double) throws {
    let values = try DiffusionSorptionSolver.solve(
      initialValue: initialValue, settings: Self.coarse)
    Self.expectInUnitInterval(values)
  }

  @Test func pdeBenchGridStaysInUnitInterval() throws {
    // On 1024 cells h/(2D) ≈ 0.977, where the opposite sign of the Robin
    // condition would make u grow without bound. Measured range to
    // t = 20: [0.0022, 0.996].
    let settings = DiffusionSorptionSettings(timeCount: 3, endTime: 20)
    let values = try DiffusionSorptionSolver.solve(
      initialValue: 0.2.nextDown, settings: settings)
    Self.expectInUnitInterval(values)
  }

  @Test func sameSeedGivesSameBytes() throws {
    let settings = DiffusionSorptionSettings(cellCount: 64, timeCount: 11)
    let concurrent = try DiffusionSorptionTrajectories.solve(
      settings: settings, trajectoryCount: 3, seed: 11)
    let sequential = try DiffusionSorptionTrajectories.solve(
      settings: settings, trajectoryCount: 3, seed: 11, concurrently: false)
    #expect(concurrent.initialValues == sequential.initialValues)
    #expect(
      concurrent.values.map(\.bitPattern)
        == sequential.values.map(\.bitPattern))

    let other = try DiffusionSorptionTrajectories.solve(
      settings: settings, trajectoryCount: 3, seed: 12)
    #expect(other.initialValues != concurrent.initialValues)
  }

  @Test func initialValuesFollowUniformRange() {
    let values = DiffusionSorptionTrajectories.initialValues(
      count: 1000, seed: 3)
    #expect(values.allSatisfy { $0 >= 0 })
    #expect(values.allSatisfy { $0 < 0.2 })
    // The mean of 1000 draws from U(0, 0.2) is 0.1 with a standard
    // error of 0.2/√12/√1000 ≈ 0.0018, so 0.01 is more than 5 of them.
    let mean = values.reduce(0, +) / Double(values.count)
    #expect(abs(mean - 0.1) <= 0.01, "mean \(mean)")
    #expect(
      DiffusionSorptionTrajectories.initialValues(count: 5, seed: 3)
        == Array(values.prefix(5)))
  }

  @Test func trajectoryRowsStartAtInitialValue() throws {
    let settings = DiffusionSorptionSettings(cellCount: 32, timeCount: 5)
    let trajectories = try DiffusionSorptionTrajectories.solve(
      settings: settings, trajectoryCount: 2, seed: 5)
    for trajectory in 0..<2 {
      for cell in 0..<settings.cellCount {
        #expect(
          trajectories.value(trajectory: trajectory, timeIndex: 0, cell: cell)
            == trajectories.initialValues[trajectory])
      }
    }
  }

  @Test func invalidSettingsAreRejected() {
    let cases: [(DiffusionSorptionSettings, String)] = [
      (DiffusionSorptionSettings(cellCount: 1), "cell count 1"),
      (DiffusionSorptionSettings(timeCount: 1), "time count 1"),
      (DiffusionSorptionSettings(endTime: 0), "end time 0"),
      (
        DiffusionSorptionSettings(
          absoluteTolerance: 0, relativeTolerance: 0), "both 0"
      ),
      (
        DiffusionSorptionSettings(
          physics: DiffusionSorptionPhysics(porosity: 1)), "porosity 1"
      ),
    ]
    for (settings, fragment) in cases {
      expectInputError(path: nil, containing: fragment) {
        _ = try DiffusionSorptionSolver.solve(
          initialValue: 0.1, settings: settings)
      }
    }
    expectInputError(path: nil, containing: "trajectory count 0") {
      _ = try DiffusionSorptionTrajectories.solve(
        settings: Self.coarse, trajectoryCount: 0, seed: 1)
    }
    expectInputError(path: nil, containing: "trajectory count 0") {
      _ = try DiffusionSorptionTrajectories.load(
        settings: Self.coarse, trajectoryCount: 0, seed: 1,
        cacheFolder: "/nonexistent-cache-folder")
    }
    expectInputError(path: nil, containing: "initial value -1") {
      _ = try DiffusionSorptionSolver.solve(
        initialValue: -1, settings: Self.coarse)
    }
  }
}
