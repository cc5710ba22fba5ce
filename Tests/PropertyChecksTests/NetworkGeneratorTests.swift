import NeuralNetwork
import PropertyChecks
import Testing

/// The network generator draws inside its shape and plants the hard
/// cases it is asked for.
@Suite struct NetworkGeneratorTests {
  static let shape = NetworkShape(
    hiddenLayers: 1...3, width: 2...5, inputs: 1...4, outputs: 1...3,
    samples: 3...9, activations: [.identity, .relu, .tanh],
    sameActivationEverywhere: false, weightScale: 2, inputScale: 0.5,
    hardCases: [])

  @Test func drawsStayInsideTheShape() {
    let generator = Generator<NetworkCase>.network(Self.shape)
    for seed in 0..<300 as Range<UInt64> {
      let drawn = generator.value(seed: seed)
      let network = drawn.network
      #expect(Self.shape.hiddenLayers.contains(drawn.hiddenLayerCount))
      #expect(Self.shape.inputs.contains(network.inputCount))
      #expect(Self.shape.outputs.contains(network.outputCount))
      #expect(Self.shape.samples.contains(drawn.sampleCount))
      for layer in network.layers.dropLast() {
        #expect(Self.shape.width.contains(layer.unitCount))
        #expect(Self.shape.activations.contains(layer.activation))
        #expect(layer.weight.values.allSatisfy { abs($0) <= 2 })
      }
      #expect(network.layers.last?.activation == .identity)
      #expect(drawn.inputs.values.allSatisfy { abs($0) <= 0.5 })
      #expect(drawn.labels.allSatisfy { $0 < network.outputCount })
    }
  }

  @Test func sameSeedDrawsTheSameCase() {
    let generator = Generator<NetworkCase>.network(Self.shape)
    #expect(generator.value(seed: 42) == generator.value(seed: 42))
    #expect(generator.value(seed: 42) != generator.value(seed: 43))
  }

  /// With frequency 1 each hard case is present in every draw.
  @Test func plantsEveryHardCase() {
    var shape = NetworkShape(
      hiddenLayers: 1...2, activations: [.relu], hardCases: .ordinary,
      hardCaseFrequency: 1)
    shape.samples = 3...8
    let generator = Generator<NetworkCase>.network(shape)
    for seed in 0..<100 as Range<UInt64> {
      let drawn = generator.value(seed: seed)
      let inputs = drawn.inputs

      // Some column is constant across the samples.
      let constant = (0..<inputs.columns).filter { column in
        (0..<inputs.rows).allSatisfy { inputs[$0, column] == inputs[0, column] }
      }
      #expect(!constant.isEmpty)

      // Sample 0 is the zero vector for the kink, but for the value the
      // constant column took afterwards.
      let nonZero = (0..<inputs.columns).filter { inputs[0, $0] != 0 }
      #expect(nonZero.count <= 1)
      #expect(nonZero.allSatisfy { constant.contains($0) })

      // The last sample repeats an earlier one.
      let last = inputs.row(inputs.rows - 1)
      #expect((0..<(inputs.rows - 1)).contains { inputs.row($0) == last })

      // Some hidden unit has zero sensitivity on every sample.
      let trace = drawn.network.forward(inputs)
      let sensitivities = drawn.network.sensitivities(trace)
      let dead = (0..<(drawn.network.layers.count - 1)).contains { l in
        (0..<sensitivities[l].columns).contains { i in
          (0..<inputs.rows).allSatisfy { sensitivities[l][$0, i] == 0 }
        }
      }
      #expect(dead, "seed \(seed): no unit without influence")
    }
  }
}
