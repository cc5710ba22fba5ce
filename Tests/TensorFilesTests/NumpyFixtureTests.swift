import FileIO
import Testing

@testable import TensorFiles

/// Pads an `.npy` header dictionary with spaces and a newline so that the
/// data starts at a multiple of `alignment`, given the prefix length
/// (10 bytes for version 1.0, 12 for 2.0 and 3.0).
func paddedNumpyHeader(
  _ dictionary: String, prefix: Int = 10, alignment: Int = 64
) -> String {
  let unpadded = prefix + dictionary.utf8.count + 1
  let spaces = (alignment - unpadded % alignment) % alignment
  return dictionary + String(repeating: " ", count: spaces) + "\n"
}

/// Valid `.npy` files built byte by byte from the format description, so
/// the reader is checked without the writer.
@Suite struct NumpyFixtureTests {
  let path = "fixture.npy"

  func decode(_ bytes: [UInt8]) throws -> Tensor {
    try NumpyArray.decode(bytes, path: path)
  }

  @Test func readsVersion1Float64() throws {
    let header = paddedNumpyHeader(
      "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }")
    let values: [Double] = [1, -0.0, .infinity, 0.1, -2.5, 0x1p-1030]
    let bytes = npyBytes(header: header, payload: float64Bytes(values))
    // 10 prefix bytes, 61 dictionary bytes, padding and a newline.
    #expect(bytes.count == 128 + 48)
    expectSameBits(try decode(bytes), Tensor(shape: [2, 3], values: values))
  }

  @Test func readsFloat32Exactly() throws {
    let header = paddedNumpyHeader(
      "{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }")
    let floats: [Float] = [0.1, -.leastNonzeroMagnitude, .nan]
    let tensor = try decode(
      npyBytes(header: header, payload: float32Bytes(floats)))
    #expect(tensor.shape == [3])
    #expect(tensor.values[0] == Double(Float(0.1)))
    #expect(tensor.values[1] == -0x1p-149)
    #expect(tensor.values[2].isNaN)
  }

  @Test func readsBigEndianFloat64() throws {
    let header = paddedNumpyHeader(
      "{'descr': '>f8', 'fortran_order': False, 'shape': (2,), }")
    let payload =
      bigEndianBytes(1.5.bitPattern) + bigEndianBytes((-3.0).bitPattern)
    let tensor = try decode(npyBytes(header: header, payload: payload))
    #expect(tensor.values == [1.5, -3])
    let parsed = try NumpyArray.decodeHeader(
      npyBytes(header: header, payload: payload), path: path)
    #expect(parsed.byteOrder == .bigEndian)
  }

  @Test func transposesFortranOrder2D() throws {
    // Column-major storage of [[1, 2, 3], [4, 5, 6]].
    let header = paddedNumpyHeader(
      "{'descr': '<f8', 'fortran_order': True, 'shape': (2, 3), }")
    let tensor = try decode(
      npyBytes(header: header, payload: float64Bytes([1, 4, 2, 5, 3, 6])))
    #expect(tensor == Tensor(shape: [2, 3], values: [1, 2, 3, 4, 5, 6]))
  }

  @Test func transposesFortranOrder3D() throws {
    // Element (i, j, k) of shape (2, 3, 2) is 100i + 10j + k and sits
    // at i + 2j + 6k in column-major order.
    let shape = [2, 3, 2]
    var stored = [Double](repeating: 0, count: 12)
    var expected: [Double] = []
    for i in 0..<2 {
      for j in 0..<3 {
        for k in 0..<2 {
          let value = Double(100 * i + 10 * j + k)
          stored[i + 2 * j + 6 * k] = value
          expected.append(value)
        }
      }
    }
    let header = paddedNumpyHeader(
      "{'descr': '<f8', 'fortran_order': True, 'shape': (2, 3, 2), }")
    let tensor = try decode(
      npyBytes(header: header, payload: float64Bytes(stored)))
    #expect(tensor == Tensor(shape: shape, values: expected))
  }

  @Test func readsScalarAndEmptyArrays() throws {
    let scalarHeader = paddedNumpyHeader(
      "{'descr': '<f8', 'fortran_order': False, 'shape': (), }")
    expectSameBits(
      try decode(npyBytes(header: scalarHeader, payload: float64Bytes([7]))),
      Tensor(scalar: 7))
    let emptyHeader = paddedNumpyHeader(
      "{'descr': '<f8', 'fortran_order': True, 'shape': (0, 4), }")
    expectSameBits(
      try decode(npyBytes(header: emptyHeader)),
      Tensor(shape: [0, 4], values: []))
  }

  @Test func readsIntegerLabels() throws {
    let int64Header = paddedNumpyHeader(
      "{'descr': '<i8', 'fortran_order': False, 'shape': (3,), }")
    let int64Payload =
      littleEndianBytes(Int64(9)) + littleEndianBytes(Int64(-1))
      + littleEndianBytes(Int64(1) << 53)
    #expect(
      try decode(npyBytes(header: int64Header, payload: int64Payload)).values
        == [9, -1, 9_007_199_254_740_992])

    let int32Header = paddedNumpyHeader(
      "{'descr': '>i4', 'fortran_order': False, 'shape': (1,), }")
    let int32Payload = bigEndianBytes(Int32(-5))
    #expect(
      try decode(npyBytes(header: int32Header, payload: int32Payload)).values
        == [-5])

    let byteHeader = paddedNumpyHeader(
      "{'descr': '|u1', 'fortran_order': False, 'shape': (2,), }")
    #expect(
      try decode(npyBytes(header: byteHeader, payload: [0, 255])).values
        == [0, 255])

    let signedHeader = paddedNumpyHeader(
      "{'descr': '|i1', 'fortran_order': False, 'shape': (2,), }")
    #expect(
      try decode(npyBytes(header: signedHeader, payload: [0x80, 0x01])).values
        == [-128, 1])
  }

  @Test func readsVersions2And3() throws {
    let dictionary =
      "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }"
    for major: UInt8 in [2, 3] {
      let header = paddedNumpyHeader(dictionary, prefix: 12)
      let bytes = npyBytes(
        major: major, header: header, payload: float64Bytes([4]))
      #expect(bytes.count == 128 + 8)
      #expect(try decode(bytes).values == [4])
      #expect(
        try NumpyArray.decodeHeader(bytes, path: path).majorVersion
          == Int(major))
    }
  }

  @Test func readsLooseButValidHeaders() throws {
    // Key order, double quotes, no trailing comma, no padding, and the
    // 16-byte alignment of old NumPy versions are all valid.
    let headers = [
      "{'shape': (2,), 'fortran_order': False, 'descr': '<f8'}",
      "{\"descr\": \"<f8\", \"fortran_order\": False, \"shape\": (2 ,)}\n",
      paddedNumpyHeader(
        "{'descr':'<f8','fortran_order':False,'shape':(2,)}", alignment: 16),
      "{'descr': '<f8', 'fortran_order': False, 'shape': (2,),}   \n \n",
    ]
    for header in headers {
      let tensor = try decode(
        npyBytes(header: header, payload: float64Bytes([1, 2])))
      #expect(tensor == Tensor(shape: [2], values: [1, 2]), "\(header)")
    }
  }

  @Test func encoderMatchesHandBuiltBytes() {
    let dictionary =
      "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 1), }"
    let expected = npyBytes(
      header: paddedNumpyHeader(dictionary),
      payload: float64Bytes([-0.0, .nan]))
    let encoded = NumpyArray.encode(
      Tensor(shape: [2, 1], values: [-0.0, .nan]))
    #expect(encoded == expected)
  }
}
