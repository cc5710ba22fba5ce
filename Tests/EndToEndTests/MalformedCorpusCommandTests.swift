import Foundation
import FuzzCorpus
import NeuralNetwork
import TensorFiles
import Testing

/// Every file under `Fuzz/malformed`, given to the `ecprune` command that
/// reads its format: exit status 2, one line on stderr naming the file,
/// and no output file.
///
/// safetensors and model files go to `prune --model`, `.npy` files to
/// `check --inputs` and claims to `check --claims` (both against
/// `Fuzz/claims-model.safetensors`), and IDX files to `train --data-dir`
/// as the training images of a folder.
@Suite(.enabled(if: CommandRunner.executable != nil, "needs the built tool"))
struct MalformedCorpusCommandTests {
  @Test(
    arguments: FuzzCorpus.malformed("safetensors")
      + FuzzCorpus.malformed("model"))
  func pruneRejectsModel(file: CorpusFile) throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let output = folder + "/pruned.safetensors"
    let result = try CommandRunner.run([
      "prune", "--model", file.path, "--ratio", "0.5", "--out", output,
    ])
    expectRejected(result, naming: file.path, leaving: output)
  }

  @Test(arguments: FuzzCorpus.malformed("npy"))
  func checkRejectsInputs(file: CorpusFile) throws {
    let result = try CommandRunner.run([
      "check", "--model", FuzzCorpus.claimsModelPath, "--inputs", file.path,
      "--claims", FuzzCorpus.folder + "/corpus/claims/output.safetensors",
    ])
    expectRejected(result, naming: file.path)
    #expect(result.standardOutput.isEmpty)
  }

  @Test(arguments: FuzzCorpus.malformed("claims"))
  func checkRejectsClaims(file: CorpusFile) throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let inputs = folder + "/inputs.npy"
    try NumpyArray.write(
      Tensor(shape: [4, 3], values: (0..<12).map { Double($0) / 12 }),
      to: inputs)
    let result = try CommandRunner.run([
      "check", "--model", FuzzCorpus.claimsModelPath, "--inputs", inputs,
      "--claims", file.path,
    ])
    expectRejected(result, naming: file.path)
    #expect(result.standardOutput.isEmpty)
  }

  /// The file becomes the training images of a folder whose three other
  /// files are valid seeds of the idx fuzz target; `train` reads the
  /// training images first.
  @Test(arguments: FuzzCorpus.malformed("idx"))
  func trainRejectsImages(file: CorpusFile) throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let images =
      folder + "/train-images-idx3-ubyte"
      + (file.path.hasSuffix(".gz") ? ".gz" : "")
    try FileManager.default.copyItem(atPath: file.path, toPath: images)
    let seeds = FuzzCorpus.folder + "/corpus/idx/"
    for (seed, name) in [
      ("labels-idx1-ubyte", "train-labels-idx1-ubyte"),
      ("images-idx3-ubyte", "t10k-images-idx3-ubyte"),
      ("labels-idx1-ubyte", "t10k-labels-idx1-ubyte"),
    ] {
      try FileManager.default.copyItem(
        atPath: seeds + seed, toPath: folder + "/" + name)
    }
    let output = folder + "/model.safetensors"
    let result = try CommandRunner.run([
      "train", "--data-dir", folder, "--epochs", "1", "--out", output,
    ])
    expectRejected(result, naming: images, leaving: output)
  }
}
