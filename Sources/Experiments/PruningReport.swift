import FileIO
import NeuralNetwork
import Pruning
import Reporting
import Verification

/// Writes the report of a pruning sweep into a folder: `pruning.md`,
/// `pruning.csv`, `pruning.json` and one SVG plot per figure.
///
/// The files depend only on the sweep's numbers and settings, never on the
/// clock, so a rerun with the same seed writes the same bytes.
public enum PruningReport {
  /// Writes every file into `folder` and returns their paths.
  public static func write(_ outcome: SweepOutcome, to folder: String) throws
    -> [String]
  {
    let prefix = folder.hasSuffix("/") ? folder : folder + "/"
    var files: [(String, String)] = [
      ("pruning.md", markdown(outcome)),
      ("pruning.csv", table(outcome).csv()),
      ("pruning.json", json(outcome).rendered()),
    ]
    for plot in plots(outcome) {
      files.append((plot.fileName, plot.chart.svg()))
    }
    for (name, text) in files {
      try AtomicFile.write(text: text, to: prefix + name)
    }
    return files.map { prefix + $0.0 }
  }

  /// Returns the names of the files `write` creates, for checking them up
  /// front.
  public static func fileNames(_ settings: SweepSettings) -> [String] {
    var names = ["pruning.md", "pruning.csv", "pruning.json"]
    for (scope, epochs) in panels(settings) {
      for metric in Metric.allCases {
        names.append(plotName(metric, scope: scope, epochs: epochs))
      }
    }
    return names
  }

  /// Returns one row per configuration, with the CSV's columns.
  static func table(_ outcome: SweepOutcome) -> Table {
    let layerCount = outcome.rows.first?.removedFractions.count ?? 0
    var columns = [
      "criterion", "scope", "ratio", "fine_tune_epochs", "test_loss",
      "test_accuracy",
    ]
    columns += (0..<layerCount).map { "removed_fraction_layer_\($0)" }
    columns.append("zero_sensitivity_units")
    var table = Table(columns: columns)
    for row in outcome.rows {
      table.append(
        [
          row.criterion.rawValue, row.scope.rawValue, "\(row.ratio)",
          "\(row.fineTuneEpochs)", "\(row.testLoss)", "\(row.testAccuracy)",
        ] + row.removedFractions.map { "\($0)" }
          + [row.zeroSensitivityUnits.map(String.init) ?? ""])
    }
    return table
  }

  /// Returns what the nonlinear baseline's ground truth covered, or null
  /// when it did not run.
  static func coverageJSON(_ coverage: NonlinearCoverage?) -> JSONValue {
    guard let coverage else { return .null }
    return .object([
      ("solved_weights", .integer(coverage.solvedWeights)),
      ("total_weights", .integer(coverage.totalWeights)),
      ("failed_weights", .integer(coverage.failedWeights)),
      ("ground_truth_samples", .integer(coverage.sampleCount)),
      ("response", .string(Response.output.rawValue)),
    ])
  }

  /// Returns the rows and the run's metadata as JSON.
  static func json(_ outcome: SweepOutcome) -> JSONValue {
    let settings = outcome.settings
    let rows = outcome.rows.map { row -> JSONValue in
      .object([
        ("criterion", .string(row.criterion.rawValue)),
        ("scope", .string(row.scope.rawValue)),
        ("ratio", .number(row.ratio)),
        ("fine_tune_epochs", .integer(row.fineTuneEpochs)),
        ("test_loss", .number(row.testLoss)),
        ("test_accuracy", .number(row.testAccuracy)),
        ("removed_fractions", .array(row.removedFractions.map { .number($0) })),
        (
          "zero_sensitivity_units",
          row.zeroSensitivityUnits.map { .integer($0) } ?? .null
        ),
      ])
    }
    return .object([
      // The seed is a string so that readers whose numbers are doubles
      // keep all 64 bits.
      ("seed", .string(String(settings.seed))),
      (
        "dataset",
        outcome.dataset.json
      ),
      ("network", .string(outcome.architecture)),
      ("response", .string(settings.response.rawValue)),
      ("scoring_samples", .integer(settings.scoringSampleCount)),
      ("nonlinear_compensation", coverageJSON(outcome.nonlinearCoverage)),
      ("fine_tune_learning_rate", .number(settings.fineTuneLearningRate)),
      ("fine_tune_batch_size", .integer(settings.batchSize)),
      (
        "software",
        .object(SoftwareVersions.all.map { ($0.0, .string($0.1)) })
      ),
      (
        "unpruned",
        .object([
          ("test_loss", .number(outcome.unpruned.meanLoss)),
          ("test_accuracy", .number(outcome.unpruned.accuracy ?? .nan)),
        ])
      ),
      ("rows", .array(rows)),
      (
        "response_comparison",
        .array(
          outcome.responseRows.map { row in
            .object([
              ("criterion", .string(row.criterion.rawValue)),
              ("response", .string(row.response.rawValue)),
              ("scope", .string(row.scope.rawValue)),
              ("ratio", .number(row.ratio)),
              ("fine_tune_epochs", .integer(0)),
              ("test_loss", .number(row.testLoss)),
              ("test_accuracy", .number(row.testAccuracy)),
            ])
          })
      ),
    ])
  }

  // MARK: Plots

  enum Metric: CaseIterable {
    case accuracy
    case loss

    var column: String { self == .accuracy ? "accuracy" : "loss" }
  }

  struct Plot {
    let fileName: String
    let chart: LineChart
  }

  static func panels(_ settings: SweepSettings) -> [(SelectionScope, Int)] {
    settings.fineTuneEpochs.flatMap { epochs in
      settings.scopes.map { ($0, epochs) }
    }
  }

  static func plotName(_ metric: Metric, scope: SelectionScope, epochs: Int)
    -> String
  {
    "\(metric.column)-\(scope.rawValue)-finetune\(epochs).svg"
  }

  static func plots(_ outcome: SweepOutcome) -> [Plot] {
    panels(outcome.settings).flatMap { scope, epochs in
      Metric.allCases.map { metric in
        Plot(
          fileName: plotName(metric, scope: scope, epochs: epochs),
          chart: chart(outcome, metric: metric, scope: scope, epochs: epochs))
      }
    }
  }

  static func chart(
    _ outcome: SweepOutcome, metric: Metric, scope: SelectionScope,
    epochs: Int
  ) -> LineChart {
    var series: [LineChart.Series] = []
    for (index, criterion) in outcome.settings.criteria.enumerated() {
      let rows = outcome.rows.filter {
        $0.criterion == criterion && $0.scope == scope
          && $0.fineTuneEpochs == epochs
      }
      series.append(
        LineChart.Series(
          name: criterion.rawValue, x: rows.map(\.ratio),
          y: rows.map { metric == .accuracy ? $0.testAccuracy : $0.testLoss },
          showsMarkers: true, paletteIndex: index))
    }
    let reference =
      metric == .accuracy
      ? outcome.unpruned.accuracy ?? .nan : outcome.unpruned.meanLoss
    let tuning = epochs == 0 ? "no fine-tuning" : "\(epochs) epoch fine-tuning"
    return LineChart(
      title:
        "Test \(metric.column) after pruning, \(scope.rawValue) scope, "
        + tuning,
      xLabel: "pruning ratio (fraction of weights removed)",
      yLabel: metric == .accuracy ? "test accuracy" : "test loss (log scale)",
      yScale: metric == .accuracy ? .linear : .logarithmic,
      xRange: 0...1, yRange: metric == .accuracy ? 0...1 : nil,
      series: series,
      referenceLines: [
        LineChart.ReferenceLine(
          label: "unpruned", form: .affine(intercept: reference, slope: 0),
          style: .dotted, paletteIndex: 6)
      ])
  }
}
