import Foundation
import NeuralNetwork
import TensorFiles
import TestSupport
import Testing

/// Bad values and environments that do not depend on Fashion-MNIST: NaN
/// and infinite weights or inputs, unknown activations, empty data,
/// invalid labels and a failing write. Each must end with exit status 2,
/// one line on stderr naming the file or value, and no output file.
@Suite(.enabled(if: CommandRunner.executable != nil, "needs the built tool"))
struct HostileInputTests {
  /// Creates a folder with a valid 3-4-2 model, 10 valid samples and claims in
  /// the format `ecprune check` reads (all zero: wrong, but well formed).
  static func folder() throws -> String {
    let folder = try temporaryFolder()
    let network = Fixtures.randomNetwork(
      sizes: [3, 4, 2], hidden: .tanh, seed: 31)
    try ModelFile.write(network, to: folder + "/model.safetensors")
    let inputs = Fixtures.randomMatrix(rows: 10, columns: 3, seed: 32)
    try NumpyArray.write(
      Tensor(shape: [10, 3], values: inputs.values), to: folder + "/inputs.npy")
    var tensors: [String: Tensor] = [:]
    for (l, layer) in network.layers.enumerated() {
      let shape = [layer.unitCount, layer.inputCount]
      let zeros = [Double](repeating: 0, count: shape[0] * shape[1])
      tensors["layers.\(l).compensation"] = Tensor(shape: shape, values: zeros)
      tensors["layers.\(l).importance"] = Tensor(shape: shape, values: zeros)
    }
    try SafetensorsFile(tensors: tensors, metadata: ["response": "loss"])
      .write(to: folder + "/claims.safetensors")
    return folder
  }

  /// Runs `ecprune check` in `folder` with some files replaced.
  static func check(
    _ folder: String, model: String = "model.safetensors",
    inputs: String = "inputs.npy", labels: String? = "labels.npy"
  ) throws -> CommandRunner.Result {
    var arguments = [
      "check", "--model", folder + "/" + model, "--inputs",
      folder + "/" + inputs, "--claims", folder + "/claims.safetensors",
    ]
    if let labels { arguments += ["--labels", folder + "/" + labels] }
    return try CommandRunner.run(arguments)
  }

  /// A model file whose one value is replaced by `value`.
  @Test(arguments: [Double.nan, .infinity, -.infinity])
  func nonFiniteWeightIsNamed(value: Double) throws {
    let folder = try Self.folder()
    var network = try ModelFile.read(folder + "/model.safetensors")
    network.layers[1].bias[0] = value
    try ModelFile.contents(of: network).write(to: folder + "/bad.safetensors")
    try labels([0, 1, 0, 1, 0, 1, 0, 1, 0, 1], in: folder)
    let result = try Self.check(folder, model: "bad.safetensors")
    expectRejected(result, naming: "bad.safetensors")
    #expect(result.standardError.contains("layers.1.bias"))
  }

  @Test func unknownActivationIsNamed() throws {
    let folder = try Self.folder()
    var file = try SafetensorsFile.read(folder + "/model.safetensors")
    file.metadata["activations"] = "tanh,swish"
    try file.write(to: folder + "/bad.safetensors")
    let result = try Self.check(folder, model: "bad.safetensors", labels: nil)
    expectRejected(result, naming: "swish")
  }

  @Test(arguments: [Double.nan, .infinity])
  func nonFiniteInputIsNamed(value: Double) throws {
    let folder = try Self.folder()
    var values = [Double](repeating: 0.5, count: 30)
    values[7] = value
    try NumpyArray.write(
      Tensor(shape: [10, 3], values: values), to: folder + "/bad.npy")
    let result = try Self.check(folder, inputs: "bad.npy", labels: nil)
    expectRejected(result, naming: "bad.npy")
    #expect(result.standardError.contains("flat index 7"))
  }

  @Test func emptyInputsAreRejected() throws {
    let folder = try Self.folder()
    try NumpyArray.write(
      Tensor(shape: [0, 3], values: []), to: folder + "/empty.npy")
    let result = try Self.check(folder, inputs: "empty.npy", labels: nil)
    expectRejected(result, naming: "empty.npy")
  }

  @Test(arguments: [
    [0, 1, 2, 0, 1, 0, 1, 0, 1, 0], [0, 1, 0.5, 0, 1, 0, 1, 0, 1, 0],
  ])
  func invalidLabelIsNamed(values: [Double]) throws {
    let folder = try Self.folder()
    try labels(values, in: folder)
    let result = try Self.check(folder)
    expectRejected(result, naming: "labels.npy")
  }

  @Test func lossResponseWithoutLabelsIsRejected() throws {
    let folder = try Self.folder()
    let result = try Self.check(folder, labels: nil)
    expectRejected(result, naming: "--labels")
  }

  /// A file-size limit makes the model write fail part-way with EFBIG:
  /// the run reports it in one line and leaves no file, not even the
  /// temporary one.
  @Test func failedWriteLeavesNothing() throws {
    let folder = try temporaryFolder()
    let data = try DataFolderTests.folder(trainingSide: 10, testSide: 10)
    let output = folder + "/out"
    let script =
      "ulimit -f 1; exec \"$0\" train --data-dir \"$1\" --hidden 16 "
      + "--epochs 1 --out \"$2\"/model.safetensors"
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = [
      "-c", script, CommandRunner.executable!, data, output,
    ]
    let error = Pipe()
    process.standardError = error
    process.standardOutput = FileHandle.nullDevice
    try process.run()
    let message = readAll(error.fileHandleForReading.fileDescriptor)
    process.waitUntilExit()
    let text = String(decoding: message, as: UTF8.self)
    #expect(process.terminationStatus == 2, "stderr: \(text)")
    // Training prints progress first; the error is one line, the last.
    let errors = text.split(separator: "\n").filter {
      $0.hasPrefix("ecprune: error: ")
    }
    #expect(errors.count == 1, "stderr: \(text)")
    #expect(errors.first?.contains("model.safetensors") == true)
    #expect(text.hasSuffix((errors.first ?? "") + "\n"))
    let left = try FileManager.default.contentsOfDirectory(atPath: output)
    #expect(left.isEmpty, "left behind: \(left)")
  }

  @Test(arguments: ["0", "65", "two", ""])
  func invalidThreadCountIsRejected(value: String) throws {
    let folder = try Self.folder()
    let output = folder + "/never.safetensors"
    let result = try CommandRunner.run(
      ["train", "--out", output],
      environment: ["ECPRUNE_BLAS_THREADS": value])
    expectRejected(result, naming: "ECPRUNE_BLAS_THREADS", leaving: output)
  }

  private func labels(_ values: [Double], in folder: String) throws {
    try NumpyArray.write(
      Tensor(shape: [values.count], values: values),
      to: folder + "/labels.npy")
  }
}
