import Datasets
import FileIO
import NeuralNetwork
import Pruning

/// One noise level of the diffusion–sorption experiment: its network's
/// figures before pruning and its sweep.
public struct DiffusionSorptionLevel: Sendable {
  /// The noise level, a fraction of the training targets' standard
  /// deviation.
  public let noise: Double
  /// The unpruned network on its (noisy) training set.
  public let unprunedTraining: Evaluation
  /// The unpruned network on the clean test set, the sweep's reference.
  public let unprunedTest: Evaluation
  /// Every criterion, scope, ratio and fine-tuning budget.
  public let sweep: SweepOutcome
}

/// The measurements of `DiffusionSorptionExperiment.run`.
public struct DiffusionSorptionOutcome: Sendable {
  public let settings: DiffusionSorptionSweepSettings
  /// One entry per noise level, in the order of `settings.noiseLevels`.
  public let levels: [DiffusionSorptionLevel]
  /// The population variance of the test targets: the mean squared error
  /// of always predicting their mean, the scale every test loss is read
  /// against. The test set is the same at every level.
  public let testTargetVariance: Double
  /// The standard deviation σ of the clean training targets, which the
  /// noise levels are fractions of.
  public let trainingTargetDeviation: Double
}

/// The second experiment of the report: pruning sweeps on diffusion–
/// sorption at each noise level, with every criterion.
public enum DiffusionSorptionExperiment {
  /// Loads the data once per noise level, trains one network per level
  /// with the same seed and budget, and sweeps it with
  /// `PruningSweep.run`.
  ///
  /// The trajectories are solved (or read from `settings.cacheFolder`)
  /// once. Noise goes on the training targets only, so every level is
  /// tested on the same clean test set. Every network starts from the
  /// same initial weights and visits the samples in the same order.
  ///
  /// - Parameter progress: receives a short line per finished step.
  /// - Throws: `InputError` when a setting is out of range or the cache
  ///   cannot be read or written, `GSLError` when the ODE solver fails.
  public static func run(
    _ settings: DiffusionSorptionSweepSettings,
    progress: @escaping @Sendable (String) -> Void = { _ in }
  ) throws -> DiffusionSorptionOutcome {
    try validate(settings)

    // Solve the trajectories once. The solves run concurrently, and GSL's
    // LU calls OpenBLAS, so one OpenBLAS thread per solve keeps the
    // cores from being oversubscribed.
    progress(
      "diffusion–sorption: loading \(settings.sampling.trajectoryCount) "
        + "trajectories of \(settings.data.cellCount) cells")
    // The clean data is loaded too when no level is 0, for the σ that
    // the levels are fractions of.
    let cleanLoaded = !settings.noiseLevels.contains(0)
    let threads = LinearAlgebra.threadCount
    LinearAlgebra.setThreadCount(1)
    let loaded = Result {
      try DiffusionSorptionData.load(
        settings: settings.data, sampling: settings.sampling,
        noiseLevels: (cleanLoaded ? [0] : []) + settings.noiseLevels,
        seed: settings.seed, cacheFolder: settings.cacheFolder)
    }
    LinearAlgebra.setThreadCount(threads)
    var datasets = try loaded.get()
    let clean =
      cleanLoaded
      ? datasets.removeFirst()
      : datasets[settings.noiseLevels.firstIndex(of: 0)!]

    // Train and sweep one network per level.
    var levels: [DiffusionSorptionLevel] = []
    for (index, (noise, data)) in zip(settings.noiseLevels, datasets)
      .enumerated()
    {
      let step = "noise \(index + 1)/\(settings.noiseLevels.count)"
      let network = train(settings, data: data)
      let unprunedTraining = network.evaluate(
        features: data.trainingFeatures, targets: data.trainingTargets,
        loss: data.loss)
      progress(
        "\(step): trained \(network.architecture) at noise \(noise), "
          + "test loss \(data.evaluateOnTest(network).meanLoss)")
      let sweep = try PruningSweep.run(
        network: network, data: data, settings: settings.seededSweep,
        progress: { progress("\(step): " + $0) })
      levels.append(
        DiffusionSorptionLevel(
          noise: noise, unprunedTraining: unprunedTraining,
          unprunedTest: sweep.unpruned, sweep: sweep))
    }

    return DiffusionSorptionOutcome(
      settings: settings, levels: levels,
      testTargetVariance: variance(clean.testTargets),
      trainingTargetDeviation: variance(clean.trainingTargets).squareRoot())
  }

  /// Trains the network of `settings` on `data`.
  static func train(
    _ settings: DiffusionSorptionSweepSettings, data: SupervisedData
  ) -> Network {
    var network = Network(
      sizes: settings.layerSizes, hiddenActivation: settings.activation,
      seed: settings.seed)
    _ = Trainer.train(
      &network, features: data.trainingFeatures,
      targets: data.trainingTargets,
      configuration: TrainingConfiguration(
        epochs: settings.epochs, batchSize: settings.batchSize,
        learningRate: settings.learningRate, optimizer: .adamDefaults,
        loss: data.loss, seed: settings.seed))
    return network
  }

  /// Throws when a setting is outside its valid range.
  static func validate(_ settings: DiffusionSorptionSweepSettings) throws {
    guard !settings.noiseLevels.isEmpty else {
      throw InputError(
        "the diffusion–sorption experiment has no noise levels; give at "
          + "least one, such as 0")
    }
    for noise in settings.noiseLevels where !(noise.isFinite && noise >= 0) {
      throw InputError(
        "noise level \(noise) is invalid; use a fraction of the targets' "
          + "standard deviation of at least 0, such as 0.05")
    }
    guard Set(settings.noiseLevels).count == settings.noiseLevels.count
    else {
      throw InputError(
        "the noise levels \(settings.noiseLevels) repeat a level; give "
          + "each level once")
    }
    guard settings.hiddenSizes.allSatisfy({ $0 >= 1 }) else {
      throw InputError(
        "hidden sizes \(settings.hiddenSizes) are invalid; use widths of "
          + "at least 1")
    }
    guard settings.epochs >= 1, settings.batchSize >= 1 else {
      throw InputError(
        "training needs at least 1 epoch and a batch of at least 1, not "
          + "\(settings.epochs) epochs of \(settings.batchSize)")
    }
    for ratio in settings.sweep.ratios where !(ratio >= 0 && ratio <= 1) {
      throw InputError(
        "pruning ratio \(ratio) is invalid; use a fraction from 0 to 1")
    }
  }

  /// Returns the population variance of value targets, 0 for classes.
  static func variance(_ targets: Targets) -> Double {
    guard case .values(let matrix) = targets else { return 0 }
    let deviation = TargetNoise.standardDeviation(matrix.values)
    return deviation * deviation
  }
}
