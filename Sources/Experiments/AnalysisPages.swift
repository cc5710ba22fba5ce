import NeuralNetwork
import Reporting
import Verification

/// The Markdown pages of the analysis report, one per analysis.
enum AnalysisPages {
  struct Page {
    let fileName: String
    let text: String
  }

  static func pageNames(_ settings: AnalysisSettings) -> [String] {
    settings.analyses.map { "\($0.rawValue).md" }
  }

  static func pages(_ outcome: AnalysisOutcome) -> [Page] {
    outcome.settings.analyses.map { kind in
      let body: String
      switch kind {
      case .perturbation: body = perturbationPage(outcome)
      case .depth: body = summaryPage(outcome, kind: .depth)
      case .noise: body = summaryPage(outcome, kind: .noise)
      case .ratio: body = ratioPage(outcome)
      }
      return Page(
        fileName: "\(kind.rawValue).md", text: body + footer(outcome))
    }
  }

  static func number(_ value: Double?, digits: Int = 3) -> String {
    guard let value, !value.isNaN else { return "–" }
    return NumberFormat.significant(value, digits: digits)
  }

  /// Returns how the numbers were made, for the end of every page.
  static func footer(_ outcome: AnalysisOutcome) -> String {
    let settings = outcome.settings
    var lines = [
      "", "## How this was made", "",
      "Written by `ecprune analyze\(settings.isQuick ? " --quick" : "")` "
        + "with seed \(settings.seed) (`make report` runs it with its "
        + "defaults through `ecprune report`). Every hidden layer has "
        + "\(settings.width) units; the reference networks have "
        + "\(settings.referenceDepth) hidden layers. The closed form and the "
        + "ground truth measure the output response on "
        + "\(settings.budget.sampleCount) training samples "
        + "(\(settings.referenceBudget.sampleCount) for the reference "
        + "networks, and at least two per bias where a network has one "
        + "output, so that the joint re-fit is overdetermined); removal fractions are ε = 2⁻ᵏ for k in "
        + "\(settings.budget.exponents.lowerBound)…"
        + "\(settings.budget.exponents.upperBound) "
        + "(\(settings.referenceBudget.exponents.lowerBound)…"
        + "\(settings.referenceBudget.exponents.upperBound) for the "
        + "reference networks).",
      "",
    ]
    for dataset in settings.datasets {
      if let description = outcome.datasets[dataset] {
        let training = settings.training[dataset]
        lines.append(
          "- \(dataset.title): \(description.name), "
            + "\(description.trainingSampleCount) training and "
            + "\(description.testSampleCount) test samples; "
            + "\(training?.epochs ?? 0) "
            + ((training?.epochs ?? 0) == 1 ? "epoch" : "epochs")
            + " of Adam "
            + "(step \(number(training?.learningRate)), batch "
            + "\(training?.batchSize ?? 0)).")
      }
    }
    lines += [
      "",
      "Data: `configurations.csv`, `bounds.csv`, `ratios.csv`, "
        + "`curves.csv`, `analysis.json` in this folder.",
    ]
    return lines.joined(separator: "\n") + "\n"
  }

  // MARK: Perturbation

  static func perturbationPage(_ outcome: AnalysisOutcome) -> String {
    var text = """
      # Error of the closed form against removal fraction

      Each curve weight is removed in part, w → (1 − ε)w, and the \
      ground truth β_true(ε) and E(β_true(ε)) are solved for each ε. The \
      scaled errors are eβ = |β_true(ε) − εβ*| / (|w|·√(Σ s a² / Σ s)) \
      and eI = |E(β_true(ε)) − ε²I| / E_elim, each divided by the size of \
      what is removed (E_elim = (w²/N) Σ s a², the change with no \
      compensation), which bounds |β*| and I from above and never \
      vanishes. For smooth activations the theory \
      (Proofs/taylor-remainder.md) gives eβ ≈ |γ|·ε² and eI ≈ |κ|·ε³ in \
      these units. Per layer, a bound e ≤ C·εᵖ is fitted on half of \
      the weights and tested on the other half: C is the largest e/εᵖ \
      on the fitting half, so a held-out weight above the line violates \
      it. The last layer feeds the output directly and is exact.

      """
    for (dataset, activation, result) in referenceResults(outcome) {
      text += "\n## \(dataset.title), \(activation.rawValue) "
      text += "(\(result.architecture))\n\n"
      text += boundTable(result.layers).markdown() + "\n"
      text += perturbationFinding(result) + "\n\n"
      for quantity in AnalysisQuantity.allCases {
        let name = AnalysisPlots.perturbationName(
          dataset, activation, quantity)
        text += "![\(quantity.rawValue) error](\(name))\n"
      }
    }
    return text
  }

  /// Returns the reference network of each data set and activation that
  /// ran, in the settings' order.
  static func referenceResults(_ outcome: AnalysisOutcome)
    -> [(AnalysisDataset, Activation, ConfigurationResult)]
  {
    var results: [(AnalysisDataset, Activation, ConfigurationResult)] = []
    for dataset in outcome.settings.datasets {
      for activation in outcome.settings.activations {
        if let result = outcome.result(
          reference(outcome.settings, dataset, activation))
        {
          results.append((dataset, activation, result))
        }
      }
    }
    return results
  }

  static func reference(
    _ settings: AnalysisSettings, _ dataset: AnalysisDataset,
    _ activation: Activation
  ) -> AnalysisConfiguration {
    AnalysisConfiguration(
      dataset: dataset, activation: activation,
      depth: settings.referenceDepth, width: settings.width, noise: 0)
  }

  /// Returns one row per layer and quantity.
  static func boundTable(_ layers: [LayerAnalysis]) -> Table {
    var table = Table(columns: [
      "layer", "quantity", "p", "C", "held-out violations", "exact weights",
      "e/εᵖ median / p90 / max", "theory C", "measured / theory", "τ",
    ])
    for layer in layers {
      for quantity in AnalysisQuantity.allCases {
        let bound = quantity.bound(layer)
        let percentiles = bound.ratioPercentiles
        let spread =
          percentiles.count == 4
          ? "\(number(percentiles[0])) / \(number(percentiles[1])) / "
            + "\(number(percentiles[3]))" : "–"
        table.append([
          "\(layer.layer)", quantity.symbol, number(bound.order),
          number(bound.constant),
          "\(bound.violations) of \(bound.heldOutWeights)",
          "\(bound.exactWeights) of "
            + "\(bound.fittingWeights + bound.heldOutWeights)",
          spread, number(layer.theory.map(quantity.theoryConstant)),
          number(layer.theory.map(quantity.theoryRatio), digits: 6),
          number(layer.kendallTau, digits: 4),
        ])
      }
    }
    return table
  }

  /// Returns a sentence on what the orders and the theory show for one
  /// network.
  static func perturbationFinding(_ result: ConfigurationResult) -> String {
    let hidden = Array(result.layers.dropLast())
    guard !hidden.isEmpty else { return "" }
    func range(_ values: [Double]) -> String {
      let finite = values.filter(\.isFinite)
      guard let low = finite.min(), let high = finite.max() else { return "–" }
      return low == high
        ? number(low) : "\(number(low)) to \(number(high))"
    }
    let orders = hidden.map(\.compensationBound.order)
    let importanceOrders = hidden.map(\.importanceBound.order)
    if let theories = Optional(hidden.compactMap(\.theory)),
      !theories.isEmpty
    {
      let ratios = theories.flatMap {
        [$0.compensationRatio, $0.importanceRatio]
      }
      let gap = ratios.filter(\.isFinite).map { abs($0 - 1) }.max() ?? .nan
      return "Smooth activation: the fitted orders are \(range(orders)) for "
        + "β (theory 2) and \(range(importanceOrders)) for I (theory 3), "
        + "and at the smallest ε the measured error is the theory's "
        + "leading term to within a relative \(number(gap, digits: 2)) "
        + "(median per layer), so the second-order theory explains the "
        + "error of the closed form."
    }
    let exact = hidden.reduce(0) { $0 + $1.compensationBound.exactWeights }
    let total = hidden.reduce(0) {
      $0 + $1.compensationBound.fittingWeights
        + $1.compensationBound.heldOutWeights
    }
    let below = hidden.compactMap(\.medianExactBelow)
    return "Piecewise-linear activation: \(exact) of \(total) hidden-layer "
      + "weights are exact to rounding at every ε tested (no kink crossed). "
      + "The others are exact below a median ε of \(range(below)) per "
      + "layer and err above it, where the removal switches units above "
      + "across their kinks; there the fitted orders are "
      + "\(range(orders)) for β and \(range(importanceOrders)) for I, an "
      + "empirical description of kink crossings, not a Taylor order."
  }

  // MARK: Depth and noise

  static func summaryPage(_ outcome: AnalysisOutcome, kind: AnalysisKind)
    -> String
  {
    let settings = outcome.settings
    let isDepth = kind == .depth
    var text =
      isDepth
      ? "# Error of the closed form against depth\n\n"
        + "Networks of \(settings.depths.map(String.init).joined(separator: ", ")) "
        + "hidden layers of \(settings.width) units, each trained with the "
        + "same budget and seed on noise-free data.\n"
      : "# Error of the closed form against training noise\n\n"
        + "Networks of \(settings.referenceDepth) hidden layers trained on "
        + "data with Gaussian noise of "
        + settings.noiseLevels.map { "\(Int(($0 * 100).rounded())) %" }
        .joined(separator: ", ")
        + " of the standard deviation added to the training targets "
        + "(diffusion–sorption) or pixels (Fashion-MNIST); test sets stay "
        + "clean.\n"
    text +=
      "\nColumns: p and C of the pooled bound over the hidden layers' "
      + "fitted bounds (largest C, range of p), the held-out violations "
      + "summed over layers, the median scaled error at ε = 1/16, "
      + "Kendall τ-b between I and E(β_true) over every weight, and the "
      + "test loss after global pruning by I with closed-form and with "
      + "per-weight true compensation. The plots leave out medians at "
      + "rounding level (below 1e-15), which the tables show.\n"
    for dataset in settings.datasets {
      text += "\n## \(dataset.title)\n\n"
      var table = Table(columns: [
        "activation", isDepth ? "depth" : "noise", "p (β)", "C (β)",
        "p (I)", "violations", "eβ at 1/16", "eI at 1/16", "τ",
        "test loss", "pruned: closed form / true",
      ])
      for activation in settings.activations {
        for (x, configuration) in AnalysisPlots.summaryConfigurations(
          settings, dataset, activation, kind)
        {
          guard let result = outcome.result(configuration) else { continue }
          table.append(summaryRow(result, x: x, isDepth: isDepth))
        }
      }
      text += table.markdown() + "\n"
      text += summaryFinding(outcome, dataset: dataset, kind: kind) + "\n\n"
      for quantity in AnalysisQuantity.allCases {
        text +=
          "![\(quantity.rawValue) against \(kind.rawValue)]"
          + "(\(kind.rawValue)-\(dataset.rawValue)-\(quantity.rawValue).svg)\n"
      }
    }
    return text
  }

  static func summaryRow(
    _ result: ConfigurationResult, x: Double, isDepth: Bool
  ) -> [String] {
    let hidden = Array(result.layers.dropLast())
    let orders = hidden.map(\.compensationBound.order).filter(\.isFinite)
    let importanceOrders = hidden.map(\.importanceBound.order).filter(
      \.isFinite)
    func span(_ values: [Double]) -> String {
      guard let low = values.min(), let high = values.max() else { return "–" }
      return low == high ? number(low) : "\(number(low))–\(number(high))"
    }
    let violations = hidden.reduce(0) {
      $0 + $1.compensationBound.violations + $1.importanceBound.violations
    }
    let heldOut = hidden.reduce(0) {
      $0 + $1.compensationBound.heldOutWeights
        + $1.importanceBound.heldOutWeights
    }
    let pruned = result.ratios.map {
      "\($0.ratio): \(number($0.closedFormTestLoss, digits: 4)) / "
        + "\(number($0.groundTruthTestLoss, digits: 4))"
    }.joined(separator: "; ")
    return [
      result.configuration.activation.rawValue,
      isDepth ? "\(Int(x))" : "\(Int((x * 100).rounded())) %",
      span(orders),
      number(hidden.map(\.compensationBound.constant).max()),
      span(importanceOrders), "\(violations) of \(heldOut)",
      number(AnalysisPlots.summaryError(result, .compensation)),
      number(AnalysisPlots.summaryError(result, .importance)),
      number(result.kendallTau, digits: 4),
      number(result.test.meanLoss, digits: 4), pruned,
    ]
  }

  /// Compares the first and last settings of a depth or noise line.
  static func summaryFinding(
    _ outcome: AnalysisOutcome, dataset: AnalysisDataset, kind: AnalysisKind
  ) -> String {
    var sentences: [String] = []
    for activation in outcome.settings.activations {
      let results = AnalysisPlots.summaryConfigurations(
        outcome.settings, dataset, activation, kind
      ).compactMap { outcome.result($0.1) }
      guard let first = results.first, let last = results.last,
        results.count >= 2
      else { continue }
      let before = AnalysisPlots.summaryError(first, .compensation)
      let after = AnalysisPlots.summaryError(last, .compensation)
      let taus = results.compactMap(\.kendallTau)
      let interval =
        kind == .depth
        ? "from \(first.configuration.depth) to "
          + "\(last.configuration.depth) hidden layers"
        : "from noise \(number(first.configuration.noise)) to "
          + "\(number(last.configuration.noise))"
      var sentence =
        "\(activation.rawValue): \(interval) the median eβ at ε = 1/16 goes "
        + "from \(AnalysisPlots.describe(before)) to "
        + AnalysisPlots.describe(after)
      // A ratio of two rounding-level errors means nothing, so none is
      // given.
      let floor = AnalysisPlots.drawnFloor
      if before > floor, after > floor, before.isFinite, after.isFinite {
        sentence += " (×\(number(after / before, digits: 2)))"
      }
      if let low = taus.min(), let high = taus.max() {
        sentence +=
          "; τ stays between \(number(low, digits: 4)) and "
          + "\(number(high, digits: 4))"
      }
      sentences.append(sentence + ".")
    }
    return sentences.joined(separator: " ")
  }

  // MARK: Ratio

  static func ratioPage(_ outcome: AnalysisOutcome) -> String {
    var text = """
      # Removals that interact: the pruning ratio

      Each reference network is pruned globally by the closed-form \
      importance I at each ratio. The closed form predicts the output \
      change E = mean ‖y_pruned − y‖² as the sum of the removed weights' \
      I, which ignores every interaction between removals. The table \
      sets it beside E of the pruned network with the summed β* (what \
      the method does), with the summed per-weight β_true, after a joint \
      re-fit of every bias by GSL (the best any bias compensation can \
      do; where it stopped at its iteration limit its E is an upper \
      bound), and with no compensation.

      """
    for (dataset, activation, result) in referenceResults(outcome) {
      text += "\n## \(dataset.title), \(activation.rawValue) "
      text += "(\(result.architecture))\n\n"
      var table = Table(columns: [
        "ratio", "Σ I (predicted)", "E closed form", "E true β",
        "E joint re-fit", "E none", "E / Σ I", "test loss closed form",
        "test loss true β",
      ])
      for row in result.ratios {
        table.append([
          "\(row.ratio)", number(row.predictedChange),
          number(row.closedFormChange), number(row.groundTruthChange),
          number(row.jointRefitChange) + (row.refitConverged ? "" : " ≥"),
          number(row.uncompensatedChange),
          row.predictedChange > 0
            ? number(row.closedFormChange / row.predictedChange) : "–",
          number(row.closedFormTestLoss, digits: 4),
          number(row.groundTruthTestLoss, digits: 4),
        ])
      }
      text += table.markdown() + "\n" + ratioFinding(result) + "\n\n"
      text +=
        "![output change against ratio]"
        + "(\(AnalysisPlots.ratioName(dataset, activation)))\n"
    }
    return text
  }

  /// Returns what the sums and the re-fit show at the middle and highest
  /// ratio.
  static func ratioFinding(_ result: ConfigurationResult) -> String {
    // Ratios whose removed weights all have I = 0 predict no change and
    // give no factor.
    let rows = result.ratios.filter { $0.predictedChange > 0 }
    guard let last = rows.last else { return "" }
    let middle = rows[(rows.count - 1) / 2]
    func factor(_ row: RatioAnalysis) -> String {
      number(row.closedFormChange / row.predictedChange, digits: 2)
    }
    let closedBeatsNone = result.ratios.filter {
      $0.closedFormChange < $0.uncompensatedChange
    }.count
    let middleFactor = middle.closedFormChange / middle.predictedChange
    let lastFactor = last.closedFormChange / last.predictedChange
    var verdict = "The summed importances "
    if rows.count < 2 {
      verdict += lastFactor > 1 ? "underestimate" : "overestimate"
      verdict += " the pruned network's change"
    } else if middleFactor > 1 && lastFactor > 1 {
      verdict += "underestimate the pruned network's change"
    } else if middleFactor < 1 && lastFactor < 1 {
      verdict += "overestimate the pruned network's change"
    } else {
      verdict += "miss the pruned network's change in both directions"
    }
    let factors =
      rows.count >= 2
      ? "E is \(factor(middle))× Σ I at ratio \(middle.ratio) and "
        + "\(factor(last))× at \(last.ratio)"
      : "E is \(factor(last))× Σ I at ratio \(last.ratio)"
    return verdict + ": " + factors + ". The summed "
      + "β* give a lower E than no compensation at \(closedBeatsNone) of "
      + "\(result.ratios.count) ratios; the joint re-fit reaches "
      + "\(number(last.jointRefitChange / last.closedFormChange, digits: 2))"
      + "× the closed form's E at \(last.ratio).\n"
  }
}
