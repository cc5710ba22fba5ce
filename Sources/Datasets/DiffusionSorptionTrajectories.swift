import Dispatch
import FileIO
import SeededRandom

/// Solutions of the diffusion–sorption problem from seeded initial values,
/// one trajectory per value, on one grid and set of output times.
public struct DiffusionSorptionTrajectories: Sendable {
  /// The physics, grid, times and tolerances of every trajectory.
  public let settings: DiffusionSorptionSettings
  /// The constant initial value u₀ of each trajectory.
  public let initialValues: [Double]
  /// The solutions, row-major with shape
  /// (trajectory, time, cell) = (`trajectoryCount`, `timeCount`,
  /// `cellCount`).
  public let values: [Double]
  /// Whether the values were read from a cache file instead of solved.
  public let wasReadFromCache: Bool

  /// The lower end of the interval U(0, 0.2) that PDEBench draws the
  /// initial values from.
  public static let initialValueLowerBound = 0.0
  /// The upper end of that interval, excluded.
  public static let initialValueUpperBound = 0.2

  /// The number of trajectories.
  public var trajectoryCount: Int { initialValues.count }

  /// Creates trajectories from solutions computed elsewhere.
  ///
  /// - Precondition: `values.count` is `initialValues.count` ×
  ///   `timeCount` × `cellCount`.
  public init(
    settings: DiffusionSorptionSettings, initialValues: [Double],
    values: [Double], wasReadFromCache: Bool = false
  ) {
    precondition(
      values.count
        == initialValues.count * settings.timeCount * settings.cellCount,
      "values must have trajectoryCount × timeCount × cellCount entries")
    self.settings = settings
    self.initialValues = initialValues
    self.values = values
    self.wasReadFromCache = wasReadFromCache
  }

  /// Returns u at output time `timeIndex` and cell `cell` of trajectory
  /// `trajectory`.
  ///
  /// - Precondition: each index is within its range.
  public func value(trajectory: Int, timeIndex: Int, cell: Int) -> Double {
    precondition(initialValues.indices.contains(trajectory))
    precondition((0..<settings.timeCount).contains(timeIndex))
    precondition((0..<settings.cellCount).contains(cell))
    return values[
      (trajectory * settings.timeCount + timeIndex) * settings.cellCount
        + cell]
  }

  /// Returns `count` initial values drawn from U(0, 0.2) with the
  /// `diffusionSorptionInitialValues` stream of `seed`.
  public static func initialValues(count: Int, seed: UInt64) -> [Double] {
    var generator = SeededGenerator(
      seed: seed, stream: .diffusionSorptionInitialValues)
    return (0..<max(count, 0)).map { _ in
      generator.uniform(initialValueLowerBound, initialValueUpperBound)
    }
  }

  /// Solves `trajectoryCount` trajectories from seeded initial values.
  ///
  /// The trajectories are independent and each is solved by one thread,
  /// so the values are the same bytes whether `concurrently` is set or
  /// not and whatever the number of cores.
  ///
  /// NOTE: GSL's `msbdf` stores the Jacobian densely and LU-factorises the
  /// dense N × N iteration matrix, although the Jacobian is tridiagonal.
  /// At PDEBench's 1024 cells and 101 output times a trajectory takes
  /// about 165 factorisations and 6 to 7 CPU seconds, and ten took 90.
  /// These were measured with OpenBLAS 0.3.21 at one thread on a shared
  /// two-core AMD EPYC virtual machine. Half of the time comes from the
  /// output times, where the driver shortens a step to land on each one.
  /// Tolerances of 10⁻⁵ instead of 10⁻⁶ save only about a fifth. GSL's LU calls OpenBLAS,
  /// which may start threads of its own, so with `concurrently` set one
  /// OpenBLAS thread per solve avoids oversubscribing the cores.
  ///
  /// - Parameters:
  ///   - concurrently: whether to solve trajectories in parallel with
  ///     `DispatchQueue.concurrentPerform`. Default `true`.
  /// - Throws: `InputError` when `settings` is invalid or
  ///   `trajectoryCount` is not positive. When the ODE driver fails, the
  ///   `GSLError` of the lowest-numbered trajectory that failed.
  public static func solve(
    settings: DiffusionSorptionSettings, trajectoryCount: Int, seed: UInt64,
    concurrently: Bool = true
  ) throws -> DiffusionSorptionTrajectories {
    try validate(settings, trajectoryCount: trajectoryCount)
    let initialValues = initialValues(count: trajectoryCount, seed: seed)
    let results = ResultSlots(count: trajectoryCount)
    let solveOne: @Sendable (Int) -> Void = { trajectory in
      results.store(
        Result {
          try DiffusionSorptionSolver.solve(
            initialValue: initialValues[trajectory], settings: settings)
        }, at: trajectory)
    }
    if concurrently {
      DispatchQueue.concurrentPerform(
        iterations: trajectoryCount, execute: solveOne)
    } else {
      for trajectory in 0..<trajectoryCount { solveOne(trajectory) }
    }
    var values: [Double] = []
    values.reserveCapacity(
      trajectoryCount * settings.timeCount * settings.cellCount)
    for result in results.collected() {
      values += try result.get()
    }
    return DiffusionSorptionTrajectories(
      settings: settings, initialValues: initialValues, values: values)
  }

  /// Returns the trajectories that `solve` computes, read from the cache
  /// file in `cacheFolder` when one exists and otherwise solved and then
  /// written there.
  ///
  /// - Parameters:
  ///   - cacheFolder: the folder of the cache files, created when
  ///     missing, or `nil` to always solve and write nothing.
  /// - Throws: what `solve` throws. `InputError` naming the cache file
  ///   when it cannot be written. `InputError` naming the cache file and
  ///   asking to delete it when the file exists but is not a valid cache
  ///   of these parameters.
  public static func load(
    settings: DiffusionSorptionSettings, trajectoryCount: Int, seed: UInt64,
    cacheFolder: String?
  ) throws -> DiffusionSorptionTrajectories {
    try validate(settings, trajectoryCount: trajectoryCount)
    guard let cacheFolder else {
      return try solve(
        settings: settings, trajectoryCount: trajectoryCount, seed: seed)
    }
    let path = DiffusionSorptionCache.path(
      in: cacheFolder, settings: settings, trajectoryCount: trajectoryCount,
      seed: seed)
    if AtomicFile.exists(path) {
      return try DiffusionSorptionCache.read(
        path, settings: settings, trajectoryCount: trajectoryCount,
        seed: seed)
    }
    try AtomicFile.checkWritable(path)
    let trajectories = try solve(
      settings: settings, trajectoryCount: trajectoryCount, seed: seed)
    try DiffusionSorptionCache.write(trajectories, to: path)
    return trajectories
  }
}

/// Throws `InputError` when `settings` is invalid or `trajectoryCount`
/// is not positive.
private func validate(
  _ settings: DiffusionSorptionSettings, trajectoryCount: Int
) throws {
  try settings.validate()
  guard trajectoryCount >= 1 else {
    throw InputError(
      "diffusion–sorption trajectory count \(trajectoryCount) is invalid; "
        + "use at least 1")
  }
}

/// The results of the concurrent solves, one slot per trajectory. Each
/// solve writes only its own slot.
private final class ResultSlots: @unchecked Sendable {
  private var slots: [Result<[Double], any Error>?]
  private let lock = DispatchQueue(label: "DiffusionSorptionTrajectories")

  init(count: Int) { slots = Array(repeating: nil, count: count) }

  func store(_ result: Result<[Double], any Error>, at index: Int) {
    lock.sync { slots[index] = result }
  }

  func collected() -> [Result<[Double], any Error>] {
    lock.sync { slots.map { $0! } }
  }
}
