import NeuralNetwork

#if canImport(Glibc)
  import Glibc
#endif

/// The network response whose change elimination–compensation keeps small.
public enum Response: String, CaseIterable, Sendable {
  /// The network output y (logits for a classifier): K components.
  case output
  /// The softmax probabilities p = softmax(y): K components.
  case probabilities
  /// The per-sample training loss ℓ(y, t): one component.
  case loss

  /// Returns the cotangents whose vector–Jacobian products give
  /// ∂(response)/∂z, stacked as `Network.preActivationJacobians` expects.
  ///
  /// For `output`, block k holds eₖ; for `probabilities`, row k·N + n holds
  /// ∂pₖ/∂y = pₖ(eₖ − p) at sample n; for `loss`, one block holds the
  /// per-sample loss gradient ∂ℓₙ/∂y (not divided by N).
  ///
  /// - Parameters:
  ///   - output: the network output, one row per sample.
  ///   - targets: the targets, needed for `loss` only.
  ///   - loss: the loss that `loss` measures.
  public func cotangents(
    output: Matrix, targets: Targets?, loss: Loss
  ) -> Matrix {
    let sampleCount = output.rows
    let width = output.columns
    switch self {
    case .output:
      var seeds = Matrix(rows: width * sampleCount, columns: width)
      for k in 0..<width {
        for n in 0..<sampleCount { seeds[k * sampleCount + n, k] = 1 }
      }
      return seeds

    case .probabilities:
      var seeds = Matrix(rows: width * sampleCount, columns: width)
      for n in 0..<sampleCount {
        let p = softmax(output.row(n))
        for k in 0..<width {
          for column in 0..<width {
            let delta = column == k ? 1.0 : 0.0
            seeds[k * sampleCount + n, column] = p[k] * (delta - p[column])
          }
        }
      }
      return seeds

    case .loss:
      guard let targets else {
        preconditionFailure("the loss response needs targets")
      }
      // meanAndGradient returns the gradient of the mean; undo the 1/N.
      var gradient = loss.meanAndGradient(output, targets: targets).gradient
      for index in gradient.values.indices {
        gradient.values[index] *= Double(sampleCount)
      }
      return gradient
    }
  }

  /// Returns the number of response components for an output of width K.
  public func componentCount(outputWidth: Int) -> Int {
    self == .loss ? 1 : outputWidth
  }
}

/// Returns softmax(values), shifted by the maximum so it cannot overflow.
func softmax(_ values: [Double]) -> [Double] {
  let largest = values.max() ?? 0
  let exponentials = values.map { exp($0 - largest) }
  let sum = exponentials.reduce(0, +)
  return exponentials.map { $0 / sum }
}
