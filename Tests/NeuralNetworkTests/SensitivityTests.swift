import GSL
import NeuralNetwork
import TestSupport
import Testing

/// Sensitivities sˡᵢ(x) = Σₖ (∂yₖ/∂zˡᵢ)² against GSL finite differences and
/// against K separate backward passes.
@Suite struct SensitivityTests {
  static let cases: [(Activation, Activation)] = Activation.allCases.flatMap {
    [($0, Activation.identity), ($0, $0)]
  }

  @Test(arguments: cases)
  func sensitivitiesMatchFiniteDifferences(
    hidden: Activation, output: Activation
  ) throws {
    let network = Fixtures.randomNetwork(
      sizes: [3, 5, 4, 3], hidden: hidden, output: output, seed: 41)
    let input = Fixtures.randomMatrix(rows: 3, columns: 3, seed: 42)
    let sensitivities = network.sensitivities(network.forward(input))

    var checked = 0
    var kinks = 0
    for sample in 0..<input.rows {
      let single = input.rows(at: [sample])
      for layer in network.layers.indices {
        for unit in 0..<network.layers[layer].unitCount {
          // A bias shift moves zˡᵢ by the same amount, so ∂y/∂bˡᵢ = ∂y/∂zˡᵢ.
          var numeric = 0.0
          var atKink = false
          for k in 0..<network.outputCount {
            let component = { (bias: Double) -> Double in
              var perturbed = network
              perturbed.layers[layer].bias[unit] = bias
              return perturbed.predict(single)[0, k]
            }
            switch try KinkAwareDerivative.derivative(
              of: component, at: network.layers[layer].bias[unit])
            {
            case .smooth(let estimate):
              numeric += estimate.value * estimate.value
            case .kink: atKink = true
            }
          }
          checked += 1
          if atKink {
            kinks += 1
            continue
          }
          let analytic = sensitivities[layer][sample, unit]
          // Derivatives are good to ~1e-10 (see BackwardPassTests); squaring
          // and summing K = 3 of them keeps the error below 1e-8 relative.
          #expect(
            abs(analytic - numeric) <= 1e-8 * max(1, numeric),
            Comment(
              rawValue: "sample \(sample) layer \(layer) unit \(unit): "
                + "closed form \(analytic), finite differences \(numeric)"))
        }
      }
    }
    #expect(kinks * 10 <= checked, "\(kinks) of \(checked) checks hit kinks")
  }

  @Test(arguments: Activation.allCases)
  func jacobianBlocksMatchSeparateBackwardPasses(hidden: Activation) {
    let network = Fixtures.randomNetwork(
      sizes: [4, 6, 5, 3], hidden: hidden, seed: 51)
    let trace = network.forward(
      Fixtures.randomMatrix(rows: 5, columns: 4, seed: 52))
    let jacobians = network.preActivationJacobians(trace)
    let sampleCount = trace.sampleCount

    for k in 0..<network.outputCount {
      // Cotangent e_k on every sample: the backward pass returns ∂yₖ/∂zˡ.
      var cotangent = Matrix(rows: sampleCount, columns: network.outputCount)
      for n in 0..<sampleCount { cotangent[n, k] = 1 }
      let gradients = network.backward(trace, outputCotangent: cotangent)
      for layer in network.layers.indices {
        for n in 0..<sampleCount {
          for unit in 0..<network.layers[layer].unitCount {
            let stacked = jacobians[layer][k * sampleCount + n, unit]
            let separate = gradients.preActivations[layer][n, unit]
            // Same products in the same order up to BLAS blocking: a few
            // ulps of O(1) values.
            #expect(abs(stacked - separate) <= 1e-13 * max(1, abs(separate)))
          }
        }
      }
    }
  }

  @Test func switchedOffReluUnitHasZeroSensitivity() {
    var network = Fixtures.randomNetwork(
      sizes: [3, 4, 2], hidden: .relu, seed: 61)
    // A large negative bias turns unit 2 off for every input in [-1, 1]³.
    network.layers[0].bias[2] = -100
    let trace = network.forward(
      Fixtures.randomMatrix(rows: 6, columns: 3, seed: 62))
    let sensitivities = network.sensitivities(trace)
    for sample in 0..<6 {
      #expect(sensitivities[0][sample, 2] == 0)
    }
  }
}
