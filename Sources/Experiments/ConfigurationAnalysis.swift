import NeuralNetwork
import Pruning
import SeededRandom
import Verification

#if canImport(Glibc)
  import Glibc
#endif

/// How much of each measurement one configuration gets.
public struct AnalysisBudget: Sendable, Equatable {
  /// Training samples the closed form and the ground truth use, raised
  /// where needed to two per bias and output for the joint re-fit. The
  /// ground truth of every weight costs in proportion; 128 keeps the 44
  /// networks of `make report` within a few minutes.
  public var sampleCount = 128
  /// Weights per layer with a Taylor curve; the first half (after a
  /// seeded shuffle) fits the bound, the second half tests it.
  public var curveWeightsPerLayer = 24
  /// The exponents k of the removal fractions ε = 2⁻ᵏ.
  public var exponents: ClosedRange<Int> = 0...10
  /// The ratios at which closed-form and true compensation are compared.
  public var pruningRatios: [Double] = [0.5, 0.9]

  public init() {}
}

/// The measurements of one layer of one configuration.
public struct LayerAnalysis: Sendable {
  public let layer: Int
  /// The bound on eβ(ε), about ε² for smooth activations.
  public let compensationBound: EmpiricalBound
  /// The bound on eI(ε), about ε³ for smooth activations.
  public let importanceBound: EmpiricalBound
  /// The curves, fitting weights first.
  public let compensationCurves: [ErrorCurve]
  public let importanceCurves: [ErrorCurve]
  /// Kendall τ-b between I and E(β_true) over the layer's solved weights.
  public let kendallTau: Double?
  /// The median over the curve weights of the ε below which every error
  /// is at rounding; nil when fewer than half the weights reach it.
  public let medianExactBelow: Double?
  /// The theory's leading constants for the curve weights, when some
  /// activation above the layer is curved.
  public let theory: TheoryComparison?
}

/// The second-order theory beside the measurement, for one layer.
public struct TheoryComparison: Sendable, Equatable {
  /// The largest |γ| over the curve weights, in the units of eβ: the
  /// bound's constant at order 2 that the theory predicts as ε → 0.
  public let compensationConstant: Double
  /// The largest |κ| in the units of eI, at order 3.
  public let importanceConstant: Double
  /// The median over the weights of eβ(ε)/ε² at the smallest ε divided
  /// by |γ| in the same units: near 1 when the leading term explains the
  /// error.
  public let compensationRatio: Double
  /// The median of eI(ε)/ε³ at the smallest ε over |κ|.
  public let importanceRatio: Double
}

/// Pruning at one ratio: the summed predictions against the network.
public struct RatioAnalysis: Sendable, Equatable {
  public let ratio: Double
  /// Σ I over the removed weights: the closed form's prediction of E.
  public let predictedChange: Double
  /// E of the pruned network with the summed β* applied.
  public let closedFormChange: Double
  /// E with the summed β_true.
  public let groundTruthChange: Double
  /// E after the joint re-fit of every bias.
  public let jointRefitChange: Double
  /// E with the biases left alone.
  public let uncompensatedChange: Double
  /// Test loss with closed-form and with true compensation.
  public let closedFormTestLoss: Double
  public let groundTruthTestLoss: Double
  /// Whether the joint re-fit met GSL's tests before its iteration limit.
  public let refitConverged: Bool
}

/// The analysis of one trained network.
public struct ConfigurationResult: Sendable {
  public let configuration: AnalysisConfiguration
  public let architecture: String
  /// Test loss (and accuracy, for classes) of the unpruned network.
  public let test: Evaluation
  public let layers: [LayerAnalysis]
  /// Kendall τ-b over every solved weight of the network.
  public let kendallTau: Double?
  public let ratios: [RatioAnalysis]
  /// Weights whose ground truth did not converge, over every solve.
  public let failures: Int
}

/// Measures the closed form's error on one trained network.
enum ConfigurationAnalysis {
  /// Runs every measurement of `budget` on `network`.
  ///
  /// - Throws: `GSLError` when the joint re-fit or a fit fails in GSL.
  static func run(
    _ network: Network, configuration: AnalysisConfiguration,
    data: SupervisedData, budget: AnalysisBudget, seed: UInt64
  ) throws -> ConfigurationResult {
    // The samples, drawn as the sweep draws its scoring subset.
    // At least two residuals per bias, so that the joint re-fit is
    // overdetermined even for a network with a single output.
    let biasCount = network.layers.reduce(0) { $0 + $1.unitCount }
    let needed = (2 * biasCount + network.outputCount - 1) / network.outputCount
    var sampler = SeededGenerator(seed: seed, stream: .subset)
    let rows = sampler.sample(
      min(max(budget.sampleCount, needed), data.trainingFeatures.rows),
      from: data.trainingFeatures.rows)
    let (inputs, targets) = data.trainingRows(at: rows)
    let closedForm = EliminationCompensation.scores(
      of: network, on: ScoringData(features: inputs, targets: targets),
      response: .output)
    let objective = TrueObjective(network: network, inputs: inputs)

    // The ground truth of every weight, for ranks and pruning.
    let table = GroundTruth.solve(objective)

    // Curves on weights drawn per layer.
    var chooser = SeededGenerator(seed: seed, stream: .analysisWeights)
    let chosen = network.layers.indices.map { layer in
      curveWeights(
        closedForm, layer: layer, network: network,
        count: budget.curveWeightsPerLayer, using: &chooser)
    }
    let scales = Self.scales(
      network, trace: objective.trace, weights: Array(chosen.joined()))
    let curves = ErrorCurves.measure(
      objective, closedForm: closedForm, weights: Array(chosen.joined()),
      scales: scales, removals: ErrorCurves.removals(budget.exponents))
    let isCurved = !network.layers.dropLast().allSatisfy {
      $0.activation.isPiecewiseLinear
    }
    let terms =
      isCurved
      ? TaylorRemainder.leadingTerms(
        of: network, trace: objective.trace, weights: Array(chosen.joined()))
      : []

    var layers: [LayerAnalysis] = []
    var offset = 0
    for (layer, weights) in chosen.enumerated() {
      let range = offset..<(offset + weights.count)
      offset += weights.count
      let half = weights.count / 2
      let compensation = Array(curves.compensation[range])
      let importance = Array(curves.importance[range])
      let layerTerms = isCurved ? Array(terms[range]) : []
      layers.append(
        LayerAnalysis(
          layer: layer,
          compensationBound: EmpiricalBound(
            fitting: Array(compensation[..<half]),
            heldOut: Array(compensation[half...])),
          importanceBound: EmpiricalBound(
            fitting: Array(importance[..<half]),
            heldOut: Array(importance[half...])),
          compensationCurves: compensation, importanceCurves: importance,
          kendallTau: tau(closedForm, table, layers: [layer]),
          medianExactBelow: medianExactBelow(compensation),
          theory: isCurved && layer < network.layers.count - 1
            ? theory(
              layerTerms, Array(scales[range]), compensation, importance)
            : nil))
    }

    let ratios = try pruningRows(
      network, closedForm: closedForm, table: table, inputs: inputs,
      data: data, ratios: budget.pruningRatios)
    return ConfigurationResult(
      configuration: configuration, architecture: network.architecture,
      test: data.evaluateOnTest(network), layers: layers,
      kendallTau: tau(closedForm, table, layers: Array(network.layers.indices)),
      ratios: ratios, failures: table.failures.count + curves.failures.count)
  }

  /// Draws up to `count` weights of `layer` whose removal changes the
  /// output to first order (E_elim > 0), in a seeded order.
  static func curveWeights(
    _ closedForm: CompensationScores, layer: Int, network: Network,
    count: Int, using generator: inout SeededGenerator
  ) -> [WeightIndex] {
    let columns = network.layers[layer].inputCount
    // Above rounding of the layer's largest: a weight whose input is zero
    // on every sample has E_elim = 0 up to the rounding of the sums.
    let changes = closedForm.eliminationOnly[layer].values
    let floor = 1e-12 * (changes.max() ?? 0)
    let eligible = changes.indices.filter { changes[$0] > floor }
    // The draw comes sorted; the shuffle makes the halves random too.
    var picks = generator.sample(
      min(count, eligible.count), from: eligible.count)
    generator.shuffle(&picks)
    return picks.map { pick in
      let index = eligible[pick]
      return WeightIndex(
        layer: layer, row: index / columns, column: index % columns)
    }
  }

  /// Per weight, |w|·√(Σ s a² / Σ s) and E_elim = (w²/N) Σ s a², the
  /// scales of `ErrorCurve`, from the unit's sensitivities s.
  static func scales(
    _ network: Network, trace: ForwardTrace, weights: [WeightIndex]
  ) -> [(compensation: Double, importance: Double)] {
    var sensitivities: [Int: [Double]] = [:]
    return weights.map { weight in
      let key = weight.layer * 1_000_000 + weight.row
      let s =
        sensitivities[key]
        ?? TaylorRemainder.unitResponse(
          of: network, trace: trace, layer: weight.layer, row: weight.row
        ).s
      sensitivities[key] = s
      let inputs = trace.activations[weight.layer]
      var total = 0.0
      var weighted = 0.0
      for n in s.indices {
        let a = inputs[n, weight.column]
        total += s[n]
        weighted += s[n] * a * a
      }
      let w = network.layers[weight.layer].weight[weight.row, weight.column]
      return (
        abs(w) * (weighted / total).squareRoot(),
        w * w * weighted / Double(s.count)
      )
    }
  }

  /// Kendall τ-b between I and E(β_true) over the solved weights of
  /// `layers`.
  static func tau(
    _ closedForm: CompensationScores, _ table: GroundTruthTable,
    layers: [Int]
  ) -> Double? {
    var predicted: [Double] = []
    var observed: [Double] = []
    for layer in layers {
      for index in table.solved[layer].indices where table.solved[layer][index]
      {
        predicted.append(closedForm.importance[layer].values[index])
        observed.append(table.importance[layer].values[index])
      }
    }
    return RankAgreement.kendallTauB(predicted, observed)
  }

  /// Returns the median of `ErrorCurve.exactBelow`, counting weights that never
  /// reach rounding as 0.
  static func medianExactBelow(_ curves: [ErrorCurve]) -> Double? {
    let values = curves.map { $0.exactBelow ?? 0 }.sorted()
    guard !values.isEmpty else { return nil }
    let median = values[(values.count - 1) / 2]
    return median > 0 ? median : nil
  }

  /// Sets the leading terms beside the smallest-ε errors.
  static func theory(
    _ terms: [LeadingTerms],
    _ scales: [(compensation: Double, importance: Double)],
    _ compensation: [ErrorCurve], _ importance: [ErrorCurve]
  ) -> TheoryComparison {
    var compensationConstant = 0.0
    var importanceConstant = 0.0
    var compensationRatios: [Double] = []
    var importanceRatios: [Double] = []
    for (index, term) in terms.enumerated() {
      let gamma = abs(term.compensationCoefficient) / scales[index].compensation
      let kappa = abs(term.importanceCoefficient) / scales[index].importance
      compensationConstant = max(compensationConstant, gamma)
      importanceConstant = max(importanceConstant, kappa)
      let curve = compensation[index]
      if let removal = curve.removals.last, let error = curve.errors.last,
        curve.atRounding.last == false, gamma > 0
      {
        compensationRatios.append(error / (removal * removal) / gamma)
      }
      let valueCurve = importance[index]
      if let removal = valueCurve.removals.last,
        let error = valueCurve.errors.last,
        valueCurve.atRounding.last == false, kappa > 0
      {
        importanceRatios.append(error / pow(removal, 3) / kappa)
      }
    }
    func median(_ values: [Double]) -> Double {
      values.isEmpty ? .nan : EmpiricalBound.percentile(values, 0.5)
    }
    return TheoryComparison(
      compensationConstant: compensationConstant,
      importanceConstant: importanceConstant,
      compensationRatio: median(compensationRatios),
      importanceRatio: median(importanceRatios))
  }

  /// Prunes at each ratio by the closed-form importance and compares the
  /// predicted E with each compensation's.
  static func pruningRows(
    _ network: Network, closedForm: CompensationScores,
    table: GroundTruthTable, inputs: Matrix, data: SupervisedData,
    ratios: [Double]
  ) throws -> [RatioAnalysis] {
    let comparison = try CompensationComparison.run(
      network, closedForm: closedForm, table: table, inputs: inputs,
      test: (data.testFeatures, data.testTargets), loss: data.loss,
      ratios: ratios,
      progress: { _ in })
    let scores = CriterionScores(
      criterion: .eliminationCompensation, scores: closedForm.importance,
      compensation: closedForm.compensation,
      zeroSensitivityUnits: closedForm.zeroSensitivityUnits)
    return ratios.map { ratio in
      let mask = Pruner.prune(
        network, scores: scores, ratio: ratio, scope: .global
      ).mask
      var predicted = 0.0
      for layer in network.layers.indices {
        for (index, value) in closedForm.importance[layer].values.enumerated()
        where !mask.isKept(layer: layer, index: index) {
          predicted += value
        }
      }
      // The comparison has one row per ratio and compensation.
      func row(_ compensation: BiasCompensation) -> CompensationRow {
        comparison.rows.first {
          $0.ratio == ratio && $0.compensation == compensation
        }!
      }
      return RatioAnalysis(
        ratio: ratio, predictedChange: predicted,
        closedFormChange: row(.closedForm).objective,
        groundTruthChange: row(.groundTruth).objective,
        jointRefitChange: row(.jointRefit).objective,
        uncompensatedChange: row(.none).objective,
        closedFormTestLoss: row(.closedForm).testLoss,
        groundTruthTestLoss: row(.groundTruth).testLoss,
        refitConverged: row(.jointRefit).converged ?? false)
    }
  }
}
