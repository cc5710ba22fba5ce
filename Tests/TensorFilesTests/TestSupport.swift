import FileIO
import Foundation
import Testing

@testable import TensorFiles

/// Doubles whose bits are easy to lose: signed zeros, subnormals, the
/// extremes, infinities and NaNs with sign and payload bits, one of them
/// signaling.
let specialValues: [Double] = [
  0, -0.0, 1, -1.5, .pi,
  .leastNonzeroMagnitude, -.leastNonzeroMagnitude,
  Double.leastNormalMagnitude.nextDown,
  .greatestFiniteMagnitude, -.greatestFiniteMagnitude,
  .infinity, -.infinity, .nan,
  Double(bitPattern: 0x7FF8_0000_0000_BEEF),
  Double(bitPattern: 0xFFF8_0000_0000_0001),
  Double(bitPattern: 0x7FF0_0000_0000_0001),
]

/// Checks that two tensors have the same shape and bit-identical values.
func expectSameBits(
  _ actual: Tensor?, _ expected: Tensor,
  sourceLocation: SourceLocation = #_sourceLocation
) {
  #expect(actual?.shape == expected.shape, sourceLocation: sourceLocation)
  #expect(
    actual?.values.map(\.bitPattern) == expected.values.map(\.bitPattern),
    sourceLocation: sourceLocation)
}

/// Checks that `body` throws an `InputError` for `path` whose message
/// contains `fragment`, and returns the error.
@discardableResult
func expectInputError(
  path: String, containing fragment: String,
  sourceLocation: SourceLocation = #_sourceLocation,
  _ body: () throws -> Void
) -> InputError? {
  do {
    try body()
    Issue.record(
      "expected an InputError containing \"\(fragment)\"",
      sourceLocation: sourceLocation)
    return nil
  } catch let error as InputError {
    #expect(error.path == path, sourceLocation: sourceLocation)
    #expect(
      error.description.hasPrefix(path + ": "), sourceLocation: sourceLocation)
    #expect(
      error.message.contains(fragment), "message: \(error.message)",
      sourceLocation: sourceLocation)
    #expect(
      !error.message.contains("\n"), "message: \(error.message)",
      sourceLocation: sourceLocation)
    return error
  } catch {
    Issue.record(
      "expected an InputError, got \(error)", sourceLocation: sourceLocation)
    return nil
  }
}

// MARK: - Byte builders for hand-made fixtures

/// Little-endian bytes of an integer.
func littleEndianBytes<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
  withUnsafeBytes(of: value.littleEndian) { Array($0) }
}

/// Big-endian bytes of an integer.
func bigEndianBytes<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
  withUnsafeBytes(of: value.bigEndian) { Array($0) }
}

/// Little-endian binary64 bytes of each value.
func float64Bytes(_ values: [Double]) -> [UInt8] {
  values.flatMap { littleEndianBytes($0.bitPattern) }
}

/// Little-endian binary32 bytes of each value.
func float32Bytes(_ values: [Float]) -> [UInt8] {
  values.flatMap { littleEndianBytes($0.bitPattern) }
}

/// Builds a safetensors file: the length of `header`, or `declaredLength`
/// when given, then the header text and the buffer.
func safetensorsBytes(
  header: String, buffer: [UInt8] = [], declaredLength: UInt64? = nil
) -> [UInt8] {
  let text = Array(header.utf8)
  return littleEndianBytes(declaredLength ?? UInt64(text.count)) + text
    + buffer
}

/// Builds an `.npy` file with the given version, header text and payload.
/// The header length field counts `header` unless `declaredLength` is
/// given.
func npyBytes(
  major: UInt8 = 1, header: String, payload: [UInt8] = [],
  declaredLength: Int? = nil
) -> [UInt8] {
  let text = Array(header.utf8)
  let length = declaredLength ?? text.count
  let lengthField =
    major == 1
    ? littleEndianBytes(UInt16(length)) : littleEndianBytes(UInt32(length))
  return [0x93] + Array("NUMPY".utf8) + [major, 0] + lengthField + text
    + payload
}

/// Creates an empty folder under the system's temporary folder and returns
/// its path. The caller removes it.
func makeTemporaryFolder() throws -> String {
  let folder = FileManager.default.temporaryDirectory
    .appendingPathComponent("tensorfiles-\(UUID().uuidString)").path
  try FileManager.default.createDirectory(
    atPath: folder, withIntermediateDirectories: true)
  return folder
}
