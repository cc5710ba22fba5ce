import Datasets
import Testing

/// Block averaging of images: the mean of each block, in row order.
@Suite struct ImagePoolingTests {
  @Test func averagesEachBlock() {
    // One 4 × 2 image: rows (0 1 2 3) and (4 5 6 7).
    let dataset = ClassificationDataset(
      features: [0, 1, 2, 3, 4, 5, 6, 7], labels: [1], featureCount: 8,
      classCount: 2)
    let pooled = dataset.averagePooled(width: 4, height: 2, factor: 2)
    // Blocks {0, 1, 4, 5} and {2, 3, 6, 7}; quarters of small integers
    // are exact in binary, so the means are exact.
    #expect(pooled.features == [2.5, 4.5])
    #expect(pooled.featureCount == 2)
    #expect(pooled.labels == [1])
  }

  @Test func factorOneKeepsTheImage() {
    let dataset = ClassificationDataset(
      features: [0.25, 0.5, 0.75, 1], labels: [0, 1], featureCount: 2,
      classCount: 2)
    #expect(
      dataset.averagePooled(width: 2, height: 1, factor: 1) == dataset)
  }
}
