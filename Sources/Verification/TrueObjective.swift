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
}
