import Experiments
import Foundation
import FoundationXML
import Pruning
import Testing

/// Checks the diffusion–sorption experiment at its quick settings: every level
/// is swept with every criterion, and the report is complete and
/// reproducible.
@Suite struct DiffusionSorptionExperimentTests {
  /// Returns the quick settings with the trajectories cached in `folder`.
  static func settings(cacheFolder folder: String)
    -> DiffusionSorptionSweepSettings
  {
    var settings = DiffusionSorptionSweepSettings.quick
    settings.cacheFolder = folder
    return settings
  }

  /// The cache folder of the quick runs, new for this test process.
  static let cacheFolder = Result {
    try RegressionFixture.temporaryFolder() + "/cache"
  }

  /// One quick run, shared by the tests.
  static let outcome = Result {
    try DiffusionSorptionExperiment.run(
      settings(cacheFolder: try cacheFolder.get()))
  }

  /// Writes `outcome`'s report into a new folder and returns the folder
  /// and the file names written.
  static func written(_ outcome: DiffusionSorptionOutcome) throws
    -> (folder: String, files: [String])
  {
    let folder = try RegressionFixture.temporaryFolder()
    let paths = try DiffusionSorptionReport.write(outcome, to: folder)
    return (folder, paths.map { ($0 as NSString).lastPathComponent })
  }

  @Test func everyLevelHasRowsForEveryCriterion() throws {
    let outcome = try Self.outcome.get()
    let settings = outcome.settings
    #expect(outcome.levels.map(\.noise) == settings.noiseLevels)
    for level in outcome.levels {
      let sweep = settings.sweep
      for criterion in Criterion.allCases {
        let rows = level.sweep.rows.filter { $0.criterion == criterion }
        #expect(
          rows.count
            == sweep.scopes.count * sweep.ratios.count
            * sweep.fineTuneEpochs.count,
          "noise \(level.noise), \(criterion.rawValue)")
        #expect(rows.allSatisfy { $0.testLoss.isFinite })
      }
      #expect(level.sweep.nonlinearCoverage != nil)
    }
  }

  @Test func ratioZeroEqualsTheUnprunedLoss() throws {
    let outcome = try Self.outcome.get()
    for level in outcome.levels {
      let unpruned = level.unprunedTest.meanLoss
      #expect(unpruned == level.sweep.unpruned.meanLoss)
      #expect(unpruned < outcome.testTargetVariance)
      let rows = level.sweep.rows.filter {
        $0.ratio == 0 && $0.fineTuneEpochs == 0
      }
      #expect(!rows.isEmpty)
      for row in rows {
        #expect(
          row.testLoss == unpruned,
          "noise \(level.noise), \(row.criterion.rawValue), \(row.scope)")
      }
    }
  }

  @Test func writerProducesExactlyTheNamedFiles() throws {
    let outcome = try Self.outcome.get()
    let (folder, files) = try Self.written(outcome)
    let expected = DiffusionSorptionReport.fileNames(outcome.settings)
    #expect(files == expected)
    #expect(
      try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        == expected.sorted())
    #expect(expected.contains("pruning-noise-0.10.md"))
    #expect(expected.contains("noise-0.00-loss-global-finetune0.svg"))

    // The overview links every level's page, and the CSV has a row per
    // level and criterion.
    let page = try String(
      contentsOfFile: folder + "/diffusion-sorption.md", encoding: .utf8)
    for level in outcome.levels {
      let name = DiffusionSorptionReport.names(noise: level.noise)
      #expect(page.contains("(\(name.filePrefix).md)"))
    }
    #expect(!page.contains("nan"))
    #expect(!page.contains("NaN"))
    let csv = try String(
      contentsOfFile: folder + "/diffusion-sorption.csv", encoding: .utf8)
    #expect(
      csv.split(separator: "\n").count
        == 1 + outcome.levels.count * Criterion.allCases.count)
  }

  @Test func plotsParseAsXML() throws {
    let outcome = try Self.outcome.get()
    let (folder, files) = try Self.written(outcome)
    let plots = files.filter { $0.hasSuffix(".svg") }
    let sweep = outcome.settings.sweep
    #expect(
      plots.count
        == 1 + outcome.levels.count * sweep.scopes.count
        * sweep.fineTuneEpochs.count)
    for plot in plots {
      let document = try XMLDocument(
        contentsOf: URL(fileURLWithPath: folder + "/" + plot))
      #expect(document.rootElement()?.name == "svg", "\(plot)")
    }
  }

  /// The second run solves the trajectories again into the same cache
  /// path, which the reports name, so the solver's bytes are compared
  /// too.
  @Test func runningTwiceGivesIdenticalBytes() throws {
    let first = try Self.written(try Self.outcome.get())
    let cache = try Self.cacheFolder.get()
    try FileManager.default.removeItem(atPath: cache)
    let again = try DiffusionSorptionExperiment.run(
      Self.settings(cacheFolder: cache))
    let second = try Self.written(again)
    #expect(first.files == second.files)
    for name in first.files {
      let firstBytes = try Data(
        contentsOf: URL(fileURLWithPath: first.folder + "/" + name))
      let secondBytes = try Data(
        contentsOf: URL(fileURLWithPath: second.folder + "/" + name))
      #expect(firstBytes == secondBytes, "\(name) differs between two runs")
    }
  }
}
