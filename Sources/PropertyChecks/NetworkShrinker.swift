import NeuralNetwork

/// Simpler network cases, simplest first, never outside a shape.
///
/// Candidates, in order: one hidden layer removed; one hidden unit
/// removed; one output removed; one input column removed; samples removed
/// (half, then one); the output activation, then one hidden activation,
/// moved toward the front of the shape's lists; every value rounded to one decimal at once; one value
/// made simpler. Each candidate is strictly smaller in the order that
/// compares, in turn, the number of layers, of units, of outputs, of
/// inputs, of samples, the activations' positions in the list, and the
/// values' simplicity (see `ValueSimplicity`). Every one of these is a
/// natural number or a well-founded order on values, so shrinking ends.
public struct NetworkShrinker: Sendable {
  /// The shape whose ranges the candidates stay inside.
  public let shape: NetworkShape

  public init(shape: NetworkShape) {
    self.shape = shape
  }

  /// Simpler candidates for `value`, simplest first.
  public func candidates(for value: NetworkCase) -> [NetworkCase] {
    structural(value) + activationShrinks(value) + valueShrinks(value)
  }

  // MARK: Structure

  private func structural(_ value: NetworkCase) -> [NetworkCase] {
    var candidates: [NetworkCase] = []
    let network = value.network
    let hidden = value.hiddenLayerCount

    // Hidden layers, each removed in turn.
    if hidden > shape.hiddenLayers.lowerBound {
      for layer in 0..<hidden {
        candidates.append(removingLayer(layer, from: value))
      }
    }
    // Hidden units.
    for layer in 0..<hidden
    where network.layers[layer].unitCount > shape.width.lowerBound {
      for unit in 0..<network.layers[layer].unitCount {
        candidates.append(removingUnit(unit, of: layer, from: value))
      }
    }
    // Outputs.
    if network.outputCount > shape.outputs.lowerBound {
      for unit in 0..<network.outputCount {
        candidates.append(removingUnit(unit, of: hidden, from: value))
      }
    }
    // Input columns.
    if network.inputCount > shape.inputs.lowerBound {
      for column in 0..<network.inputCount {
        candidates.append(removingInput(column, from: value))
      }
    }
    // Samples: the second half, then each one.
    let count = value.sampleCount
    if count > shape.samples.lowerBound {
      let kept = max(shape.samples.lowerBound, count - count / 2)
      if kept < count {
        candidates.append(keepingSamples(Array(0..<kept), of: value))
      }
      for sample in 0..<count {
        var rows = Array(0..<count)
        rows.remove(at: sample)
        candidates.append(keepingSamples(rows, of: value))
      }
    }
    return candidates
  }

  /// Hidden layer `layer` dropped; the layer above takes the dropped
  /// layer's inputs, keeping the weights of matching columns and 0 for
  /// new ones.
  private func removingLayer(_ layer: Int, from value: NetworkCase)
    -> NetworkCase
  {
    var layers = value.network.layers
    let inputs = layers[layer].inputCount
    let above = layers[layer + 1]
    var weight = Matrix(rows: above.unitCount, columns: inputs)
    for i in 0..<above.unitCount {
      for j in 0..<min(inputs, above.inputCount) {
        weight[i, j] = above.weight[i, j]
      }
    }
    layers[layer + 1] = DenseLayer(
      weight: weight, bias: above.bias, activation: above.activation)
    layers.remove(at: layer)
    var shrunk = value
    shrunk.network = Network(layers: layers)
    return shrunk
  }

  /// Unit `unit` of `layer` dropped with its row, bias and, above it,
  /// its column. For the output layer, labels beyond the new width wrap.
  private func removingUnit(
    _ unit: Int, of layer: Int, from value: NetworkCase
  ) -> NetworkCase {
    var layers = value.network.layers
    let current = layers[layer]
    var rows = Array(0..<current.unitCount)
    rows.remove(at: unit)
    layers[layer] = DenseLayer(
      weight: current.weight.rows(at: rows),
      bias: rows.map { current.bias[$0] }, activation: current.activation)
    if layer + 1 < layers.count {
      layers[layer + 1] = removingColumn(unit, of: layers[layer + 1])
    }
    var shrunk = value
    shrunk.network = Network(layers: layers)
    let width = layers[layers.count - 1].unitCount
    shrunk.labels = value.labels.map { $0 < width ? $0 : $0 % width }
    return shrunk
  }

  private func removingColumn(_ column: Int, of layer: DenseLayer)
    -> DenseLayer
  {
    var values: [Double] = []
    for i in 0..<layer.unitCount {
      for j in 0..<layer.inputCount where j != column {
        values.append(layer.weight[i, j])
      }
    }
    return DenseLayer(
      weight: Matrix(
        rows: layer.unitCount, columns: layer.inputCount - 1, values: values),
      bias: layer.bias, activation: layer.activation)
  }

  private func removingInput(_ column: Int, from value: NetworkCase)
    -> NetworkCase
  {
    var layers = value.network.layers
    layers[0] = removingColumn(column, of: layers[0])
    var values: [Double] = []
    for n in 0..<value.sampleCount {
      for j in 0..<value.inputs.columns where j != column {
        values.append(value.inputs[n, j])
      }
    }
    return NetworkCase(
      network: Network(layers: layers),
      inputs: Matrix(
        rows: value.sampleCount, columns: value.inputs.columns - 1,
        values: values),
      labels: value.labels)
  }

  private func keepingSamples(_ rows: [Int], of value: NetworkCase)
    -> NetworkCase
  {
    NetworkCase(
      network: value.network, inputs: value.inputs.rows(at: rows),
      labels: rows.map { value.labels[$0] })
  }

  // MARK: Activations and values

  /// Replaces one hidden layer's activation by each earlier one of the
  /// shape's list (all layers at once when the shape shares one).
  private func activationShrinks(_ value: NetworkCase) -> [NetworkCase] {
    let hidden = value.hiddenLayerCount
    var candidates: [NetworkCase] = []
    let groups: [[Int]] =
      shape.sameActivationEverywhere
      ? (hidden > 0 ? [Array(0..<hidden)] : []) : (0..<hidden).map { [$0] }
    // The output layer's σ toward the front of its list.
    let last = value.network.layers.count - 1
    let output = value.network.layers[last].activation
    if let position = shape.outputActivations.firstIndex(of: output) {
      for simpler in shape.outputActivations[..<position] {
        var shrunk = value
        shrunk.network.layers[last].activation = simpler
        candidates.append(shrunk)
      }
    }
    for group in groups {
      let current = value.network.layers[group[0]].activation
      guard let position = shape.activations.firstIndex(of: current)
      else { continue }
      for simpler in shape.activations[..<position] {
        var shrunk = value
        for layer in group {
          shrunk.network.layers[layer].activation = simpler
        }
        candidates.append(shrunk)
      }
    }
    return candidates
  }

  /// Rounds every value to one decimal at once, then makes each value
  /// simpler on its own: weights, biases, then inputs.
  private func valueShrinks(_ value: NetworkCase) -> [NetworkCase] {
    var candidates: [NetworkCase] = []

    // All at once, when that changes anything.
    var rounded = value
    var changed = false
    func roundAll(_ values: inout [Double]) {
      for i in values.indices {
        let short = ValueSimplicity.oneDecimal(values[i])
        if ValueSimplicity.isSimpler(short, than: values[i]) {
          values[i] = short
          changed = true
        }
      }
    }
    for layer in rounded.network.layers.indices {
      roundAll(&rounded.network.layers[layer].weight.values)
      roundAll(&rounded.network.layers[layer].bias)
    }
    roundAll(&rounded.inputs.values)
    if changed { candidates.append(rounded) }

    // One at a time.
    for layer in value.network.layers.indices {
      let weights = value.network.layers[layer].weight.values
      for (i, old) in weights.enumerated() {
        for simpler in ValueSimplicity.candidates(for: old) {
          var shrunk = value
          shrunk.network.layers[layer].weight.values[i] = simpler
          candidates.append(shrunk)
        }
      }
      for (i, old) in value.network.layers[layer].bias.enumerated() {
        for simpler in ValueSimplicity.candidates(for: old) {
          var shrunk = value
          shrunk.network.layers[layer].bias[i] = simpler
          candidates.append(shrunk)
        }
      }
    }
    for (i, old) in value.inputs.values.enumerated() {
      for simpler in ValueSimplicity.candidates(for: old) {
        var shrunk = value
        shrunk.inputs.values[i] = simpler
        candidates.append(shrunk)
      }
    }
    return candidates
  }
}
