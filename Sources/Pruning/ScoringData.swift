import NeuralNetwork

/// The samples a criterion is computed on, visited in minibatches.
public struct ScoringData: Sendable {
  /// One sample per row.
  public let features: Matrix
  /// The targets, used by the loss response and the gradient criteria.
  public let targets: Targets
  /// The loss those use.
  public let loss: Loss
  /// Samples per minibatch; memory grows with it, results do not (up to
  /// rounding).
  public let batchSize: Int

  public init(
    features: Matrix, targets: Targets, loss: Loss = .softmaxCrossEntropy,
    batchSize: Int = 1000
  ) {
    precondition(features.rows == targets.count, "one target per sample")
    precondition(features.rows > 0, "no scoring samples")
    precondition(batchSize > 0, "batch size must be positive")
    self.features = features
    self.targets = targets
    self.loss = loss
    self.batchSize = batchSize
  }

  /// The number of samples.
  public var count: Int { features.rows }

  /// Calls `body` with each minibatch's features and targets, in order.
  public func forEachBatch(_ body: (Matrix, Targets) -> Void) {
    guard count > batchSize else {
      body(features, targets)
      return
    }
    // One batch buffer serves every full batch.
    var batch = Matrix(rows: batchSize, columns: features.columns)
    for lower in stride(from: 0, to: count, by: batchSize) {
      let upper = min(lower + batchSize, count)
      let indices = Array(lower..<upper)
      if upper - lower == batchSize {
        features.values.withUnsafeBufferPointer { source in
          batch.values.withUnsafeMutableBufferPointer { target in
            let start = source.baseAddress! + lower * features.columns
            target.baseAddress!.update(from: start, count: target.count)
          }
        }
        body(batch, targets.rows(at: indices))
      } else {
        body(features.rows(at: indices), targets.rows(at: indices))
      }
    }
  }
}
