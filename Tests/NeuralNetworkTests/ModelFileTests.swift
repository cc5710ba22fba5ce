import FileIO
import Foundation
import NeuralNetwork
import TensorFiles
import TestSupport
import Testing

@Suite struct ModelFileTests {
  static func temporaryPath(_ name: String) throws -> String {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("ecprune-model-\(UUID().uuidString)")
    try FileManager.default.createDirectory(
      at: folder, withIntermediateDirectories: true)
    return folder.appendingPathComponent(name).path
  }

  @Test(arguments: Activation.allCases)
  func roundTripIsBitExact(activation: Activation) throws {
    var network = Fixtures.randomNetwork(
      sizes: [5, 4, 3], hidden: activation, seed: 71)
    // Values whose bits a lossy path would change.
    network.layers[0].weight.values[0] = -0.0
    network.layers[0].weight.values[1] = .leastNonzeroMagnitude
    network.layers[1].bias[0] = 0.1
    let path = try Self.temporaryPath("model.safetensors")
    try ModelFile.write(network, to: path, metadata: ["seed": "71"])
    let read = try ModelFile.read(path)
    #expect(read.layers.count == network.layers.count)
    for (original, copy) in zip(network.layers, read.layers) {
      #expect(copy.activation == original.activation)
      #expect(
        copy.weight.values.map(\.bitPattern)
          == original.weight.values.map(\.bitPattern))
      #expect(copy.bias.map(\.bitPattern) == original.bias.map(\.bitPattern))
    }
    let file = try SafetensorsFile.read(path)
    #expect(file.metadata["activations"] == "\(activation.name),identity")
    #expect(file.metadata["seed"] == "71")
    #expect(file.tensors["layers.0.weight"]?.shape == [4, 5])
  }

  /// Returns a valid two-layer model file's contents, for each case to
  /// break.
  static func validContents() -> SafetensorsFile {
    ModelFile.contents(
      of: Fixtures.randomNetwork(sizes: [3, 2, 2], hidden: .relu, seed: 72))
  }

  static let brokenFiles:
    [(String, @Sendable (inout SafetensorsFile) -> Void, String)] =
      [
        (
          "missing bias", { $0.tensors["layers.1.bias"] = nil }, "layers.1.bias"
        ),
        (
          "extra tensor", { $0.tensors["layers.0.scale"] = Tensor(scalar: 1) },
          "layers.0.scale"
        ),
        (
          "gap in layers",
          {
            $0.tensors["layers.3.weight"] = $0.tensors["layers.1.weight"]
            $0.tensors["layers.3.bias"] = $0.tensors["layers.1.bias"]
          }, "layers.2"
        ),
        ("no layers", { $0.tensors = [:] }, "layers.0.weight"),
        ("no activations", { $0.metadata["activations"] = nil }, "activations"),
        (
          "unknown activation", { $0.metadata["activations"] = "relu,swish" },
          "swish"
        ),
        (
          "activation count", { $0.metadata["activations"] = "relu" },
          "1 activations for 2 layers"
        ),
        (
          "NaN weight",
          { $0.tensors["layers.0.weight"]!.values[3] = .nan },
          "nan at flat index 3"
        ),
        (
          "infinite bias",
          { $0.tensors["layers.1.bias"]!.values[0] = -.infinity }, "-inf"
        ),
        (
          "shapes do not chain",
          {
            $0.tensors["layers.1.weight"] = Tensor(
              shape: [2, 3], values: [1, 2, 3, 4, 5, 6])
          }, "takes 3 inputs"
        ),
        (
          "bias shape",
          {
            $0.tensors["layers.0.bias"] = Tensor(shape: [3], values: [0, 0, 0])
          },
          "layers.0.bias has shape"
        ),
        (
          "weight rank",
          {
            $0.tensors["layers.0.weight"] = Tensor(
              shape: [6], values: [0, 0, 0, 0, 0, 0])
          },
          "expected [out, in]"
        ),
      ]

  @Test(arguments: brokenFiles.indices)
  func brokenModelIsRejected(index: Int) throws {
    let (name, breakFile, fragment) = Self.brokenFiles[index]
    var contents = Self.validContents()
    breakFile(&contents)
    let path = try Self.temporaryPath("\(index).safetensors")
    try contents.write(to: path)
    let error = #expect(throws: InputError.self, "\(name)") {
      _ = try ModelFile.read(path)
    }
    #expect(error?.path == path, "\(name)")
    #expect(
      error?.message.contains(fragment) == true,
      "\(name): \(error?.message ?? "no error")")
  }
}
