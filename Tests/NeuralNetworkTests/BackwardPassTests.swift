import GSL
import NeuralNetwork
import TestSupport
import Testing

/// The backward pass against GSL finite differences of the scalar
/// ℒ(θ) = Σₙ ⟨vₙ, y(xₙ; θ)⟩ for a random cotangent v.
@Suite struct BackwardPassTests {
  // gsl_deriv_central adapts h from 1e-4 and is accurate to about
  // ε·|ℒ|/h ≈ 1e-11 here (|ℒ| ≲ 10, truncation O(h⁴) is smaller), so 1e-7
  // relative leaves a wide margin; a wrong derivative formula is off by
  // O(0.01) or more.
  static let tolerance = 1e-7

  static let cases: [(Activation, Activation)] = Activation.allCases.flatMap {
    [($0, Activation.identity), ($0, $0)]
  }

  @Test(arguments: cases)
  func gradientsMatchFiniteDifferences(
    hidden: Activation, output: Activation
  ) throws {
    let network = Fixtures.randomNetwork(
      sizes: [3, 4, 3, 2], hidden: hidden, output: output, seed: 11)
    let input = Fixtures.randomMatrix(rows: 4, columns: 3, seed: 12)
    let cotangent = Fixtures.randomMatrix(rows: 4, columns: 2, seed: 13)
    let gradients = network.backward(
      network.forward(input), outputCotangent: cotangent)

    var checked = 0
    var kinks = 0
    for layer in network.layers.indices {
      let weightCount = network.layers[layer].weight.values.count
      for entry in 0..<(weightCount + network.layers[layer].unitCount) {
        let isWeight = entry < weightCount
        let analytic =
          isWeight
          ? gradients.weights[layer].values[entry]
          : gradients.biases[layer][entry - weightCount]
        let objective = { (value: Double) -> Double in
          var perturbed = network
          if isWeight {
            perturbed.layers[layer].weight.values[entry] = value
          } else {
            perturbed.layers[layer].bias[entry - weightCount] = value
          }
          return pairing(perturbed.predict(input), cotangent)
        }
        let start =
          isWeight
          ? network.layers[layer].weight.values[entry]
          : network.layers[layer].bias[entry - weightCount]
        checked += 1
        switch try KinkAwareDerivative.derivative(of: objective, at: start) {
        case .smooth(let estimate):
          #expect(
            abs(analytic - estimate.value)
              <= Self.tolerance * max(1, abs(estimate.value)),
            Comment(
              rawValue: "layer \(layer) entry \(entry): backward "
                + "\(analytic), central difference \(estimate.value)"))
        case .kink(let left, let right):
          kinks += 1
          let nearest = min(abs(analytic - left), abs(analytic - right))
          #expect(
            nearest <= 1e-5 * max(1, abs(analytic)),
            Comment(
              rawValue: "layer \(layer) entry \(entry) at a kink: backward "
                + "\(analytic), one-sided slopes \(left) and \(right)"))
        }
      }
    }
    // Random data puts few pre-activations within a step of a kink; if most
    // checks were kinks the test would be checking nothing.
    #expect(kinks * 10 <= checked, "\(kinks) of \(checked) checks hit kinks")
    if !hidden.isPiecewiseLinear && !output.isPiecewiseLinear {
      #expect(kinks == 0, "a smooth network showed \(kinks) kinks")
    }
  }

  @Test func plantedKinkIsReportedNotFailed() throws {
    var network = Fixtures.randomNetwork(
      sizes: [3, 4, 2], hidden: .relu, seed: 21)
    let input = Fixtures.randomMatrix(rows: 1, columns: 3, seed: 22)
    let cotangent = Fixtures.randomMatrix(rows: 1, columns: 2, seed: 23)

    // Put z of unit 0 exactly at ReLU's kink for the only sample.
    let z = network.forward(input).preActivations[0][0, 0]
    network.layers[0].bias[0] -= z
    let objective = { (bias: Double) -> Double in
      var perturbed = network
      perturbed.layers[0].bias[0] = bias
      return pairing(perturbed.predict(input), cotangent)
    }
    let result = try KinkAwareDerivative.derivative(
      of: objective, at: network.layers[0].bias[0])
    guard case .kink(let left, let right) = result else {
      Issue.record("a pre-activation at 0 was not reported as a kink")
      return
    }
    // Below the kink the unit is off, so the left slope is 0.
    #expect(abs(left) <= 1e-9)
    #expect(abs(right) > 1e-3)
  }

  @Test func backwardIsLinearInCotangent() {
    let network = Fixtures.randomNetwork(
      sizes: [5, 6, 3], hidden: .tanh, seed: 31)
    let trace = network.forward(
      Fixtures.randomMatrix(rows: 7, columns: 5, seed: 32))
    let first = Fixtures.randomMatrix(rows: 7, columns: 3, seed: 33)
    let second = Fixtures.randomMatrix(rows: 7, columns: 3, seed: 34)
    var sum = first
    for index in sum.values.indices {
      sum.values[index] = 2 * first.values[index] - second.values[index]
    }
    let a = network.backward(trace, outputCotangent: first)
    let b = network.backward(trace, outputCotangent: second)
    let c = network.backward(trace, outputCotangent: sum)
    // Each entry is a short sum of products of O(1) numbers, so rounding
    // stays below 1e-13.
    for layer in network.layers.indices {
      for index in c.weights[layer].values.indices {
        let combined =
          2 * a.weights[layer].values[index] - b.weights[layer].values[index]
        #expect(abs(c.weights[layer].values[index] - combined) <= 1e-13)
      }
    }
  }
}

/// Returns Σ entries of `a ∘ b`.
func pairing(_ a: Matrix, _ b: Matrix) -> Double {
  zip(a.values, b.values).reduce(0) { $0 + $1.0 * $1.1 }
}
