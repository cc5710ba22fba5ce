import FileIO
import Foundation
import Testing

@testable import TensorFiles

/// Builds a version 1.0 file whose header dictionary is `dictionary`, padded as
/// NumPy pads.
private func npy(_ dictionary: String, payload: [UInt8] = []) -> [UInt8] {
  npyBytes(header: paddedNumpyHeader(dictionary), payload: payload)
}

/// Returns a float64 header dictionary with the given shape text.
private func float64Dictionary(shape: String) -> String {
  "{'descr': '<f8', 'fortran_order': False, 'shape': \(shape), }"
}

private let twoValues = float64Bytes([1, 2])

@Suite struct NumpyMalformedTests {
  static let cases: [MalformedFile] = [
    // Framing.
    MalformedFile(name: "empty file", bytes: [], fragment: "magic bytes"),
    MalformedFile(
      name: "wrong magic",
      bytes: Array("\u{7F}NUMPY".utf8) + [1, 0, 0, 0],
      fragment: "magic bytes"),
    MalformedFile(
      name: "magic only", bytes: [0x93] + Array("NUMPY".utf8),
      fragment: "magic bytes"),
    MalformedFile(
      name: "version 4.0",
      bytes: npyBytes(major: 4, header: "{}"),
      fragment: "version 4.0 is not supported"),
    MalformedFile(
      name: "version 1.1",
      bytes: [0x93] + Array("NUMPY".utf8) + [1, 1, 0, 0],
      fragment: "version 1.1 is not supported"),
    MalformedFile(
      name: "version 2 length cut",
      bytes: [0x93] + Array("NUMPY".utf8) + [2, 0, 0, 0],
      fragment: "ends inside its header length field"),
    MalformedFile(
      name: "header length past file",
      bytes: npyBytes(header: "{}", declaredLength: 500),
      fragment: "header length 500 exceeds the 2 bytes"),
    MalformedFile(
      name: "version 2 huge header length",
      bytes: npyBytes(major: 2, header: "{}", declaredLength: Int(UInt32.max)),
      fragment: "header length 4294967295 exceeds"),
    MalformedFile(
      name: "non-ASCII in version 1",
      bytes: npy(
        "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), 'é': 1}"),
      fragment: "non-ASCII byte 0xC3"),
    MalformedFile(
      name: "invalid UTF-8 in version 3",
      bytes: npyBytes(major: 3, header: "{}", declaredLength: 3) + [0xFF],
      fragment: "not valid UTF-8"),

    // Dictionary syntax.
    MalformedFile(
      name: "not a dictionary", bytes: npy("['<f8', False, (1,)]"),
      fragment: "expected '{', found '['"),
    MalformedFile(
      name: "unclosed dictionary",
      bytes: npyBytes(header: "{'descr': '<f8', "),
      fragment: "expected a quoted string, found the end"),
    MalformedFile(
      name: "missing descr",
      bytes: npy(
        "{'fortran_order': False, 'shape': (2,), }", payload: twoValues),
      fragment: "the key 'descr' is missing"),
    MalformedFile(
      name: "missing fortran_order",
      bytes: npy("{'descr': '<f8', 'shape': (2,), }", payload: twoValues),
      fragment: "the key 'fortran_order' is missing"),
    MalformedFile(
      name: "missing shape",
      bytes: npy("{'descr': '<f8', 'fortran_order': False, }"),
      fragment: "the key 'shape' is missing"),
    MalformedFile(
      name: "extra key",
      bytes: npy(
        "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), 'x': 1}"),
      fragment: "unknown key 'x'"),
    MalformedFile(
      name: "duplicate key",
      bytes: npy(
        "{'descr': '<f8', 'descr': '<f4', 'fortran_order': False, "
          + "'shape': (2,)}"),
      fragment: "the key 'descr' appears more than once"),
    MalformedFile(
      name: "text after dictionary",
      bytes: npy(float64Dictionary(shape: "(2,)") + " x", payload: twoValues),
      fragment: "unexpected 'x' after the dictionary"),
    MalformedFile(
      name: "escape in string",
      bytes: npy(
        "{'descr': '<\\x66\\x38', 'fortran_order': False, 'shape': ()}"),
      fragment: "backslash"),
    MalformedFile(
      name: "fortran_order lowercase",
      bytes: npy("{'descr': '<f8', 'fortran_order': false, 'shape': (2,)}"),
      fragment: "must be True or False"),
    MalformedFile(
      name: "fortran_order integer",
      bytes: npy("{'descr': '<f8', 'fortran_order': 0, 'shape': (2,)}"),
      fragment: "must be True or False"),

    // Shapes.
    MalformedFile(
      name: "shape list", bytes: npy(float64Dictionary(shape: "[2]")),
      fragment: "'shape' must be a tuple"),
    MalformedFile(
      name: "shape without comma", bytes: npy(float64Dictionary(shape: "(2)")),
      fragment: "a one-axis shape is written (2,)"),
    MalformedFile(
      name: "shape negative", bytes: npy(float64Dictionary(shape: "(-2,)")),
      fragment: "negative extent"),
    MalformedFile(
      name: "shape leading zero",
      bytes: npy(float64Dictionary(shape: "(02,)"), payload: twoValues),
      fragment: "leading zero"),
    MalformedFile(
      name: "shape float", bytes: npy(float64Dictionary(shape: "(2.0,)")),
      fragment: "expected ',' or ')'"),
    MalformedFile(
      name: "shape nested", bytes: npy(float64Dictionary(shape: "((2,),)")),
      fragment: "expected an integer in 'shape', found '('"),
    MalformedFile(
      name: "shape entry past Int.max",
      bytes: npy(float64Dictionary(shape: "(9223372036854775808,)")),
      fragment: "exceeds Int.max"),
    MalformedFile(
      name: "shape product overflow",
      bytes: npy(float64Dictionary(shape: "(4294967296, 4294967296)")),
      fragment: "more elements than Int.max"),
    MalformedFile(
      name: "payload size overflow",
      bytes: npy(float64Dictionary(shape: "(4611686018427387904,)")),
      fragment: "needs more than Int.max"),

    // Dtypes.
    MalformedFile(
      name: "structured dtype",
      bytes: npy(
        "{'descr': [('a', '<f8')], 'fortran_order': False, 'shape': ()}"),
      fragment: "structured dtype"),
    MalformedFile(
      name: "float16",
      bytes: npy("{'descr': '<f2', 'fortran_order': False, 'shape': (1,)}"),
      fragment: "dtype '<f2' is not supported"),
    MalformedFile(
      name: "object dtype",
      bytes: npy("{'descr': '|O', 'fortran_order': False, 'shape': (1,)}"),
      fragment: "dtype '|O' is not supported"),
    MalformedFile(
      name: "native byte order",
      bytes: npy("{'descr': '=f8', 'fortran_order': False, 'shape': (1,)}"),
      fragment: "dtype '=f8' is not supported"),
    MalformedFile(
      name: "byte order mark on float",
      bytes: npy("{'descr': '|f8', 'fortran_order': False, 'shape': (1,)}"),
      fragment: "dtype '|f8' is not supported"),

    // Payload.
    MalformedFile(
      name: "payload truncated",
      bytes: npy(float64Dictionary(shape: "(3,)"), payload: twoValues),
      fragment: "payload has 16 bytes but shape [3] of float64 needs 24"),
    MalformedFile(
      name: "payload trailing bytes",
      bytes: npy(float64Dictionary(shape: "(2,)"), payload: twoValues + [0]),
      fragment: "payload has 17 bytes"),
    MalformedFile(
      name: "huge claimed array",
      bytes: npy(float64Dictionary(shape: "(1099511627776,)")),
      fragment: "payload has 0 bytes"),
    MalformedFile(
      name: "int64 beyond 2^53",
      bytes: npy(
        "{'descr': '<i8', 'fortran_order': False, 'shape': (1,)}",
        payload: littleEndianBytes(Int64.max)),
      fragment: "is 9223372036854775807, which a Double cannot hold"),
  ]

  @Test(arguments: cases)
  func decodeRejects(file: MalformedFile) {
    let path = "/data/\(file.name).npy"
    expectInputError(path: path, containing: file.fragment) {
      _ = try NumpyArray.decode(file.bytes, path: path)
    }
  }

  @Test func readRejectsTruncatedFileOnDisk() throws {
    let folder = try makeTemporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let path = folder + "/cut.npy"
    let whole = NumpyArray.encode(Tensor(shape: [3], values: [1, 2, 3]))
    try AtomicFile.write(Array(whole.dropLast(1)), to: path)
    expectInputError(path: path, containing: "payload has 23 bytes") {
      _ = try NumpyArray.read(path)
    }
  }
}
