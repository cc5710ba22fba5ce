/// A regression training set and the test set it is evaluated on.
public struct RegressionSplit: Sendable, Equatable {
  /// The samples a network is trained on, the only ones noise is added to.
  public let training: RegressionDataset
  /// The held-out samples, always without noise.
  public let test: RegressionDataset

  /// Creates a split from its two sets.
  ///
  /// - Precondition: both sets have the same feature and target counts.
  public init(training: RegressionDataset, test: RegressionDataset) {
    precondition(
      training.featureCount == test.featureCount
        && training.targetCount == test.targetCount,
      "training and test sets must have the same feature and target counts")
    self.training = training
    self.test = test
  }

  /// Returns the split with `TargetNoise.adding(level:to:seed:)` applied
  /// to the training targets. The test set is left clean, so test errors
  /// measure the noise-free solution.
  ///
  /// - Throws: `InputError` when `level` is negative or not finite.
  public func addingTrainingNoise(level: Double, seed: UInt64) throws
    -> RegressionSplit
  {
    RegressionSplit(
      training: try TargetNoise.adding(level: level, to: training, seed: seed),
      test: test)
  }
}
