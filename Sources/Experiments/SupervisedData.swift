import Datasets
import FileIO
import NeuralNetwork
import SeededRandom

/// A training and a test set as matrices, with the loss a network is
/// trained and evaluated with: what every experiment needs, whether the
/// task is classification or regression.
public struct SupervisedData: Sendable {
  /// The training features, one sample per row.
  public let trainingFeatures: Matrix
  /// The training targets, one per row of `trainingFeatures`.
  public let trainingTargets: Targets
  /// The test features, with as many columns as `trainingFeatures`.
  public let testFeatures: Matrix
  /// The test targets, one per row of `testFeatures`.
  public let testTargets: Targets
  /// Cross-entropy for classes, mean squared error for values.
  public let loss: Loss
  /// The data set as reports name it.
  public let description: DatasetDescription
  /// The number of outputs a network needs: the class count or the
  /// target width.
  public let outputCount: Int

  /// Creates the data from matrices and targets.
  ///
  /// - Precondition: each target set has one entry per feature row, both
  ///   feature matrices have the same columns, and the targets are of the
  ///   kind `loss` takes.
  public init(
    trainingFeatures: Matrix, trainingTargets: Targets, testFeatures: Matrix,
    testTargets: Targets, loss: Loss, outputCount: Int,
    description: DatasetDescription
  ) {
    precondition(trainingFeatures.rows == trainingTargets.count)
    precondition(testFeatures.rows == testTargets.count)
    precondition(trainingFeatures.columns == testFeatures.columns)
    self.trainingFeatures = trainingFeatures
    self.trainingTargets = trainingTargets
    self.testFeatures = testFeatures
    self.testTargets = testTargets
    self.loss = loss
    self.outputCount = outputCount
    self.description = description
  }

  /// The classification data of two image sets, with cross-entropy.
  public init(
    training: ClassificationDataset, test: ClassificationDataset,
    description: DatasetDescription
  ) {
    self.init(
      trainingFeatures: TrainingExperiment.matrix(of: training),
      trainingTargets: .classes(training.labels),
      testFeatures: TrainingExperiment.matrix(of: test),
      testTargets: .classes(test.labels), loss: .softmaxCrossEntropy,
      outputCount: training.classCount, description: description)
  }

  /// Returns the test figures of `network`.
  public func evaluateOnTest(_ network: Network) -> Evaluation {
    network.evaluate(features: testFeatures, targets: testTargets, loss: loss)
  }

  /// The number of training samples.
  public var trainingCount: Int { trainingFeatures.rows }

  /// Returns `sampleCount` distinct training-row indices chosen uniformly
  /// at random with a generator seeded by `seed`, in increasing order.
  ///
  /// The draw is `ClassificationDataset.randomIndices(count:seed:)`'s, so
  /// the data of two image sets picks the same samples with either type.
  ///
  /// - Throws: `InputError` when `sampleCount` is negative or larger than
  ///   the training set.
  public func randomTrainingIndices(count sampleCount: Int, seed: UInt64)
    throws -> [Int]
  {
    guard sampleCount >= 0, sampleCount <= trainingCount else {
      throw InputError(
        "cannot pick \(sampleCount) samples from a data set of "
          + "\(trainingCount); choose a sample count from 0 to "
          + "\(trainingCount)")
    }
    var generator = SeededGenerator(seed: seed, stream: .subset)
    return generator.sample(sampleCount, from: trainingCount)
  }

  /// Returns the training samples at `indices`, in that order, as
  /// features and targets.
  public func trainingRows(at indices: [Int]) -> (Matrix, Targets) {
    (trainingFeatures.rows(at: indices), trainingTargets.rows(at: indices))
  }
}
