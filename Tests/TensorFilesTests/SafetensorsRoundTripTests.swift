import FileIO
import Foundation
import Testing

@testable import TensorFiles

@Suite struct SafetensorsRoundTripTests {
  /// A file with special values, several ranks and awkward metadata.
  static let sample = SafetensorsFile(
    tensors: [
      "special": Tensor(shape: [specialValues.count], values: specialValues),
      "layer.0.weight": Tensor(
        shape: [2, 3], values: [1, 2, 3, 4, 5, 6].map { $0 / 7 }),
      "scalar": Tensor(scalar: -0.0),
      "empty": Tensor(shape: [3, 0], values: []),
      "ünïcode name": Tensor(shape: [1, 1, 1], values: [42]),
    ],
    metadata: [
      "format": "np",
      "note": "quote \" backslash \\ newline \n tab \t bell \u{7} é 😀",
      "": "empty key",
    ])

  @Test func decodeRestoresEveryBit() throws {
    let decoded = try SafetensorsFile.decode(
      Self.sample.encode(), path: "sample.safetensors")
    #expect(decoded.tensors.keys.sorted() == Self.sample.tensors.keys.sorted())
    for (name, tensor) in Self.sample.tensors {
      expectSameBits(decoded.tensors[name], tensor)
    }
    #expect(decoded.metadata == Self.sample.metadata)
  }

  @Test func decodeRecordsF64StoredType() throws {
    let decoded = try SafetensorsFile.decode(
      Self.sample.encode(), path: "sample.safetensors")
    #expect(decoded.storedElementTypes.count == Self.sample.tensors.count)
    #expect(decoded.storedElementTypes.values.allSatisfy { $0 == .float64 })
  }

  @Test func encodeIsDeterministic() throws {
    let first = try Self.sample.encode()
    let second = try Self.sample.encode()
    #expect(first == second)

    // Insertion order of the dictionaries does not matter.
    var reordered = SafetensorsFile()
    for name in Self.sample.tensors.keys.sorted().reversed() {
      reordered.tensors[name] = Self.sample.tensors[name]
    }
    for key in Self.sample.metadata.keys.sorted().reversed() {
      reordered.metadata[key] = Self.sample.metadata[key]
    }
    #expect(try reordered.encode() == first)
  }

  @Test func encodeAlignsDataToEightBytes() throws {
    let bytes = try Self.sample.encode()
    let headerLength = Int(
      ElementDecoding.littleEndianInteger(bytes, at: 0, as: UInt64.self))
    #expect(headerLength % 8 == 0)
    #expect(bytes[8] == UInt8(ascii: "{"))
    let header = String(decoding: bytes[8..<(8 + headerLength)], as: UTF8.self)
    #expect(!header.contains("\n"))
    #expect(header.trimmingCharacters(in: .whitespaces).hasSuffix("}"))
  }

  @Test func encodeLaysTensorsOutInNameOrder() throws {
    let file = SafetensorsFile(tensors: [
      "b": Tensor(shape: [1], values: [2]),
      "a": Tensor(shape: [2], values: [1, 1]),
      "B": Tensor(shape: [1], values: [3]),
    ])
    let bytes = try file.encode()
    let headerLength = Int(
      ElementDecoding.littleEndianInteger(bytes, at: 0, as: UInt64.self))
    let header = String(decoding: bytes[8..<(8 + headerLength)], as: UTF8.self)
    let expected =
      #"{"B":{"dtype":"F64","shape":[1],"data_offsets":[0,8]},"#
      + #""a":{"dtype":"F64","shape":[2],"data_offsets":[8,24]},"#
      + #""b":{"dtype":"F64","shape":[1],"data_offsets":[24,32]}}"#
    #expect(header.trimmingCharacters(in: .whitespaces) == expected)
    #expect(Array(bytes[(8 + headerLength)...]) == float64Bytes([3, 1, 1, 2]))
  }

  @Test func encodeOmitsEmptyMetadata() throws {
    let bytes = try SafetensorsFile(tensors: [:]).encode()
    #expect(bytes == littleEndianBytes(UInt64(8)) + Array("{}      ".utf8))
  }

  @Test func encodeRejectsReservedName() {
    let file = SafetensorsFile(tensors: [
      "__metadata__": Tensor(scalar: 1)
    ])
    #expect(throws: InputError.self) { try file.encode() }
  }

  @Test func writeThenReadFile() throws {
    let folder = try makeTemporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let path = folder + "/nested/model.safetensors"

    try Self.sample.write(to: path)
    let read = try SafetensorsFile.read(path)
    for (name, tensor) in Self.sample.tensors {
      expectSameBits(read.tensors[name], tensor)
    }
    #expect(read.metadata == Self.sample.metadata)
    #expect(try AtomicFile.read(path) == Self.sample.encode())
  }

  @Test func readMissingFileNamesPath() {
    let path = "/nonexistent/model.safetensors"
    expectInputError(path: path, containing: "cannot open") {
      _ = try SafetensorsFile.read(path)
    }
  }
}
