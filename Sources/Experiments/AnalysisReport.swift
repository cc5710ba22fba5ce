import FileIO
import NeuralNetwork
import Reporting
import Verification

/// Writes the report of `ecprune analyze` into a folder: one Markdown page
/// per analysis, CSV tables, `analysis.json` and SVG plots.
///
/// The files depend only on the run's numbers and settings, never on the
/// clock, so a rerun with the same seed writes the same bytes.
public enum AnalysisReport {
  /// The CSV tables and the JSON file, always written.
  static let dataFiles = [
    "configurations.csv", "bounds.csv", "ratios.csv", "curves.csv",
    "analysis.json",
  ]

  /// Writes every file into `folder` and returns their paths.
  public static func write(_ outcome: AnalysisOutcome, to folder: String)
    throws -> [String]
  {
    let prefix = folder.hasSuffix("/") ? folder : folder + "/"
    var files: [(String, String)] = [
      ("configurations.csv", configurationTable(outcome).csv()),
      ("bounds.csv", boundTable(outcome).csv()),
      ("ratios.csv", ratioTable(outcome).csv()),
      ("curves.csv", curveTable(outcome).csv()),
      ("analysis.json", json(outcome).rendered()),
    ]
    for page in AnalysisPages.pages(outcome) {
      files.append((page.fileName, page.text))
    }
    for plot in AnalysisPlots.plots(outcome) {
      files.append((plot.fileName, plot.chart.svg()))
    }
    for (name, text) in files {
      try AtomicFile.write(text: text, to: prefix + name)
    }
    return files.map { prefix + $0.0 }
  }

  /// Returns the names of the files `write` creates for `settings`, for
  /// checking them up front.
  public static func fileNames(_ settings: AnalysisSettings) -> [String] {
    dataFiles + AnalysisPages.pageNames(settings)
      + AnalysisPlots.plotNames(settings)
  }

  // MARK: Tables

  /// The columns that name a configuration, first in every table.
  static let keyColumns = ["dataset", "activation", "depth", "width", "noise"]

  static func key(_ configuration: AnalysisConfiguration) -> [String] {
    [
      configuration.dataset.rawValue, configuration.activation.rawValue,
      "\(configuration.depth)", "\(configuration.width)",
      "\(configuration.noise)",
    ]
  }

  /// Returns `value` to six digits; a missing or non-finite value is an
  /// empty cell, as everywhere else in the tables.
  static func number(_ value: Double?) -> String {
    guard let value, value.isFinite else { return "" }
    return NumberFormat.significant(value, digits: 6)
  }

  /// Returns one row per network: its test figures and overall rank
  /// agreement.
  static func configurationTable(_ outcome: AnalysisOutcome) -> Table {
    var table = Table(
      columns: keyColumns + [
        "architecture", "test_loss", "test_accuracy", "kendall_tau",
        "ground_truth_failures",
      ])
    for result in outcome.results {
      table.append(
        key(result.configuration) + [
          result.architecture, number(result.test.meanLoss),
          number(result.test.accuracy), number(result.kendallTau),
          "\(result.failures)",
        ])
    }
    return table
  }

  /// Returns one row per network, layer and quantity: the fitted bound, its
  /// held-out test, the percentiles of error/εᵖ and the theory.
  static func boundTable(_ outcome: AnalysisOutcome) -> Table {
    var table = Table(
      columns: keyColumns + [
        "layer", "quantity", "order", "constant", "fitting_weights",
        "held_out_weights", "violations", "violation_fraction",
        "exact_weights", "ratio_p50", "ratio_p90", "ratio_p99", "ratio_max",
        "theory_constant", "measured_over_theory", "kendall_tau",
        "median_exact_below",
      ])
    for result in outcome.results {
      for layer in result.layers {
        for quantity in AnalysisQuantity.allCases {
          let bound = quantity.bound(layer)
          let percentiles = bound.ratioPercentiles
          let theory = layer.theory
          table.append(
            key(result.configuration) + [
              "\(layer.layer)", quantity.rawValue, number(bound.order),
              number(bound.constant), "\(bound.fittingWeights)",
              "\(bound.heldOutWeights)", "\(bound.violations)",
              number(bound.violationFraction), "\(bound.exactWeights)",
            ]
              + (0..<4).map {
                percentiles.count == 4 ? number(percentiles[$0]) : ""
              } + [
                number(theory.map(quantity.theoryConstant)),
                number(theory.map(quantity.theoryRatio)),
                number(layer.kendallTau), number(layer.medianExactBelow),
              ])
        }
      }
    }
    return table
  }

  /// Returns one row per network and pruning ratio.
  static func ratioTable(_ outcome: AnalysisOutcome) -> Table {
    var table = Table(
      columns: keyColumns + [
        "ratio", "predicted_change", "closed_form_change",
        "ground_truth_change", "joint_refit_change", "uncompensated_change",
        "closed_form_test_loss", "ground_truth_test_loss", "refit_converged",
      ])
    for result in outcome.results {
      for row in result.ratios {
        table.append(
          key(result.configuration) + [
            "\(row.ratio)", number(row.predictedChange),
            number(row.closedFormChange), number(row.groundTruthChange),
            number(row.jointRefitChange), number(row.uncompensatedChange),
            number(row.closedFormTestLoss), number(row.groundTruthTestLoss),
            row.refitConverged ? "true" : "false",
          ])
      }
    }
    return table
  }

  /// Returns every point of every curve of the reference networks, whose page
  /// plots them; the other networks' curves are summed up in bounds.csv.
  static func curveTable(_ outcome: AnalysisOutcome) -> Table {
    var table = Table(
      columns: keyColumns + [
        "layer", "row", "column", "part", "removal", "compensation_error",
        "importance_error", "at_rounding",
      ])
    for result in outcome.results
    where outcome.settings.isReference(result.configuration) {
      for layer in result.layers {
        let half = layer.compensationBound.fittingWeights
        for (index, curve) in layer.compensationCurves.enumerated() {
          let importance = layer.importanceCurves[index]
          for point in curve.removals.indices {
            table.append(
              key(result.configuration) + [
                "\(layer.layer)", "\(curve.weight.row)",
                "\(curve.weight.column)",
                index < half ? "fitting" : "held-out",
                number(curve.removals[point]), number(curve.errors[point]),
                number(importance.errors[point]),
                curve.atRounding[point] ? "true" : "false",
              ])
          }
        }
      }
    }
    return table
  }

  // MARK: JSON

  static func json(_ outcome: AnalysisOutcome) -> JSONValue {
    let settings = outcome.settings
    func budget(_ budget: AnalysisBudget) -> JSONValue {
      .object([
        ("samples", .integer(budget.sampleCount)),
        ("curve_weights_per_layer", .integer(budget.curveWeightsPerLayer)),
        (
          "removal_exponents",
          .array([
            .integer(budget.exponents.lowerBound),
            .integer(budget.exponents.upperBound),
          ])
        ),
        ("pruning_ratios", .array(budget.pruningRatios.map { .number($0) })),
      ])
    }
    let datasets = settings.datasets.map { dataset -> (String, JSONValue) in
      (
        dataset.rawValue,
        outcome.datasets[dataset].map(\.json) ?? .null
      )
    }
    let training = settings.datasets.map { dataset -> (String, JSONValue) in
      let budget = settings.training[dataset]
      return (
        dataset.rawValue,
        .object([
          ("epochs", .integer(budget?.epochs ?? 0)),
          ("batch_size", .integer(budget?.batchSize ?? 0)),
          ("learning_rate", .number(budget?.learningRate ?? .nan)),
        ])
      )
    }
    return .object([
      ("seed", .string(String(settings.seed))),
      ("quick", .bool(settings.isQuick)),
      ("response", .string("output")),
      ("analyses", .array(settings.analyses.map { .string($0.rawValue) })),
      ("datasets", .object(datasets)),
      (
        "network",
        .object([
          ("width", .integer(settings.width)),
          ("depths", .array(settings.depths.map { .integer($0) })),
          ("reference_depth", .integer(settings.referenceDepth)),
          (
            "activations",
            .array(settings.activations.map { .string($0.rawValue) })
          ),
          ("noise_levels", .array(settings.noiseLevels.map { .number($0) })),
          ("training", .object(training)),
        ])
      ),
      ("budget", budget(settings.budget)),
      ("reference_budget", budget(settings.referenceBudget)),
      (
        "versions",
        .object(SoftwareVersions.all.map { ($0.0, .string($0.1)) })
      ),
      (
        "configurations",
        .array(
          outcome.results.map { result in
            .object([
              ("label", .string(result.configuration.label)),
              ("architecture", .string(result.architecture)),
              ("test_loss", .number(result.test.meanLoss)),
              (
                "test_accuracy",
                result.test.accuracy.map(JSONValue.number) ?? .null
              ),
              ("kendall_tau", result.kendallTau.map(JSONValue.number) ?? .null),
              ("ground_truth_failures", .integer(result.failures)),
            ])
          })
      ),
    ])
  }
}

/// The two closed-form quantities whose error the analyses bound.
enum AnalysisQuantity: String, CaseIterable {
  case compensation
  case importance

  /// The order the theory predicts for smooth activations.
  var smoothOrder: Double { self == .compensation ? 2 : 3 }
  var symbol: String { self == .compensation ? "β" : "I" }

  func bound(_ layer: LayerAnalysis) -> EmpiricalBound {
    self == .compensation ? layer.compensationBound : layer.importanceBound
  }
  func curves(_ layer: LayerAnalysis) -> [ErrorCurve] {
    self == .compensation ? layer.compensationCurves : layer.importanceCurves
  }
  func theoryConstant(_ theory: TheoryComparison) -> Double {
    self == .compensation
      ? theory.compensationConstant : theory.importanceConstant
  }
  func theoryRatio(_ theory: TheoryComparison) -> Double {
    self == .compensation ? theory.compensationRatio : theory.importanceRatio
  }
}
