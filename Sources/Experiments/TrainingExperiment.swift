import Datasets
import FileIO
import NeuralNetwork

/// The settings of `ecprune train`, with the defaults of the classic
/// LeNet-300-100 benchmark on Fashion-MNIST.
public struct TrainingSettings: Sendable, Equatable {
  /// Hidden-layer widths, from input to output.
  public var hiddenSizes: [Int] = [300, 100]
  /// The activation of every hidden layer; the output layer is linear
  /// (logits).
  public var activation: Activation = .relu
  /// Passes over the training set.
  public var epochs = 10
  /// Adam's step size.
  public var learningRate = 1e-3
  /// Samples per minibatch.
  public var batchSize = 128
  /// Fixes the initial weights, the sample order and any subset.
  public var seed: UInt64 = 0
  /// How many training samples to use, drawn at random with `seed`;
  /// `nil` uses the whole training set.
  public var trainingSampleCount: Int? = nil
  /// The folder with the four IDX files.
  public var dataDirectory = IDXDataDirectory.defaultPath

  public init() {}

  /// Returns an estimate of the memory training needs, in bytes: each
  /// parameter is stored four times (value, gradient, two Adam moments)
  /// and each unit of a batch twice (pre-activation, activation) plus its
  /// gradient. The data set itself is not counted.
  public func estimatedTrainingBytes(
    inputCount: Int, outputCount: Int
  ) -> Double {
    let widths = [inputCount] + hiddenSizes + [outputCount]
    var parameters = 0.0
    for index in 0..<(widths.count - 1) {
      parameters += Double(widths[index] + 1) * Double(widths[index + 1])
    }
    let units = Double(widths.reduce(0, +))
    let batch = Double(batchSize)
    return 8 * (4 * parameters + 3 * units * batch)
  }
}

/// The outcome of a training run.
public struct TrainingOutcome: Sendable {
  /// The settings the run used.
  public let settings: TrainingSettings
  /// The trained network.
  public let network: Network
  /// One summary per epoch.
  public let epochs: [EpochSummary]
  /// Loss and accuracy on the test set.
  public let test: Evaluation
  /// Loss and accuracy on the training samples used.
  public let training: Evaluation
  /// The data set's name and folder, for example `Fashion-MNIST`.
  public let dataset: DatasetDescription
}

/// A data set as named in reports.
public struct DatasetDescription: Sendable, Equatable {
  /// A short name, for example `Fashion-MNIST`.
  public let name: String
  /// The folder the files were read from.
  public let source: String
  /// Training samples used.
  public let trainingSampleCount: Int
  /// Test samples used.
  public let testSampleCount: Int

  public init(
    name: String, source: String, trainingSampleCount: Int,
    testSampleCount: Int
  ) {
    self.name = name
    self.source = source
    self.trainingSampleCount = trainingSampleCount
    self.testSampleCount = testSampleCount
  }
}

/// Trains a classifier on an IDX image data set.
public enum TrainingExperiment {
  /// Loads the training and test sets that `settings` name, drawing the
  /// training subset when `trainingSampleCount` is set.
  ///
  /// - Throws: `InputError` when the data cannot be read or the settings
  ///   ask for more training samples than the data has.
  public static func loadData(
    _ settings: TrainingSettings
  ) throws -> (training: ClassificationDataset, test: ClassificationDataset) {
    let folder = IDXDataDirectory(path: settings.dataDirectory)
    var (trainingSet, testSet) = try folder.load()

    // A network trained on one image size cannot be evaluated on another.
    guard testSet.featureCount == trainingSet.featureCount else {
      throw InputError(
        path: settings.dataDirectory,
        "training images have \(trainingSet.featureCount) pixels but test "
          + "images have \(testSet.featureCount); use files of one data set")
    }

    if let count = settings.trainingSampleCount {
      guard count <= trainingSet.count else {
        throw InputError(
          path: settings.dataDirectory,
          "the training set has \(trainingSet.count) samples, fewer than the "
            + "\(count) requested; ask for at most \(trainingSet.count)")
      }
      trainingSet = try trainingSet.randomSubset(
        count: count, seed: settings.seed)
    }
    return (trainingSet, testSet)
  }

  /// Loads the data, trains a network with `settings` and evaluates it.
  ///
  /// - Parameter progress: called after every minibatch.
  /// - Throws: `InputError` from `loadData(_:)`.
  public static func run(
    _ settings: TrainingSettings,
    progress: (TrainingProgress) -> Void = { _ in }
  ) throws -> TrainingOutcome {
    let (trainingSet, testSet) = try loadData(settings)
    return run(
      settings, training: trainingSet, test: testSet, progress: progress)
  }

  /// Trains a network with `settings` on `trainingSet` and evaluates it on
  /// both sets.
  public static func run(
    _ settings: TrainingSettings, training trainingSet: ClassificationDataset,
    test testSet: ClassificationDataset,
    progress: (TrainingProgress) -> Void = { _ in }
  ) -> TrainingOutcome {
    let trainingFeatures = matrix(of: trainingSet)
    let trainingTargets = Targets.classes(trainingSet.labels)

    var network = Network(
      sizes: [trainingSet.featureCount] + settings.hiddenSizes
        + [trainingSet.classCount],
      hiddenActivation: settings.activation, seed: settings.seed)
    let configuration = TrainingConfiguration(
      epochs: settings.epochs, batchSize: settings.batchSize,
      learningRate: settings.learningRate, optimizer: .adamDefaults,
      loss: .softmaxCrossEntropy, seed: settings.seed)
    let epochs = Trainer.train(
      &network, features: trainingFeatures, targets: trainingTargets,
      configuration: configuration, progress: progress)

    let test = network.evaluate(
      features: matrix(of: testSet), targets: .classes(testSet.labels),
      loss: .softmaxCrossEntropy)
    let training = network.evaluate(
      features: trainingFeatures, targets: trainingTargets,
      loss: .softmaxCrossEntropy)
    return TrainingOutcome(
      settings: settings, network: network, epochs: epochs, test: test,
      training: training,
      dataset: DatasetDescription(
        name: datasetName(settings.dataDirectory),
        source: settings.dataDirectory,
        trainingSampleCount: trainingSet.count,
        testSampleCount: testSet.count))
  }

  /// Returns the features of `dataset` as a samples × features matrix.
  public static func matrix(of dataset: ClassificationDataset) -> Matrix {
    Matrix(
      rows: dataset.count, columns: dataset.featureCount,
      values: dataset.features)
  }

  /// Names the data set after its folder: the default folder is
  /// Fashion-MNIST, any other is named by its path.
  public static func datasetName(_ folder: String) -> String {
    IDXDataDirectory.isDefault(folder) ? "Fashion-MNIST" : "IDX (\(folder))"
  }
}
