import FuzzCorpus
import TensorFiles
import Testing

/// The malformed safetensors and `.npy` files under `Fuzz/malformed` and
/// the inputs that crashed their fuzz targets under `Fuzz/crashes`, each
/// read from disk: every one must end in an `InputError` naming the file,
/// never in a trap.
@Suite struct FuzzCorpusTests {
  @Test func everyFormatHasMalformedFiles() {
    #expect(FuzzCorpus.malformed("safetensors").count >= 10)
    #expect(FuzzCorpus.malformed("npy").count >= 10)
  }

  /// Reads a safetensors file, then writes and reads it again, as the
  /// safetensors fuzz target does.
  @Test(
    arguments: FuzzCorpus.malformed("safetensors")
      + FuzzCorpus.crashes("safetensors"))
  func safetensorsFileIsRejected(file: CorpusFile) {
    FuzzCorpus.expectRejected(file) { path in
      let decoded = try SafetensorsFile.read(path)
      _ = try SafetensorsFile.decode(decoded.encode(), path: path)
    }
  }

  /// Reads an `.npy` file, then writes and reads it again, as the npy fuzz
  /// target does.
  @Test(arguments: FuzzCorpus.malformed("npy") + FuzzCorpus.crashes("npy"))
  func numpyFileIsRejected(file: CorpusFile) {
    FuzzCorpus.expectRejected(file) { path in
      let tensor = try NumpyArray.read(path)
      _ = try NumpyArray.decode(NumpyArray.encode(tensor), path: path)
    }
  }
}
