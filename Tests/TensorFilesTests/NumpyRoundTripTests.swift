import FileIO
import Foundation
import Testing

@testable import TensorFiles

@Suite struct NumpyRoundTripTests {
  static let tensors: [Tensor] = [
    Tensor(shape: [specialValues.count], values: specialValues),
    Tensor(scalar: -0.0),
    Tensor(shape: [0], values: []),
    Tensor(shape: [2, 0, 3], values: []),
    Tensor(shape: [2, 3], values: (0..<6).map { Double($0) / 3 }),
    Tensor(shape: [1, 2, 1, 2], values: [.nan, -.infinity, 0x1p-1074, 1]),
  ]

  @Test(arguments: tensors)
  func decodeRestoresEveryBit(tensor: Tensor) throws {
    let decoded = try NumpyArray.decode(
      NumpyArray.encode(tensor), path: "a.npy")
    expectSameBits(decoded, tensor)
  }

  @Test(arguments: tensors)
  func encodeIsDeterministic(tensor: Tensor) {
    #expect(NumpyArray.encode(tensor) == NumpyArray.encode(tensor))
  }

  @Test(arguments: tensors)
  func headerIsAlignedAndEnds(tensor: Tensor) throws {
    let bytes = NumpyArray.encode(tensor)
    let header = try NumpyArray.decodeHeader(bytes, path: "a.npy")
    #expect(header.majorVersion == 1)
    #expect(header.elementType == .float64)
    #expect(header.byteOrder == .littleEndian)
    #expect(!header.fortranOrder)
    #expect(header.dataOffset % 64 == 0)
    #expect(bytes[header.dataOffset - 1] == UInt8(ascii: "\n"))
    #expect(bytes.count == header.dataOffset + 8 * tensor.values.count)
  }

  @Test(
    arguments: [
      ([], "()"), ([4], "(4,)"), ([2, 3], "(2, 3)"), ([1, 0, 5], "(1, 0, 5)"),
    ] as [([Int], String)])
  func headerWritesPythonTuple(shape: [Int], text: String) {
    let count = Tensor.elementCount(of: shape)!
    let bytes = NumpyArray.encode(
      Tensor(shape: shape, values: Array(repeating: 1, count: count)))
    let header = String(decoding: bytes[10...], as: UTF8.self)
    #expect(
      header.hasPrefix(
        "{'descr': '<f8', 'fortran_order': False, 'shape': \(text), }"))
  }

  @Test func manyAxesSwitchToVersion2() throws {
    // 25,000 axes of extent 1 make a header longer than 65,535 bytes.
    let tensor = Tensor(
      shape: Array(repeating: 1, count: 25_000), values: [3])
    let bytes = NumpyArray.encode(tensor)
    #expect(bytes[6] == 2)
    let header = try NumpyArray.decodeHeader(bytes, path: "wide.npy")
    #expect(header.dataOffset % 64 == 0)
    expectSameBits(try NumpyArray.decode(bytes, path: "wide.npy"), tensor)
  }

  @Test func writeThenReadFile() throws {
    let folder = try makeTemporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let path = folder + "/arrays/values.npy"
    let tensor = Self.tensors[0]

    try NumpyArray.write(tensor, to: path)
    expectSameBits(try NumpyArray.read(path), tensor)
    #expect(try AtomicFile.read(path) == NumpyArray.encode(tensor))
  }
}
