import FileIO
import SeededRandom

/// A set of samples for regression: one feature row and one target row of
/// real values per sample.
public struct RegressionDataset: Sendable, Equatable {
  /// The features, row-major: sample `i` occupies
  /// `features[i * featureCount ..< (i + 1) * featureCount]`.
  public let features: [Double]
  /// The targets, row-major: sample `i` occupies
  /// `targets[i * targetCount ..< (i + 1) * targetCount]`.
  public let targets: [Double]
  /// The number of features per sample.
  public let featureCount: Int
  /// The number of targets per sample.
  public let targetCount: Int
  /// The number of samples.
  public let count: Int

  /// Creates a data set from row-major features and targets.
  ///
  /// - Precondition: `featureCount >= 0`, `targetCount >= 1`, and the
  ///   two arrays hold the same number of rows.
  public init(
    features: [Double], featureCount: Int, targets: [Double],
    targetCount: Int
  ) {
    precondition(featureCount >= 0, "negative feature count")
    precondition(targetCount >= 1, "a sample needs at least one target")
    precondition(
      targets.count % targetCount == 0,
      "targets.count must be a multiple of targetCount")
    let count = targets.count / targetCount
    let (expected, overflow) = count.multipliedReportingOverflow(
      by: featureCount)
    precondition(
      !overflow && features.count == expected,
      "features.count must be count × featureCount")
    self.features = features
    self.targets = targets
    self.featureCount = featureCount
    self.targetCount = targetCount
    self.count = count
  }

  /// The valid sample indices, 0..<`count`.
  public var indices: Range<Int> { 0..<count }

  /// Returns the feature row of sample `index`.
  ///
  /// - Precondition: `0 <= index < count`.
  public func features(ofSample index: Int) -> ArraySlice<Double> {
    precondition(indices.contains(index), "sample index out of range")
    return features[index * featureCount..<(index + 1) * featureCount]
  }

  /// Returns the target row of sample `index`.
  ///
  /// - Precondition: `0 <= index < count`.
  public func targets(ofSample index: Int) -> ArraySlice<Double> {
    precondition(indices.contains(index), "sample index out of range")
    return targets[index * targetCount..<(index + 1) * targetCount]
  }

  /// Returns the samples at `indices`, in the order given. An index may
  /// repeat.
  ///
  /// - Precondition: every index lies in 0..<`count`.
  public func subset(indices selected: [Int]) -> RegressionDataset {
    precondition(
      selected.allSatisfy { indices.contains($0) },
      "subset index out of range")
    var pickedFeatures: [Double] = []
    pickedFeatures.reserveCapacity(selected.count * featureCount)
    var pickedTargets: [Double] = []
    pickedTargets.reserveCapacity(selected.count * targetCount)
    for index in selected {
      pickedFeatures.append(contentsOf: features(ofSample: index))
      pickedTargets.append(contentsOf: targets(ofSample: index))
    }
    return RegressionDataset(
      features: pickedFeatures, featureCount: featureCount,
      targets: pickedTargets, targetCount: targetCount)
  }

  /// Returns `sampleCount` distinct sample indices chosen uniformly at
  /// random with the `regressionSubset` stream of `seed`, in increasing
  /// order.
  ///
  /// - Throws: `InputError` when `sampleCount` is negative or larger than
  ///   `count`.
  public func randomIndices(count sampleCount: Int, seed: UInt64) throws
    -> [Int]
  {
    guard sampleCount >= 0, sampleCount <= count else {
      throw InputError(
        "cannot pick \(sampleCount) samples from a data set of \(count); "
          + "choose a sample count from 0 to \(count)")
    }
    var generator = SeededGenerator(seed: seed, stream: .regressionSubset)
    return generator.sample(sampleCount, from: count)
  }

  /// Returns `sampleCount` distinct samples chosen uniformly at random
  /// with the `regressionSubset` stream of `seed`, kept in their original
  /// order.
  ///
  /// - Throws: `InputError` when `sampleCount` is negative or larger than
  ///   `count`.
  public func randomSubset(count sampleCount: Int, seed: UInt64) throws
    -> RegressionDataset
  {
    try subset(indices: randomIndices(count: sampleCount, seed: seed))
  }

  /// Returns a copy with `targets` replaced.
  ///
  /// - Precondition: `targets.count == self.targets.count`.
  public func replacingTargets(_ targets: [Double]) -> RegressionDataset {
    precondition(targets.count == self.targets.count, "target count changed")
    return RegressionDataset(
      features: features, featureCount: featureCount, targets: targets,
      targetCount: targetCount)
  }
}
