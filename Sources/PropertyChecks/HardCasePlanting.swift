import NeuralNetwork

/// Plants the hard cases of `HardCases` into a drawn network case.
///
/// Cases that change the inputs come first, the kink's zero sample before
/// the copies so that a copy stays a copy. Those that change the weights
/// follow, and dead units come last, since whether a ReLU unit is dead
/// depends on everything upstream of it.
enum HardCasePlanting {
  static func plant(
    _ allowed: HardCases, frequency: Double, in drawn: inout NetworkCase,
    random: inout PropertyRandom
  ) {
    func chosen(_ hardCase: HardCases) -> Bool {
      // Draw the coin even when the case is not allowed, so that the
      // draws after it do not depend on which cases are allowed.
      let coin = random.uniform()
      return allowed.contains(hardCase) && coin < frequency
    }
    if chosen(.kinkPreActivations) { kink(&drawn, &random) }
    if chosen(.constantInputs) { constantInput(&drawn, &random) }
    if chosen(.duplicatedSamples) { duplicateSample(&drawn, &random) }
    if chosen(.extremeMagnitudes) { extremeMagnitude(&drawn, &random) }
    if chosen(.zeroWeights) { zeroWeights(&drawn, &random) }
    if chosen(.deadUnits) { deadUnit(&drawn, &random) }
  }

  private static func index(
    below count: Int, _ random: inout PropertyRandom
  ) -> Int {
    random.integer(in: 0...(count - 1))
  }

  /// Sets one input column to the value it has on the last sample.
  private static func constantInput(
    _ drawn: inout NetworkCase, _ random: inout PropertyRandom
  ) {
    let column = index(below: drawn.inputs.columns, &random)
    let value = drawn.inputs[drawn.inputs.rows - 1, column]
    for row in 0..<drawn.inputs.rows { drawn.inputs[row, column] = value }
  }

  /// Replaces the last sample by a copy of another, label included.
  private static func duplicateSample(
    _ drawn: inout NetworkCase, _ random: inout PropertyRandom
  ) {
    let last = drawn.inputs.rows - 1
    guard last > 0 else { return }
    let source = index(below: last, &random)
    for column in 0..<drawn.inputs.columns {
      drawn.inputs[last, column] = drawn.inputs[source, column]
    }
    drawn.labels[last] = drawn.labels[source]
  }

  /// Sample 0 set to the zero vector and one first-layer bias to 0, so
  /// that unit's pre-activation on sample 0 is exactly 0.
  private static func kink(
    _ drawn: inout NetworkCase, _ random: inout PropertyRandom
  ) {
    for column in 0..<drawn.inputs.columns { drawn.inputs[0, column] = 0 }
    let unit = index(below: drawn.network.layers[0].unitCount, &random)
    drawn.network.layers[0].bias[unit] = 0
  }

  /// Scales one layer's weights and biases, or the inputs, by 1e-4 or
  /// 1e3.
  private static func extremeMagnitude(
    _ drawn: inout NetworkCase, _ random: inout PropertyRandom
  ) {
    let factor = random.uniform() < 0.5 ? 1e-4 : 1e3
    let target = index(below: drawn.network.layers.count + 1, &random)
    if target == drawn.network.layers.count {
      for i in drawn.inputs.values.indices { drawn.inputs.values[i] *= factor }
      return
    }
    let layer = drawn.network.layers[target]
    drawn.network.layers[target] = DenseLayer(
      weight: Matrix(
        rows: layer.weight.rows, columns: layer.weight.columns,
        values: layer.weight.values.map { $0 * factor }),
      bias: layer.bias.map { $0 * factor }, activation: layer.activation)
  }

  /// Sets each weight to 0 with probability 1/5.
  private static func zeroWeights(
    _ drawn: inout NetworkCase, _ random: inout PropertyRandom
  ) {
    for layer in drawn.network.layers.indices {
      for i in drawn.network.layers[layer].weight.values.indices
      where random.uniform() < 0.2 {
        drawn.network.layers[layer].weight.values[i] = 0
      }
    }
  }

  /// Takes away one hidden unit's influence: a ReLU unit gets a bias
  /// below −Σⱼ|wⱼ|·max|aⱼ| − 1, so it is off on every sample; any other
  /// unit gets outgoing weights of 0.
  private static func deadUnit(
    _ drawn: inout NetworkCase, _ random: inout PropertyRandom
  ) {
    let hidden = drawn.network.layers.count - 1
    guard hidden > 0 else { return }
    let layer = index(below: hidden, &random)
    let unit = index(below: drawn.network.layers[layer].unitCount, &random)
    if drawn.network.layers[layer].activation == .relu {
      let inputs = drawn.network.forward(drawn.inputs).activations[layer]
      var reach = 1.0
      for j in 0..<inputs.columns {
        var largest = 0.0
        for n in 0..<inputs.rows { largest = max(largest, abs(inputs[n, j])) }
        reach += abs(drawn.network.layers[layer].weight[unit, j]) * largest
      }
      drawn.network.layers[layer].bias[unit] = -reach
    } else {
      let next = layer + 1
      for k in 0..<drawn.network.layers[next].unitCount {
        drawn.network.layers[next].weight[k, unit] = 0
      }
    }
  }
}
