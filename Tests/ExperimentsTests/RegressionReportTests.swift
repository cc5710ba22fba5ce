import Experiments
import Foundation
import FoundationXML
import NeuralNetwork
import Pruning
import Testing

/// Checks the pruning report of a regression sweep: the loss is named, and no
/// file carries an accuracy column, field, plot or sentence.
@Suite struct RegressionReportTests {
  /// Writes the shared sweep's report with `names` into a new folder and
  /// returns the folder and the file names written.
  static func written(_ names: PruningReportNames = PruningReportNames())
    throws -> (folder: String, files: [String])
  {
    let outcome = try RegressionFixture.outcome.get()
    let folder = try RegressionFixture.temporaryFolder()
    let paths = try PruningReport.write(outcome, to: folder, names: names)
    return (folder, paths.map { ($0 as NSString).lastPathComponent })
  }

  static func text(_ folder: String, _ name: String) throws -> String {
    try String(contentsOfFile: folder + "/" + name, encoding: .utf8)
  }

  @Test func writesThePromisedFilesAndNoAccuracyPlot() throws {
    let (folder, files) = try Self.written()
    let expected = PruningReport.fileNames(
      RegressionFixture.settings, loss: .meanSquaredError)
    #expect(files == expected)
    #expect(
      try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        == expected.sorted())
    #expect(!files.contains { $0.contains("accuracy") })
    // One loss plot per scope and budget.
    #expect(files.filter { $0.hasSuffix(".svg") }.count == 4)
  }

  @Test func tablesAndMetadataHaveNoAccuracy() throws {
    let (folder, _) = try Self.written()
    let outcome = try RegressionFixture.outcome.get()

    // The CSV: the loss column, no accuracy column, a row per
    // configuration.
    let csv = try Self.text(folder, "pruning.csv")
    let lines = csv.split(separator: "\n")
    #expect(
      lines.first?.hasPrefix(
        "criterion,scope,ratio,fine_tune_epochs,test_loss,removed_fraction")
        == true)
    #expect(!csv.contains("accuracy"))
    #expect(lines.count == 1 + outcome.rows.count)

    // The JSON parses, names the loss, and has no accuracy anywhere.
    let jsonText = try Self.text(folder, "pruning.json")
    #expect(!jsonText.contains("accuracy"))
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(jsonText.utf8))
        as? [String: Any])
    #expect(object["loss"] as? String == "mse")
    let rows = try #require(object["rows"] as? [[String: Any]])
    #expect(rows.count == outcome.rows.count)
    #expect(rows.allSatisfy { ($0["test_loss"] as? Double)?.isFinite == true })
  }

  @Test func pageNamesTheLossAndNoAccuracyOrChance() throws {
    let (folder, _) = try Self.written()
    let page = try Self.text(folder, "pruning.md")
    #expect(page.hasPrefix("# Pruning sweep\n"))
    #expect(page.contains("2-16-16-1 tanh network"))
    #expect(page.contains("Test loss (mean squared error):"))
    #expect(page.contains("## Where the method wins and where it loses"))
    #expect(page.contains("From ratio 0.7 up, "))
    for word in ["accura", "chance", "cross-entropy", "softmax", "%)"] {
      #expect(!page.contains(word), "the page mentions '\(word)'")
    }
    #expect(!page.contains("nan"))
  }

  /// The findings name, for every panel, the criterion whose loss the
  /// rows show to be lowest at the highest ratio.
  @Test func findingsFollowTheNumbers() throws {
    let (folder, _) = try Self.written()
    let page = try Self.text(folder, "pruning.md")
    let outcome = try RegressionFixture.outcome.get()
    let top = try #require(RegressionFixture.settings.ratios.max())
    for scope in SelectionScope.allCases {
      for epochs in [0, 1] {
        let rows = outcome.rows.filter {
          $0.scope == scope && $0.fineTuneEpochs == epochs && $0.ratio == top
        }
        let best = try #require(rows.min { $0.testLoss < $1.testLoss })
        let tuning = epochs == 0 ? "without fine-tuning" : "after 1 epoch"
        let line = try #require(
          page.split(separator: "\n").first {
            $0.hasPrefix("- \(scope.rawValue.capitalized) scope, \(tuning)")
          })
        // The part of the line that names the winner lists the top ratio.
        let part = try #require(
          line.split(separator: ";").first {
            $0.contains(best.criterion.rawValue + " at ")
          })
        #expect(part.contains("\(top)"), "\(line)")
      }
    }
  }

  @Test func everyPlotIsWellFormedXML() throws {
    let (folder, files) = try Self.written()
    for name in files where name.hasSuffix(".svg") {
      let url = URL(fileURLWithPath: folder + "/" + name)
      let document = try XMLDocument(contentsOf: url)
      #expect(document.rootElement()?.name == "svg", "\(name)")
      let svg = try Self.text(folder, name)
      #expect(svg.contains("test mean squared error (log scale)"))
    }
  }

  /// Two reports, one per noise level, can share one folder.
  @Test func chosenNamesLetReportsSitSideBySide() throws {
    let first = PruningReportNames(
      title: "Pruning sweep, noise 0.05", filePrefix: "pruning-noise-0.05",
      plotPrefix: "noise-0.05-", regenerateCommand: "make regression")
    let (folder, files) = try Self.written(first)
    #expect(files.contains("pruning-noise-0.05.md"))
    #expect(files.contains("noise-0.05-loss-global-finetune0.svg"))
    #expect(files.allSatisfy { !$0.hasPrefix("pruning.") })
    let page = try Self.text(folder, "pruning-noise-0.05.md")
    #expect(page.hasPrefix("# Pruning sweep, noise 0.05\n"))
    #expect(page.contains("Regenerate with `make regression`."))
    #expect(page.contains("](noise-0.05-loss-layer-finetune1.svg)"))

    // A second report into the same folder leaves the first alone.
    let outcome = try RegressionFixture.outcome.get()
    let second = PruningReportNames(
      filePrefix: "pruning-noise-0.1", plotPrefix: "noise-0.1-")
    let paths = try PruningReport.write(outcome, to: folder, names: second)
    let contents = try FileManager.default.contentsOfDirectory(atPath: folder)
    #expect(contents.count == files.count + paths.count)
  }
}
