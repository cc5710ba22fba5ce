import Datasets
import FuzzCorpus
import Testing

/// The malformed IDX files, raw and gzip, under `Fuzz/malformed/idx` and
/// the inputs that crashed the two IDX fuzz targets under `Fuzz/crashes`:
/// every one must end in an `InputError` naming the file, never in a trap.
@Suite struct FuzzCorpusTests {
  @Test func malformedFilesExist() {
    let files = FuzzCorpus.malformed("idx")
    #expect(files.count >= 10)
    #expect(files.contains { $0.path.hasSuffix(".gz") })
  }

  @Test(arguments: FuzzCorpus.malformed("idx"))
  func malformedFileIsRejected(file: CorpusFile) {
    FuzzCorpus.expectRejected(file) { _ = try IDXFile.read($0) }
  }

  /// Replays the idx fuzz target: the raw reader, then the image checks
  /// of a data set for a rank-3 byte array.
  @Test(arguments: FuzzCorpus.crashes("idx"))
  func rawCrashIsRejected(file: CorpusFile) throws {
    let bytes = try file.bytes()
    FuzzCorpus.expectRejected(file) { path in
      let array = try IDXFile.parse(bytes, path: path)
      guard array.shape.count == 3, array.elementType == .unsignedByte,
        array.shape[0] <= 1 << 20
      else { return }
      let count = array.shape[0]
      _ = try ClassificationDataset(
        images: array, imagesPath: path,
        labels: IDXArray(
          elementType: .unsignedByte, shape: [count],
          values: .unsignedBytes([UInt8](repeating: 0, count: count))),
        labelsPath: path)
    }
  }

  /// Replays the idx-gzip fuzz target, with its 16 MiB output limit.
  @Test(arguments: FuzzCorpus.crashes("idx-gzip"))
  func gzipCrashIsRejected(file: CorpusFile) {
    FuzzCorpus.expectRejected(file) {
      _ = try IDXFile.read($0, maximumDecompressedSize: 16 << 20)
    }
  }
}
