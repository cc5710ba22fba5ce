import Foundation
import FoundationXML
import Testing

/// `ecprune prune` and `ecprune sweep` on a small model, end to end.
@Suite(
  .enabled(
    if: fashionMNISTIsInstalled && CommandRunner.executable != nil,
    "needs dataset-fashion-mnist and the built tool"))
struct PruningCommandTests {
  /// A small model trained once for the tests in this suite.
  static let model: String? = {
    guard let folder = try? temporaryFolder() else { return nil }
    let path = folder + "/small.safetensors"
    let result = try? CommandRunner.run([
      "train", "--training-samples", "2000", "--epochs", "1", "--hidden",
      "32", "--seed", "3", "--out", path,
    ])
    return result?.status == 0 ? path : nil
  }()

  @Test func pruneWritesModelAndReportsFractions() throws {
    let model = try #require(Self.model)
    let out = try temporaryFolder() + "/pruned.safetensors"
    let result = try CommandRunner.run([
      "prune", "--model", model, "--criterion", "elimination-compensation",
      "--ratio", "0.5", "--scope", "layer", "--scoring-samples", "500",
      "--out", out,
    ])
    #expect(result.status == 0, "stderr: \(result.standardError)")
    #expect(FileManager.default.fileExists(atPath: out))
    #expect(result.standardOutput.contains("| before |"))
    #expect(result.standardOutput.contains("| after |"))
    // Per-layer scope removes half of each layer's weights.
    #expect(result.standardOutput.contains("| 0 | 50.00 % |"))
    #expect(result.standardOutput.contains("| 1 | 50.00 % |"))
  }

  static let badLines: [([String], String)] = [
    (["--ratio", "1.5"], "--ratio"),
    (["--ratio", "-0.1"], "--ratio"),
    (["--ratio", "nan"], "--ratio"),
    (["--ratio", "0.5", "--scoring-samples", "0"], "--scoring-samples"),
    (["--ratio", "0.5", "--criterion", "optimal-brain"], "optimal-brain"),
    (["--ratio", "0.5", "--scope", "row"], "--scope"),
    (["--ratio", "0.5", "--response", "logits"], "--response"),
    (["--ratio", "0.5", "--steps", "0"], "--steps"),
    (["--ratio", "0.5", "--model", "/nonexistent.safetensors"], "cannot open"),
    (
      [
        "--ratio", "0.5", "--criterion", "nonlinear-compensation",
        "--response", "loss",
      ],
      "output response only"
    ),
    (
      ["--ratio", "0.5", "--scoring-samples", "300", "--truth-samples", "400"],
      "exceeds --scoring-samples 300"
    ),
    (["--ratio", "0.5", "--truth-weights", "some"], "--truth-weights"),
  ]

  static let badSweepLines: [([String], String)] = [
    (["--ratios", "0,0.5,0.5"], "'0.5' is given twice"),
    (["--criteria", "magnitude,magnitude"], "'magnitude' is given twice"),
    (["--fine-tune-epochs", "0,0"], "'0' is given twice"),
    (["--ratios", "0,1.5"], "--ratios"),
    (["--criteria", "magnitude,obd"], "--criteria"),
    (["--truth-samples", "20000"], "exceeds --scoring-samples 10000"),
  ]

  @Test(arguments: badLines)
  func badPruneLineFailsCleanly(arguments: [String], fragment: String) throws {
    let model = try #require(Self.model)
    let out = try temporaryFolder() + "/never.safetensors"
    var line = ["prune", "--out", out]
    if !arguments.contains("--model") { line += ["--model", model] }
    let result = try CommandRunner.run(line + arguments)
    expectRejected(result, naming: fragment, leaving: out)
  }

  @Test(arguments: badSweepLines)
  func badSweepLineFailsCleanly(arguments: [String], fragment: String) throws {
    let model = try #require(Self.model)
    let folder = try temporaryFolder() + "/never"
    let result = try CommandRunner.run(
      ["sweep", "--model", model, "--out-dir", folder] + arguments)
    expectRejected(result, naming: fragment, leaving: folder)
  }

  @Test func pruneRefusesToOverwriteItsInput() throws {
    let model = try #require(Self.model)
    let result = try CommandRunner.run([
      "prune", "--model", model, "--ratio", "0.5", "--out", model,
    ])
    #expect(result.status == 2)
    #expect(result.standardError.contains("names the input model"))
  }

  @Test func modelOfWrongShapeIsRejected() throws {
    // A model that takes 3 inputs cannot be scored on 784-pixel images.
    let folder = try temporaryFolder()
    let model = folder + "/tiny.safetensors"
    let data = try DataFolderTests.folder(trainingSide: 10, testSide: 10)
    let trained = try CommandRunner.run([
      "train", "--data-dir", data, "--epochs", "1", "--hidden", "4",
      "--out", model,
    ])
    #expect(trained.status == 0)
    let result = try CommandRunner.run([
      "prune", "--model", model, "--ratio", "0.5", "--out",
      folder + "/out.safetensors",
    ])
    #expect(result.status == 2)
    #expect(result.standardError.contains("takes 100 inputs"))
  }

  @Test func sweepWritesEveryFile() throws {
    let model = try #require(Self.model)
    let folder = try temporaryFolder() + "/report"
    let arguments = [
      "sweep", "--model", model, "--out-dir", folder, "--ratios", "0,0.5,0.9",
      "--fine-tune-epochs", "0", "--scoring-samples", "300",
    ]
    let result = try CommandRunner.run(arguments)
    #expect(result.status == 0, "stderr: \(result.standardError)")
    let names = try FileManager.default.contentsOfDirectory(atPath: folder)
      .sorted()
    #expect(
      names == [
        "accuracy-global-finetune0.svg", "accuracy-layer-finetune0.svg",
        "loss-global-finetune0.svg", "loss-layer-finetune0.svg",
        "pruning.csv", "pruning.json", "pruning.md",
      ])

    // The CSV has the promised columns and one row per configuration:
    // 7 criteria × 2 scopes × 3 ratios × 1 budget.
    let csv = try String(
      contentsOfFile: folder + "/pruning.csv", encoding: .utf8)
    let lines = csv.split(separator: "\n")
    #expect(
      lines.first?.hasPrefix(
        "criterion,scope,ratio,fine_tune_epochs,test_loss,test_accuracy")
        == true)
    #expect(lines.count == 1 + 42)

    // The JSON parses and carries the metadata.
    let json = try JSONSerialization.jsonObject(
      with: Data(contentsOf: URL(fileURLWithPath: folder + "/pruning.json")))
    let object = try #require(json as? [String: Any])
    for key in [
      "seed", "dataset", "network", "response", "scoring_samples",
      "software", "rows",
    ] {
      #expect(object[key] != nil, "missing \(key)")
    }

    // Every plot is well-formed XML.
    for name in names where name.hasSuffix(".svg") {
      let data = try Data(contentsOf: URL(fileURLWithPath: folder + "/" + name))
      let parser = XMLParser(data: data)
      #expect(parser.parse(), "\(name) is not well-formed XML")
    }

    // The same seed gives the same bytes.
    let again = try temporaryFolder() + "/report"
    var repeated = arguments
    repeated[4] = again
    #expect(try CommandRunner.run(repeated).status == 0)
    for name in names {
      let first = try Data(
        contentsOf: URL(fileURLWithPath: folder + "/" + name))
      let second = try Data(
        contentsOf: URL(fileURLWithPath: again + "/" + name))
      #expect(first == second, "\(name) differs between runs")
    }
  }
}
