#if canImport(Glibc)
  import Glibc
#endif

/// Training targets: class labels or real-valued outputs.
public enum Targets: Sendable, Equatable {
  /// One class index per sample, each in 0..<K.
  case classes([Int])
  /// One row of K target values per sample.
  case values(Matrix)

  /// The number of samples.
  public var count: Int {
    switch self {
    case .classes(let labels): return labels.count
    case .values(let matrix): return matrix.rows
    }
  }

  /// Returns the targets of the samples at `indices`, in that order.
  public func rows(at indices: [Int]) -> Targets {
    switch self {
    case .classes(let labels): return .classes(indices.map { labels[$0] })
    case .values(let matrix): return .values(matrix.rows(at: indices))
    }
  }
}

/// A training loss ℓ(y, t) on one sample, averaged over a batch.
public enum Loss: String, Sendable, CaseIterable {
  /// ℓ = log Σₖ e^{yₖ} − y_t on logits y and class t.
  case softmaxCrossEntropy = "cross-entropy"
  /// ℓ = (1/K) Σₖ (yₖ − tₖ)², so the batch mean is PyTorch's `mse_loss`.
  case meanSquaredError = "mse"

  /// Returns ℓ for each sample.
  ///
  /// - Precondition: `targets` has one entry per row of `output`, of the
  ///   kind the loss takes (classes for cross-entropy, values for MSE).
  public func perSample(_ output: Matrix, targets: Targets) -> [Double] {
    precondition(targets.count == output.rows, "one target per sample")
    switch (self, targets) {
    case (.softmaxCrossEntropy, .classes(let labels)):
      return (0..<output.rows).map { row in
        let logits = output.row(row)
        return Loss.logSumExp(logits) - logits[labels[row]]
      }
    case (.meanSquaredError, .values(let values)):
      precondition(values.columns == output.columns, "target width")
      return (0..<output.rows).map { row in
        var sum = 0.0
        for column in 0..<output.columns {
          let difference = output[row, column] - values[row, column]
          sum += difference * difference
        }
        return sum / Double(output.columns)
      }
    default:
      preconditionFailure("\(rawValue) does not take these targets")
    }
  }

  /// Returns the batch-mean loss and its gradient with respect to `output`.
  ///
  /// The gradient is of the mean, so it carries the factor 1/N; feeding it
  /// to `Network.backward` gives the gradients of the mean loss.
  public func meanAndGradient(
    _ output: Matrix, targets: Targets
  ) -> (mean: Double, gradient: Matrix) {
    let losses = perSample(output, targets: targets)
    let sampleCount = Double(output.rows)
    var gradient = Matrix(rows: output.rows, columns: output.columns)
    switch (self, targets) {
    case (.softmaxCrossEntropy, .classes(let labels)):
      // ∂ℓ/∂y = softmax(y) − onehot(t).
      for row in 0..<output.rows {
        let logits = output.row(row)
        let shift = Loss.logSumExp(logits)
        for column in 0..<output.columns {
          gradient[row, column] = exp(logits[column] - shift) / sampleCount
        }
        gradient[row, labels[row]] -= 1 / sampleCount
      }
    case (.meanSquaredError, .values(let values)):
      // ∂ℓ/∂y = 2(y − t)/K.
      let scale = 2 / (sampleCount * Double(output.columns))
      for index in output.values.indices {
        gradient.values[index] =
          scale * (output.values[index] - values.values[index])
      }
    default:
      preconditionFailure("\(rawValue) does not take these targets")
    }
    return (losses.reduce(0, +) / sampleCount, gradient)
  }

  /// Returns log Σ e^{xᵢ}, shifted by the maximum so it cannot overflow.
  static func logSumExp(_ values: [Double]) -> Double {
    let largest = values.max() ?? -.infinity
    guard largest.isFinite else { return largest }
    var sum = 0.0
    for value in values { sum += exp(value - largest) }
    return largest + log(sum)
  }
}

/// Returns the index of the largest entry of each row (the first on ties).
public func argmaxRows(_ matrix: Matrix) -> [Int] {
  (0..<matrix.rows).map { row in
    var best = 0
    for column in 1..<max(matrix.columns, 1)
    where matrix[row, column] > matrix[row, best] {
      best = column
    }
    return best
  }
}
