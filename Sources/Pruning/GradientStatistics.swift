import NeuralNetwork

/// Per-weight sums of the per-sample loss gradients over the scoring data,
/// for the gradient-based baselines.
///
/// With gₙ = ∂ℓₙ/∂w for sample n: `sum` is Σₙ gₙ and `absoluteSum`
/// is Σₙ |gₙ|. Since gₙ = δₙᵢ aₙⱼ, both are one GEMM per layer per
/// batch: δᵀa and |δ|ᵀ|a|.
public struct GradientStatistics: Sendable {
  /// Σₙ ∂ℓₙ/∂w per layer, shaped like the weights.
  public let sum: [Matrix]
  /// Σₙ |∂ℓₙ/∂w| per layer, shaped like the weights.
  public let absoluteSum: [Matrix]
  /// The number of samples N.
  public let sampleCount: Int

  /// Accumulates the sums for `network` over `data`.
  public init(of network: Network, on data: ScoringData) {
    var sum = network.layers.map {
      Matrix(rows: $0.unitCount, columns: $0.inputCount)
    }
    var absoluteSum = sum
    var gradients = Gradients(zerosFor: network, sampleCount: 0)
    data.forEachBatch { features, targets in
      let trace = network.forward(features)
      let cotangent = Response.loss.cotangents(
        output: trace.output, targets: targets, loss: data.loss)
      if gradients.preActivations.first?.rows != features.rows {
        gradients = Gradients(zerosFor: network, sampleCount: features.rows)
      }
      network.backward(trace, outputCotangent: cotangent, into: &gradients)
      for index in network.layers.indices {
        // The backward pass already summed δᵀa over the batch.
        for entry in sum[index].values.indices {
          sum[index].values[entry] += gradients.weights[index].values[entry]
        }
        var delta = gradients.preActivations[index]
        var input = trace.activations[index]
        for entry in delta.values.indices {
          delta.values[entry] = abs(delta.values[entry])
        }
        for entry in input.values.indices {
          input.values[entry] = abs(input.values[entry])
        }
        LinearAlgebra.gemm(
          delta, .transposed, input, .none, beta: 1,
          into: &absoluteSum[index])
      }
    }
    self.sum = sum
    self.absoluteSum = absoluteSum
    self.sampleCount = data.count
  }
}
