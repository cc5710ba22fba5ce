import Experiments
import Foundation
import FoundationXML
import Testing

/// Runs the quick analyses on diffusion–sorption (no files needed) and
/// checks the report: the files `fileNames` promises, plots that parse as
/// XML, and the same bytes from a second run with the same seed.
@Suite(.serialized) struct AnalysisReportTests {
  static func run(into folder: String, cache: String) throws -> [String] {
    var settings = AnalysisSettings.quick
    settings.datasets = [.diffusionSorption]
    var sources = AnalysisDataSources.quick
    sources.cacheFolder = cache
    let outcome = try ErrorAnalysisExperiment.run(
      settings,
      data: { dataset, noise in
        try sources.load(dataset, noise: noise, seed: settings.seed)
      })
    #expect(outcome.results.count == settings.configurations.count)
    #expect(outcome.results.allSatisfy { $0.failures == 0 })
    return try AnalysisReport.write(outcome, to: folder)
  }

  @Test func quickReportIsCompleteAndRepeatable() throws {
    let root = try RegressionFixture.temporaryFolder()
    let first = try Self.run(into: root + "/first", cache: root + "/cache")
    let second = try Self.run(into: root + "/second", cache: root + "/cache")

    var settings = AnalysisSettings.quick
    settings.datasets = [.diffusionSorption]
    let expected = AnalysisReport.fileNames(settings).sorted()
    #expect(
      first.map { ($0 as NSString).lastPathComponent }.sorted() == expected)
    for (path, other) in zip(first, second) {
      let data = try Data(contentsOf: URL(fileURLWithPath: path))
      #expect(
        data == (try Data(contentsOf: URL(fileURLWithPath: other))),
        "\(path) differs between two runs with one seed")
      if path.hasSuffix(".svg") {
        #expect((try? XMLDocument(data: data)) != nil, "\(path) is not XML")
      }
      if path.hasSuffix(".json") {
        #expect((try? JSONSerialization.jsonObject(with: data)) != nil)
        let text = String(decoding: data, as: UTF8.self)
        #expect(
          !text.contains("timestamp") && !text.contains("\"date\""),
          "\(path) records when it ran")
      }
    }
  }

  @Test func tanhNetworksFollowTheTheory() throws {
    // On the quick tanh networks the fitted orders are the theory's 2
    // and 3 and the leading term explains the error at the smallest ε.
    var settings = AnalysisSettings.quick
    settings.datasets = [.diffusionSorption]
    settings.activations = [.tanh]
    settings.analyses = [.perturbation]
    var sources = AnalysisDataSources.quick
    sources.cacheFolder = try RegressionFixture.temporaryFolder()
    let outcome = try ErrorAnalysisExperiment.run(
      settings,
      data: { dataset, noise in
        try sources.load(dataset, noise: noise, seed: settings.seed)
      })
    let layers = try #require(outcome.results.first).layers.dropLast()
    for layer in layers {
      // Pooled over 8 weights and ε down to 2⁻¹⁰, where higher terms are
      // ~ε smaller: ±0.15 around the theory's orders.
      #expect(abs(layer.compensationBound.order - 2) <= 0.15)
      #expect(abs(layer.importanceBound.order - 3) <= 0.15)
      let theory = try #require(layer.theory)
      // The next term is O(ε) = 2⁻¹⁰ of the leading one; 1e-2 leaves
      // room for weights with a small leading constant.
      #expect(abs(theory.compensationRatio - 1) <= 1e-2)
      #expect(abs(theory.importanceRatio - 1) <= 1e-2)
    }
  }
}
