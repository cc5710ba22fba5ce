import Datasets
import FileIO
import Testing

@Suite struct IDXFileTests {
  static let path = "/data/sample-idx"

  @Test func unsignedBytesKeepShapeAndValues() throws {
    let payload = (0..<24).map { UInt8($0 * 10) }
    let bytes = idxBytes(shape: [2, 3, 4], payload: payload)
    let array = try IDXFile.parse(bytes, path: Self.path)
    #expect(array.elementType == .unsignedByte)
    #expect(array.shape == [2, 3, 4])
    #expect(array.count == 24)
    #expect(array.magicNumber == 0x0000_0803)
    #expect(array.unsignedBytes == payload)
    #expect(array.values.doubles == payload.map { Double($0) })
  }

  /// One element type, a payload encoded big-endian by hand, and the
  /// values it must decode to.
  struct TypedCase: Sendable, CustomTestStringConvertible {
    let type: IDXElementType
    let payload: [UInt8]
    let expected: [Double]
    var testDescription: String { type.name }
  }

  static let typedCases: [TypedCase] = [
    TypedCase(
      type: .signedByte, payload: [0x7F, 0x80, 0xFF], expected: [127, -128, -1]
    ),
    TypedCase(
      type: .int16, payload: [0x01, 0x02, 0xFF, 0xFE, 0x80, 0x00],
      expected: [258, -2, -32768]),
    TypedCase(
      type: .int32,
      payload: [0x00, 0x01, 0x00, 0x00] + [0xFF, 0xFF, 0xFF, 0xFF]
        + [0x80, 0x00, 0x00, 0x00],
      expected: [65536, -1, -2_147_483_648]),
    TypedCase(
      type: .float32,
      payload: bigEndianBytes(Float(1.5).bitPattern)
        + bigEndianBytes(Float(-0.25).bitPattern)
        + bigEndianBytes(Float(3e38).bitPattern),
      expected: [1.5, -0.25, Double(Float(3e38))]),
    TypedCase(
      type: .float64,
      payload: bigEndianBytes(Double.pi.bitPattern)
        + bigEndianBytes((-1e300).bitPattern)
        + bigEndianBytes(Double(0).bitPattern),
      expected: [Double.pi, -1e300, 0]),
  ]

  @Test(arguments: typedCases)
  func wideTypesDecodeBigEndian(testCase: TypedCase) throws {
    let bytes = idxBytes(
      typeCode: testCase.type.rawValue, shape: [3], payload: testCase.payload)
    let array = try IDXFile.parse(bytes, path: Self.path)
    #expect(array.elementType == testCase.type)
    #expect(array.shape == [3])
    #expect(array.unsignedBytes == nil)
    #expect(array.values == .numbers(testCase.expected))
  }

  @Test func zeroDimensionGivesEmptyArray() throws {
    let array = try IDXFile.parse(
      idxBytes(shape: [0, 28, 28], payload: []), path: Self.path)
    #expect(array.shape == [0, 28, 28])
    #expect(array.count == 0)
  }

  @Test func rawAndGzipFilesReadAlike() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let bytes = idxBytes(shape: [5, 7], payload: scrambledBytes(count: 35))
    let rawPath = try folder.write(bytes, to: "raw-idx1-ubyte")
    let gzipPath = try folder.write(gzipCompress(bytes), to: "packed.gz")
    let fromRaw = try IDXFile.read(rawPath)
    let fromGzip = try IDXFile.read(gzipPath)
    #expect(fromRaw.shape == [5, 7])
    #expect(fromRaw.unsignedBytes == Array(bytes[12...]))
    #expect(fromGzip == fromRaw)
  }

  @Test func gzipIsDetectedByContentNotName() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let bytes = idxBytes(shape: [4], payload: [1, 2, 3, 4])
    let misnamedGzip = try folder.write(gzipCompress(bytes), to: "plain")
    let misnamedRaw = try folder.write(bytes, to: "fake.gz")
    #expect(try IDXFile.read(misnamedGzip).unsignedBytes == [1, 2, 3, 4])
    #expect(try IDXFile.read(misnamedRaw).unsignedBytes == [1, 2, 3, 4])
  }

  /// A damaged file and a fragment its error message must contain.
  struct CorruptCase: Sendable, CustomTestStringConvertible {
    let name: String
    let bytes: [UInt8]
    let fragment: String
    var testDescription: String { name }
  }

  static let validBytes = idxBytes(
    shape: [3, 4], payload: scrambledBytes(count: 12))
  static let validGzip = gzipCompress(
    idxBytes(shape: [50, 40], payload: scrambledBytes(count: 2000)))

  static let corruptCases: [CorruptCase] = [
    CorruptCase(name: "empty file", bytes: [], fragment: "empty"),
    CorruptCase(
      name: "first byte nonzero", bytes: [0x01] + validBytes.dropFirst(),
      fragment: "not an IDX file"),
    CorruptCase(
      name: "second byte nonzero",
      bytes: [0x00, 0x08] + validBytes.dropFirst(2),
      fragment: "not an IDX file"),
    CorruptCase(
      name: "unknown type code",
      bytes: idxBytes(typeCode: 0x0A, shape: [2], payload: [0, 0]),
      fragment: "unknown IDX type code 0x0A"),
    CorruptCase(
      name: "rank 0", bytes: [0x00, 0x00, 0x08, 0x00],
      fragment: "rank is 0"),
    CorruptCase(
      name: "truncated magic", bytes: [0x00, 0x00, 0x08],
      fragment: "header is truncated"),
    CorruptCase(
      name: "truncated dimensions", bytes: Array(validBytes[0..<10]),
      fragment: "header is truncated"),
    CorruptCase(
      name: "truncated payload", bytes: Array(validBytes.dropLast()),
      fragment: "payload is truncated"),
    CorruptCase(
      name: "trailing bytes", bytes: validBytes + [0],
      fragment: "payload has trailing bytes"),
    CorruptCase(
      name: "element count overflows",
      bytes: idxBytes(
        shape: [0xFFFF_FFFF, 0xFFFF_FFFF, 0xFFFF_FFFF], payload: [1, 2]),
      fragment: "more elements than fit"),
    CorruptCase(
      name: "byte count overflows",
      bytes: idxBytes(
        typeCode: 0x0E, shape: [0x8000_0000, 0x8000_0000], payload: [1]),
      fragment: "more elements than fit"),
    CorruptCase(
      name: "huge shape, tiny payload",
      bytes: idxBytes(shape: [60_000, 0xFFFF, 0xFFFF], payload: [1, 2]),
      fragment: "payload is truncated"),
    CorruptCase(
      name: "corrupt deflate data",
      bytes: Array(validGzip[0..<10]) + [validGzip[10] | 0b110]
        + validGzip[11...],
      fragment: "corrupt"),
    CorruptCase(
      name: "truncated gzip stream",
      bytes: Array(validGzip.dropLast(20)),
      fragment: "truncated"),
    CorruptCase(
      name: "garbage after gzip stream", bytes: validGzip + [0x42, 0x42],
      fragment: "trailing data"),
  ]

  @Test(arguments: corruptCases)
  func corruptFileIsRejected(testCase: CorruptCase) throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let path = try folder.write(testCase.bytes, to: "damaged-idx")
    expectInputError(path: path, containing: testCase.fragment) {
      _ = try IDXFile.read(path)
    }
  }

  @Test func missingFileNamesPath() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let path = folder.path + "/absent-idx3-ubyte"
    expectInputError(path: path, containing: "cannot open") {
      _ = try IDXFile.read(path)
    }
  }
}
