import FileIO
import SeededRandom

/// A set of labelled samples for classification: one feature row and one
/// class label per sample.
public struct ClassificationDataset: Sendable, Equatable {
  /// The features, row-major: sample `i` occupies
  /// `features[i * featureCount ..< (i + 1) * featureCount]`.
  public let features: [Double]
  /// The class of each sample, in 0..<`classCount`.
  public let labels: [Int]
  /// The number of features per sample, such as 784 for 28 × 28 images.
  public let featureCount: Int
  /// The number of classes; labels lie in 0..<`classCount`.
  public let classCount: Int

  /// The number of samples.
  public var count: Int { labels.count }

  /// Creates a data set from row-major features and their labels.
  ///
  /// - Precondition: `featureCount >= 0`, `classCount >= 1`,
  ///   `features.count == labels.count * featureCount`, and every label
  ///   lies in 0..<`classCount`. Loaders check file contents with thrown
  ///   errors before calling this.
  public init(
    features: [Double], labels: [Int], featureCount: Int, classCount: Int
  ) {
    precondition(featureCount >= 0, "negative feature count")
    precondition(classCount >= 1, "a data set needs at least one class")
    let (expected, overflow) = labels.count.multipliedReportingOverflow(
      by: featureCount)
    precondition(
      !overflow && features.count == expected,
      "features.count must be labels.count × featureCount")
    precondition(
      labels.allSatisfy { (0..<classCount).contains($0) },
      "label outside 0..<classCount")
    self.features = features
    self.labels = labels
    self.featureCount = featureCount
    self.classCount = classCount
  }

  /// Returns the feature row of sample `index`.
  ///
  /// - Precondition: `0 <= index < count`.
  public func features(ofSample index: Int) -> ArraySlice<Double> {
    precondition(indices.contains(index), "sample index out of range")
    return features[index * featureCount..<(index + 1) * featureCount]
  }

  /// The valid sample indices, 0..<`count`.
  public var indices: Range<Int> { 0..<count }

  /// Returns the samples at `indices`, in the order given; an index may
  /// repeat.
  ///
  /// - Precondition: every index lies in 0..<`count`.
  public func subset(indices selected: [Int]) -> ClassificationDataset {
    precondition(
      selected.allSatisfy { indices.contains($0) },
      "subset index out of range")
    var pickedFeatures: [Double] = []
    pickedFeatures.reserveCapacity(selected.count * featureCount)
    for index in selected {
      pickedFeatures.append(contentsOf: features(ofSample: index))
    }
    return ClassificationDataset(
      features: pickedFeatures, labels: selected.map { labels[$0] },
      featureCount: featureCount, classCount: classCount)
  }

  /// Returns `sampleCount` distinct sample indices chosen uniformly at
  /// random with a generator seeded by `seed`, in increasing order.
  ///
  /// The same seed always gives the same indices, on every platform,
  /// because the choice goes through `SeededGenerator.sample`.
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
    var generator = SeededGenerator(seed: seed, stream: .subset)
    return generator.sample(sampleCount, from: count)
  }

  /// Returns `sampleCount` distinct samples chosen uniformly at random
  /// with a generator seeded by `seed`, kept in their original order.
  ///
  /// - Throws: `InputError` when `sampleCount` is negative or larger than
  ///   `count`.
  public func randomSubset(count sampleCount: Int, seed: UInt64) throws
    -> ClassificationDataset
  {
    try subset(indices: randomIndices(count: sampleCount, seed: seed))
  }

  /// Returns the first `maximumCount` samples, or all of them when there
  /// are fewer.
  ///
  /// - Precondition: `maximumCount >= 0`.
  public func prefix(_ maximumCount: Int) -> ClassificationDataset {
    precondition(maximumCount >= 0, "negative prefix length")
    let keptCount = min(maximumCount, count)
    return ClassificationDataset(
      features: Array(features[0..<keptCount * featureCount]),
      labels: Array(labels[0..<keptCount]),
      featureCount: featureCount, classCount: classCount)
  }

  /// Returns the number of samples of each class, indexed by label.
  public func classCounts() -> [Int] {
    var counts = [Int](repeating: 0, count: classCount)
    for label in labels { counts[label] += 1 }
    return counts
  }
}
