import FileIO
import Testing

@testable import TensorFiles

/// Valid safetensors files built byte by byte from the format description,
/// so the reader is checked without the writer.
@Suite struct SafetensorsFixtureTests {
  let path = "fixture.safetensors"

  @Test func readsF64AndF32WithMetadata() throws {
    // The header is padded with spaces to a multiple of 8 bytes, as
    // writers may do.
    // "bias" comes first in the buffer although it is listed second.
    var header =
      #"{"weight":{"dtype":"F32","shape":[2,2],"data_offsets":[16,32]},"#
      + #""bias":{"dtype":"F64","shape":[2],"data_offsets":[0,16]},"#
      + #""__metadata__":{"format":"pt"}}"#
    header += String(repeating: " ", count: (8 - header.utf8.count % 8) % 8)
    let buffer =
      float64Bytes([0.1, -2])
      + float32Bytes([1.5, -0.0, .infinity, Float(bitPattern: 2)])
    let file = try SafetensorsFile.decode(
      safetensorsBytes(header: header, buffer: buffer), path: path)

    expectSameBits(file.tensors["bias"], Tensor(shape: [2], values: [0.1, -2]))
    expectSameBits(
      file.tensors["weight"],
      Tensor(
        shape: [2, 2],
        values: [1.5, -0.0, .infinity, Double(Float(bitPattern: 2))]))
    #expect(file.metadata == ["format": "pt"])
    #expect(file.storedElementTypes == ["bias": .float64, "weight": .float32])
  }

  @Test func readsF32ValuesExactly() throws {
    let floats: [Float] = [
      0.1, .leastNonzeroMagnitude, .greatestFiniteMagnitude, -.infinity,
      Float(bitPattern: 0x7FC0_1234),
    ]
    let header =
      #"{"x":{"dtype":"F32","shape":[5],"data_offsets":[0,20]}}"#
    let file = try SafetensorsFile.decode(
      safetensorsBytes(header: header, buffer: float32Bytes(floats)),
      path: path)
    let values = try #require(file.tensors["x"]).values
    #expect(values[0] == 0.100000001490116119384765625)
    #expect(values[1] == 0x1p-149)
    #expect(values[2] == 0x1.fffffep127)
    #expect(values[3] == -.infinity)
    // A quiet Float NaN's payload moves to the top of the wider field.
    #expect(values[4].bitPattern == 0x7FF8_0246_8000_0000)
  }

  @Test func readsIntegerDtypes() throws {
    let header =
      #"{"a":{"dtype":"I64","shape":[2],"data_offsets":[0,16]},"#
      + #""b":{"dtype":"I32","shape":[1],"data_offsets":[16,20]},"#
      + #""c":{"dtype":"I8","shape":[2],"data_offsets":[20,22]},"#
      + #""d":{"dtype":"U8","shape":[2],"data_offsets":[22,24]}}"#
    let buffer =
      littleEndianBytes(Int64(-1) << 53) + littleEndianBytes(Int64(7))
      + littleEndianBytes(Int32.min) + [0x80, 0x7F] + [0xFF, 0x00]
    let file = try SafetensorsFile.decode(
      safetensorsBytes(header: header, buffer: buffer), path: path)
    #expect(file.tensors["a"]?.values == [-9_007_199_254_740_992, 7])
    #expect(file.tensors["b"]?.values == [-2_147_483_648])
    #expect(file.tensors["c"]?.values == [-128, 127])
    #expect(file.tensors["d"]?.values == [255, 0])
    #expect(file.storedElementTypes["d"] == .uint8)
  }

  @Test func readsScalarAndEmptyTensors() throws {
    let header =
      #"{"s":{"dtype":"F64","shape":[],"data_offsets":[0,8]},"#
      + #""e":{"dtype":"F64","shape":[4,0],"data_offsets":[8,8]},"#
      + #""z":{"dtype":"F32","shape":[0],"data_offsets":[8,8]}}"#
    let file = try SafetensorsFile.decode(
      safetensorsBytes(header: header, buffer: float64Bytes([2.5])),
      path: path)
    expectSameBits(file.tensors["s"], Tensor(scalar: 2.5))
    expectSameBits(file.tensors["e"], Tensor(shape: [4, 0], values: []))
    expectSameBits(file.tensors["z"], Tensor(shape: [0], values: []))
  }

  @Test func readsPrettyPrintedHeader() throws {
    let header =
      "{\n  \"w\" : {\n    \"dtype\": \"F64\",\n    \"shape\": [ 1 ],\n"
      + "    \"data_offsets\": [ 0, 8 ]\n  },\n"
      + "  \"__metadata__\": null\n}\r\n\t "
    let file = try SafetensorsFile.decode(
      safetensorsBytes(header: header, buffer: float64Bytes([-1])),
      path: path)
    #expect(file.tensors["w"]?.values == [-1])
    #expect(file.metadata.isEmpty)
  }

  @Test func readsEscapedNames() throws {
    let header =
      #"{"caf\u00e9 \ud83d\ude00 \"q\"":"#
      + #"{"dtype":"F64","shape":[1],"data_offsets":[0,8]},"#
      + #""__metadata__":{"k\n":"v\\"}}"#
    let file = try SafetensorsFile.decode(
      safetensorsBytes(header: header, buffer: float64Bytes([1])), path: path)
    #expect(file.tensors.keys.sorted() == ["café 😀 \"q\""])
    #expect(file.metadata == ["k\n": "v\\"])
  }

  @Test func readsHeaderOnlyFile() throws {
    let file = try SafetensorsFile.decode(
      safetensorsBytes(header: "{}"), path: path)
    #expect(file.tensors.isEmpty)
    #expect(file.metadata.isEmpty)
  }

  @Test func encoderMatchesHandBuiltBytes() throws {
    // 81 bytes of JSON and 7 spaces, then 3 F64 values.
    let header =
      #"{"__metadata__":{"ab":"1"},"#
      + #""t":{"dtype":"F64","shape":[3],"data_offsets":[0,24]}}"#
      + "       "
    let expected = safetensorsBytes(
      header: header, buffer: float64Bytes([1, -0.0, .infinity]))
    let file = SafetensorsFile(
      tensors: ["t": Tensor(shape: [3], values: [1, -0.0, .infinity])],
      metadata: ["ab": "1"])
    #expect(try file.encode() == expected)
  }
}
