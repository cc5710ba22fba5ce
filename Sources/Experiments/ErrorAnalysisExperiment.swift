import NeuralNetwork
import SeededRandom

/// The training budget of the analyses' networks, the same at every
/// depth and noise level of a data set.
public struct AnalysisTraining: Sendable, Equatable {
  public var epochs: Int
  public var batchSize: Int
  public var learningRate: Double

  public init(epochs: Int, batchSize: Int = 128, learningRate: Double = 1e-3) {
    self.epochs = epochs
    self.batchSize = batchSize
    self.learningRate = learningRate
  }
}

/// The settings of `ecprune analyze`.
public struct AnalysisSettings: Sendable, Equatable {
  /// The analyses to run.
  public var analyses: [AnalysisKind] = AnalysisKind.allCases
  public var datasets: [AnalysisDataset] = AnalysisDataset.allCases
  public var activations: [Activation] = [.relu, .tanh]
  /// Hidden-layer counts of the depth analysis.
  public var depths: [Int] = Array(1...8)
  /// Noise levels of the noise analysis; 0 is the reference network.
  public var noiseLevels: [Double] = [0, 0.01, 0.05, 0.1]
  /// Hidden layers of the reference network that the perturbation, noise
  /// and ratio analyses use.
  public var referenceDepth = 2
  /// Units in every hidden layer.
  public var width = 16
  /// The training budget per data set.
  public var training: [AnalysisDataset: AnalysisTraining] = [
    .fashionMNIST: AnalysisTraining(epochs: 3),
    .diffusionSorption: AnalysisTraining(epochs: 20),
  ]
  /// The measurements of the depth and noise networks.
  public var budget = AnalysisBudget()
  /// The measurements of the reference networks: more weights, smaller
  /// ε and a full ratio grid.
  public var referenceBudget: AnalysisBudget = {
    var budget = AnalysisBudget()
    budget.sampleCount = 256
    budget.curveWeightsPerLayer = 48
    budget.exponents = 0...12
    budget.pruningRatios = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95]
    return budget
  }()
  /// Fixes the initial weights, the sample order, the noise, the scoring
  /// samples and the weights measured.
  public var seed: UInt64 = 0
  /// Whether these are the reduced settings of `quick`, which the report
  /// records.
  public var isQuick = false

  public init() {}

  /// A reduced run for tests and a first look: depths 1, 2 and 4, two
  /// noise levels, half the weights and ratios, one epoch.
  public static var quick: AnalysisSettings {
    var settings = AnalysisSettings()
    settings.isQuick = true
    settings.depths = [1, 2, 4]
    settings.noiseLevels = [0, 0.1]
    settings.width = 16
    settings.training = [
      .fashionMNIST: AnalysisTraining(epochs: 1),
      .diffusionSorption: AnalysisTraining(epochs: 5),
    ]
    settings.budget.sampleCount = 128
    settings.budget.curveWeightsPerLayer = 8
    settings.budget.exponents = 0...8
    settings.budget.pruningRatios = [0.5]
    settings.referenceBudget.sampleCount = 128
    settings.referenceBudget.curveWeightsPerLayer = 16
    settings.referenceBudget.exponents = 0...10
    settings.referenceBudget.pruningRatios = [0.3, 0.6, 0.9]
    return settings
  }

  /// Returns whether `configuration` is a reference network: the reference depth
  /// without noise, measured with `referenceBudget`.
  public func isReference(_ configuration: AnalysisConfiguration) -> Bool {
    configuration.depth == referenceDepth && configuration.noise == 0
  }

  /// The networks the chosen analyses need, each once, with the budget
  /// it is measured with: the reference network of each data set and
  /// activation gets the reference budget, which covers every analysis.
  public var configurations: [(AnalysisConfiguration, AnalysisBudget)] {
    var result: [(AnalysisConfiguration, AnalysisBudget)] = []
    var seen = Set<AnalysisConfiguration>()
    func add(_ configuration: AnalysisConfiguration) {
      guard seen.insert(configuration).inserted else { return }
      result.append(
        (
          configuration,
          isReference(configuration) ? referenceBudget : budget
        ))
    }
    for dataset in datasets {
      for activation in activations {
        func configuration(depth: Int, noise: Double) -> AnalysisConfiguration {
          AnalysisConfiguration(
            dataset: dataset, activation: activation, depth: depth,
            width: width, noise: noise)
        }
        let needsReference = analyses.contains {
          $0 == .perturbation || $0 == .ratio
        }
        if needsReference {
          add(configuration(depth: referenceDepth, noise: 0))
        }
        if analyses.contains(.depth) {
          for depth in depths { add(configuration(depth: depth, noise: 0)) }
        }
        if analyses.contains(.noise) {
          for noise in noiseLevels {
            add(configuration(depth: referenceDepth, noise: noise))
          }
        }
      }
    }
    return result
  }
}

/// Every analysis's results, one per trained network.
public struct AnalysisOutcome: Sendable {
  public let settings: AnalysisSettings
  public let results: [ConfigurationResult]
  /// The data each data set's networks were trained on.
  public let datasets: [AnalysisDataset: DatasetDescription]

  /// Returns the result of `configuration`, if it ran.
  public func result(_ configuration: AnalysisConfiguration)
    -> ConfigurationResult?
  {
    results.first { $0.configuration == configuration }
  }
}

/// Trains the networks of the analyses and measures the closed form's
/// error on each.
public enum ErrorAnalysisExperiment {
  /// Runs the analyses of `settings`.
  ///
  /// OpenBLAS runs single-threaded meanwhile, so the results are the
  /// same bytes on any number of cores.
  ///
  /// - Parameters:
  ///   - data: the data of a data set with training noise of the given
  ///     level; called once per data set and level.
  ///   - progress: receives a line per finished network.
  /// - Throws: what `data` throws, and `GSLError` from the joint re-fit.
  public static func run(
    _ settings: AnalysisSettings,
    data: (AnalysisDataset, Double) throws -> SupervisedData,
    progress: (String) -> Void = { _ in }
  ) throws -> AnalysisOutcome {
    // One OpenBLAS thread: these networks are too small to gain from
    // more, and every product then rounds the same whatever the cores.
    let threads = LinearAlgebra.threadCount
    LinearAlgebra.setThreadCount(1)
    defer { LinearAlgebra.setThreadCount(threads) }

    // Each network is trained on data with its own noise level.
    var loaded: [AnalysisConfiguration: SupervisedData] = [:]
    func noisyData(_ configuration: AnalysisConfiguration) throws
      -> SupervisedData
    {
      let key = AnalysisConfiguration(
        dataset: configuration.dataset, activation: .identity, depth: 0,
        width: 0, noise: configuration.noise)
      if let cached = loaded[key] { return cached }
      let fresh = try data(configuration.dataset, configuration.noise)
      loaded[key] = fresh
      return fresh
    }

    let configurations = settings.configurations
    var results: [ConfigurationResult] = []
    for (index, (configuration, budget)) in configurations.enumerated() {
      let noisy = try noisyData(configuration)
      let network = train(
        configuration, data: noisy,
        training: settings.training[configuration.dataset]
          ?? AnalysisTraining(epochs: 1),
        seed: settings.seed)
      let result = try ConfigurationAnalysis.run(
        network, configuration: configuration, data: noisy, budget: budget,
        seed: settings.seed)
      results.append(result)
      progress(
        "[\(index + 1)/\(configurations.count)] analysed "
          + configuration.label)
    }
    var descriptions: [AnalysisDataset: DatasetDescription] = [:]
    for (key, value) in loaded where key.noise == 0 {
      descriptions[key.dataset] = value.description
    }
    return AnalysisOutcome(
      settings: settings, results: results, datasets: descriptions)
  }

  /// Trains the network of `configuration` on `data`.
  static func train(
    _ configuration: AnalysisConfiguration, data: SupervisedData,
    training: AnalysisTraining, seed: UInt64
  ) -> Network {
    var network = Network(
      sizes: configuration.sizes(
        inputCount: data.trainingFeatures.columns,
        outputCount: data.outputCount),
      hiddenActivation: configuration.activation, seed: seed)
    _ = Trainer.train(
      &network, features: data.trainingFeatures,
      targets: data.trainingTargets,
      configuration: TrainingConfiguration(
        epochs: training.epochs, batchSize: training.batchSize,
        learningRate: training.learningRate, optimizer: .adamDefaults,
        loss: data.loss, seed: seed))
    return network
  }
}
