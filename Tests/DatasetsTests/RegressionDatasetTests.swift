import Datasets
import FileIO
import Testing

@Suite struct RegressionDatasetTests {
  /// 50 samples of 3 features and 2 targets. Sample i has features
  /// (i, i + 0.25, i + 0.5) and targets (−i, 10i), so every row shows
  /// which sample it is.
  static let dataset = RegressionDataset(
    features: (0..<50).flatMap { index in
      [0, 0.25, 0.5].map { Double(index) + $0 }
    },
    featureCount: 3,
    targets: (0..<50).flatMap { [-Double($0), 10 * Double($0)] },
    targetCount: 2)

  @Test func countsFollowRows() {
    #expect(Self.dataset.count == 50)
    #expect(Self.dataset.indices == 0..<50)
    #expect(Array(Self.dataset.features(ofSample: 7)) == [7, 7.25, 7.5])
    #expect(Array(Self.dataset.targets(ofSample: 7)) == [-7, 70])
  }

  @Test func subsetKeepsOrderAndRepeats() {
    let subset = Self.dataset.subset(indices: [4, 1, 4])
    #expect(subset.count == 3)
    #expect(subset.features == [4, 4.25, 4.5, 1, 1.25, 1.5, 4, 4.25, 4.5])
    #expect(subset.targets == [-4, 40, -1, 10, -4, 40])
  }

  @Test func randomSubsetIsSeeded() throws {
    let first = try Self.dataset.randomSubset(count: 12, seed: 5)
    #expect(try Self.dataset.randomSubset(count: 12, seed: 5) == first)
    #expect(try Self.dataset.randomSubset(count: 12, seed: 6) != first)
    let indices = try Self.dataset.randomIndices(count: 12, seed: 5)
    #expect(indices == indices.sorted())
    #expect(Set(indices).count == 12)
    #expect(first == Self.dataset.subset(indices: indices))
  }

  @Test(arguments: [-1, 51])
  func randomSubsetRejectsBadCount(count: Int) {
    expectInputError(path: nil, containing: "cannot pick \(count) samples") {
      _ = try Self.dataset.randomSubset(count: count, seed: 1)
    }
  }

  @Test func emptyDatasetHasNoSamples() {
    let empty = RegressionDataset(
      features: [], featureCount: 3, targets: [], targetCount: 1)
    #expect(empty.count == 0)
    #expect(TargetNoise.standardDeviation(empty.targets) == 0)
  }
}
