/// The gradients a backward pass returns for one output cotangent.
public struct Gradients: Sendable {
  /// `weights[l]` is ∂ℒ/∂Wˡ⁺¹ summed over the batch, shaped like the weight.
  public var weights: [Matrix]
  /// `biases[l]` is ∂ℒ/∂bˡ⁺¹ summed over the batch.
  public var biases: [[Double]]
  /// `preActivations[l]` is ∂ℒ/∂zˡ⁺¹ per sample, one row per sample.
  public var preActivations: [Matrix]

  /// Creates zero gradients shaped for `network` and a batch of
  /// `sampleCount`.
  public init(zerosFor network: Network, sampleCount: Int) {
    weights = network.layers.map {
      Matrix(rows: $0.unitCount, columns: $0.inputCount)
    }
    biases = network.layers.map {
      [Double](repeating: 0, count: $0.unitCount)
    }
    preActivations = network.layers.map {
      Matrix(rows: sampleCount, columns: $0.unitCount)
    }
  }
}

extension Network {
  /// Runs the backward pass: the vector–Jacobian product of the batch output
  /// with `outputCotangent`.
  ///
  /// For ℒ = Σₙ ⟨vₙ, y(xₙ)⟩ with v = `outputCotangent`, returns
  /// δˡ = ∂ℒ/∂zˡ per sample, ∂ℒ/∂Wˡ = Σₙ δˡₙ (aˡ⁻¹ₙ)ᵀ and ∂ℒ/∂bˡ = Σₙ δˡₙ.
  /// Passing a loss gradient with respect to y gives the loss gradients.
  ///
  /// - Parameters:
  ///   - trace: the forward pass of the same batch.
  ///   - outputCotangent: v, one row per sample, `outputCount` columns.
  public func backward(
    _ trace: ForwardTrace, outputCotangent: Matrix
  ) -> Gradients {
    var gradients = Gradients(zerosFor: self, sampleCount: trace.sampleCount)
    backward(trace, outputCotangent: outputCotangent, into: &gradients)
    return gradients
  }

  /// Runs the backward pass into existing storage shaped by
  /// `Gradients(zerosFor:sampleCount:)`, overwriting it.
  public func backward(
    _ trace: ForwardTrace, outputCotangent: Matrix,
    into gradients: inout Gradients
  ) {
    precondition(
      outputCotangent.rows == trace.sampleCount
        && outputCotangent.columns == outputCount,
      "cotangent is \(outputCotangent.rows)×\(outputCotangent.columns), "
        + "output is \(trace.sampleCount)×\(outputCount)")
    let last = layers.count - 1
    gradients.preActivations[last] = outputCotangent

    for index in stride(from: last, through: 0, by: -1) {
      let layer = layers[index]

      // δ = (∂ℒ/∂a) ∘ σ′(z).
      trace.preActivations[index].values.withUnsafeBufferPointer { z in
        gradients.preActivations[index].values
          .withUnsafeMutableBufferPointer { delta in
            layer.activation.multiplyByDerivative(delta, preActivations: z)
          }
      }

      // ∂ℒ/∂W = δᵀ a and ∂ℒ/∂b = column sums of δ.
      LinearAlgebra.gemm(
        gradients.preActivations[index], .transposed,
        trace.activations[index], .none, into: &gradients.weights[index])
      sumColumns(
        gradients.preActivations[index], into: &gradients.biases[index])

      // ∂ℒ/∂aˡ⁻¹ = δ W, the next δ before its σ′ factor. The input's
      // gradient is not needed, so the first layer stops here.
      if index > 0 {
        LinearAlgebra.gemm(
          gradients.preActivations[index], .none, layer.weight, .none,
          into: &gradients.preActivations[index - 1])
      }
    }
  }
}

/// Writes the column sums of `matrix` into `sums`.
func sumColumns(_ matrix: Matrix, into sums: inout [Double]) {
  precondition(sums.count == matrix.columns)
  matrix.values.withUnsafeBufferPointer { values in
    sums.withUnsafeMutableBufferPointer { total in
      for column in 0..<matrix.columns { total[column] = 0 }
      for row in 0..<matrix.rows {
        let start = row * matrix.columns
        for column in 0..<matrix.columns {
          total[column] += values[start + column]
        }
      }
    }
  }
}
