import Foundation
import FoundationXML
import Testing

/// `ecprune verify` on a tiny model and a tiny IDX data folder, end to end.
@Suite(.enabled(if: CommandRunner.executable != nil, "ecprune is not built"))
struct VerifyCommandTests {
  /// A data folder of 6×6 images with pseudo-random pixels (a fixed linear
  /// congruential sequence), 60 training and 40 test samples, and a model
  /// with one hidden layer of 8 ReLU units trained on it for two epochs.
  static let fixture: (data: String, model: String)? = {
    guard let data = try? dataFolder(side: 6),
      let folder = try? temporaryFolder()
    else { return nil }
    let model = folder + "/tiny.safetensors"
    let result = try? CommandRunner.run([
      "train", "--data-dir", data, "--epochs", "2", "--hidden", "8",
      "--batch-size", "16", "--seed", "4", "--out", model,
    ])
    return result?.status == 0 ? (data, model) : nil
  }()

  /// Writes the four IDX files of a data folder with `side`×`side` images.
  static func dataFolder(side: Int) throws -> String {
    let folder = try temporaryFolder()
    var state: UInt32 = 12_345
    func next() -> UInt8 {
      state = state &* 1_103_515_245 &+ 12_345
      return UInt8(truncatingIfNeeded: state >> 16)
    }
    for (prefix, count) in [("train", 60), ("t10k", 40)] {
      let labels = (0..<count).map { UInt8($0 % 10) }
      let pixels = (0..<(count * side * side)).map { _ in next() }
      try DataFolderTests.idx([count, side, side], payload: pixels).write(
        to: URL(fileURLWithPath: folder + "/\(prefix)-images-idx3-ubyte"))
      try DataFolderTests.idx([count], payload: labels).write(
        to: URL(fileURLWithPath: folder + "/\(prefix)-labels-idx1-ubyte"))
    }
    return folder
  }

  /// Returns the options of a small run. The ratios include 0.9, so the
  /// joint re-fit gets a network with most weights removed.
  static func arguments(model: String, data: String, out: String)
    -> [String]
  {
    [
      "verify", "--model", model, "--dataset", data, "--out", out,
      "--samples", "40", "--derivative-samples", "8", "--ratios", "0.5,0.9",
      "--taylor-weights", "1", "--self-check-weights", "5",
    ]
  }

  /// The files a two-layer network's report consists of.
  static let expectedFiles = [
    "compensation-error.svg", "derivatives.csv", "importance-error.svg",
    "layers.csv", "overlap.csv", "overlap.svg", "pruning-accuracy.svg",
    "pruning-objective.svg", "pruning.csv", "taylor-compensation-layer0.svg",
    "taylor-compensation-layer1.svg", "taylor-importance-layer0.svg",
    "taylor-importance-layer1.svg", "taylor.csv", "verification.json",
    "verification.md",
  ]

  @Test func verifyWritesEveryFile() throws {
    let (data, model) = try #require(Self.fixture)
    let folder = try temporaryFolder() + "/report"
    let arguments = Self.arguments(model: model, data: data, out: folder)
    let result = try CommandRunner.run(arguments)
    #expect(result.status == 0, "stderr: \(result.standardError)")
    #expect(result.standardOutput.contains("verification.md"))
    #expect(result.standardError.contains("ground truth done"))
    let names = try FileManager.default.contentsOfDirectory(atPath: folder)
      .sorted()
    #expect(names == Self.expectedFiles)

    // Each CSV starts with its header and has one row per item.
    let headers = [
      "derivatives.csv":
        "check,layer,checked,smooth,kinks,failed,max_relative_error,tolerance",
      "layers.csv": "layer,weights,solved,ground_truth_failures,",
      "taylor.csv": "layer,row,column,chosen,closed_form_compensation,",
      "overlap.csv": "ratio,global,layer_0,layer_1",
      "pruning.csv": "ratio,compensation,test_loss,test_accuracy,objective",
    ]
    let rowCounts = [
      // Two checks × (two layers + the total), two layers, one largest
      // and one random weight per layer, the sweep's 11 nonzero ratios,
      // two ratios × four compensations.
      "derivatives.csv": 6, "layers.csv": 2, "taylor.csv": 4,
      "overlap.csv": 11, "pruning.csv": 8,
    ]
    for (name, header) in headers {
      let text = try String(
        contentsOfFile: folder + "/" + name, encoding: .utf8)
      let lines = text.split(separator: "\n")
      #expect(
        lines.first?.hasPrefix(header) == true, "\(name): \(lines.first ?? "")")
      #expect(
        lines.count == 1 + rowCounts[name]!, "\(name) has \(lines.count) lines")
    }

    // The JSON parses and carries the metadata and every section.
    let json = try JSONSerialization.jsonObject(
      with: Data(
        contentsOf: URL(fileURLWithPath: folder + "/verification.json")))
    let object = try #require(json as? [String: Any])
    for key in [
      "seed", "dataset", "network", "response", "samples", "software",
      "derivative_checks", "layers", "ground_truth_failures",
      "kendall_tau_b", "top_k_overlap", "taylor_tests", "pruning",
    ] {
      #expect(object[key] != nil, "missing \(key)")
    }
    #expect(object["response"] as? String == "output")
    #expect(object["samples"] as? Int == 40)
    #expect(object["network"] as? String == "36-8-10 relu")
    let layers = try #require(object["layers"] as? [[String: Any]])
    #expect(layers.count == 2)
    #expect(layers.first?["solved"] as? Int == 36 * 8)

    // Every plot is well-formed XML.
    for name in names where name.hasSuffix(".svg") {
      let svg = try Data(contentsOf: URL(fileURLWithPath: folder + "/" + name))
      #expect(XMLParser(data: svg).parse(), "\(name) is not well-formed XML")
    }

    // The page names each section.
    let page = try String(
      contentsOfFile: folder + "/verification.md", encoding: .utf8)
    for heading in [
      "## Findings", "## Derivative checks",
      "## Closed form against the ground truth", "## Taylor tests",
      "## Self-check of the ground-truth solver",
      "## Rank agreement of the importances",
      "## Pruning with each compensation",
    ] {
      #expect(page.contains(heading), "missing \(heading)")
    }

    // The same seed gives the same bytes, under the other option names.
    let again = try temporaryFolder() + "/report"
    var repeated = Self.arguments(model: model, data: data, out: again)
    repeated[repeated.firstIndex(of: "--dataset")!] = "--data-dir"
    repeated[repeated.firstIndex(of: "--out")!] = "--out-dir"
    #expect(try CommandRunner.run(repeated).status == 0)
    for name in names {
      let first = try Data(
        contentsOf: URL(fileURLWithPath: folder + "/" + name))
      let second = try Data(
        contentsOf: URL(fileURLWithPath: again + "/" + name))
      #expect(first == second, "\(name) differs between runs")
    }
  }

  /// Bad lines, each with a fragment of the one-line error.
  static let badLines: [([String], String)] = [
    (["--model", "/nonexistent.safetensors"], "/nonexistent.safetensors"),
    (["--ratios", "0.5,1.5"], "--ratios"),
    (["--ratios", "0.5,0.5"], "'0.5' is given twice"),
    (["--samples", "0"], "--samples"),
    (["--samples", "100000"], "exceeds the"),
    (["--derivative-samples", "41"], "exceeds --samples 40"),
    // 18 biases from 10 outputs per sample need 2 samples.
    (
      ["--samples", "1", "--derivative-samples", "1"],
      "too few for the joint re-fit"
    ),
    (["--data-dir", "/tmp"], "name the same option"),
    (["--out-dir", "/tmp/elsewhere"], "name the same option"),
  ]

  @Test(arguments: badLines)
  func badLineFailsCleanly(arguments: [String], fragment: String) throws {
    let (data, model) = try #require(Self.fixture)
    let folder = try temporaryFolder() + "/never"
    // Each pair replaces the value of an option the line has, or is added.
    var line = Self.arguments(model: model, data: data, out: folder)
    for start in stride(from: 0, to: arguments.count, by: 2) {
      if let position = line.firstIndex(of: arguments[start]) {
        line[position + 1] = arguments[start + 1]
      } else {
        line += arguments[start...(start + 1)]
      }
    }
    let result = try CommandRunner.run(line)
    expectRejected(result, naming: fragment, leaving: folder)
  }

  @Test func missingModelOptionIsNamed() throws {
    let result = try CommandRunner.run(["verify"])
    #expect(result.status == 2)
    #expect(result.standardError.contains("missing option --model"))
  }

  @Test func modelOfWrongShapeIsRejected() throws {
    // A model for 6×6 images cannot be verified on 10×10 ones.
    let (_, model) = try #require(Self.fixture)
    let data = try Self.dataFolder(side: 10)
    let folder = try temporaryFolder() + "/never"
    let result = try CommandRunner.run(
      Self.arguments(model: model, data: data, out: folder))
    expectRejected(result, naming: "takes 36 inputs", leaving: folder)
  }

  @Test func unwritableOutputIsRejectedFirst() throws {
    // The output folder would sit below a regular file.
    let (data, model) = try #require(Self.fixture)
    let file = try temporaryFolder() + "/plain-file"
    try Data("x".utf8).write(to: URL(fileURLWithPath: file))
    let result = try CommandRunner.run(
      Self.arguments(model: model, data: data, out: file + "/report"))
    expectRejected(result, naming: "is not a folder")
    // Nothing was computed: the ground truth never started.
    #expect(!result.standardError.contains("ground truth"))
  }

  @Test func reportFileThatIsAFolderIsRejected() throws {
    let (data, model) = try #require(Self.fixture)
    let folder = try temporaryFolder() + "/report"
    try FileManager.default.createDirectory(
      atPath: folder + "/layers.csv", withIntermediateDirectories: true)
    let result = try CommandRunner.run(
      Self.arguments(model: model, data: data, out: folder))
    #expect(result.status == 2)
    #expect(result.standardError.contains("layers.csv: is a folder"))
    let names = try FileManager.default.contentsOfDirectory(atPath: folder)
    #expect(names == ["layers.csv"], "partial output: \(names)")
  }
}
