import Datasets
import FileIO
import Testing

@Suite struct GzipTests {
  static let path = "/data/sample.gz"

  @Test(arguments: [0, 1, 1000, 300_000])
  func roundTripRestoresBytes(count: Int) throws {
    let original = scrambledBytes(count: count)
    let compressed = gzipCompress(original)
    #expect(Gzip.isCompressed(compressed))
    #expect(try Gzip.decompress(compressed, path: Self.path) == original)
  }

  @Test func highlyCompressibleDataGrowsBuffer() throws {
    // 4 MiB of zeros compress about a thousandfold, so the output buffer
    // starts from the trailer's size hint or grows many times.
    let original = [UInt8](repeating: 0, count: 4 << 20)
    let compressed = gzipCompress(original)
    #expect(compressed.count < 10_000)
    #expect(try Gzip.decompress(compressed, path: Self.path) == original)
  }

  @Test func concatenatedMembersAreJoined() throws {
    let first = scrambledBytes(count: 5000)
    let second = Array("second member".utf8)
    let third: [UInt8] = []
    let compressed =
      gzipCompress(first) + gzipCompress(second) + gzipCompress(third)
    let output = try Gzip.decompress(compressed, path: Self.path)
    #expect(output == first + second + third)
  }

  @Test func outputAtLimitIsAccepted() throws {
    let original = [UInt8](repeating: 7, count: 10_000)
    let output = try Gzip.decompress(
      gzipCompress(original), path: Self.path, maximumOutputSize: 10_000)
    #expect(output == original)
  }

  @Test func outputOverLimitIsRejected() {
    let compressed = gzipCompress([UInt8](repeating: 7, count: 10_001))
    expectInputError(path: Self.path, containing: "more than 10000 bytes") {
      _ = try Gzip.decompress(
        compressed, path: Self.path, maximumOutputSize: 10_000)
    }
  }

  @Test func bombStopsAtLimit() {
    // 64 MiB of zeros against a 1 MiB limit: the error comes before the
    // output grows past the limit.
    let compressed = gzipCompress([UInt8](repeating: 0, count: 64 << 20))
    expectInputError(path: Self.path, containing: "the limit") {
      _ = try Gzip.decompress(
        compressed, path: Self.path, maximumOutputSize: 1 << 20)
    }
  }

  @Test func corruptDeflateDataIsRejected() {
    var compressed = gzipCompress(scrambledBytes(count: 2000))
    // Byte 10 is the first byte of the deflate data after the 10-byte
    // gzip header; its low bits 11 name the reserved block type.
    compressed[10] |= 0b0000_0110
    expectInputError(path: Self.path, containing: "corrupt") {
      _ = try Gzip.decompress(compressed, path: Self.path)
    }
  }

  @Test func wrongChecksumIsRejected() {
    var compressed = gzipCompress(scrambledBytes(count: 2000))
    // The CRC-32 sits in the eight-byte trailer, before the size.
    compressed[compressed.count - 8] ^= 0xFF
    expectInputError(path: Self.path, containing: "corrupt") {
      _ = try Gzip.decompress(compressed, path: Self.path)
    }
  }

  @Test func lyingSizeTrailerIsRejected() {
    // A trailer claiming 4 GiB - 1 bytes must neither size an allocation
    // nor pass zlib's length check.
    var compressed = gzipCompress(Array("tiny".utf8))
    for offset in 1...4 { compressed[compressed.count - offset] = 0xFF }
    expectInputError(path: Self.path, containing: "corrupt") {
      _ = try Gzip.decompress(compressed, path: Self.path)
    }
  }

  @Test(arguments: [0.25, 0.5, 0.9, 0.999])
  func truncatedStreamIsRejected(keptFraction: Double) {
    let compressed = gzipCompress(scrambledBytes(count: 20_000))
    let keptCount = Int(Double(compressed.count) * keptFraction)
    expectInputError(path: Self.path, containing: "truncated") {
      _ = try Gzip.decompress(Array(compressed[0..<keptCount]), path: Self.path)
    }
  }

  @Test(arguments: [[0x00], [0x00, 0x00, 0x00, 0x00], Array("junk".utf8)])
  func trailingGarbageIsRejected(garbage: [UInt8]) {
    let compressed = gzipCompress(scrambledBytes(count: 100)) + garbage
    expectInputError(path: Self.path, containing: "trailing data") {
      _ = try Gzip.decompress(compressed, path: Self.path)
    }
  }

  @Test(arguments: [[], [0x1F], [0x00, 0x00, 0x08, 0x01]] as [[UInt8]])
  func nonGzipInputIsRejected(bytes: [UInt8]) {
    #expect(!Gzip.isCompressed(bytes))
    expectInputError(path: Self.path, containing: "not a gzip file") {
      _ = try Gzip.decompress(bytes, path: Self.path)
    }
  }

  @Test func headerOnlyIsRejected() {
    let header = Array(gzipCompress(Array("x".utf8))[0..<10])
    expectInputError(path: Self.path, containing: "truncated") {
      _ = try Gzip.decompress(header, path: Self.path)
    }
  }

  @Test func fileIsReadAndDecompressed() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let original = scrambledBytes(count: 3000)
    let path = try folder.write(gzipCompress(original), to: "data.gz")
    #expect(try Gzip.decompressFile(path) == original)
  }

  @Test func missingFileNamesPath() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let path = folder.path + "/absent.gz"
    expectInputError(path: path, containing: "cannot open") {
      _ = try Gzip.decompressFile(path)
    }
  }
}
