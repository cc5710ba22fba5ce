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

  /// The upper end of the initial values' range U(0, 0.2).
  static let initialValueBound = 0.2

  /// Generates (or reads from `cacheFolder`) the trajectories of `seed`,
  /// splits them and adds noise of `noise` times the targets' standard
  /// deviation to the training targets.
  ///
  /// The features are scaled to [0, 1] for the networks: x as it is,
  /// t / `endTime` and u₀ / 0.2. Raw times up to 500 would saturate tanh
  /// units from the first step and make many bias shifts unbounded
  /// directions of E.
  ///
  /// - Throws: `InputError` for invalid settings or an unreadable cache
  ///   file, `GSLError` when the ODE solver fails.
  public static func load(
    settings: DiffusionSorptionSettings = .pdeBench,
    sampling: DiffusionSorptionRegression.Sampling = .standard,
    noise: Double = 0, seed: UInt64, cacheFolder: String?
  ) throws -> SupervisedData {
    var split = try DiffusionSorptionRegression.generate(
      settings: settings, sampling: sampling, seed: seed,
      cacheFolder: cacheFolder)
    if noise > 0 {
      split = try split.addingTrainingNoise(level: noise, seed: seed)
    }
    let featureScales = [1, 1 / settings.endTime, 1 / initialValueBound]
    func matrices(_ dataset: RegressionDataset) -> (Matrix, Targets) {
      var features = Matrix(
        rows: dataset.count, columns: dataset.featureCount,
        values: dataset.features)
      for index in features.values.indices {
        features.values[index] *= featureScales[index % featureScales.count]
      }
      return (
        features,
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
        source: cacheFolder ?? "generated",
        trainingSampleCount: split.training.count,
        testSampleCount: split.test.count))
  }
}
