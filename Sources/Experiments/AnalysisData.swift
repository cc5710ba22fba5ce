import Datasets
import FileIO
import NeuralNetwork

/// The data sources of the analyses.
public struct AnalysisDataSources: Sendable, Equatable {
  /// The folder with the four Fashion-MNIST IDX files.
  public var dataDirectory = IDXDataDirectory.defaultPath
  /// Training images drawn (with the seed) for the classifiers.
  public var fashionTrainingSamples = 10_000
  /// Test images used, from the first; `nil` for all.
  public var fashionTestSamples: Int? = nil
  /// The diffusion–sorption generator's settings and sampling.
  public var diffusionSorption = DiffusionSorptionSettings.pdeBench
  public var diffusionSorptionSampling = DiffusionSorptionRegression.Sampling
    .standard
  /// The folder generated trajectories are cached in; `nil` for none.
  public var cacheFolder: String? = DiffusionSorptionData.defaultCacheFolder

  public init() {}

  /// The smaller data of `ecprune analyze --quick`.
  public static var quick: AnalysisDataSources {
    var sources = AnalysisDataSources()
    sources.fashionTrainingSamples = 2_000
    sources.fashionTestSamples = 2_000
    sources.diffusionSorption = DiffusionSorptionData.quickSettings
    sources.diffusionSorptionSampling = DiffusionSorptionData.quickSampling
    return sources
  }

  /// The side of the pooling blocks for Fashion-MNIST: 28 × 28 images
  /// become 14 × 14, so the first layer has a quarter of the weights and
  /// the ground truth of every weight of every network stays affordable.
  public static let poolingFactor = 2

  /// Returns the data of `dataset` with training noise `noise`.
  ///
  /// - Throws: `InputError` when the files cannot be read or the sample
  ///   counts exceed the data, `GSLError` when the ODE solver fails.
  public func load(_ dataset: AnalysisDataset, noise: Double, seed: UInt64)
    throws -> SupervisedData
  {
    switch dataset {
    case .diffusionSorption:
      return try DiffusionSorptionData.load(
        settings: diffusionSorption, sampling: diffusionSorptionSampling,
        noise: noise, seed: seed, cacheFolder: cacheFolder)
    case .fashionMNIST:
      var settings = TrainingSettings()
      settings.dataDirectory = dataDirectory
      settings.trainingSampleCount = fashionTrainingSamples
      settings.seed = seed
      var (training, test) = try TrainingExperiment.loadData(settings)
      if let count = fashionTestSamples { test = test.prefix(count) }
      let side = 28
      guard training.featureCount == side * side else {
        throw InputError(
          path: dataDirectory,
          "the analyses expect 28 × 28 images but the files have "
            + "\(training.featureCount) pixels; use Fashion-MNIST or MNIST")
      }
      let factor = Self.poolingFactor
      let data = SupervisedData(
        training: training.averagePooled(
          width: side, height: side, factor: factor),
        test: test.averagePooled(width: side, height: side, factor: factor),
        description: DatasetDescription(
          name: TrainingExperiment.datasetName(dataDirectory)
            + " at 14 × 14 (2 × 2 means)",
          source: dataDirectory, trainingSampleCount: training.count,
          testSampleCount: test.count))
      return data.addingFeatureNoise(level: noise, seed: seed)
    }
  }
}
