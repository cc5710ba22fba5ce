import Datasets
import FileIO
import NeuralNetwork
import Pruning
import Reporting

/// Writes the diffusion–sorption experiment into one folder: a pruning
/// report per noise level (named by `names(noise:)`) and an overview of
/// all levels, `diffusion-sorption.md`, `.csv`, `.json` and `.svg`.
///
/// The files depend only on the outcome's numbers and settings, never on
/// the clock, so a rerun with the same seed writes the same bytes.
public enum DiffusionSorptionReport {
  /// The start of the overview's file names.
  public static let overviewPrefix = "diffusion-sorption"

  /// The criteria the overview plot draws: the method, its nonlinear
  /// baseline and magnitude, each with its own line style.
  static let plottedCriteria: [(Criterion, LineChart.LineStyle)] = [
    (.eliminationCompensation, .solid), (.nonlinearCompensation, .dashed),
    (.magnitude, .dotted),
  ]

  /// Writes every file into `folder` and returns their paths, in the
  /// order of `fileNames(_:)`.
  ///
  /// - Throws: `InputError` naming the file that `AtomicFile.write` could
  ///   not write. Each file is written whole or not at all.
  public static func write(
    _ outcome: DiffusionSorptionOutcome, to folder: String
  )
    throws -> [String]
  {
    let prefix = folder.hasSuffix("/") ? folder : folder + "/"
    let overview: [(String, String)] = [
      (overviewPrefix + ".md", DiffusionSorptionReportPage.markdown(outcome)),
      (overviewPrefix + ".csv", table(outcome).csv()),
      (overviewPrefix + ".json", json(outcome).rendered()),
      (overviewPrefix + ".svg", chart(outcome).svg()),
    ]
    var paths: [String] = []
    for (name, text) in overview {
      try AtomicFile.write(text: text, to: prefix + name)
      paths.append(prefix + name)
    }
    for level in outcome.levels {
      paths += try PruningReport.write(
        level.sweep, to: folder, names: names(noise: level.noise))
    }
    return paths
  }

  /// Returns the overview page's findings, one paragraph per finding, for
  /// the index of the reports folder.
  public static func findings(_ outcome: DiffusionSorptionOutcome) -> String {
    DiffusionSorptionFindings.paragraphs(outcome).joined(separator: "\n\n")
  }

  /// Returns the names of the files `write` creates for a run with
  /// `settings`, for checking them up front.
  public static func fileNames(_ settings: DiffusionSorptionSweepSettings)
    -> [String]
  {
    let overview = ["md", "csv", "json", "svg"].map {
      overviewPrefix + "." + $0
    }
    return overview
      + settings.noiseLevels.flatMap {
        PruningReport.fileNames(
          settings.seededSweep, loss: .meanSquaredError,
          names: names(noise: $0))
      }
  }

  /// Returns the title and file names of one level's pruning report, for
  /// example `pruning-noise-0.05.md` with plots `noise-0.05-…svg`.
  public static func names(noise: Double) -> PruningReportNames {
    let label = noiseLabel(noise)
    return PruningReportNames(
      title: "Pruning sweep on diffusion–sorption, noise "
        + noisePercent(noise),
      filePrefix: "pruning-noise-" + label, plotPrefix: "noise-\(label)-")
  }

  /// Returns `noise` with at least two decimals and as many more as it
  /// needs to read back exactly: `0.00`, `0.05`, `0.10`, `0.125`.
  static func noiseLabel(_ noise: Double) -> String {
    for decimals in 2...8 {
      let text = NumberFormat.fixed(noise, decimals: decimals)
      if Double(text) == noise { return text }
    }
    return "\(noise)"
  }

  /// Returns `noise` as a percentage for sentences: `0 %`, `5 %`, `10 %`.
  static func noisePercent(_ noise: Double) -> String {
    NumberFormat.significant(noise * 100, digits: 6) + " %"
  }

  // MARK: Overview table

  /// Returns the global-scope test losses without fine-tuning of
  /// `criterion` at `level`, by ratio.
  static func losses(
    _ level: DiffusionSorptionLevel, criterion: Criterion
  ) -> [Double: Double] {
    var losses: [Double: Double] = [:]
    for row in level.sweep.rows
    where row.criterion == criterion && row.scope == .global
      && row.fineTuneEpochs == 0
    {
      losses[row.ratio] = row.testLoss
    }
    return losses
  }

  /// Returns the overview table: a row per (noise level, criterion) with
  /// the unpruned test loss and the test loss at each compared ratio,
  /// global scope, without fine-tuning. An empty cell is a ratio the
  /// sweep did not measure.
  static func table(_ outcome: DiffusionSorptionOutcome) -> Table {
    let ratios = outcome.settings.comparedRatios
    var table = Table(
      columns: ["noise", "criterion", "unpruned_test_loss"]
        + ratios.map { "test_loss_ratio_\($0)" })
    for level in outcome.levels {
      for criterion in level.sweep.settings.criteria {
        let losses = losses(level, criterion: criterion)
        table.append(
          [
            noiseLabel(level.noise), criterion.rawValue,
            "\(level.unprunedTest.meanLoss)",
          ] + ratios.map { losses[$0].map { "\($0)" } ?? "" })
      }
    }
    return table
  }

  // MARK: Plot

  /// Returns the overview plot: test loss against ratio, global scope,
  /// without fine-tuning, one line per noise level and plotted criterion.
  /// A level's colour is the same for every criterion.
  static func chart(_ outcome: DiffusionSorptionOutcome) -> LineChart {
    var series: [LineChart.Series] = []
    for (criterion, style) in plottedCriteria {
      for (index, level) in outcome.levels.enumerated() {
        let rows = level.sweep.rows.filter {
          $0.criterion == criterion && $0.scope == .global
            && $0.fineTuneEpochs == 0
        }
        guard !rows.isEmpty else { continue }
        series.append(
          LineChart.Series(
            name: "\(criterion.rawValue), noise \(noisePercent(level.noise))",
            x: rows.map(\.ratio), y: rows.map(\.testLoss), style: style,
            showsMarkers: criterion == .eliminationCompensation,
            paletteIndex: index))
      }
    }
    return LineChart(
      title: "Test loss after pruning by noise level, global scope, "
        + "no fine-tuning",
      xLabel: "pruning ratio (fraction of weights removed)",
      yLabel: "test mean squared error (log scale)",
      yScale: .logarithmic, xRange: 0...1, series: series,
      referenceLines: [
        LineChart.ReferenceLine(
          label: "test-target variance",
          form: .affine(intercept: outcome.testTargetVariance, slope: 0),
          style: .dotted, paletteIndex: 6)
      ], height: 520)
  }

  // MARK: Metadata

  /// Returns the run's metadata and each level's unpruned figures as
  /// JSON. The rows live in each level's own report.
  static func json(_ outcome: DiffusionSorptionOutcome) -> JSONValue {
    let settings = outcome.settings
    let data = settings.data
    let physics = data.physics
    let sweep = settings.seededSweep
    let architecture =
      outcome.levels.first?.sweep.architecture
      ?? settings.layerSizes.map(String.init).joined(separator: "-")
    let levels = outcome.levels.map { level -> JSONValue in
      .object([
        ("noise", .number(level.noise)),
        ("unpruned_training_loss", .number(level.unprunedTraining.meanLoss)),
        ("unpruned_test_loss", .number(level.unprunedTest.meanLoss)),
        (
          "nonlinear_compensation",
          PruningReport.coverageJSON(level.sweep.nonlinearCoverage)
        ),
        ("report", .string(names(noise: level.noise).filePrefix + ".md")),
      ])
    }
    return .object([
      // A string, so that readers whose numbers are doubles keep all 64
      // bits.
      ("seed", .string(String(settings.seed))),
      (
        "data",
        .object([
          ("name", .string("diffusion-sorption")),
          ("diffusion_coefficient", .number(physics.diffusionCoefficient)),
          ("porosity", .number(physics.porosity)),
          ("bulk_density", .number(physics.bulkDensity)),
          ("freundlich_coefficient", .number(physics.freundlichCoefficient)),
          ("freundlich_exponent", .number(physics.freundlichExponent)),
          ("sorption", .bool(physics.sorption)),
          ("cells", .integer(data.cellCount)),
          ("times", .integer(data.timeCount)),
          ("end_time", .number(data.endTime)),
          ("absolute_tolerance", .number(data.absoluteTolerance)),
          ("relative_tolerance", .number(data.relativeTolerance)),
          ("trajectories", .integer(settings.sampling.trajectoryCount)),
          (
            "training_trajectories",
            .integer(settings.sampling.trainingTrajectoryCount)
          ),
          ("training_samples", .integer(settings.sampling.trainingPointCount)),
          ("test_samples", .integer(settings.sampling.testPointCount)),
          ("test_target_variance", .number(outcome.testTargetVariance)),
          (
            "training_target_standard_deviation",
            .number(outcome.trainingTargetDeviation)
          ),
        ])
      ),
      ("noise_levels", .array(settings.noiseLevels.map { .number($0) })),
      ("network", .string(architecture)),
      ("loss", .string(Loss.meanSquaredError.rawValue)),
      (
        "training",
        .object([
          ("optimizer", .string("adam")),
          ("epochs", .integer(settings.epochs)),
          ("batch_size", .integer(settings.batchSize)),
          ("learning_rate", .number(settings.learningRate)),
        ])
      ),
      (
        "sweep",
        .object([
          ("criteria", .array(sweep.criteria.map { .string($0.rawValue) })),
          ("scopes", .array(sweep.scopes.map { .string($0.rawValue) })),
          ("ratios", .array(sweep.ratios.map { .number($0) })),
          (
            "fine_tune_epochs",
            .array(sweep.fineTuneEpochs.map { .integer($0) })
          ),
          ("response", .string(sweep.response.rawValue)),
          ("scoring_samples", .integer(sweep.scoringSampleCount)),
          ("ground_truth_samples", .integer(sweep.groundTruth.sampleCount)),
        ])
      ),
      ("overview_ratios", .array(settings.comparedRatios.map { .number($0) })),
      (
        "software",
        .object(SoftwareVersions.all.map { ($0.0, .string($0.1)) })
      ),
      ("levels", .array(levels)),
    ])
  }
}
