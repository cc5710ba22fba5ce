import GSL
import NeuralNetwork
import Pruning
import TestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// The sensitivities of each response against GSL finite differences, and
/// the streamed computation against the stacked one.
@Suite struct ResponseTests {
  static let network = Fixtures.randomNetwork(
    sizes: [4, 5, 3], hidden: .tanh, seed: 131)
  static let input = Fixtures.randomMatrix(rows: 3, columns: 4, seed: 132)
  static let labels = [2, 0, 1]

  /// Returns the response of `network` on sample `n` as a vector.
  static func response(
    _ response: Response, of network: Network, sample n: Int
  ) -> [Double] {
    let output = network.predict(input.rows(at: [n]))
    let logits = output.row(0)
    switch response {
    case .output:
      return logits
    case .probabilities:
      let largest = logits.max()!
      let exponentials = logits.map { exp($0 - largest) }
      let sum = exponentials.reduce(0, +)
      return exponentials.map { $0 / sum }
    case .loss:
      return Loss.softmaxCrossEntropy.perSample(
        output, targets: .classes([labels[n]]))
    }
  }

  @Test(arguments: Response.allCases)
  func sensitivitiesMatchFiniteDifferences(response: Response) throws {
    let network = Self.network
    let trace = network.forward(Self.input)
    let cotangents = response.cotangents(
      output: trace.output, targets: .classes(Self.labels),
      loss: .softmaxCrossEntropy)
    let sensitivities = network.sensitivities(
      trace, outputCotangents: cotangents)

    for n in 0..<Self.input.rows {
      for layer in network.layers.indices {
        for unit in 0..<network.layers[layer].unitCount {
          // A bias shift moves zˡᵢ by the same amount.
          var numeric = 0.0
          let width = Self.response(response, of: network, sample: n).count
          for component in 0..<width {
            let estimate = try FiniteDifference.derivative(
              of: { bias in
                var shifted = network
                shifted.layers[layer].bias[unit] = bias
                return Self.response(response, of: shifted, sample: n)[
                  component]
              }, at: network.layers[layer].bias[unit], step: 1e-4)
            numeric += estimate.value * estimate.value
          }
          // Smooth network: each derivative d is good to ~1e-10 absolute,
          // so d² is good to ~1e-9 relative plus 2|d|·1e-10 absolute,
          // which the 1e-13 floor covers for the small sensitivities.
          let analytic = sensitivities[layer][n, unit]
          #expect(
            abs(analytic - numeric) <= 1e-8 * numeric + 1e-13,
            "\(response) sample \(n) layer \(layer) unit \(unit)")
        }
      }
    }
  }

  @Test(arguments: [Activation.relu, .tanh, .gelu], Response.allCases)
  func streamedSensitivitiesMatchStacked(
    activation: Activation, response: Response
  ) {
    let network = Fixtures.randomNetwork(
      sizes: [6, 7, 5, 3], hidden: activation, seed: 133)
    let input = Fixtures.randomMatrix(rows: 9, columns: 6, seed: 134)
    let trace = network.forward(input)
    let cotangents = response.cotangents(
      output: trace.output, targets: .classes([0, 1, 2, 0, 1, 2, 0, 1, 2]),
      loss: .softmaxCrossEntropy)
    let stacked = network.sensitivities(trace, outputCotangents: cotangents)
    var workspace: [Matrix] = []
    var streamed: [Matrix] = []
    // Twice, so the second call runs on reused storage.
    for _ in 0..<2 {
      network.sensitivities(
        trace, outputCotangents: cotangents, workspace: &workspace,
        into: &streamed)
      for layer in network.layers.indices {
        for index in stacked[layer].values.indices {
          let expected = stacked[layer].values[index]
          let actual = streamed[layer].values[index]
          // Same products, GEMMs of other shapes: a few ulps.
          #expect(abs(actual - expected) <= 1e-13 * max(expected, 1e-300))
        }
      }
    }
  }
}
