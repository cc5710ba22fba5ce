import FuzzCorpus
import NeuralNetwork
import Testing
import Verification

/// The malformed claims files under `Fuzz/malformed/claims`, shaped for
/// `Fuzz/claims-model.safetensors`, and the inputs that crashed the
/// claims fuzz target: every one must end in an `InputError` naming the
/// file, never in a trap.
@Suite struct FuzzCorpusTests {
  @Test func malformedFilesExist() {
    #expect(FuzzCorpus.malformed("claims").count >= 5)
  }

  @Test func validClaimsAreAccepted() throws {
    let network = try ModelFile.read(FuzzCorpus.claimsModelPath)
    let claims = try Claims.read(
      FuzzCorpus.folder + "/corpus/claims/loss.safetensors", for: network)
    #expect(claims.response == .loss)
    #expect(claims.compensation.map(\.rows) == [4, 2])
  }

  @Test(
    arguments: FuzzCorpus.malformed("claims") + FuzzCorpus.crashes("claims"))
  func claimsFileIsRejected(file: CorpusFile) throws {
    let network = try ModelFile.read(FuzzCorpus.claimsModelPath)
    FuzzCorpus.expectRejected(file) { _ = try Claims.read($0, for: network) }
  }
}
