import FileIO
import SeededRandom

/// The regression task (x, t, u₀) ↦ u(x, t) on diffusion–sorption
/// solutions, with training and test sets from different trajectories.
public enum DiffusionSorptionRegression {
  /// The features of a sample: the cell centre x, the time t and the
  /// trajectory's initial value u₀, in the problem's units.
  public static let featureCount = 3

  /// How many trajectories and points a split takes.
  public struct Sampling: Sendable, Equatable {
    /// The trajectories solved, at least 2.
    public var trajectoryCount: Int
    /// The number of trajectories whose points form the training set, in
    /// 1 ..< `trajectoryCount`. These are the first trajectories, and the
    /// others form the test set.
    public var trainingTrajectoryCount: Int
    /// The training samples, drawn without replacement from the grid
    /// points (trajectory, time, cell) of the training trajectories.
    public var trainingPointCount: Int
    /// The test samples, drawn the same way from the test trajectories.
    public var testPointCount: Int

    /// Ten trajectories, seven for training and three for testing, with
    /// 16,384 training and 4,096 test points.
    ///
    /// Ten is what the report's time budget allows: one 1024-cell
    /// trajectory with 101 output times costs about 6 to 7 CPU seconds
    /// (see `DiffusionSorptionTrajectories.solve`), so ten take an
    /// estimated half minute on two idle cores. The points are a small part of the
    /// 7 × 101 × 1024 training grid points and enough for a network of
    /// three inputs.
    public static let standard = Sampling(
      trajectoryCount: 10, trainingTrajectoryCount: 7,
      trainingPointCount: 16_384, testPointCount: 4_096)

    public init(
      trajectoryCount: Int, trainingTrajectoryCount: Int,
      trainingPointCount: Int, testPointCount: Int
    ) {
      self.trajectoryCount = trajectoryCount
      self.trainingTrajectoryCount = trainingTrajectoryCount
      self.trainingPointCount = trainingPointCount
      self.testPointCount = testPointCount
    }
  }

  /// Returns a split of `trajectories`: training samples from the first
  /// `trainingTrajectoryCount` trajectories and test samples from the
  /// rest, so no test initial value is seen in training.
  ///
  /// The initial values are independent draws, so taking the first ones
  /// for training is a random split. The points are drawn with the
  /// `trainingPoints` and `testPoints` streams of `seed`, so the test set
  /// does not change when only the training size does. Samples come in
  /// increasing order of (trajectory, time, cell).
  ///
  /// - Throws: `InputError` when a count is out of its range.
  public static func split(
    _ trajectories: DiffusionSorptionTrajectories,
    trainingTrajectoryCount: Int, trainingPointCount: Int,
    testPointCount: Int, seed: UInt64
  ) throws -> RegressionSplit {
    let total = trajectories.trajectoryCount
    guard trainingTrajectoryCount >= 1, trainingTrajectoryCount < total else {
      throw InputError(
        "training trajectory count \(trainingTrajectoryCount) is invalid "
          + "for \(total) trajectories; use 1 to \(total - 1) so that at "
          + "least one trajectory is left for testing")
    }
    let training = try samples(
      of: trajectories, trajectories: 0..<trainingTrajectoryCount,
      count: trainingPointCount,
      generator: SeededGenerator(seed: seed, stream: .trainingPoints),
      name: "training")
    let test = try samples(
      of: trajectories, trajectories: trainingTrajectoryCount..<total,
      count: testPointCount,
      generator: SeededGenerator(seed: seed, stream: .testPoints),
      name: "test")
    return RegressionSplit(training: training, test: test)
  }

  /// Solves (or reads from `cacheFolder`) the trajectories of `seed` and
  /// returns their split, as `DiffusionSorptionTrajectories.load` and
  /// `split` do.
  ///
  /// - Throws: what those two throw.
  public static func generate(
    settings: DiffusionSorptionSettings = .pdeBench,
    sampling: Sampling = .standard,
    seed: UInt64, cacheFolder: String?
  ) throws -> RegressionSplit {
    guard sampling.trajectoryCount >= 2 else {
      throw InputError(
        "diffusion–sorption trajectory count \(sampling.trajectoryCount) "
          + "is invalid; use at least 2, one for training and one for "
          + "testing")
    }
    let trajectories = try DiffusionSorptionTrajectories.load(
      settings: settings, trajectoryCount: sampling.trajectoryCount,
      seed: seed, cacheFolder: cacheFolder)
    return try split(
      trajectories, trainingTrajectoryCount: sampling.trainingTrajectoryCount,
      trainingPointCount: sampling.trainingPointCount,
      testPointCount: sampling.testPointCount, seed: seed)
  }

  /// Returns `count` distinct grid points of the trajectories in
  /// `range` as samples ((x, t, u₀), u).
  private static func samples(
    of trajectories: DiffusionSorptionTrajectories,
    trajectories range: Range<Int>, count: Int,
    generator: SeededGenerator, name: String
  ) throws -> RegressionDataset {
    let settings = trajectories.settings
    let pointsPerTrajectory = settings.timeCount * settings.cellCount
    let population = range.count * pointsPerTrajectory
    guard count >= 0, count <= population else {
      throw InputError(
        "\(name) point count \(count) is invalid; use 0 to \(population), "
          + "the grid points of \(range.count) trajectories")
    }

    // Each drawn index names one (trajectory, time, cell) point.
    var generator = generator
    let picked = generator.sample(count, from: population)
    let centres = settings.cellCentres
    let times = settings.times
    var features: [Double] = []
    features.reserveCapacity(count * featureCount)
    var targets: [Double] = []
    targets.reserveCapacity(count)
    for index in picked {
      let trajectory = range.lowerBound + index / pointsPerTrajectory
      let timeIndex = index % pointsPerTrajectory / settings.cellCount
      let cell = index % settings.cellCount
      features += [
        centres[cell], times[timeIndex],
        trajectories.initialValues[trajectory],
      ]
      targets.append(
        trajectories.value(
          trajectory: trajectory, timeIndex: timeIndex, cell: cell))
    }
    return RegressionDataset(
      features: features, featureCount: featureCount, targets: targets,
      targetCount: 1)
  }
}
