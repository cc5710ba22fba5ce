import Reporting
import Verification

extension VerificationReport {
  /// One SVG file of the report.
  struct Plot {
    let fileName: String
    let chart: LineChart
  }

  /// The two quantities the closed form approximates.
  enum Quantity: CaseIterable {
    case compensation
    case importance

    var name: String { self == .compensation ? "compensation" : "importance" }
    var symbols: String {
      self == .compensation ? "β* against β_true" : "I against E(β_true)"
    }
    /// The order of the Taylor remainder for smooth activations.
    var smoothOrder: Double { self == .compensation ? 2 : 3 }
  }

  static func plotNames(layerCount: Int) -> [String] {
    var names = Quantity.allCases.map { "\($0.name)-error.svg" }
    for layer in 0..<layerCount {
      names += Quantity.allCases.map { taylorPlotName($0, layer: layer) }
    }
    return names + [
      "overlap.svg", "pruning-accuracy.svg", "pruning-objective.svg",
    ]
  }

  static func taylorPlotName(_ quantity: Quantity, layer: Int) -> String {
    "taylor-\(quantity.name)-layer\(layer).svg"
  }

  static func plots(_ outcome: VerificationOutcome) -> [Plot] {
    var plots = Quantity.allCases.map {
      Plot(fileName: "\($0.name)-error.svg", chart: errorChart(outcome, $0))
    }
    for layer in outcome.layers.indices {
      plots += Quantity.allCases.map {
        Plot(
          fileName: taylorPlotName($0, layer: layer),
          chart: taylorChart(outcome, $0, layer: layer))
      }
    }
    return plots + [
      Plot(fileName: "overlap.svg", chart: overlapChart(outcome)),
      Plot(
        fileName: "pruning-accuracy.svg",
        chart: pruningChart(outcome, showsAccuracy: true)),
      Plot(
        fileName: "pruning-objective.svg",
        chart: pruningChart(outcome, showsAccuracy: false)),
    ]
  }

  /// The fraction of weights whose relative error is at most x, per layer:
  /// the empirical distribution function, drawn through 200 quantiles.
  static func errorChart(_ outcome: VerificationOutcome, _ quantity: Quantity)
    -> LineChart
  {
    let series = outcome.layers.map { layer -> LineChart.Series in
      let summary =
        quantity == .compensation
        ? layer.compensationError : layer.importanceError
      let fractions = (1...200).map { Double($0) / 200 }
      return LineChart.Series(
        name: "layer \(layer.layer)", x: fractions.map(summary.quantile),
        y: fractions)
    }
    return LineChart(
      title: "Relative error of the closed form, \(quantity.symbols)",
      xLabel: "relative error (log scale)",
      yLabel: "fraction of weights with at most that error",
      xScale: .logarithmic, yRange: 0...1, series: series)
  }

  /// Draws the Taylor test errors of one layer's chosen weights against ε.
  static func taylorChart(
    _ outcome: VerificationOutcome, _ quantity: Quantity, layer: Int
  ) -> LineChart {
    let cases = outcome.taylorCases[layer]
    var series: [LineChart.Series] = []
    var anchors: [Double] = []
    for (index, taylor) in cases.enumerated() {
      let points = taylor.result?.points ?? []
      let errors = points.map {
        quantity == .compensation ? $0.compensationError : $0.importanceError
      }
      if let first = errors.first, first > 0 { anchors.append(first) }
      let weight = taylor.weight
      series.append(
        LineChart.Series(
          name: "[\(weight.row), \(weight.column)] "
            + (taylor.isLargest ? "largest I" : "random"),
          x: points.map(\.removal), y: errors, showsMarkers: true,
          paletteIndex: index))
    }
    // A guide of the smooth order through the median error at ε = 1.
    let order = quantity.smoothOrder
    var guides: [LineChart.ReferenceLine] = []
    if !anchors.isEmpty {
      guides.append(
        LineChart.ReferenceLine(
          label: "slope \(Int(order)) (smooth activations)",
          form: .powerLaw(
            coefficient: RelativeErrorSummary.median(anchors),
            exponent: order)))
    }
    let symbol =
      quantity == .compensation ? "|β_true(ε) − ε·β*|" : "|E(β_true(ε)) − ε²·I|"
    return LineChart(
      title: "Taylor test of the \(quantity.name), layer \(layer)",
      xLabel: "removed fraction ε of the weight (log scale)",
      yLabel: symbol + " (log scale)", xScale: .logarithmic,
      yScale: .logarithmic, series: series, referenceLines: guides)
  }

  /// Draws the top-k overlap against the pruning ratio.
  static func overlapChart(_ outcome: VerificationOutcome) -> LineChart {
    let ratios = outcome.overlaps.map(\.ratio)
    var series = [
      LineChart.Series(
        name: "global", x: ratios, y: outcome.overlaps.map(\.global),
        showsMarkers: true, paletteIndex: 0)
    ]
    for layer in outcome.layers.indices {
      series.append(
        LineChart.Series(
          name: "layer \(layer)", x: ratios,
          y: outcome.overlaps.map { $0.perLayer[layer] }, style: .dashed,
          showsMarkers: true, paletteIndex: layer + 1))
    }
    return LineChart(
      title: "Overlap of the k weights each importance removes first",
      xLabel: "pruning ratio (k as a fraction of the weights)",
      yLabel: "top-k overlap, closed form against ground truth",
      xRange: 0...1, yRange: 0...1, series: series)
  }

  /// Test accuracy or E against the ratio, one line per compensation.
  static func pruningChart(
    _ outcome: VerificationOutcome, showsAccuracy: Bool
  ) -> LineChart {
    let series = BiasCompensation.allCases.enumerated().map {
      index, compensation -> LineChart.Series in
      let rows = outcome.compensationRows.filter {
        $0.compensation == compensation
      }
      return LineChart.Series(
        name: compensation.rawValue, x: rows.map(\.ratio),
        y: rows.map { showsAccuracy ? $0.testAccuracy : $0.objective },
        showsMarkers: true, paletteIndex: index)
    }
    if showsAccuracy {
      return LineChart(
        title: "Test accuracy after pruning by the closed-form importance",
        xLabel: "pruning ratio (fraction of weights removed)",
        yLabel: "test accuracy", xRange: 0...1, yRange: 0...1,
        series: series,
        referenceLines: [
          LineChart.ReferenceLine(
            label: "unpruned",
            form: .affine(
              intercept: outcome.unpruned.accuracy ?? .nan, slope: 0),
            style: .dotted, paletteIndex: 6)
        ])
    }
    return LineChart(
      title: "Output change E after pruning by the closed-form importance",
      xLabel: "pruning ratio (fraction of weights removed)",
      yLabel: "E = mean ‖y_pruned − y‖² (log scale)", yScale: .logarithmic,
      xRange: 0...1, series: series)
  }
}
