import FuzzCorpus
import NeuralNetwork
import TensorFiles
import Testing

/// The malformed model files under `Fuzz/malformed/model` (valid
/// safetensors that do not describe a network, and invalid safetensors)
/// and the inputs that crashed the model fuzz target: every one must end
/// in an `InputError` naming the file, never in a trap.
@Suite struct FuzzCorpusTests {
  @Test func malformedFilesExist() {
    #expect(FuzzCorpus.malformed("model").count >= 5)
  }

  /// Reads a model, then writes and reads it again, as the model fuzz
  /// target does.
  @Test(
    arguments: FuzzCorpus.malformed("model") + FuzzCorpus.crashes("model"))
  func modelFileIsRejected(file: CorpusFile) {
    FuzzCorpus.expectRejected(file) { path in
      let network = try ModelFile.read(path)
      let written = try ModelFile.contents(of: network).encode()
      _ = try ModelFile.network(
        from: SafetensorsFile.decode(written, path: path), path: path)
    }
  }
}
