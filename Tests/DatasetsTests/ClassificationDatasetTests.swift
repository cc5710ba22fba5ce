import Datasets
import FileIO
import Testing

@Suite struct ClassificationDatasetTests {
  /// 100 samples of 3 features. Sample i has features (i, i + 0.25,
  /// i + 0.5) and label i mod 10, so every row shows which sample it is.
  static let dataset = ClassificationDataset(
    features: (0..<100).flatMap { index in
      [0, 0.25, 0.5].map { Double(index) + $0 }
    },
    labels: (0..<100).map { $0 % 10 },
    featureCount: 3, classCount: 10)

  @Test func sameSeedGivesSameIndices() throws {
    let first = try Self.dataset.randomIndices(count: 20, seed: 42)
    let second = try Self.dataset.randomIndices(count: 20, seed: 42)
    #expect(first == second)
  }

  @Test func differentSeedsGiveDifferentIndices() throws {
    let first = try Self.dataset.randomIndices(count: 20, seed: 42)
    let second = try Self.dataset.randomIndices(count: 20, seed: 43)
    #expect(first != second)
  }

  @Test(arguments: [0, 1, 37, 100])
  func randomIndicesAreSortedAndDistinct(count: Int) throws {
    let indices = try Self.dataset.randomIndices(count: count, seed: 7)
    #expect(indices.count == count)
    #expect(indices == indices.sorted())
    #expect(Set(indices).count == count)
    #expect(indices.allSatisfy { Self.dataset.indices.contains($0) })
  }

  @Test func randomSubsetKeepsRowsWithLabels() throws {
    let subset = try Self.dataset.randomSubset(count: 15, seed: 3)
    let indices = try Self.dataset.randomIndices(count: 15, seed: 3)
    #expect(subset.count == 15)
    #expect(subset.featureCount == 3)
    #expect(subset.classCount == 10)
    for (position, index) in indices.enumerated() {
      #expect(subset.labels[position] == index % 10)
      #expect(
        Array(subset.features(ofSample: position))
          == [0, 0.25, 0.5].map { Double(index) + $0 })
    }
  }

  @Test(arguments: [-1, 101])
  func randomSubsetRejectsBadCount(count: Int) {
    expectInputError(path: nil, containing: "cannot pick \(count)") {
      _ = try Self.dataset.randomSubset(count: count, seed: 1)
    }
  }

  @Test func subsetFollowsGivenOrder() {
    let subset = Self.dataset.subset(indices: [5, 2, 5])
    #expect(subset.labels == [5, 2, 5])
    #expect(subset.features == [5, 5.25, 5.5, 2, 2.25, 2.5, 5, 5.25, 5.5])
  }

  @Test func prefixTakesLeadingSamples() {
    let head = Self.dataset.prefix(4)
    #expect(head.count == 4)
    #expect(head.labels == [0, 1, 2, 3])
    #expect(head.features.count == 12)
    #expect(Self.dataset.prefix(1000).count == 100)
    #expect(Self.dataset.prefix(0).count == 0)
  }

  @Test func classCountsTallyLabels() {
    #expect(Self.dataset.classCounts() == [Int](repeating: 10, count: 10))
  }
}
