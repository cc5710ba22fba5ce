import NeuralNetwork
import SeededRandom

extension SupervisedData {
  /// Returns the data with Gaussian noise added to the training set; the
  /// test set stays clean, so test losses measure the noise-free task.
  ///
  /// For real-valued targets the noise goes on the targets, with standard
  /// deviation `level` times their standard deviation (DESIGN §3). Class
  /// labels cannot take Gaussian noise, so for classes it goes on the
  /// features instead, `level` times the features' standard deviation.
  /// Level 0 returns the data unchanged.
  ///
  /// - Precondition: `level >= 0`.
  public func addingTrainingNoise(level: Double, seed: UInt64)
    -> SupervisedData
  {
    precondition(level >= 0, "negative noise level")
    guard level > 0 else { return self }
    var generator = SeededGenerator(seed: seed, stream: .analysisNoise)
    func noisy(_ matrix: Matrix) -> Matrix {
      let scale = level * Self.standardDeviation(matrix.values)
      var result = matrix
      for index in result.values.indices {
        result.values[index] += scale * generator.normal()
      }
      return result
    }
    switch trainingTargets {
    case .values(let values):
      return SupervisedData(
        trainingFeatures: trainingFeatures,
        trainingTargets: .values(noisy(values)), testFeatures: testFeatures,
        testTargets: testTargets, loss: loss, outputCount: outputCount,
        description: description)
    case .classes:
      return SupervisedData(
        trainingFeatures: noisy(trainingFeatures),
        trainingTargets: trainingTargets, testFeatures: testFeatures,
        testTargets: testTargets, loss: loss, outputCount: outputCount,
        description: description)
    }
  }

  /// The population standard deviation, by a two-pass sum.
  static func standardDeviation(_ values: [Double]) -> Double {
    guard !values.isEmpty else { return 0 }
    let mean = values.reduce(0, +) / Double(values.count)
    var sum = 0.0
    for value in values { sum += (value - mean) * (value - mean) }
    return (sum / Double(values.count)).squareRoot()
  }
}
