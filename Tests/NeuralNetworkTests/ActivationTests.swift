import GSL
import NeuralNetwork
import Testing

/// Each activation's σ′ and σ″ against GSL central differences.
@Suite struct ActivationTests {
  static let points: [Double] = [-6, -2.5, -1, -0.3, 0.2, 0.7, 1.5, 4, 9]

  @Test(arguments: Activation.allCases)
  func derivativesMatchFiniteDifferences(activation: Activation) throws {
    for z in Self.points {
      let first = try FiniteDifference.derivative(
        of: activation.value, at: z, step: 1e-3)
      let second = try FiniteDifference.derivative(
        of: activation.derivative, at: z, step: 1e-3)
      // Away from kinks every σ here is analytic with O(1) higher
      // derivatives, so the central rule is good to ~1e-10.
      #expect(
        abs(activation.derivative(z) - first.value) <= 1e-8,
        "σ′(\(z)) of \(activation.name)")
      #expect(
        abs(activation.secondDerivative(z) - second.value) <= 1e-7,
        "σ″(\(z)) of \(activation.name)")
    }
  }

  @Test func kinksAreDeclared() {
    for activation in Activation.allCases {
      let hasKink = activation == .relu || activation == .leakyReLU
      #expect(activation.kinks == (hasKink ? [0] : []))
    }
    #expect(Activation.relu.derivative(0) == 0)
    #expect(Activation.leakyReLU.derivative(0) == Activation.leakySlope)
  }

  @Test func softplusAndSigmoidStayFinite() {
    #expect(Activation.softplus.value(1000) == 1000)
    #expect(Activation.softplus.value(-1000) == 0)
    #expect(Activation.sigmoid.value(-1000) == 0)
    #expect(Activation.sigmoid.value(1000) == 1)
  }

  @Test func namesRoundTrip() {
    for activation in Activation.allCases {
      #expect(Activation(name: activation.name) == activation)
    }
    #expect(Activation(name: "swish") == nil)
  }
}
