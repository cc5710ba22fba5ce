import Foundation
import NeuralNetwork
import PropertySuite
import Pruning
import TensorFiles
import TestSupport
import Testing

/// `ecprune check` accepts the claims of this package's scorer and
/// rejects those of every deliberately wrong scorer in `MutantScorers`.
@Suite(
  .enabled(if: CommandRunner.executable != nil, "needs the built tool"))
struct MutantClaimsTests {
  /// A folder with a 3-4-3-2 tanh model and 20 samples.
  static let folder: String? = {
    guard let folder = try? temporaryFolder() else { return nil }
    let network = Fixtures.randomNetwork(
      sizes: [3, 4, 3, 2], hidden: .tanh, seed: 2_024)
    let inputs = Fixtures.randomMatrix(rows: 20, columns: 3, seed: 2_025)
    do {
      try ModelFile.write(network, to: folder + "/model.safetensors")
      try NumpyArray.write(
        Tensor(shape: [20, 3], values: inputs.values),
        to: folder + "/inputs.npy")
    } catch {
      return nil
    }
    return folder
  }()

  /// Writes `scorer`'s claims for the model and runs `ecprune check`.
  static func check(_ scorer: Scorer, response: Response) throws
    -> CommandRunner.Result
  {
    let folder = try #require(Self.folder)
    let network = try ModelFile.read(folder + "/model.safetensors")
    let inputs = try NumpyArray.read(folder + "/inputs.npy")
    let request = ScoringRequest(
      network: network,
      inputs: Matrix(rows: 20, columns: 3, values: inputs.values),
      labels: [Int](repeating: 0, count: 20), response: response,
      batchSize: 20)
    let output = scorer.score(request)
    var tensors: [String: Tensor] = [:]
    for (l, layer) in network.layers.enumerated() {
      let shape = [layer.unitCount, layer.inputCount]
      tensors["layers.\(l).compensation"] = Tensor(
        shape: shape, values: output.compensation[l].values)
      tensors["layers.\(l).importance"] = Tensor(
        shape: shape, values: output.importance[l].values)
    }
    let path = folder + "/claims-\(scorer.name.filter(\.isLetter)).safetensors"
    try SafetensorsFile(
      tensors: tensors, metadata: ["response": response.rawValue]
    ).write(to: path)
    return try CommandRunner.run([
      "check", "--model", folder + "/model.safetensors", "--inputs",
      folder + "/inputs.npy", "--claims", path,
    ])
  }

  @Test(arguments: [Response.output, .probabilities])
  func acceptsTheClosedForm(response: Response) throws {
    let result = try Self.check(.closedForm, response: response)
    #expect(result.status == 0, "\(result.standardOutput)")
  }

  @Test(arguments: MutantScorers.all.map(\.name))
  func rejectsEveryMutant(name: String) throws {
    let mutant = try #require(MutantScorers.all.first { $0.name == name })
    let result = try Self.check(mutant, response: .output)
    #expect(result.status == 1, "\(result.standardOutput)")
    #expect(result.standardOutput.contains("layers."))
  }
}
