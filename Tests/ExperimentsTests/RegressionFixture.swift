import Experiments
import Foundation
import NeuralNetwork
import Pruning
import SeededRandom

/// A small regression problem, a network trained on it, and one sweep of
/// it, shared by the regression sweep tests.
///
/// The target is y = sin(x₁) + x₂² on inputs uniform in [-1.5, 1.5]²:
/// smooth, so a 2-16-16-1 tanh network fits it in a few epochs, and
/// nonlinear in both inputs, so pruning changes the loss measurably.
enum RegressionFixture {
  /// Returns `count` seeded inputs and their targets.
  static func samples(count: Int, seed: UInt64) -> (Matrix, Matrix) {
    var generator = SeededGenerator(seed: seed)
    var inputs = Matrix(rows: count, columns: 2)
    var targets = Matrix(rows: count, columns: 1)
    for row in 0..<count {
      let first = generator.uniform(-1.5, 1.5)
      let second = generator.uniform(-1.5, 1.5)
      inputs[row, 0] = first
      inputs[row, 1] = second
      targets[row, 0] = sin(first) + second * second
    }
    return (inputs, targets)
  }

  /// 256 training and 128 test samples, with mean squared error.
  static let data: SupervisedData = {
    let (trainingFeatures, trainingTargets) = samples(count: 256, seed: 11)
    let (testFeatures, testTargets) = samples(count: 128, seed: 12)
    return SupervisedData(
      trainingFeatures: trainingFeatures,
      trainingTargets: .values(trainingTargets), testFeatures: testFeatures,
      testTargets: .values(testTargets), loss: .meanSquaredError,
      outputCount: 1,
      description: DatasetDescription(
        name: "sin(x1) + x2^2", source: "seeded", trainingSampleCount: 256,
        testSampleCount: 128))
  }()

  /// A 2-16-16-1 tanh network trained for 20 epochs of Adam.
  static let network: Network = {
    var network = Network(
      sizes: [2, 16, 16, 1], hiddenActivation: .tanh, seed: 5)
    let configuration = TrainingConfiguration(
      epochs: 20, batchSize: 32, learningRate: 1e-2,
      loss: .meanSquaredError, seed: 5)
    _ = Trainer.train(
      &network, features: data.trainingFeatures,
      targets: data.trainingTargets, configuration: configuration)
    return network
  }()

  /// Every criterion at three ratios, both scopes, with and without one
  /// epoch of fine-tuning. The ground truth uses 32 samples.
  static let settings: SweepSettings = {
    var settings = SweepSettings()
    settings.ratios = [0, 0.4, 0.8]
    settings.fineTuneEpochs = [0, 1]
    settings.scoringSampleCount = 128
    settings.batchSize = 32
    settings.groundTruth.sampleCount = 32
    settings.seed = 7
    return settings
  }()

  /// The sweep, run once for all tests.
  static let outcome = Result {
    try PruningSweep.run(network: network, data: data, settings: settings)
  }

  /// Returns a new empty folder under the temporary directory.
  static func temporaryFolder() throws -> String {
    let path = FileManager.default.temporaryDirectory
      .appendingPathComponent("ecprune-experiments-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(
      atPath: path, withIntermediateDirectories: true)
    return path
  }
}
