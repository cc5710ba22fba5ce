import NeuralNetwork
import TestSupport
import Testing

@testable import Verification

/// The derivative check on networks whose outcome is known: smooth
/// everywhere, with a pre-activation at a ReLU kink, and with a planted
/// wrong derivative.
@Suite struct DerivativeCheckTests {
  static let sizes = [4, 6, 5, 3]

  static func tanhNetwork() -> Network {
    Fixtures.randomNetwork(sizes: sizes, hidden: .tanh, seed: 201)
  }

  static let inputs = Fixtures.randomMatrix(rows: 20, columns: 4, seed: 202)

  static func targets(for loss: Loss) -> Targets {
    switch loss {
    case .softmaxCrossEntropy:
      return .classes((0..<20).map { $0 % 3 })
    case .meanSquaredError:
      return .values(Fixtures.randomMatrix(rows: 20, columns: 3, seed: 203))
    }
  }

  @Test func tanhSensitivitiesAreSmoothAndPass() throws {
    let check = DerivativeCheck(seed: 204, entriesPerLayer: 12)
    let result = try check.checkSensitivities(
      of: Self.tanhNetwork(), inputs: Self.inputs)

    // 12 (unit, sample) pairs per layer, each with one entry per output.
    #expect(result.total.checked == 3 * 12 * 3)
    for (layer, tally) in result.perLayer.enumerated() {
      #expect(tally.checked == 12 * 3, "layer \(layer): \(tally.checked)")
    }
    #expect(result.total.kinks == 0, "\(result.total.kinks) kinks")
    #expect(result.total.smooth == result.total.checked)
    #expect(result.passed, "failures: \(result.failures.map(\.entry))")
    #expect(result.total.maxRelativeError <= check.tolerance)
    try expectHonestEstimate(result)
  }

  @Test(arguments: Loss.allCases)
  func tanhGradientsAreSmoothAndPass(loss: Loss) throws {
    let check = DerivativeCheck(seed: 205, entriesPerLayer: 12)
    let result = try check.checkGradients(
      of: Self.tanhNetwork(), inputs: Self.inputs,
      targets: Self.targets(for: loss), loss: loss)

    // Every layer has at least 12 weights, so 12 are drawn from each.
    #expect(result.total.checked == 3 * 12)
    #expect(result.total.kinks == 0, "\(result.total.kinks) kinks")
    #expect(result.total.smooth == result.total.checked)
    #expect(result.passed, "failures: \(result.failures.map(\.entry))")
    #expect(result.total.maxRelativeError <= check.tolerance)
    try expectHonestEstimate(result)
  }

  @Test func reluKinkIsCountedNotFailed() throws {
    var network = Fixtures.randomNetwork(
      sizes: [3, 4, 2], hidden: .relu, seed: 211)
    let inputs = Fixtures.randomMatrix(rows: 1, columns: 3, seed: 212)
    let targets = Targets.values(
      Fixtures.randomMatrix(rows: 1, columns: 2, seed: 213))
    // More draws than entries, so every entry of every layer is checked.
    let check = DerivativeCheck(seed: 214, entriesPerLayer: 100)

    // As drawn, no pre-activation lies within a step of the kink.
    let before = try check.checkSensitivities(of: network, inputs: inputs)
    #expect(before.total.kinks == 0)

    // Put z of unit 0 of layer 0 at ReLU's kink for the only sample.
    let z = network.forward(inputs).preActivations[0][0, 0]
    network.layers[0].bias[0] -= z
    let moved = network.forward(inputs).preActivations[0][0, 0]
    #expect(abs(moved) <= 1e-15, "z is \(moved) after the shift")

    // Shifting that z gives a kink in both outputs, and nothing fails.
    let sensitivities = try check.checkSensitivities(
      of: network, inputs: inputs)
    #expect(sensitivities.total.checked == (4 + 2) * 2)
    #expect(sensitivities.perLayer[0].kinks == 2)
    #expect(sensitivities.perLayer[1].kinks == 0)
    #expect(sensitivities.total.failed == 0)
    #expect(sensitivities.passed)

    // The three weights into unit 0 move that z by t·xⱼ, so each one's
    // mean loss has the kink too.
    let gradients = try check.checkGradients(
      of: network, inputs: inputs, targets: targets, loss: .meanSquaredError)
    #expect(gradients.total.checked == 4 * 3 + 2 * 4)
    #expect(gradients.perLayer[0].kinks == 3)
    #expect(gradients.perLayer[1].kinks == 0)
    #expect(gradients.total.failed == 0)
    #expect(gradients.passed)
  }

  @Test func plantedWrongSensitivityIsFlagged() throws {
    var check = DerivativeCheck(seed: 221, entriesPerLayer: 12)
    // A wrong derivative in layer 1 only. An offset, because a scale
    // would leave the zero derivatives of saturated paths right.
    check.analyticTransform = { entry, value in
      entry.layer == 1 ? value + 1e-3 : value
    }
    let result = try check.checkSensitivities(
      of: Self.tanhNetwork(), inputs: Self.inputs)
    expectFlagged(result, layer: 1, offset: 1e-3)
  }

  @Test func plantedWrongGradientIsFlagged() throws {
    var check = DerivativeCheck(seed: 222, entriesPerLayer: 12)
    check.analyticTransform = { entry, value in
      entry.layer == 2 ? value + 1e-3 : value
    }
    let result = try check.checkGradients(
      of: Self.tanhNetwork(), inputs: Self.inputs,
      targets: Self.targets(for: .meanSquaredError), loss: .meanSquaredError)
    expectFlagged(result, layer: 2, offset: 1e-3)
  }

  @Test func nanDerivativeFails() throws {
    var check = DerivativeCheck(seed: 223, entriesPerLayer: 4)
    check.analyticTransform = { entry, value in
      entry.layer == 0 ? .nan : value
    }
    let result = try check.checkSensitivities(
      of: Self.tanhNetwork(), inputs: Self.inputs)
    #expect(result.perLayer[0].failed == result.perLayer[0].checked)
    #expect(result.perLayer[1].failed == 0)
    #expect(result.total.worst?.relativeError.isNaN == true)
    #expect(!result.passed)
  }

  @Test func sameSeedDrawsSameEntries() throws {
    // Flag every entry, so `failures` lists the drawn entries in order.
    func flaggingCheck(seed: UInt64) -> DerivativeCheck {
      var check = DerivativeCheck(seed: seed, entriesPerLayer: 5)
      check.analyticTransform = { _, value in value + 1 }
      return check
    }
    let network = Self.tanhNetwork()
    let first = try flaggingCheck(seed: 231).checkSensitivities(
      of: network, inputs: Self.inputs)
    let second = try flaggingCheck(seed: 231).checkSensitivities(
      of: network, inputs: Self.inputs)
    #expect(first.failures.count == first.total.checked)
    #expect(first.failures.map(\.entry) == second.failures.map(\.entry))
    let other = try flaggingCheck(seed: 232).checkSensitivities(
      of: network, inputs: Self.inputs)
    #expect(first.failures.map(\.entry) != other.failures.map(\.entry))
  }

  @Test func entryDescriptionsAreReadable() {
    let sensitivity = DerivativeEntry.outputByPreActivation(
      layer: 1, unit: 3, sample: 17, output: 2)
    #expect(
      sensitivity.description == "∂y[2]/∂z of layers.1 unit 3 on sample 17")
    let gradient = DerivativeEntry.lossByWeight(
      WeightIndex(layer: 0, row: 4, column: 5))
    #expect(gradient.description == "∂loss/∂layers.0[4, 5]")
  }

  /// Expects every smooth entry of `layer`, and no other, to fail with the
  /// planted offset as its error.
  private func expectFlagged(
    _ result: DerivativeCheckResult, layer: Int, offset: Double,
    sourceLocation: SourceLocation = #_sourceLocation
  ) {
    let planted = result.perLayer[layer]
    #expect(!result.passed, sourceLocation: sourceLocation)
    #expect(planted.smooth > 0, sourceLocation: sourceLocation)
    #expect(
      planted.failed == planted.smooth,
      "\(planted.failed) of \(planted.smooth) smooth entries failed",
      sourceLocation: sourceLocation)
    #expect(
      result.total.failed == planted.failed,
      "failures outside layer \(layer)", sourceLocation: sourceLocation)
    #expect(
      result.total.worst?.entry.layer == layer, sourceLocation: sourceLocation)
    for failure in result.failures {
      // The planted offset dominates the ~1e-10 error of the difference.
      let expected = offset / max(1, abs(failure.numeric))
      #expect(
        abs(failure.relativeError - expected) <= 1e-8,
        "\(failure.entry): relative error \(failure.relativeError)",
        sourceLocation: sourceLocation)
    }
  }

  /// Expects GSL's error estimate to bound the observed difference at the
  /// worst entry, so the estimate reported beside it can be trusted.
  private func expectHonestEstimate(
    _ result: DerivativeCheckResult,
    sourceLocation: SourceLocation = #_sourceLocation
  ) throws {
    let worst = try #require(
      result.total.worst, sourceLocation: sourceLocation)
    // The analytic value is good to rounding (~1e-15), so the difference
    // is the numeric error, which GSL's estimate should cover.
    #expect(
      abs(worst.analytic - worst.numeric) <= worst.numericError + 1e-14,
      Comment(
        rawValue: "\(worst.entry): difference "
          + "\(abs(worst.analytic - worst.numeric)), "
          + "GSL estimate \(worst.numericError)"),
      sourceLocation: sourceLocation)
  }
}
