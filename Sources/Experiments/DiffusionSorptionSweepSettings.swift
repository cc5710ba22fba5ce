import Datasets
import NeuralNetwork
import Pruning

/// The settings of the diffusion–sorption pruning experiment: the data,
/// one network per noise level, and the sweep each network goes through.
public struct DiffusionSorptionSweepSettings: Sendable, Equatable {
  /// The noise levels, each a fraction of the training targets' standard
  /// deviation, finite and at least 0. One network is trained and swept
  /// per level. Default `TargetNoise.defaultLevels` (0, 1 %, 5 %, 10 %).
  public var noiseLevels: [Double] = TargetNoise.defaultLevels
  /// The hidden layers' widths. Default [64, 64].
  public var hiddenSizes: [Int] = [64, 64]
  /// The hidden layers' activation. Default tanh, which is smooth, so the
  /// Taylor expansion behind the criteria is valid everywhere.
  public var activation: Activation = .tanh
  /// Training epochs of Adam per network, the same at every level.
  ///
  /// Default 20: on the standard 16,384 training points a 3-64-64-1 tanh
  /// network trains in about 1.5 s and reaches a test mean squared error
  /// of about 1.0 · 10⁻³ without noise, against a test-target variance
  /// of 7.5 · 10⁻². Five epochs leave it at 1.2 · 10⁻², and 40 improve it
  /// only to 9 · 10⁻⁴ (seed 0, measured on a shared two-core machine).
  public var epochs = 20
  /// Samples per training minibatch. Default 128.
  public var batchSize = 128
  /// Adam's step size for training. Default 10⁻³.
  public var learningRate = 1e-3
  /// The sweep of each network: every criterion, both scopes and
  /// fine-tuning budgets of 0 and 1 epoch. It prunes at eight ratios from
  /// 0 to 0.98 and scores on 4,096 training samples, with the nonlinear
  /// baseline's ground truth on the first 500 of them. Its `seed` is
  /// ignored, because `run` uses `seed`.
  ///
  /// The ratios and ground-truth samples are fewer than `SweepSettings`'
  /// defaults (twelve ratios, 1,000 samples) to keep the whole run,
  /// trajectories included, near three minutes on two cores.
  public var sweep: SweepSettings = {
    var sweep = SweepSettings()
    sweep.ratios = [0, 0.25, 0.5, 0.7, 0.8, 0.9, 0.95, 0.98]
    sweep.scoringSampleCount = 4_096
    sweep.groundTruth.sampleCount = 500
    return sweep
  }()
  /// The ratios of the overview table, those of `sweep.ratios` that the
  /// page compares at. Default 0.5, 0.8, 0.9 and 0.95.
  public var overviewRatios: [Double] = [0.5, 0.8, 0.9, 0.95]
  /// The solver's grid, times and tolerances. Default PDEBench's.
  public var data: DiffusionSorptionSettings = .pdeBench
  /// The trajectories and points of the split. Default `.standard`: ten
  /// trajectories, seven for training, 16,384 training and 4,096 test
  /// points.
  public var sampling: DiffusionSorptionRegression.Sampling = .standard
  /// Fixes the trajectories, the split, the noise, the initial weights,
  /// the sample order and the sweep's scoring subset.
  public var seed: UInt64 = 0
  /// The folder the trajectories are cached in, or `nil` to solve them
  /// every run. Default `DiffusionSorptionData.defaultCacheFolder`.
  public var cacheFolder: String? = DiffusionSorptionData.defaultCacheFolder

  public init() {}

  /// A run of about a second for tests and a first look. It uses the
  /// quick data (128 cells, 21 times, 3 trajectories), noise levels 0
  /// and 10 % and a 3-16-16-1 network. The sweep has ratios 0, 0.5, 0.8
  /// and 0.95, no fine-tuning, and a ground truth on 64 samples.
  public static var quick: DiffusionSorptionSweepSettings {
    var settings = DiffusionSorptionSweepSettings()
    settings.noiseLevels = [0, 0.1]
    settings.hiddenSizes = [16, 16]
    settings.epochs = 30
    settings.sweep.ratios = [0, 0.5, 0.8, 0.95]
    settings.sweep.fineTuneEpochs = [0]
    settings.sweep.scoringSampleCount = 512
    settings.sweep.groundTruth.sampleCount = 64
    settings.data = DiffusionSorptionData.quickSettings
    settings.sampling = DiffusionSorptionData.quickSampling
    return settings
  }

  /// The sweep settings `run` uses: `sweep` with `seed`.
  public var seededSweep: SweepSettings {
    var seeded = sweep
    seeded.seed = seed
    return seeded
  }

  /// The overview ratios that the sweep measures, in increasing order.
  public var comparedRatios: [Double] {
    overviewRatios.filter { sweep.ratios.contains($0) }.sorted()
  }

  /// The network's layer sizes: three inputs (x, t, u₀), the hidden
  /// widths and one output u.
  public var layerSizes: [Int] {
    [DiffusionSorptionRegression.featureCount] + hiddenSizes + [1]
  }
}
