import Datasets
import NeuralNetwork
import SeededRandom

extension SupervisedData {
  /// Returns the data with Gaussian noise of `level` times the training
  /// features' standard deviation added to every training feature. The
  /// test set stays clean, so test losses measure the noise-free task.
  ///
  /// The classifiers' noise analysis uses it: class labels cannot take
  /// Gaussian noise, so the pixels do. Regression targets get theirs from
  /// `TargetNoise` in the Datasets module. Level 0 returns the data
  /// unchanged.
  ///
  /// - Precondition: `level >= 0`.
  public func addingFeatureNoise(level: Double, seed: UInt64)
    -> SupervisedData
  {
    precondition(level >= 0, "negative noise level")
    guard level > 0 else { return self }
    var generator = SeededGenerator(seed: seed, stream: .analysisNoise)
    func noisy(_ matrix: Matrix) -> Matrix {
      let scale = level * TargetNoise.standardDeviation(matrix.values)
      var result = matrix
      for index in result.values.indices {
        result.values[index] += scale * generator.normal()
      }
      return result
    }
    return SupervisedData(
      trainingFeatures: noisy(trainingFeatures),
      trainingTargets: trainingTargets, testFeatures: testFeatures,
      testTargets: testTargets, loss: loss, outputCount: outputCount,
      description: description)
  }
}
