import NeuralNetwork

/// One weight Wˡᵢⱼ of a network: layer l (from 0), row i, column j.
public struct WeightIndex: Hashable, Sendable, CustomStringConvertible {
  public let layer: Int
  public let row: Int
  public let column: Int

  public init(layer: Int, row: Int, column: Int) {
    self.layer = layer
    self.row = row
    self.column = column
  }

  public var description: String { "layers.\(layer)[\(row), \(column)]" }
}

/// The true output change of removing a weight with a bias shift, and its
/// derivative in the shift, evaluated exactly by the network.
///
/// For weight w = Wˡᵢⱼ, removal fraction ε (w → (1 − ε)w) and bias shift β,
///
///     E(β)  = (1/N) Σₓ ‖y(x; w → (1 − ε)w, bᵢ → bᵢ + β) − y(x)‖²,
///     E′(β) = (2/N) Σₓ ⟨y_new − y, ∂y_new/∂zˡᵢ⟩.
///
/// Only zˡᵢ moves, by Δ(x) = β − ε·w·aⱼ(x), so the layers below l are
/// taken from the cached forward pass and only the layers from l up are
/// evaluated again.
// NOTE: the layers above l are re-run in full (a GEMM for layer l + 1)
// instead of taking the rank-one change of column i. Only the output
// response is supported. Both limits stand until the all-weights ground
// truth is built.
public struct TrueObjective: Sendable {
  /// The network whose weights are removed.
  public let network: Network
  /// The data D, one sample per row.
  public let inputs: Matrix
  /// The unpruned forward pass on `inputs`.
  public let trace: ForwardTrace

  public init(network: Network, inputs: Matrix) {
    self.network = network
    self.inputs = inputs
    self.trace = network.forward(inputs)
  }

  /// Returns E(β) and E′(β) for removing the fraction `removal` of
  /// `weight` and shifting its row's bias by `shift`.
  public func evaluate(
    _ weight: WeightIndex, removal: Double = 1, shift: Double
  ) -> (value: Double, derivative: Double) {
    let layer = network.layers[weight.layer]
    let w = layer.weight[weight.row, weight.column]
    let sampleCount = inputs.rows
    let activation = layer.activation
    let z = trace.preActivations[weight.layer]
    let input = trace.activations[weight.layer]

    // The new pre-activation and activation of unit i, sample by sample.
    var newZ = [Double](repeating: 0, count: sampleCount)
    var newA = [Double](repeating: 0, count: sampleCount)
    for n in 0..<sampleCount {
      newZ[n] = z[n, weight.row] + shift - removal * w * input[n, weight.column]
      newA[n] = activation.value(newZ[n])
    }

    // Last layer: only output i moves.
    if weight.layer == network.layers.count - 1 {
      var value = 0.0
      var derivative = 0.0
      for n in 0..<sampleCount {
        let difference = newA[n] - trace.output[n, weight.row]
        value += difference * difference
        derivative += 2 * difference * activation.derivative(newZ[n])
      }
      return (value / Double(sampleCount), derivative / Double(sampleCount))
    }

    // Otherwise run the layers above on the changed activations.
    var changed = trace.activations[weight.layer + 1]
    for n in 0..<sampleCount { changed[n, weight.row] = newA[n] }
    let upper = Network(layers: Array(network.layers[(weight.layer + 1)...]))
    let upperTrace = upper.forward(changed)
    var cotangent = upperTrace.output
    var value = 0.0
    let scale = 2 / Double(sampleCount)
    for index in cotangent.values.indices {
      let difference = cotangent.values[index] - trace.output.values[index]
      value += difference * difference
      cotangent.values[index] = scale * difference
    }

    // ∂E/∂zˡᵢ = Σₖ δˡ⁺¹ₖ Wˡ⁺¹ₖᵢ · σ′(zˡᵢ), summed over the samples.
    let gradients = upper.backward(upperTrace, outputCotangent: cotangent)
    let delta = gradients.preActivations[0]
    let next = network.layers[weight.layer + 1].weight
    var derivative = 0.0
    for n in 0..<sampleCount {
      var sum = 0.0
      for k in 0..<next.rows { sum += delta[n, k] * next[k, weight.row] }
      derivative += sum * activation.derivative(newZ[n])
    }
    return (value / Double(sampleCount), derivative)
  }

  /// Returns the output differences y_new − y and their derivatives in the
  /// shift, ∂y_new/∂β, one row per sample: the residuals and the Jacobian
  /// column of E as a least-squares problem, E(β) = ‖r‖²/N.
  ///
  /// The derivative is carried forward from zˡᵢ (a tangent, so one pass
  /// gives all K outputs).
  public func residualsAndTangent(
    _ weight: WeightIndex, removal: Double = 1, shift: Double
  ) -> (residuals: Matrix, tangent: Matrix) {
    let layer = network.layers[weight.layer]
    let w = layer.weight[weight.row, weight.column]
    let sampleCount = inputs.rows
    let z = trace.preActivations[weight.layer]
    let input = trace.activations[weight.layer]
    var newA = [Double](repeating: 0, count: sampleCount)
    var slope = [Double](repeating: 0, count: sampleCount)
    for n in 0..<sampleCount {
      let newZ =
        z[n, weight.row] + shift - removal * w * input[n, weight.column]
      newA[n] = layer.activation.value(newZ)
      slope[n] = layer.activation.derivative(newZ)
    }

    if weight.layer == network.layers.count - 1 {
      var residuals = Matrix(rows: sampleCount, columns: network.outputCount)
      var tangent = residuals
      for n in 0..<sampleCount {
        residuals[n, weight.row] = newA[n] - trace.output[n, weight.row]
        tangent[n, weight.row] = slope[n]
      }
      return (residuals, tangent)
    }

    var changed = trace.activations[weight.layer + 1]
    for n in 0..<sampleCount { changed[n, weight.row] = newA[n] }
    let upper = Network(layers: Array(network.layers[(weight.layer + 1)...]))
    let upperTrace = upper.forward(changed)
    var residuals = upperTrace.output
    for index in residuals.values.indices {
      residuals.values[index] -= trace.output.values[index]
    }

    // Tangent: dz of the first upper layer is slope·Wˡ⁺¹[:, i]; each layer
    // then applies σ′ and, below the top, its successor's weights.
    let next = upper.layers[0]
    var tangent = Matrix(rows: sampleCount, columns: next.unitCount)
    for n in 0..<sampleCount {
      for k in 0..<next.unitCount {
        tangent[n, k] = slope[n] * next.weight[k, weight.row]
      }
    }
    for (index, upperLayer) in upper.layers.enumerated() {
      let preActivation = upperTrace.preActivations[index]
      for entry in tangent.values.indices {
        tangent.values[entry] *= upperLayer.activation.derivative(
          preActivation.values[entry])
      }
      if index + 1 < upper.layers.count {
        tangent = LinearAlgebra.product(
          tangent, .none, upper.layers[index + 1].weight, .transposed)
      }
    }
    return (residuals, tangent)
  }
}
