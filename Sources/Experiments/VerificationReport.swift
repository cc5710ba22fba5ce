import FileIO
import NeuralNetwork
import Reporting
import Verification

/// Writes the report of `ecprune verify` into a folder: `verification.md`,
/// `verification.json`, one CSV per table and the SVG plots.
///
/// The files depend only on the run's numbers and settings, never on the
/// clock, so a rerun with the same seed writes the same bytes.
public enum VerificationReport {
  /// The Markdown page's file name.
  public static let pageName = "verification.md"

  /// The tolerance below which a relative error counts as exact to
  /// rounding in the tables: the ground truth is good to about 1e-12
  /// relative, so 1e-8 leaves a wide margin above it.
  static let exactTolerance = 1e-8

  /// Writes every file into `folder` and returns their paths.
  public static func write(_ outcome: VerificationOutcome, to folder: String)
    throws -> [String]
  {
    let prefix = folder.hasSuffix("/") ? folder : folder + "/"
    var files: [(String, String)] = [
      (pageName, markdown(outcome)),
      ("verification.json", json(outcome).rendered()),
      ("derivatives.csv", derivativeTable(outcome).csv()),
      ("layers.csv", layerTable(outcome).csv()),
      ("taylor.csv", taylorTable(outcome).csv()),
      ("overlap.csv", overlapTable(outcome).csv()),
      ("pruning.csv", pruningTable(outcome).csv()),
    ]
    for plot in plots(outcome) {
      files.append((plot.fileName, plot.chart.svg()))
    }
    for (name, text) in files {
      try AtomicFile.write(text: text, to: prefix + name)
    }
    return files.map { prefix + $0.0 }
  }

  /// Returns the names of the files `write` creates for a network of
  /// `layerCount` layers, for checking them up front.
  public static func fileNames(layerCount: Int) -> [String] {
    [
      pageName, "verification.json", "derivatives.csv", "layers.csv",
      "taylor.csv", "overlap.csv", "pruning.csv",
    ] + plotNames(layerCount: layerCount)
  }

  // MARK: Tables

  /// Returns one row per derivative check and layer, then the check's
  /// total.
  static func derivativeTable(_ outcome: VerificationOutcome) -> Table {
    var table = Table(columns: [
      "check", "layer", "checked", "smooth", "kinks", "failed",
      "max_relative_error", "tolerance",
    ])
    let checks = [
      ("sensitivity", outcome.sensitivityCheck),
      ("gradient", outcome.gradientCheck),
    ]
    for (name, check) in checks {
      let tallies =
        check.perLayer.enumerated().map { ("\($0)", $1) }
        + [("all", check.total)]
      for (layer, tally) in tallies {
        table.append([
          name, layer, "\(tally.checked)", "\(tally.smooth)",
          "\(tally.kinks)", "\(tally.failed)", "\(tally.maxRelativeError)",
          "\(check.tolerance)",
        ])
      }
    }
    return table
  }

  /// Returns one row per layer with the closed form's errors, rank
  /// agreement and the solver's self-check.
  static func layerTable(_ outcome: VerificationOutcome) -> Table {
    var columns = [
      "layer", "weights", "solved", "ground_truth_failures",
      "zero_sensitivity_units",
    ]
    for quantity in ["compensation", "importance"] {
      columns += [
        "compared", "both_zero", "zero_truth", "floor",
        "median_relative_error", "max_relative_error", "within_1e-8",
      ].map { "\(quantity)_\($0)" }
    }
    columns += [
      "zero_importance", "zero_true_importance", "kendall_tau_b",
      "self_check_compared", "self_check_agreeing",
      "self_check_batched_lower", "self_check_reference_lower",
      "self_check_equal_objective", "self_check_unsolved",
    ]
    var table = Table(columns: columns)
    for layer in outcome.layers {
      var cells = [
        "\(layer.layer)", "\(layer.weightCount)", "\(layer.solvedCount)",
        "\(layer.groundTruthFailures)", "\(layer.zeroSensitivityUnits.count)",
      ]
      for summary in [layer.compensationError, layer.importanceError] {
        cells += [
          "\(summary.count)", "\(summary.bothZero)", "\(summary.zeroTruth)",
          "\(summary.floor)",
          "\(summary.median)", "\(summary.maximum)",
          "\(summary.count(within: exactTolerance))",
        ]
      }
      let check = layer.selfCheck
      cells += [
        "\(layer.zeroImportanceCount)", "\(layer.zeroTrueImportanceCount)",
        layer.kendallTau.map { "\($0)" } ?? "", "\(check.compared)",
        "\(check.agreeing)", "\(check.batchedLower)",
        "\(check.referenceLower)", "\(check.equalObjective)",
        "\(check.unsolved)",
      ]
      table.append(cells)
    }
    return table
  }

  /// Returns one row per Taylor-tested weight with its observed orders.
  static func taylorTable(_ outcome: VerificationOutcome) -> Table {
    var table = Table(columns: [
      "layer", "row", "column", "chosen", "closed_form_compensation",
      "closed_form_importance", "compensation_order",
      "compensation_constant", "compensation_rounding_from",
      "importance_order", "importance_constant", "importance_rounding_from",
      "failure",
    ])
    for taylor in outcome.taylorCases.joined() {
      let weight = taylor.weight
      func orderCells(_ order: ObservedOrder?) -> [String] {
        guard let order else { return ["", "", ""] }
        return [
          "\(order.fittedOrder)", "\(order.constant)",
          order.roundingReachedAt.map { "\($0)" } ?? "",
        ]
      }
      table.append(
        [
          "\(weight.layer)", "\(weight.row)", "\(weight.column)",
          taylor.isLargest ? "largest" : "random", "\(taylor.compensation)",
          "\(taylor.importance)",
        ] + orderCells(taylor.result?.compensation)
          + orderCells(taylor.result?.importance) + [taylor.failure ?? ""])
    }
    return table
  }

  /// Returns one row per ratio with the global and per-layer top-k
  /// overlaps.
  static func overlapTable(_ outcome: VerificationOutcome) -> Table {
    var table = Table(
      columns: ["ratio", "global"]
        + outcome.layers.map { "layer_\($0.layer)" })
    for row in outcome.overlaps {
      table.append(
        ["\(row.ratio)", "\(row.global)"] + row.perLayer.map { "\($0)" })
    }
    return table
  }

  /// Returns one row per ratio and bias compensation.
  static func pruningTable(_ outcome: VerificationOutcome) -> Table {
    var table = Table(columns: [
      "ratio", "compensation", "test_loss", "test_accuracy", "objective",
      "refit_iterations", "refit_converged",
    ])
    for row in outcome.compensationRows {
      table.append([
        "\(row.ratio)", row.compensation.rawValue, "\(row.testLoss)",
        "\(row.testAccuracy)", "\(row.objective)",
        row.iterations.map(String.init) ?? "",
        row.converged.map { "\($0)" } ?? "",
      ])
    }
    return table
  }
}
