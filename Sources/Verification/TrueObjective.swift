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
/// This type solves one weight at a time and computes E′ by a backward
/// pass. `GroundTruth` batches the weights of a unit with forward tangents
/// instead, and the tests compare the two.
// NOTE: only the output response is supported.
public struct TrueObjective: CompensationObjective {
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
    let activation = network.layers[weight.layer].activation
    let sampleCount = inputs.rows
    let (newZ, unitChange) = self.unitChange(
      weight, removal: removal, shift: shift)

    // Last layer: only output i moves.
    if weight.layer == network.layers.count - 1 {
      var value = 0.0
      var derivative = 0.0
      for n in 0..<sampleCount {
        let difference = unitChange[n]
        value += difference * difference
        derivative += 2 * difference * activation.derivative(newZ[n])
      }
      return (value / Double(sampleCount), derivative / Double(sampleCount))
    }

    // Otherwise only column i of the next layer's input moves: update its
    // pre-activations by a rank-one term, then run the layers above.
    let upper = upperPass(weight, unitChange: unitChange)
    let top = upper.changes.count - 1
    var delta = upper.changes[top]
    var value = 0.0
    let scale = 2 / Double(sampleCount)
    for index in delta.values.indices {
      let difference = delta.values[index]
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
    let sampleCount = inputs.rows
    let (newZ, unitChange) = self.unitChange(
      weight, removal: removal, shift: shift)
    let slope = newZ.map(layer.activation.derivative)

    if weight.layer == network.layers.count - 1 {
      var residuals = Matrix(rows: sampleCount, columns: network.outputCount)
      var tangent = residuals
      for n in 0..<sampleCount {
        residuals[n, weight.row] = unitChange[n]
        tangent[n, weight.row] = slope[n]
      }
      return (residuals, tangent)
    }

    let upper = upperPass(weight, unitChange: unitChange)
    let residuals = upper.changes[upper.changes.count - 1]

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

  /// Returns zˡᵢ after the removal and shift, and the change of aˡᵢ, per
  /// sample, without the cancellation of σ(z_new) − σ(z)
  /// (`Activation.change`).
  func unitChange(_ weight: WeightIndex, removal: Double, shift: Double)
    -> (preActivation: [Double], change: [Double])
  {
    let layer = network.layers[weight.layer]
    let removed = removal * layer.weight[weight.row, weight.column]
    let z = trace.preActivations[weight.layer]
    let input = trace.activations[weight.layer]
    var newZ = [Double](repeating: 0, count: inputs.rows)
    var change = newZ
    for n in 0..<inputs.rows {
      let move = shift - removed * input[n, weight.column]
      newZ[n] = z[n, weight.row] + move
      change[n] = layer.activation.change(from: z[n, weight.row], by: move)
    }
    return (newZ, change)
  }

  /// Runs the layers above `weight`'s layer when unit i's activation
  /// changes by `unitChange`, on differences from the unpruned pass: the
  /// first of them changes by the rank-one term Δz = (a_new − a)·Wˡ⁺¹[:, i],
  /// each layer's Δa = σ(z + Δz) − σ(z) comes from its cached z through
  /// `Activation.change`, and
  /// the next takes Δz = Δa·Wᵀ (the bias cancels). Working on differences
  /// keeps the precision of small changes, which y_new − y would lose to
  /// cancellation. Returns the new pre-activations and the activation
  /// changes, from layer l + 1 up; the last change is y_new − y.
  func upperPass(_ weight: WeightIndex, unitChange: [Double])
    -> (preActivations: [Matrix], changes: [Matrix])
  {
    let sampleCount = inputs.rows
    let first = weight.layer + 1
    let next = network.layers[first]
    var change = Matrix(rows: sampleCount, columns: next.unitCount)
    for n in 0..<sampleCount {
      let difference = unitChange[n]
      guard difference != 0 else { continue }
      for k in 0..<next.unitCount {
        change[n, k] = difference * next.weight[k, weight.row]
      }
    }
    var preActivations: [Matrix] = []
    var changes: [Matrix] = []
    for index in first..<network.layers.count {
      let layer = network.layers[index]
      if index > first {
        change = LinearAlgebra.product(
          changes[changes.count - 1], .none, layer.weight, .transposed)
      }
      var z = trace.preActivations[index]
      for entry in z.values.indices {
        let move = change.values[entry]
        change.values[entry] = layer.activation.change(
          from: z.values[entry], by: move)
        z.values[entry] += move
      }
      preActivations.append(z)
      changes.append(change)
    }
    return (preActivations, changes)
  }
}
