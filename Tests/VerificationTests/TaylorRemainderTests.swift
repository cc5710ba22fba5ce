import NeuralNetwork
import Pruning
import TestSupport
import Testing
import Verification

/// Holds the leading terms γ and κ to the ground truth: for a smooth
/// network, (β_true(ε) − ε·β*)/ε² → γ and (E(β_true(ε)) − ε²·I)/ε³ → κ
/// as ε → 0, with a relative gap that shrinks like ε.
@Suite struct TaylorRemainderTests {
  static let network = Fixtures.randomNetwork(
    sizes: [4, 6, 5, 3], hidden: .tanh, scale: 1.5, seed: 171)
  static let inputs = Fixtures.randomMatrix(rows: 40, columns: 4, seed: 172)
  static let weights = [
    WeightIndex(layer: 0, row: 2, column: 1),
    WeightIndex(layer: 0, row: 5, column: 3),
    WeightIndex(layer: 1, row: 0, column: 4),
    WeightIndex(layer: 1, row: 3, column: 2),
  ]

  /// Returns the measured coefficients at removal `ε` for each weight.
  static func measured(removal: Double, terms: [LeadingTerms])
    -> [(Double, Double)]
  {
    let objective = TrueObjective(network: network, inputs: inputs)
    let table = GroundTruth.solve(objective, removal: removal, weights: weights)
    return zip(weights, terms).map { weight, term in
      let beta = table.compensation[weight.layer][weight.row, weight.column]
      let value = table.importance[weight.layer][weight.row, weight.column]
      return (
        (beta - removal * term.compensation) / (removal * removal),
        (value - removal * removal * term.importance)
          / (removal * removal * removal)
      )
    }
  }

  @Test func coefficientsMatchTheGroundTruthAsRemovalShrinks() {
    let trace = Self.network.forward(Self.inputs)
    let terms = TaylorRemainder.leadingTerms(
      of: Self.network, trace: trace, weights: Self.weights)
    let coarse = Self.measured(removal: 1.0 / 64, terms: terms)
    let fine = Self.measured(removal: 1.0 / 256, terms: terms)
    for (index, term) in terms.enumerated() {
      let gamma = term.compensationCoefficient
      let kappa = term.importanceCoefficient
      // A smooth network has curvature, so neither term vanishes.
      #expect(gamma != 0)
      #expect(kappa != 0)
      // The next term is O(ε) relative to the leading one, so at ε = 2⁻⁸
      // the measured coefficient agrees to a few per cent, and four
      // times closer than at ε = 2⁻⁶ (a factor 4 in ε; 2.5 allows for
      // the O(ε²) terms).
      let gapCoarse = abs(coarse[index].0 - gamma) / abs(gamma)
      let gapFine = abs(fine[index].0 - gamma) / abs(gamma)
      #expect(gapFine <= 0.05, "γ gap \(gapFine) for \(Self.weights[index])")
      #expect(gapFine <= gapCoarse / 2.5 || gapFine <= 1e-4)
      let kappaGap = abs(fine[index].1 - kappa) / abs(kappa)
      #expect(kappaGap <= 0.05, "κ gap \(kappaGap) for \(Self.weights[index])")
    }
  }

  @Test func recomputedClosedFormMatchesTheScorer() {
    let trace = Self.network.forward(Self.inputs)
    let terms = TaylorRemainder.leadingTerms(
      of: Self.network, trace: trace, weights: Self.weights)
    let scores = EliminationCompensation.scores(
      of: Self.network,
      on: ScoringData(
        features: Self.inputs,
        targets: .classes([Int](repeating: 0, count: Self.inputs.rows))),
      response: .output)
    for (weight, term) in zip(Self.weights, terms) {
      let beta = scores.compensation[weight.layer][weight.row, weight.column]
      let importance = scores.importance[weight.layer][
        weight.row, weight.column]
      // Two summation orders of the same sums: a few ulps of the terms.
      #expect(abs(term.compensation - beta) <= 1e-12 * abs(beta))
      #expect(abs(term.importance - importance) <= 1e-10 * importance)
    }
  }

  @Test func vanishForLinearAndLastLayers() {
    let linear = Fixtures.randomNetwork(
      sizes: [4, 6, 3], hidden: .identity, scale: 1.5, seed: 173)
    let trace = linear.forward(Self.inputs)
    let weights = [
      WeightIndex(layer: 0, row: 1, column: 2),
      WeightIndex(layer: 1, row: 2, column: 4),
    ]
    for term in TaylorRemainder.leadingTerms(
      of: linear, trace: trace, weights: weights)
    {
      #expect(term.compensationCoefficient == 0)
      #expect(term.importanceCoefficient == 0)
    }
    // The output layer of the tanh network is linear too.
    let last = TaylorRemainder.leadingTerms(
      of: Self.network, trace: Self.network.forward(Self.inputs),
      weights: [WeightIndex(layer: 2, row: 1, column: 0)])
    #expect(last[0].compensationCoefficient == 0)
  }
}
