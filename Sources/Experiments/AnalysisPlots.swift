import NeuralNetwork
import Reporting
import Verification

/// The SVG plots of the analysis report.
enum AnalysisPlots {
  struct Plot {
    let fileName: String
    let chart: LineChart
  }

  /// The removal fraction at which the depth and noise plots compare
  /// networks: small enough that the leading term dominates for smooth
  /// activations, large enough that ReLU networks cross kinks.
  static let summaryRemoval = 1.0 / 16

  /// Errors below this are drawn as absent: they are rounding, and on a
  /// log axis they would only stretch the scale.
  static let drawnFloor = 1e-15

  static func plotNames(_ settings: AnalysisSettings) -> [String] {
    var names: [String] = []
    for dataset in settings.datasets {
      for activation in settings.activations {
        if settings.analyses.contains(.perturbation) {
          names += AnalysisQuantity.allCases.map {
            perturbationName(dataset, activation, $0)
          }
        }
        if settings.analyses.contains(.ratio) {
          names.append(ratioName(dataset, activation))
        }
      }
      for kind in [AnalysisKind.depth, .noise]
      where settings.analyses.contains(kind) {
        names += AnalysisQuantity.allCases.map {
          "\(kind.rawValue)-\(dataset.rawValue)-\($0.rawValue).svg"
        }
      }
    }
    return names
  }

  static func perturbationName(
    _ dataset: AnalysisDataset, _ activation: Activation,
    _ quantity: AnalysisQuantity
  ) -> String {
    "perturbation-\(dataset.rawValue)-\(activation.rawValue)-"
      + "\(quantity.rawValue).svg"
  }

  static func ratioName(_ dataset: AnalysisDataset, _ activation: Activation)
    -> String
  {
    "ratio-\(dataset.rawValue)-\(activation.rawValue).svg"
  }

  static func plots(_ outcome: AnalysisOutcome) -> [Plot] {
    let settings = outcome.settings
    var plots: [Plot] = []
    for dataset in settings.datasets {
      for activation in settings.activations {
        let reference = outcome.result(
          AnalysisConfiguration(
            dataset: dataset, activation: activation,
            depth: settings.referenceDepth, width: settings.width, noise: 0))
        if settings.analyses.contains(.perturbation), let reference {
          plots += AnalysisQuantity.allCases.map {
            Plot(
              fileName: perturbationName(dataset, activation, $0),
              chart: perturbationChart(reference, $0))
          }
        }
        if settings.analyses.contains(.ratio), let reference {
          plots.append(
            Plot(
              fileName: ratioName(dataset, activation),
              chart: ratioChart(reference)))
        }
      }
      for kind in [AnalysisKind.depth, .noise]
      where settings.analyses.contains(kind) {
        plots += AnalysisQuantity.allCases.map {
          Plot(
            fileName: "\(kind.rawValue)-\(dataset.rawValue)-\($0.rawValue).svg",
            chart: summaryChart(outcome, dataset: dataset, kind: kind, $0))
        }
      }
    }
    return plots
  }

  /// Per layer, the median scaled error against ε, with the fitted bound
  /// C·εᵖ dashed in the layer's colour.
  static func perturbationChart(
    _ result: ConfigurationResult, _ quantity: AnalysisQuantity
  ) -> LineChart {
    var series: [LineChart.Series] = []
    var references: [LineChart.ReferenceLine] = []
    for layer in result.layers {
      let curves = quantity.curves(layer)
      guard let removals = curves.first?.removals else { continue }
      let medians = removals.indices.map { index in
        median(curves.map { $0.errors[index] })
      }
      guard medians.contains(where: { $0 > drawnFloor }) else { continue }
      series.append(
        LineChart.Series(
          name: "layer \(layer.layer), median",
          x: removals, y: medians.map { $0 > drawnFloor ? $0 : .nan },
          showsMarkers: true, paletteIndex: layer.layer))
      let bound = quantity.bound(layer)
      if !bound.order.isNaN {
        references.append(
          LineChart.ReferenceLine(
            label:
              "layer \(layer.layer) bound "
              + "\(NumberFormat.significant(bound.constant, digits: 3))"
              + "·ε^\(NumberFormat.fixed(bound.order, decimals: 2))",
            form: .powerLaw(
              coefficient: bound.constant, exponent: bound.order),
            paletteIndex: layer.layer))
      }
    }
    let configuration = result.configuration
    return LineChart(
      title:
        "\(quantity.rawValue.capitalized) error, "
        + "\(configuration.dataset.title) \(result.architecture)",
      xLabel: "removal fraction ε (w → (1 − ε)w)",
      yLabel: quantity == .compensation
        ? "|β_true(ε) − εβ*| / (|w|·rms a)"
        : "|E(β_true(ε)) − ε²I| / E_elim",
      xScale: .logarithmic, yScale: .logarithmic, series: series,
      referenceLines: references)
  }

  /// E against the pruning ratio for the summed prediction and each
  /// compensation.
  static func ratioChart(_ result: ConfigurationResult) -> LineChart {
    let ratios = result.ratios.map(\.ratio)
    let lines: [(String, KeyPath<RatioAnalysis, Double>, LineChart.LineStyle)] =
      [
        ("predicted: Σ I of the removed", \.predictedChange, .dashed),
        ("closed-form Σ β*", \.closedFormChange, .solid),
        ("per-weight Σ β_true", \.groundTruthChange, .solid),
        ("joint re-fit of all biases", \.jointRefitChange, .solid),
        ("no compensation", \.uncompensatedChange, .dotted),
      ]
    let series = lines.enumerated().map { index, line in
      LineChart.Series(
        name: line.0, x: ratios, y: result.ratios.map { $0[keyPath: line.1] },
        style: line.2, showsMarkers: true, paletteIndex: index)
    }
    let configuration = result.configuration
    return LineChart(
      title:
        "Output change after pruning, \(configuration.dataset.title) "
        + "\(result.architecture)",
      xLabel: "pruning ratio (global, by closed-form importance)",
      yLabel: "E = mean ‖y_pruned − y‖² (log scale)",
      xScale: .linear, yScale: .logarithmic, series: series)
  }

  /// Draws the median scaled error at ε = `summaryRemoval` over the hidden
  /// layers' curve weights, against depth or noise, one line per
  /// activation.
  static func summaryChart(
    _ outcome: AnalysisOutcome, dataset: AnalysisDataset, kind: AnalysisKind,
    _ quantity: AnalysisQuantity
  ) -> LineChart {
    let settings = outcome.settings
    let series = settings.activations.enumerated().map {
      index, activation -> LineChart.Series in
      let points = summaryConfigurations(settings, dataset, activation, kind)
        .compactMap { x, configuration -> LineChart.Point? in
          guard let result = outcome.result(configuration) else { return nil }
          let error = summaryError(result, quantity)
          return LineChart.Point(x: x, y: error > drawnFloor ? error : .nan)
        }
      return LineChart.Series(
        name: activation.rawValue, points: points, showsMarkers: true,
        paletteIndex: index)
    }
    let xLabel =
      kind == .depth
      ? "hidden layers"
      : "noise level (fraction of the standard deviation)"
    return LineChart(
      title:
        "\(quantity.rawValue.capitalized) error at ε = 1/16 against "
        + "\(kind == .depth ? "depth" : "noise"), \(dataset.title)",
      xLabel: xLabel,
      yLabel: "median scaled error over hidden layers (log scale)",
      xScale: .linear, yScale: .logarithmic, series: series)
  }

  /// Returns the (x, configuration) pairs of a depth or noise line.
  static func summaryConfigurations(
    _ settings: AnalysisSettings, _ dataset: AnalysisDataset,
    _ activation: Activation, _ kind: AnalysisKind
  ) -> [(Double, AnalysisConfiguration)] {
    if kind == .depth {
      return settings.depths.map { depth in
        (
          Double(depth),
          AnalysisConfiguration(
            dataset: dataset, activation: activation, depth: depth,
            width: settings.width, noise: 0)
        )
      }
    }
    return settings.noiseLevels.map { noise in
      (
        noise,
        AnalysisConfiguration(
          dataset: dataset, activation: activation,
          depth: settings.referenceDepth, width: settings.width, noise: noise)
      )
    }
  }

  /// Returns the median scaled error at `summaryRemoval` over the curve weights
  /// of every layer but the last (whose closed form is exact).
  static func summaryError(
    _ result: ConfigurationResult, _ quantity: AnalysisQuantity
  ) -> Double {
    var errors: [Double] = []
    for layer in result.layers.dropLast() {
      for curve in quantity.curves(layer) {
        if let index = curve.removals.firstIndex(of: summaryRemoval) {
          errors.append(curve.errors[index])
        }
      }
    }
    return median(errors)
  }

  /// Returns `error` for a sentence, marked as rounding when it is below
  /// `drawnFloor`: such a median means the closed form is exact there.
  static func describe(_ error: Double) -> String {
    let text = NumberFormat.significant(error, digits: 3)
    return error.isFinite && error < drawnFloor ? "\(text) (rounding)" : text
  }

  /// Returns the median of the finite values, NaN when there are none.
  static func median(_ values: [Double]) -> Double {
    let finite = values.filter(\.isFinite)
    return finite.isEmpty ? .nan : EmpiricalBound.percentile(finite, 0.5)
  }
}
