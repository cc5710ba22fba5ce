import Datasets
import NeuralNetwork

/// The diffusion–sorption regression task as `SupervisedData`, with the
/// mean squared error.
public enum DiffusionSorptionData {
  /// The folder generated trajectories are cached in, relative to the
  /// working directory; `make clean` does not remove it.
  public static let defaultCacheFolder = ".cache/ecprune"

  /// The generator settings and sampling of a small, fast data set for
  /// tests and `--quick`: 128 cells and 21 output times.
  public static var quickSettings: DiffusionSorptionSettings {
    var settings = DiffusionSorptionSettings.pdeBench
    settings.cellCount = 128
    settings.timeCount = 21
    return settings
  }

  /// Three trajectories, two for training, with 4,096 and 1,024 points.
  public static let quickSampling = DiffusionSorptionRegression.Sampling(
    trajectoryCount: 3, trainingTrajectoryCount: 2, trainingPointCount: 4_096,
    testPointCount: 1_024)

  /// Generates (or reads from `cacheFolder`) the trajectories of `seed`,
  /// splits them and adds noise of `noise` times the targets' standard
  /// deviation to the training targets.
  ///
  /// - Throws: `InputError` for invalid settings or an unreadable cache
  ///   file, `GSLError` when the ODE solver fails.
  public static func load(
    settings: DiffusionSorptionSettings = .pdeBench,
    sampling: DiffusionSorptionRegression.Sampling = .standard,
    noise: Double = 0, seed: UInt64, cacheFolder: String?
  ) throws -> SupervisedData {
    try load(
      settings: settings, sampling: sampling, noiseLevels: [noise],
      seed: seed, cacheFolder: cacheFolder)[0]
  }

  /// Generates (or reads) the trajectories once and returns one data set
  /// per entry of `noiseLevels`, in that order, as `load(noise:)` would.
  ///
  /// Every data set has the same split and the same clean test set. Only
  /// the training targets differ, by noise drawn with `seed` at each
  /// level. Solving once matters when `cacheFolder` is `nil`, where
  /// loading each level alone would solve the trajectories each time.
  ///
  /// - Throws: what `load(noise:)` throws.
  public static func load(
    settings: DiffusionSorptionSettings = .pdeBench,
    sampling: DiffusionSorptionRegression.Sampling = .standard,
    noiseLevels: [Double], seed: UInt64, cacheFolder: String?
  ) throws -> [SupervisedData] {
    let clean = try DiffusionSorptionRegression.generate(
      settings: settings, sampling: sampling, seed: seed,
      cacheFolder: cacheFolder)
    return try noiseLevels.map { noise in
      let split =
        noise > 0
        ? try clean.addingTrainingNoise(level: noise, seed: seed) : clean
      return supervisedData(
        split, settings: settings, sampling: sampling,
        source: cacheFolder ?? "generated")
    }
  }

  /// Returns `split` as matrices with the mean squared error.
  private static func supervisedData(
    _ split: RegressionSplit, settings: DiffusionSorptionSettings,
    sampling: DiffusionSorptionRegression.Sampling, source: String
  ) -> SupervisedData {
    func matrices(_ dataset: RegressionDataset) -> (Matrix, Targets) {
      (
        Matrix(
          rows: dataset.count, columns: dataset.featureCount,
          values: dataset.features),
        .values(
          Matrix(
            rows: dataset.count, columns: dataset.targetCount,
            values: dataset.targets))
      )
    }
    let (trainingFeatures, trainingTargets) = matrices(split.training)
    let (testFeatures, testTargets) = matrices(split.test)
    return SupervisedData(
      trainingFeatures: trainingFeatures, trainingTargets: trainingTargets,
      testFeatures: testFeatures, testTargets: testTargets,
      loss: .meanSquaredError, outputCount: split.training.targetCount,
      description: DatasetDescription(
        name: "diffusion-sorption (\(settings.cellCount) cells, "
          + "\(settings.timeCount) times, \(sampling.trajectoryCount) "
          + "trajectories)",
        source: source,
        trainingSampleCount: split.training.count,
        testSampleCount: split.test.count))
  }
}
