extension ClassificationDataset {
  /// Returns the data set with each image shrunk by averaging blocks of
  /// `factor` × `factor` pixels, for networks small enough that the
  /// ground truth of every weight is cheap.
  ///
  /// Sample i's features are read as a `height` × `width` image in row
  /// order. A 28 × 28 Fashion-MNIST image with factor 2 becomes 14 × 14.
  ///
  /// - Precondition: `featureCount == width · height`, `factor ≥ 1`, and
  ///   `factor` divides both sides.
  public func averagePooled(width: Int, height: Int, factor: Int)
    -> ClassificationDataset
  {
    precondition(featureCount == width * height, "image size")
    precondition(
      factor >= 1 && width % factor == 0 && height % factor == 0,
      "pooling factor must divide the image sides")
    let pooledWidth = width / factor
    let pooledHeight = height / factor
    let pooledCount = pooledWidth * pooledHeight
    let scale = 1 / Double(factor * factor)
    var pooled = [Double](repeating: 0, count: count * pooledCount)
    for sample in 0..<count {
      let source = sample * featureCount
      let target = sample * pooledCount
      for y in 0..<height {
        for x in 0..<width {
          let cell = (y / factor) * pooledWidth + x / factor
          pooled[target + cell] += features[source + y * width + x] * scale
        }
      }
    }
    return ClassificationDataset(
      features: pooled, labels: labels, featureCount: pooledCount,
      classCount: classCount)
  }
}
