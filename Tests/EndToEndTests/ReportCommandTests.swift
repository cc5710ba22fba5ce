import Foundation
import Testing

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// Runs `ecprune report --quick` twice into fresh folders, once with
/// OPENBLAS_NUM_THREADS set to 2 and once to 1: every expected file is there
/// and well formed, and the second run writes the same bytes as the first,
/// since the tool fixes OpenBLAS's thread count itself.
@Suite(
  .enabled(if: CommandRunner.executable != nil, "ecprune is not built"),
  .serialized)
struct ReportCommandTests {
  /// The files every quick report must hold, relative to its folder.
  static let expectedFiles = [
    "README.md", "model.safetensors", "training/training.md",
    "training/training.json", "pruning/pruning.md", "pruning/pruning.csv",
    "pruning/pruning.json", "verification/verification.md",
    "verification/verification.json", "analysis/perturbation.md",
    "analysis/depth.md", "analysis/noise.md", "analysis/ratio.md",
    "analysis/bounds.csv", "analysis/curves.csv", "analysis/ratios.csv",
    "analysis/configurations.csv", "analysis/analysis.json",
    "diffusion-sorption/diffusion-sorption.md",
  ]

  /// Runs the quick report in a new folder, with a cache of its own, and
  /// returns the reports folder. The paths are relative, as in `make
  /// report`, because the reports record the model file's path.
  static func runQuickReport(openBLASThreads: Int) throws -> String {
    let folder = try temporaryFolder()
    let result = try CommandRunner.run(
      ["report", "--quick", "--out-dir", "Reports", "--cache-dir", "cache"],
      in: folder, environment: ["OPENBLAS_NUM_THREADS": "\(openBLASThreads)"])
    #expect(result.status == 0, Comment(rawValue: result.standardError))
    return folder + "/Reports"
  }

  /// Returns every regular file under `folder`, as paths relative to it, sorted.
  static func files(under folder: String) -> [String] {
    let enumerator = FileManager.default.enumerator(atPath: folder)
    var paths: [String] = []
    while let path = enumerator?.nextObject() as? String {
      var isFolder: ObjCBool = false
      FileManager.default.fileExists(
        atPath: folder + "/" + path, isDirectory: &isFolder)
      if !isFolder.boolValue { paths.append(path) }
    }
    return paths.sorted()
  }

  @Test func quickReportIsCompleteWellFormedAndRepeatable() throws {
    let first = try Self.runQuickReport(openBLASThreads: 2)
    let second = try Self.runQuickReport(openBLASThreads: 1)
    let paths = Self.files(under: first)
    for expected in Self.expectedFiles {
      #expect(paths.contains(expected), "missing \(expected)")
    }
    #expect(paths == Self.files(under: second))

    for path in paths {
      let data = try Data(contentsOf: URL(fileURLWithPath: first + "/" + path))
      #expect(!data.isEmpty, "\(path) is empty")
      let other = try Data(
        contentsOf: URL(fileURLWithPath: second + "/" + path))
      #expect(data == other, "\(path) differs between two runs")

      // Each format parses: JSON, XML for the plots, a header and
      // rows of one width for CSV.
      if path.hasSuffix(".json") {
        #expect(
          (try? JSONSerialization.jsonObject(with: data)) != nil,
          "\(path) is not JSON")
      } else if path.hasSuffix(".svg") {
        #expect(
          (try? XMLDocument(data: data)) != nil, "\(path) is not XML")
      } else if path.hasSuffix(".csv") {
        let lines = String(decoding: data, as: UTF8.self).split(
          separator: "\n")
        #expect(lines.count >= 2, "\(path) has no rows")
      } else if path.hasSuffix(".md") {
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.hasPrefix("# "), "\(path) has no title")
        #expect(!text.contains("NaN"), "\(path) prints NaN")
      }
    }

    // The index links every page it names, and each link resolves.
    let index = try String(
      contentsOfFile: first + "/README.md", encoding: .utf8)
    for page in [
      "training/training.md", "pruning/pruning.md",
      "verification/verification.md", "analysis/perturbation.md",
      "analysis/depth.md", "analysis/noise.md", "analysis/ratio.md",
      "diffusion-sorption/diffusion-sorption.md",
    ] {
      #expect(index.contains("(\(page))"), "README.md does not link \(page)")
    }
  }
}
