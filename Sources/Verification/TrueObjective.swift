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
/// taken from the cached forward pass, layer l + 1 gets a rank-one update
/// of its cached pre-activations, and only the layers above it run again.
// NOTE: only the output response is supported. Each weight is solved on
// its own, so the ground truth for every weight of a large network is
// slow until the weights of one unit share their work.
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

    // Otherwise only column i of the next layer's input moves: update its
    // pre-activations by a rank-one term, then run the layers above.
    let upper = upperPass(weight, newActivation: newA)
    let top = upper.activations.count - 1
    var delta = upper.activations[top]
    var value = 0.0
    let scale = 2 / Double(sampleCount)
    for index in delta.values.indices {
      let difference = delta.values[index] - trace.output.values[index]
      value += difference * difference
      delta.values[index] = scale * difference
    }

    // δ back to layer l + 1 only (no weight gradients are needed), then
    // ∂E/∂zˡᵢ = Σₖ δˡ⁺¹ₖ Wˡ⁺¹ₖᵢ · σ′(zˡᵢ), summed over the samples.
    for offset in stride(from: top, through: 0, by: -1) {
      let layerIndex = weight.layer + 1 + offset
      let activation = network.layers[layerIndex].activation
      let z = upper.preActivations[offset]
      for index in delta.values.indices {
        delta.values[index] *= activation.derivative(z.values[index])
      }
      if offset > 0 {
        delta = LinearAlgebra.product(
          delta, .none, network.layers[layerIndex].weight, .none)
      }
    }
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

    let upper = upperPass(weight, newActivation: newA)
    var residuals = upper.activations[upper.activations.count - 1]
    for index in residuals.values.indices {
      residuals.values[index] -= trace.output.values[index]
    }

    // Tangent: dz of the first upper layer is slope·Wˡ⁺¹[:, i]; each layer
    // then applies σ′ and, below the top, its successor's weights.
    let next = network.layers[weight.layer + 1]
    var tangent = Matrix(rows: sampleCount, columns: next.unitCount)
    for n in 0..<sampleCount {
      for k in 0..<next.unitCount {
        tangent[n, k] = slope[n] * next.weight[k, weight.row]
      }
    }
    for offset in upper.preActivations.indices {
      let upperLayer = network.layers[weight.layer + 1 + offset]
      let preActivation = upper.preActivations[offset]
      for entry in tangent.values.indices {
        tangent.values[entry] *= upperLayer.activation.derivative(
          preActivation.values[entry])
      }
      if offset + 1 < upper.preActivations.count {
        tangent = LinearAlgebra.product(
          tangent, .none, network.layers[weight.layer + 2 + offset].weight,
          .transposed)
      }
    }
    return (residuals, tangent)
  }

  /// Runs the layers above `weight`'s layer when unit i's activation
  /// becomes `newActivation`. The first of them changes by the rank-one
  /// term (a_new − a)·Wˡ⁺¹[:, i] added to its cached pre-activations; the
  /// ones above run in full. Returns their pre-activations and
  /// activations, from layer l + 1 up.
  func upperPass(_ weight: WeightIndex, newActivation: [Double])
    -> (preActivations: [Matrix], activations: [Matrix])
  {
    let sampleCount = inputs.rows
    let first = weight.layer + 1
    let old = trace.activations[first]
    let next = network.layers[first]
    var z = trace.preActivations[first]
    for n in 0..<sampleCount {
      let change = newActivation[n] - old[n, weight.row]
      guard change != 0 else { continue }
      for k in 0..<next.unitCount {
        z[n, k] += change * next.weight[k, weight.row]
      }
    }
    var preActivations = [z]
    var activations = [apply(next.activation, to: z)]
    for index in (first + 1)..<network.layers.count {
      let layer = network.layers[index]
      var zNext = Matrix(rows: sampleCount, columns: layer.unitCount)
      for n in 0..<sampleCount {
        for k in 0..<layer.unitCount { zNext[n, k] = layer.bias[k] }
      }
      LinearAlgebra.gemm(
        activations[activations.count - 1], .none, layer.weight, .transposed,
        beta: 1, into: &zNext)
      preActivations.append(zNext)
      activations.append(apply(layer.activation, to: zNext))
    }
    return (preActivations, activations)
  }

  private func apply(_ activation: Activation, to z: Matrix) -> Matrix {
    Matrix(
      rows: z.rows, columns: z.columns, values: z.values.map(activation.value))
  }
}
