import FileIO
import NeuralNetwork
import Pruning
import Reporting
import Verification

/// Writes the report of a pruning sweep into a folder: the Markdown page,
/// the CSV table, the JSON metadata and one SVG plot per figure, named by
/// `PruningReportNames` (by default `pruning.md`, `pruning.csv`,
/// `pruning.json`).
///
/// The figures follow the data's loss: a classifier's report shows test
/// accuracy and cross-entropy, a regression's report the loss alone, with
/// no accuracy column, field or plot. The files depend only on the
/// sweep's numbers and settings, never on the clock, so a rerun with the
/// same seed writes the same bytes.
public enum PruningReport {
  /// Writes every file into `folder` and returns their paths.
  ///
  /// - Throws: `InputError` naming the file that `AtomicFile.write` could
  ///   not write. Each file is written whole or not at all.
  public static func write(
    _ outcome: SweepOutcome, to folder: String,
    names: PruningReportNames = PruningReportNames()
  ) throws -> [String] {
    let prefix = folder.hasSuffix("/") ? folder : folder + "/"
    var files: [(String, String)] = [
      (names.markdownName, markdown(outcome, names: names)),
      (names.csvName, table(outcome).csv()),
      (names.jsonName, json(outcome).rendered()),
    ]
    for plot in plots(outcome, names: names) {
      files.append((plot.fileName, plot.chart.svg()))
    }
    for (name, text) in files {
      try AtomicFile.write(text: text, to: prefix + name)
    }
    return files.map { prefix + $0.0 }
  }

  /// Returns the names of the files `write` creates for a sweep with
  /// `settings` on data with `loss`, for checking them up front.
  public static func fileNames(
    _ settings: SweepSettings, loss: Loss = .softmaxCrossEntropy,
    names: PruningReportNames = PruningReportNames()
  ) -> [String] {
    var fileNames = [names.markdownName, names.csvName, names.jsonName]
    for (scope, epochs) in panels(settings) {
      for metric in Metric.shown(for: loss) {
        fileNames.append(
          plotName(metric, scope: scope, epochs: epochs, names: names))
      }
    }
    return fileNames
  }

  /// Returns one row per configuration, with the CSV's columns; the
  /// accuracy column only when the targets are classes.
  static func table(_ outcome: SweepOutcome) -> Table {
    let layerCount = outcome.rows.first?.removedFractions.count ?? 0
    let accuracy = outcome.reportsAccuracy
    var columns = [
      "criterion", "scope", "ratio", "fine_tune_epochs", "test_loss",
    ]
    if accuracy { columns.append("test_accuracy") }
    columns += (0..<layerCount).map { "removed_fraction_layer_\($0)" }
    columns.append("zero_sensitivity_units")
    var table = Table(columns: columns)
    for row in outcome.rows {
      var cells = [
        row.criterion.rawValue, row.scope.rawValue, "\(row.ratio)",
        "\(row.fineTuneEpochs)", "\(row.testLoss)",
      ]
      if accuracy { cells.append(row.testAccuracy.map { "\($0)" } ?? "") }
      table.append(
        cells + row.removedFractions.map { "\($0)" }
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
  ///
  /// The `test_accuracy` fields appear only when the targets are classes.
  static func json(_ outcome: SweepOutcome) -> JSONValue {
    let settings = outcome.settings
    let accuracy = outcome.reportsAccuracy
    func figures(loss: Double, accuracy value: Double?)
      -> [(String, JSONValue)]
    {
      var members: [(String, JSONValue)] = [("test_loss", .number(loss))]
      if accuracy { members.append(("test_accuracy", .number(value ?? .nan))) }
      return members
    }
    let rows = outcome.rows.map { row -> JSONValue in
      .object(
        [
          ("criterion", .string(row.criterion.rawValue)),
          ("scope", .string(row.scope.rawValue)),
          ("ratio", .number(row.ratio)),
          ("fine_tune_epochs", .integer(row.fineTuneEpochs)),
        ] + figures(loss: row.testLoss, accuracy: row.testAccuracy) + [
          (
            "removed_fractions",
            .array(row.removedFractions.map { .number($0) })
          ),
          (
            "zero_sensitivity_units",
            row.zeroSensitivityUnits.map { .integer($0) } ?? .null
          ),
        ])
    }
    let responseRows = outcome.responseRows.map { row -> JSONValue in
      .object(
        [
          ("criterion", .string(row.criterion.rawValue)),
          ("response", .string(row.response.rawValue)),
          ("scope", .string(row.scope.rawValue)),
          ("ratio", .number(row.ratio)),
          ("fine_tune_epochs", .integer(0)),
        ] + figures(loss: row.testLoss, accuracy: row.testAccuracy))
    }

    var members: [(String, JSONValue)] = [
      // The seed is a string so that readers whose numbers are doubles
      // keep all 64 bits.
      ("seed", .string(String(settings.seed))),
      ("dataset", outcome.dataset.json),
      ("network", .string(outcome.architecture)),
      ("response", .string(settings.response.rawValue)),
    ]
    // NOTE: the classifier's report predates this field and names no
    // loss, so that Reports/pruning stays byte-identical. Cross-entropy
    // is the loss wherever the field is missing.
    if outcome.loss != .softmaxCrossEntropy {
      members.append(("loss", .string(outcome.loss.rawValue)))
    }
    members += [
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
        .object(
          figures(
            loss: outcome.unpruned.meanLoss,
            accuracy: outcome.unpruned.accuracy))
      ),
      ("rows", .array(rows)),
      ("response_comparison", .array(responseRows)),
    ]
    return .object(members)
  }

  // MARK: Plots

  enum Metric: CaseIterable {
    case accuracy
    case loss

    var column: String { self == .accuracy ? "accuracy" : "loss" }

    /// Returns the metrics plotted for data with `loss`, which include
    /// the accuracy only for classes.
    static func shown(for loss: Loss) -> [Metric] {
      loss.takesClasses ? allCases : [.loss]
    }
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

  static func plotName(
    _ metric: Metric, scope: SelectionScope, epochs: Int,
    names: PruningReportNames
  ) -> String {
    names.plotPrefix
      + "\(metric.column)-\(scope.rawValue)-finetune\(epochs).svg"
  }

  static func plots(_ outcome: SweepOutcome, names: PruningReportNames)
    -> [Plot]
  {
    panels(outcome.settings).flatMap { scope, epochs in
      Metric.shown(for: outcome.loss).map { metric in
        Plot(
          fileName: plotName(
            metric, scope: scope, epochs: epochs, names: names),
          chart: chart(outcome, metric: metric, scope: scope, epochs: epochs))
      }
    }
  }

  /// Returns the loss axis's label. The classifier's plots keep their
  /// earlier `test loss`, and other losses are named.
  static func lossAxisLabel(_ loss: Loss) -> String {
    let name = loss.takesClasses ? "loss" : loss.reportName
    return "test \(name) (log scale)"
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
          y: rows.map {
            metric == .accuracy ? $0.testAccuracy ?? .nan : $0.testLoss
          },
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
      yLabel: metric == .accuracy
        ? "test accuracy" : lossAxisLabel(outcome.loss),
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
