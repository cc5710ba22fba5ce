import NeuralNetwork

extension Generator where Value == NetworkCase {
  /// Networks and data sets of `shape`, with its hard cases planted.
  ///
  /// Draw order: the architecture (hidden layers, widths, activations),
  /// then weights and biases uniform on ±`weightScale`, inputs uniform on
  /// ±`inputScale` and labels uniform over the outputs, then each allowed
  /// hard case with probability `hardCaseFrequency`. Shrinking is
  /// `NetworkShrinker`'s: fewer layers, units, inputs, outputs and
  /// samples, simpler activations, then simpler values.
  public static func network(_ shape: NetworkShape = NetworkShape())
    -> Generator
  {
    let shrinker = NetworkShrinker(shape: shape)
    return Generator(
      generate: { random in drawCase(shape, &random) },
      shrink: { shrinker.candidates(for: $0) })
  }

  private static func drawCase(
    _ shape: NetworkShape, _ random: inout PropertyRandom
  ) -> NetworkCase {
    // Architecture.
    let hidden = random.integer(in: shape.hiddenLayers)
    var sizes = [random.integer(in: shape.inputs)]
    for _ in 0..<hidden { sizes.append(random.integer(in: shape.width)) }
    sizes.append(random.integer(in: shape.outputs))
    var activations: [Activation] = []
    let shared = pick(shape.activations, &random)
    for _ in 0..<hidden {
      activations.append(
        shape.sameActivationEverywhere
          ? shared : pick(shape.activations, &random))
    }
    activations.append(pick(shape.outputActivations, &random))

    // Weights, biases, inputs and labels.
    func uniform(_ scale: Double, _ random: inout PropertyRandom) -> Double {
      scale * (2 * random.uniform() - 1)
    }
    var layers: [DenseLayer] = []
    for index in 0..<(sizes.count - 1) {
      let count = sizes[index] * sizes[index + 1]
      let weights = (0..<count).map { _ in
        uniform(shape.weightScale, &random)
      }
      let biases = (0..<sizes[index + 1]).map { _ in
        uniform(shape.weightScale, &random)
      }
      layers.append(
        DenseLayer(
          weight: Matrix(
            rows: sizes[index + 1], columns: sizes[index], values: weights),
          bias: biases, activation: activations[index]))
    }
    let samples = random.integer(in: shape.samples)
    let inputs = Matrix(
      rows: samples, columns: sizes[0],
      values: (0..<(samples * sizes[0])).map { _ in
        uniform(shape.inputScale, &random)
      })
    let labels = (0..<samples).map { _ in
      random.integer(in: 0...(sizes.last! - 1))
    }
    var drawn = NetworkCase(
      network: Network(layers: layers), inputs: inputs, labels: labels)

    // Hard cases, each with its own coin.
    HardCasePlanting.plant(
      shape.hardCases, frequency: shape.hardCaseFrequency, in: &drawn,
      random: &random)
    return drawn
  }

  private static func pick(
    _ activations: [Activation], _ random: inout PropertyRandom
  ) -> Activation {
    activations[random.integer(in: 0...(activations.count - 1))]
  }
}
