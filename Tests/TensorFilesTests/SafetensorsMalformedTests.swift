import FileIO
import Foundation
import Testing

@testable import TensorFiles

/// A malformed file and a fragment its error message must contain.
struct MalformedFile: Sendable, CustomTestStringConvertible {
  let name: String
  let bytes: [UInt8]
  let fragment: String

  var testDescription: String { name }
}

/// Builds a one-tensor file whose entry is `entry`, the JSON of its fields.
private func single(_ entry: String, buffer: [UInt8] = []) -> [UInt8] {
  safetensorsBytes(header: #"{"t":{"# + entry + "}}", buffer: buffer)
}

private let eightBytes = float64Bytes([1])
private let f64Entry = #""dtype":"F64","shape":[1],"data_offsets""#

@Suite struct SafetensorsMalformedTests {
  static let cases: [MalformedFile] = [
    // Length field and header framing.
    MalformedFile(
      name: "empty file", bytes: [], fragment: "fewer than the 8-byte"),
    MalformedFile(
      name: "five bytes", bytes: [1, 0, 0, 0, 0],
      fragment: "fewer than the 8-byte"),
    MalformedFile(
      name: "length past file",
      bytes: safetensorsBytes(header: "{}", declaredLength: 1000),
      fragment: "exceeds the 2 bytes after"),
    MalformedFile(
      name: "length UInt64.max",
      bytes: safetensorsBytes(header: "{}", declaredLength: .max),
      fragment: "exceeds the 100000000-byte limit"),
    MalformedFile(
      name: "length just over limit",
      bytes: safetensorsBytes(header: "{}", declaredLength: 100_000_001),
      fragment: "exceeds the 100000000-byte limit"),
    MalformedFile(
      name: "empty header", bytes: safetensorsBytes(header: ""),
      fragment: "header is empty"),
    MalformedFile(
      name: "array header", bytes: safetensorsBytes(header: "[1]"),
      fragment: "must start with '{'"),
    MalformedFile(
      name: "leading space", bytes: safetensorsBytes(header: " {}"),
      fragment: "must start with '{'"),
    MalformedFile(
      name: "invalid UTF-8",
      bytes: littleEndianBytes(UInt64(7)) + Array("{\"".utf8) + [0xFF]
        + Array("\":1}".utf8),
      fragment: "not valid UTF-8"),
    MalformedFile(
      name: "truncated JSON", bytes: safetensorsBytes(header: #"{"t":"#),
      fragment: "ends where a value is expected"),
    MalformedFile(
      name: "text after object", bytes: safetensorsBytes(header: "{} x"),
      fragment: "after the JSON value"),
    MalformedFile(
      name: "padding with NUL", bytes: safetensorsBytes(header: "{}\0\0"),
      fragment: "after the JSON value"),
    MalformedFile(
      name: "deep nesting",
      bytes: safetensorsBytes(
        header: #"{"t":"# + String(repeating: "[", count: 10_000)),
      fragment: "nest deeper than 64"),

    // Entries.
    MalformedFile(
      name: "duplicate tensor name",
      bytes: safetensorsBytes(
        header: #"{"t":{\#(f64Entry):[0,8]},"t":{\#(f64Entry):[8,16]}}"#,
        buffer: eightBytes + eightBytes),
      fragment: "key \"t\" appears more than once"),
    MalformedFile(
      name: "duplicate field",
      bytes: single(#""dtype":"F64","dtype":"F64""#),
      fragment: "key \"dtype\" appears more than once"),
    MalformedFile(
      name: "entry not object",
      bytes: safetensorsBytes(header: #"{"t":[0,8]}"#),
      fragment: "tensor \"t\": entry is an array"),
    MalformedFile(
      name: "missing dtype",
      bytes: single(#""shape":[1],"data_offsets":[0,8]"#, buffer: eightBytes),
      fragment: "dtype field is missing"),
    MalformedFile(
      name: "missing shape",
      bytes: single(
        #""dtype":"F64","data_offsets":[0,8]"#, buffer: eightBytes),
      fragment: "shape field is missing"),
    MalformedFile(
      name: "missing data_offsets",
      bytes: single(#""dtype":"F64","shape":[1]"#, buffer: eightBytes),
      fragment: "data_offsets field is missing"),
    MalformedFile(
      name: "unknown field",
      bytes: single(#"\#(f64Entry):[0,8],"offsets":[0,8]"#, buffer: eightBytes),
      fragment: "unknown field \"offsets\""),
    MalformedFile(
      name: "dtype number",
      bytes: single(#""dtype":64,"shape":[1],"data_offsets":[0,8]"#),
      fragment: "dtype is a number"),
    MalformedFile(
      name: "dtype BF16",
      bytes: single(
        #""dtype":"BF16","shape":[1],"data_offsets":[0,2]"#, buffer: [0, 0]),
      fragment: "\"BF16\" is not supported; supported dtypes are F64, F32"),
    MalformedFile(
      name: "dtype lowercase",
      bytes: single(
        #""dtype":"f64","shape":[1],"data_offsets":[0,8]"#, buffer: eightBytes),
      fragment: "dtype \"f64\" is not supported"),

    // Shapes.
    MalformedFile(
      name: "shape number",
      bytes: single(#""dtype":"F64","shape":1,"data_offsets":[0,8]"#),
      fragment: "shape is a number but must be an array"),
    MalformedFile(
      name: "shape negative",
      bytes: single(#""dtype":"F64","shape":[-1],"data_offsets":[0,8]"#),
      fragment: "negative number -1"),
    MalformedFile(
      name: "shape fraction",
      bytes: single(
        #""dtype":"F64","shape":[1.0],"data_offsets":[0,8]"#,
        buffer: eightBytes),
      fragment: "1.0, which is not a whole number"),
    MalformedFile(
      name: "shape exponent",
      bytes: single(
        #""dtype":"F64","shape":[1e0],"data_offsets":[0,8]"#,
        buffer: eightBytes),
      fragment: "1e0, which is not a whole number"),
    MalformedFile(
      name: "shape string",
      bytes: single(#""dtype":"F64","shape":["1"],"data_offsets":[0,8]"#),
      fragment: "shape contains a string"),
    MalformedFile(
      name: "shape entry past Int.max",
      bytes: single(
        #""dtype":"F64","shape":[9223372036854775808],"data_offsets":[0,8]"#),
      fragment: "exceeds Int.max"),
    MalformedFile(
      name: "shape product overflow",
      bytes: single(
        #""dtype":"F64","shape":[4294967296,4294967296],"data_offsets":[0,8]"#
      ),
      fragment: "has more elements than Int.max"),
    MalformedFile(
      name: "byte count overflow",
      bytes: single(
        #""dtype":"F64","shape":[4611686018427387904],"data_offsets":[0,8]"#),
      fragment: "needs more bytes than Int.max"),

    // Offsets and layout.
    MalformedFile(
      name: "one offset",
      bytes: single(#"\#(f64Entry):[8]"#, buffer: eightBytes),
      fragment: "data_offsets [8] must be [begin, end]"),
    MalformedFile(
      name: "offsets reversed",
      bytes: single(#"\#(f64Entry):[8,0]"#, buffer: eightBytes),
      fragment: "has begin after end"),
    MalformedFile(
      name: "offsets negative",
      bytes: single(#"\#(f64Entry):[-8,0]"#, buffer: eightBytes),
      fragment: "data_offsets contains the negative number -8"),
    MalformedFile(
      name: "offsets past buffer",
      bytes: single(#"\#(f64Entry):[0,8]"#, buffer: [1, 2, 3]),
      fragment: "run past the end of the 3-byte data buffer"),
    MalformedFile(
      name: "huge claimed tensor",
      bytes: single(
        #""dtype":"F64","shape":[1099511627776],"#
          + #""data_offsets":[0,8796093022208]"#),
      fragment: "run past the end of the 0-byte data buffer"),
    MalformedFile(
      name: "size mismatch",
      bytes: single(
        #""dtype":"F64","shape":[2],"data_offsets":[0,8]"#,
        buffer: eightBytes),
      fragment: "span 8 bytes but shape [2] of F64 needs 16"),
    MalformedFile(
      name: "F32 size mismatch",
      bytes: single(
        #""dtype":"F32","shape":[3],"data_offsets":[0,8]"#,
        buffer: eightBytes),
      fragment: "needs 12"),
    MalformedFile(
      name: "overlapping tensors",
      bytes: safetensorsBytes(
        header:
          #"{"a":{"dtype":"F64","shape":[2],"data_offsets":[0,16]},"#
          + #""b":{"dtype":"F64","shape":[2],"data_offsets":[8,24]}}"#,
        buffer: float64Bytes([1, 2, 3])),
      fragment: "\"a\" [0, 16] and \"b\" [8, 24] overlap"),
    MalformedFile(
      name: "gap between tensors",
      bytes: safetensorsBytes(
        header:
          #"{"a":{\#(f64Entry):[0,8]},"b":{\#(f64Entry):[16,24]}}"#,
        buffer: float64Bytes([1, 2, 3])),
      fragment: "bytes 8..<16 before tensor \"b\" belong to no tensor"),
    MalformedFile(
      name: "first tensor not at start",
      bytes: single(#"\#(f64Entry):[8,16]"#, buffer: eightBytes + eightBytes),
      fragment: "bytes 0..<8 before tensor \"t\""),
    MalformedFile(
      name: "trailing bytes",
      bytes: single(#"\#(f64Entry):[0,8]"#, buffer: eightBytes + [0]),
      fragment: "bytes 8..<9 belong to no tensor because they follow"),
    MalformedFile(
      name: "buffer without tensors",
      bytes: safetensorsBytes(header: "{}", buffer: eightBytes),
      fragment: "bytes 0..<8 belong to no tensor because the header"),

    // Metadata and values.
    MalformedFile(
      name: "metadata string",
      bytes: safetensorsBytes(header: #"{"__metadata__":"pt"}"#),
      fragment: "\"__metadata__\" is a string but must be an object"),
    MalformedFile(
      name: "metadata number value",
      bytes: safetensorsBytes(header: #"{"__metadata__":{"epochs":3}}"#),
      fragment: "metadata value for \"epochs\" is a number"),
    MalformedFile(
      name: "metadata nested object",
      bytes: safetensorsBytes(header: #"{"__metadata__":{"k":{}}}"#),
      fragment: "metadata value for \"k\" is an object"),
    MalformedFile(
      name: "I64 beyond 2^53",
      bytes: single(
        #""dtype":"I64","shape":[1],"data_offsets":[0,8]"#,
        buffer: littleEndianBytes(Int64(1 << 53) + 1)),
      fragment: "element 0 of dtype I64 is 9007199254740993"),
  ]

  @Test(arguments: cases)
  func decodeRejects(file: MalformedFile) {
    let path = "/data/\(file.name).safetensors"
    expectInputError(path: path, containing: file.fragment) {
      _ = try SafetensorsFile.decode(file.bytes, path: path)
    }
  }

  @Test func readRejectsTruncatedFileOnDisk() throws {
    let folder = try makeTemporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let path = folder + "/cut.safetensors"
    let whole = try SafetensorsFile(
      tensors: ["t": Tensor(shape: [4], values: [1, 2, 3, 4])]
    ).encode()
    try AtomicFile.write(Array(whole.dropLast(3)), to: path)
    expectInputError(path: path, containing: "run past the end") {
      _ = try SafetensorsFile.read(path)
    }
  }
}
